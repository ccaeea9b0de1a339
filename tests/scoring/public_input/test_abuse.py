"""Anti-fraud: rate limits per identity, IP and /24, a self-hosted CAPTCHA after repeated failures, the office's
report of suspicious patterns, voiding and restoring with a logged reason."""

import html
import json
import re

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from scoring.models import Ballot, BallotLog, VerificationCode
from scoring.selectors import public as selectors
from scoring.services import ballots as services
from scoring.services.ranking import compute_ranking
from tests.factories import user_with_role
from tests.scoring.public_input.builders import public_campaign
from tests.workflow.office.builders import panel_for, result

pytestmark = pytest.mark.django_db


def test_codes_per_identity_are_limited(settings):
    campaign, _apps = public_campaign()
    for _ in range(settings.PUBLIC_VOTE_LIMITS["code_per_identity"]):
        services.code_request(campaign=campaign, contact="d@example.cn", ip="10.0.0.1")
    with pytest.raises(ValidationError, match="该手机号码或邮箱请求验证码过于频繁"):
        services.code_request(campaign=campaign, contact="D@example.cn", ip="10.0.0.2")


def test_codes_per_ip_are_limited(settings):
    settings.PUBLIC_VOTE_LIMITS = {**settings.PUBLIC_VOTE_LIMITS, "code_per_ip": 2}
    campaign, _apps = public_campaign()
    for n in range(2):
        services.code_request(campaign=campaign, contact=f"e{n}@example.cn", ip="10.0.0.9")
    with pytest.raises(ValidationError, match="此网络地址请求验证码过于频繁"):
        services.code_request(campaign=campaign, contact="e9@example.cn", ip="10.0.0.9")


def test_codes_per_subnet_are_limited(settings):
    settings.PUBLIC_VOTE_LIMITS = {**settings.PUBLIC_VOTE_LIMITS, "code_per_subnet": 2}
    campaign, _apps = public_campaign()
    for n in range(2):
        services.code_request(campaign=campaign, contact=f"f{n}@example.cn", ip=f"10.0.7.{n + 1}")
    with pytest.raises(ValidationError, match="您所在网段请求验证码过于频繁"):
        services.code_request(campaign=campaign, contact="f9@example.cn", ip="10.0.7.200")


def test_ballots_per_ip_are_limited(settings):
    settings.PUBLIC_VOTE_LIMITS = {**settings.PUBLIC_VOTE_LIMITS, "ballot_per_ip": 1}
    campaign, apps = public_campaign()
    kw = {"campaign": campaign, "group": "public", "comments": {}, "version": 0, "ip": "10.9.9.9"}
    services.ballot_submit(voter="a" * 64, ratings={apps[0].pk: 5}, **kw)
    with pytest.raises(ValidationError, match="此网络地址提交评价过于频繁"):
        services.ballot_submit(voter="b" * 64, ratings={apps[0].pk: 5}, **kw)
    assert Ballot.objects.count() == 1


def _solve(page: str) -> str:
    """What the ALTCHA widget posts: the challenge of the page, solved (real proof of work)."""
    from altcha.v2 import Challenge, Payload, solve_challenge

    raw = html.unescape(re.search(r"<altcha-widget[^>]*challenge='([^']+)'", page).group(1))
    challenge = Challenge.from_dict(json.loads(raw))
    return Payload(challenge, solve_challenge(challenge)).to_base64()


def _fail_codes(client, url, times):
    client.get(url)  # the page sets the device cookie, as a browser keeps it
    for _ in range(times):
        client.post(url, {"step": "code", "code": "000000"})


def test_after_a_clients_own_failures_it_must_solve_the_proof_of_work(client, settings):
    campaign, _apps = public_campaign()
    url = reverse("public_input:verify", args=[campaign.pk])
    page = client.get(url).content.decode()
    assert "<altcha-widget" not in page and "<svg" not in page
    _fail_codes(client, url, settings.PUBLIC_VOTE_LIMITS["failures_before_captcha"])
    page = client.get(url).content.decode()
    assert "<altcha-widget" in page and 'src="/static/altcha_django/altcha.min.js"' in page
    forged = client.post(url, {"step": "request", "contact": "g@example.cn", "captcha": "eyJ4IjoxfQ=="})
    assert forged.status_code == 400 and not VerificationCode.objects.exists()
    solved = _solve(client.get(url).content.decode())
    response = client.post(url, {"step": "request", "contact": "g@example.cn", "captcha": solved})
    assert response.status_code == 302 and VerificationCode.objects.count() == 1
    # one solution, one use
    cache_free = client.post(url, {"step": "request", "contact": "h@example.cn", "captcha": solved})
    assert cache_free.status_code == 400


def test_a_neighbour_behind_the_same_nat_is_not_challenged_for_someone_elses_mistakes(client, settings):
    from django.test import Client

    campaign, _apps = public_campaign()
    url = reverse("public_input:verify", args=[campaign.pk])
    client.get(url)  # this citizen's device cookie
    _fail_codes(client, url, settings.PUBLIC_VOTE_LIMITS["failures_before_captcha"])
    assert "<altcha-widget" in client.get(url).content.decode()
    neighbour = Client()  # same address (127.0.0.1), another browser
    page = neighbour.get(url).content.decode()
    assert "<altcha-widget" not in page
    assert 'aria-label="captcha"' not in page


def test_a_script_that_drops_its_cookies_is_counted_by_its_address(settings):
    from django.test import Client

    campaign, _apps = public_campaign()
    url = reverse("public_input:verify", args=[campaign.pk])
    settings.PUBLIC_VOTE_LIMITS = {**settings.PUBLIC_VOTE_LIMITS, "network_failures_before_captcha": 5}
    for _ in range(5):
        Client().post(url, {"step": "code", "code": "000000"})
    assert "<altcha-widget" in Client().get(url).content.decode()


def test_without_javascript_a_challenged_client_may_still_ask_once_a_minute(client, settings):
    campaign, _apps = public_campaign()
    url = reverse("public_input:verify", args=[campaign.pk])
    _fail_codes(client, url, settings.PUBLIC_VOTE_LIMITS["failures_before_captcha"])
    page = client.get(url).content.decode()
    assert "<noscript>" in page and "每 60 秒只能请求一次验证码" in page
    first = client.post(url, {"step": "request", "contact": "k@example.cn"})
    assert first.status_code == 302
    session = client.session
    session["pv_sent"] = {}  # past the resend countdown, still within the minute
    session.save()
    second = client.post(url, {"step": "request", "contact": "l@example.cn"})
    assert "请先完成“人机验证”" in second.content.decode()
    assert VerificationCode.objects.count() == 1


def test_a_refused_contact_does_not_count_toward_the_challenge(client, settings):
    campaign, _apps = public_campaign()
    url = reverse("public_input:verify", args=[campaign.pk])
    for _ in range(settings.PUBLIC_VOTE_LIMITS["failures_before_captcha"] + 1):
        client.post(url, {"step": "request", "contact": "139 1234 5678"})
    assert "<altcha-widget" not in client.get(url).content.decode()


def _web_ballot(campaign, apps, n, *, ip, device="", ratings=(5, 5)):
    return services._store(
        campaign=campaign,
        voter=f"{n:064d}",
        group="public",
        ratings={apps[0].pk: ratings[0], apps[1].pk: ratings[1]},
        comments={},
        version=0,
        channel=Ballot.Channel.WEB,
        ip=ip,
        device=device,
    )


def test_report_shows_many_ballots_from_one_ip_a_burst_identical_ballots_and_one_device():
    campaign, apps = public_campaign()
    for n in range(6):
        _web_ballot(campaign, apps, n, ip=f"198.51.100.{1 if n < 3 else n}", device="dev-1" if n < 2 else "")
    _web_ballot(campaign, apps, 99, ip="203.0.113.5", ratings=(1, 2))
    kinds = {p["kind"]: p for p in selectors.suspicious_patterns(campaign)}
    assert kinds["ip"]["count"] == 3
    assert kinds["burst"]["label"] == "198.51.100.0/24" and kinds["burst"]["count"] == 6
    assert kinds["identical"]["count"] == 6
    assert kinds["device"]["count"] == 2


def test_office_voids_a_burst_with_a_reason_and_the_ranking_changes(client):
    # the committee's rules: every rating counts, an unrated group counts the midpoint (decisions 171)
    campaign, apps = public_campaign(n=2, quota=1, public_min_ratings=1, public_unrated_rule="neutral")
    panel = panel_for(campaign)
    for app in apps:
        result(app, panel, "onsite", 80)
        result(app, panel, "material", 80)
    for n in range(6):  # a burst for 候选2
        _web_ballot(campaign, apps, n, ip=f"198.51.100.{n + 1}", ratings=(1, 5))
    before = {e.application_id: e.rank for e in compute_ranking(campaign=campaign).entries.all()}
    assert before[apps[1].pk] == 1
    office = user_with_role("office")
    client.force_login(office)
    burst = next(p for p in selectors.suspicious_patterns(campaign) if p["kind"] == "burst")
    url = reverse("public_input:office", args=[campaign.pk])
    client.post(
        reverse("public_input:office_void", args=[campaign.pk]),
        {"ballots": ",".join(map(str, burst["ids"])), "reason": "同一网段十分钟内集中投票"},
    )
    assert Ballot.objects.filter(voided_at__isnull=False).count() == 6
    assert (
        BallotLog.objects.filter(action="void", reason="同一网段十分钟内集中投票", user=office).count() == 6
    )
    after = compute_ranking(campaign=campaign).entries.all()
    assert {e.application_id: e.public_score for e in after} == {apps[0].pk: 60, apps[1].pk: 60}
    page = client.get(url).content.decode()
    assert "同一网段十分钟内集中投票" in page
    client.post(
        reverse("public_input:office_restore", args=[campaign.pk]),
        {"ballots": ",".join(map(str, burst["ids"][:2])), "reason": "核实为同一单位员工"},
    )
    assert Ballot.objects.filter(voided_at__isnull=True).count() == 2
    assert BallotLog.objects.filter(action="restore").count() == 2


def test_voiding_needs_a_reason_and_only_the_office_may_void(client):
    campaign, apps = public_campaign()
    ballot = _web_ballot(campaign, apps, 1, ip="10.0.0.1")
    with pytest.raises(ValidationError, match="请填写作废或恢复的原因"):
        services.ballots_void(
            campaign=campaign, ballot_ids=[ballot.pk], reason=" ", user=user_with_role("office")
        )
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        services.ballots_void(
            campaign=campaign, ballot_ids=[ballot.pk], reason="x", user=user_with_role("expert")
        )
    assert Ballot.objects.get().voided_at is None


def test_a_voided_identity_cannot_vote_again():
    campaign, apps = public_campaign()
    ballot = _web_ballot(campaign, apps, 1, ip="10.0.0.1")
    services.ballots_void(
        campaign=campaign, ballot_ids=[ballot.pk], reason="刷票", user=user_with_role("office")
    )
    with pytest.raises(ValidationError, match="已被组委会办公室作废"):
        services.ballot_submit(
            campaign=campaign,
            voter=ballot.voter_key,
            group="public",
            ratings={apps[0].pk: 5},
            comments={},
            version=1,
            ip="10.0.0.1",
        )


def test_the_admin_shows_ballots_read_only_and_never_the_identity_hash(client):
    campaign, apps = public_campaign()
    ballot = _web_ballot(campaign, apps, 1, ip="10.0.0.1")
    from tests.factories import UserFactory

    admin = UserFactory(is_staff=True, is_superuser=True)
    client.force_login(admin)
    page = client.get(reverse("admin:scoring_ballot_change", args=[ballot.pk])).content.decode()
    assert ballot.voter_key not in page and ballot.ip_key not in page
    assert client.get(reverse("admin:scoring_ballot_add")).status_code == 403
    response = client.post(reverse("admin:scoring_ballot_delete", args=[ballot.pk]), {"post": "yes"})
    assert response.status_code == 403
    assert Ballot.objects.filter(pk=ballot.pk).exists()


def test_behind_a_trusted_proxy_the_client_address_comes_from_x_forwarded_for(rf, settings):
    from scoring.services.voter_identity import client_ip

    request = rf.get("/", HTTP_X_FORWARDED_FOR="6.6.6.6, 203.0.113.9", REMOTE_ADDR="10.0.0.2")
    assert client_ip(request) == "10.0.0.2"
    settings.TRUSTED_PROXIES = ["10.0.0.0/8"]
    assert client_ip(request) == "203.0.113.9"


def test_changes_of_one_identity_are_limited(settings):
    settings.PUBLIC_VOTE_LIMITS = {**settings.PUBLIC_VOTE_LIMITS, "ballot_per_identity": 2}
    campaign, apps = public_campaign()
    kw = {"campaign": campaign, "voter": "c" * 64, "group": "public", "comments": {}}
    services.ballot_submit(ratings={apps[0].pk: 5}, version=0, ip="10.0.0.1", **kw)
    services.ballot_submit(ratings={apps[0].pk: 4}, version=1, ip="10.0.0.2", **kw)
    with pytest.raises(ValidationError, match="您修改评价过于频繁"):
        services.ballot_submit(ratings={apps[0].pk: 3}, version=2, ip="10.0.0.3", **kw)
    assert list(Ballot.objects.get().votes.values_list("rating", flat=True)) == [4]
