"""Verified ballots: one-time codes, one ballot per identity, replacement, and every refusal without a write."""

import datetime

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from scoring.models import Ballot, PublicVote, VerificationCode
from scoring.services import ballots as services
from scoring.services.voter_identity import keyed_hash, voter_key
from tests.scoring.public_input.builders import ballot_data, last_code, public_campaign, verified_client
from tests.workflow.office.builders import campaign_in, candidate

pytestmark = pytest.mark.django_db


def test_a_citizen_verifies_by_code_rates_three_candidates_and_sees_the_confirmation(client):
    campaign, apps = public_campaign()
    verify = reverse("public_input:verify", args=[campaign.pk])
    client.post(verify, {"step": "request", "contact": "Citizen@Example.cn"})
    assert mail.outbox[-1].to == ["citizen@example.cn"]
    response = client.post(verify, {"step": "code", "code": last_code()})
    assert response.url == reverse("public_input:ballot", args=[campaign.pk])
    response = client.post(response.url, ballot_data({apps[0]: 5, apps[1]: 4, apps[2]: 2}), follow=True)
    page = response.content.decode()
    assert "感谢参与！您的评价已记录。" in page
    ballot = Ballot.objects.get(campaign=campaign)
    assert sorted(ballot.votes.values_list("rating", flat=True)) == [2, 4, 5]


def test_the_identity_is_stored_only_as_a_keyed_hash(client):
    campaign, apps = public_campaign()
    verified_client(client, campaign)
    client.post(reverse("public_input:ballot", args=[campaign.pk]), ballot_data({apps[0]: 5}))
    ballot = Ballot.objects.get()
    assert (
        ballot.voter_key
        == voter_key("email", "citizen@example.cn")
        == keyed_hash("voter", "email:citizen@example.cn")
    )
    stored = " ".join(
        str(v)
        for row in list(Ballot.objects.values())
        + list(VerificationCode.objects.values())
        + list(PublicVote.objects.values())
        for v in row.values()
    )
    assert "citizen@example.cn" not in stored
    assert "127.0.0.1" not in stored


def test_a_changed_ballot_replaces_the_old_one(client):
    campaign, apps = public_campaign()
    verified_client(client, campaign)
    url = reverse("public_input:ballot", args=[campaign.pk])
    client.post(url, ballot_data({apps[0]: 5, apps[1]: 4}))
    client.post(url, ballot_data({apps[0]: 1, apps[2]: 3}, version=1))
    ballot = Ballot.objects.get()
    assert ballot.version == 2
    assert dict(ballot.votes.values_list("application_id", "rating")) == {apps[0].pk: 1, apps[2].pk: 3}


def test_a_second_ballot_based_on_an_old_version_is_refused_and_changes_nothing(client):
    campaign, apps = public_campaign()
    verified_client(client, campaign)
    url = reverse("public_input:ballot", args=[campaign.pk])
    client.post(url, ballot_data({apps[0]: 5}))
    response = client.post(url, ballot_data({apps[0]: 1}, version=0))
    assert "您的评价已在另一处提交或修改" in response.content.decode()
    assert list(PublicVote.objects.values_list("rating", flat=True)) == [5]


def test_a_wrong_code_is_refused_and_counts_a_try(client):
    campaign, _apps = public_campaign()
    verify = reverse("public_input:verify", args=[campaign.pk])
    client.post(verify, {"step": "request", "contact": "a@example.cn"})
    response = client.post(
        verify, {"step": "code", "code": "000000" if last_code() != "000000" else "111111"}
    )
    assert "验证码不正确，还可以再试 4 次。" in response.content.decode()
    assert client.get(reverse("public_input:ballot", args=[campaign.pk])).status_code == 302


def test_a_code_allows_only_a_few_tries(client):
    campaign, _apps = public_campaign()
    voter = services.code_request(campaign=campaign, contact="b@example.cn", ip="10.0.0.1")
    wrong = "000000" if last_code() != "000000" else "111111"
    for _ in range(services.CODE_TRIES):
        with pytest.raises(ValidationError):
            services.code_verify(campaign=campaign, voter=voter, code=wrong)
    with pytest.raises(ValidationError, match="错误次数过多"):
        services.code_verify(campaign=campaign, voter=voter, code=last_code())


def test_an_expired_code_is_refused():
    campaign, _apps = public_campaign()
    voter = services.code_request(campaign=campaign, contact="c@example.cn", ip="10.0.0.1")
    VerificationCode.objects.update(expires_at=timezone.now() - datetime.timedelta(seconds=1))
    with pytest.raises(ValidationError, match="验证码已过期"):
        services.code_verify(campaign=campaign, voter=voter, code=last_code())


def test_without_an_sms_provider_a_mobile_number_is_refused_and_the_page_asks_for_email(client):
    campaign, _apps = public_campaign()
    url = reverse("public_input:verify", args=[campaign.pk])
    assert "手机号码" not in client.get(url).content.decode()
    response = client.post(url, {"step": "request", "contact": "139 1234 5678"})
    assert "本次评价只接受电子邮箱验证" in response.content.decode()
    assert not VerificationCode.objects.exists()


def test_a_malformed_contact_is_refused_with_a_specific_message(client, settings):
    campaign, _apps = public_campaign()
    url = reverse("public_input:verify", args=[campaign.pk])
    response = client.post(url, {"step": "request", "contact": "12345"})
    assert "请填写电子邮箱，例如 name@example.cn。" in response.content.decode()
    settings.SMS_BACKEND, settings.SMS_ENDPOINT = "http", "http://127.0.0.1:9/send"
    response = client.post(url, {"step": "request", "contact": "12345"})
    assert "请填写 11 位手机号码或电子邮箱。" in response.content.decode()


def _submit(campaign, ratings, comments=None, **kw):
    return services.ballot_submit(
        campaign=campaign,
        voter=kw.get("voter", "v" * 64),
        group=kw.get("group", "public"),
        ratings={a.pk: r for a, r in ratings.items()},
        comments={a.pk: c for a, c in (comments or {}).items()},
        version=kw.get("version", 0),
        ip="10.1.2.3",
    )


def test_a_candidate_not_in_the_campaign_is_refused_and_nothing_is_written():
    campaign, apps = public_campaign()
    other = candidate(campaign_in("public_input"), name="别处的候选人")
    with pytest.raises(ValidationError, match="候选人不在本次公众评价名单中"):
        _submit(campaign, {apps[0]: 5, other: 5})
    assert not Ballot.objects.exists() and not PublicVote.objects.exists()


def test_a_ballot_after_the_window_is_refused():
    campaign, apps = public_campaign(public_input_closes_at=timezone.now() - datetime.timedelta(minutes=1))
    with pytest.raises(ValidationError, match="不在开放时间内"):
        _submit(campaign, {apps[0]: 5})
    assert not Ballot.objects.exists()


def test_a_change_after_the_window_closed_is_refused_and_the_old_ballot_stays():
    campaign, apps = public_campaign()
    _submit(campaign, {apps[0]: 5})
    campaign.public_input_closes_at = timezone.now() - datetime.timedelta(seconds=1)
    campaign.save()
    with pytest.raises(ValidationError, match="不在开放时间内"):
        _submit(campaign, {apps[0]: 1}, version=1)
    assert list(PublicVote.objects.values_list("rating", flat=True)) == [5]


def test_an_over_long_comment_is_refused_with_its_length():
    campaign, apps = public_campaign()
    with pytest.raises(ValidationError, match="意见不能超过 200 字（现为 201 字）"):
        _submit(campaign, {apps[0]: 5}, {apps[0]: "好" * 201})
    assert not Ballot.objects.exists()


@pytest.mark.parametrize("comment", ["<script>alert(1)</script>", "很好<b>真的</b>", "<img src=x onerror=1>"])
def test_an_html_or_script_comment_is_refused(comment):
    campaign, apps = public_campaign()
    with pytest.raises(ValidationError, match="不能包含 HTML 标记或脚本"):
        _submit(campaign, {apps[0]: 5}, {apps[0]: comment})
    assert not Ballot.objects.exists()


def test_a_rating_outside_1_to_5_is_refused():
    campaign, apps = public_campaign()
    with pytest.raises(ValidationError, match="评分须为 1–5 的整数"):
        _submit(campaign, {apps[0]: 6})


def test_the_group_must_be_practitioner_or_public_on_the_web():
    campaign, apps = public_campaign()
    with pytest.raises(ValidationError, match="从业人员还是社会公众"):
        _submit(campaign, {apps[0]: 5}, group="organisation")


def test_a_new_comment_waits_for_moderation_and_an_unchanged_one_keeps_its_status():
    campaign, apps = public_campaign()
    _submit(campaign, {apps[0]: 5}, {apps[0]: "扎根一线"})
    vote = PublicVote.objects.get()
    assert vote.comment_status == "pending"
    PublicVote.objects.update(comment_status="approved")
    _submit(campaign, {apps[0]: 4}, {apps[0]: "扎根一线"}, version=1)
    assert PublicVote.objects.get().comment_status == "approved"
    _submit(campaign, {apps[0]: 4}, {apps[0]: "改了意见"}, version=2)
    assert PublicVote.objects.get().comment_status == "pending"
