"""The office pages kept whole for each signed-in user (config.pagecache.signed_in_page, workflow.pagecache.office_page;
docs/decisions.md 413): a second view is served from the cache; a write the page shows is seen at the next view;
never another user's copy, never after an action, never without the role; the CSRF token and the idle timer's
seconds are each answer's own."""

import datetime
import re

import pytest
from django.contrib import messages
from django.contrib.messages.storage.cookie import CookieStorage
from django.http import HttpResponse
from django.test import Client
from django.urls import reverse

from awards.models import Application, Campaign
from config.pagecache import CSRF_PLACEHOLDER
from security.context_processors import IDLE_LEFT_PLACEHOLDER
from tests.factories import user_with_role
from tests.workflow.office.builders import campaign_in, candidate, checked
from workflow.services.eligibility import eligibility_decide

pytestmark = pytest.mark.django_db
S = Application.State


def _signed_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def review():
    campaign = campaign_in(Campaign.Phase.ELIGIBILITY)
    app = candidate(campaign, state=S.SUBMITTED, name="孙丽")
    checked(app)
    return campaign, app


def _dashboard(client, campaign):
    response = client.get(reverse("workflow:campaign_dashboard", args=[campaign.pk]))
    assert response.status_code == 200
    return response


def _counts(page: str) -> str:
    return (
        re.sub(r"\s+", " ", page.split('id="counts"')[1].split("</section>")[0])
        if 'id="counts"' in page
        else page
    )


def test_a_second_view_is_served_from_the_cache_with_fewer_queries(
    review, office, django_assert_max_num_queries
):
    campaign, _app = review
    client = _signed_in(office)
    first = _dashboard(client, campaign)
    assert first["X-Page-Cache"] == "miss"
    with django_assert_max_num_queries(
        6
    ) as queries:  # the session, the user, the version: not the page's reads
        second = _dashboard(client, campaign)
    assert second["X-Page-Cache"] == "hit"
    assert len(queries) < 6
    assert campaign.title in second.content.decode()


def test_a_decision_taken_shows_at_the_next_view(review, office):
    campaign, app = review
    client = _signed_in(office)
    url = reverse("workflow:eligibility_queue", args=[campaign.pk])
    before = client.get(url).content.decode()
    assert client.get(url)["X-Page-Cache"] == "hit"
    submitted, eligible = f'state-submitted">{S.SUBMITTED.label}<', f'state-eligible">{S.ELIGIBLE.label}<'
    assert "孙丽" in before and submitted in before and eligible not in before
    eligibility_decide(application=app, user=office, eligible=True)
    after = client.get(url)
    assert after["X-Page-Cache"] == "miss"
    assert eligible in after.content.decode() and submitted not in after.content.decode()


def test_another_office_user_never_gets_the_first_users_copy(review, office):
    campaign, _app = review
    _dashboard(_signed_in(office), campaign)
    other = user_with_role("office", username="office-other", first_name="", last_name="")
    response = _dashboard(_signed_in(other), campaign)
    assert response["X-Page-Cache"] == "miss"
    page = response.content.decode()
    assert 'class="who">office-other<' in page and "office-b" not in page


def test_each_answer_carries_its_own_csrf_token_and_idle_seconds(review, office, settings):
    settings.SESSION_IDLE_TIMEOUT_SECONDS = 1800
    campaign, _app = review
    client = _signed_in(office)
    _dashboard(client, campaign)
    hit = _dashboard(client, campaign)
    assert hit["X-Page-Cache"] == "hit"
    page = hit.content.decode()
    assert CSRF_PLACEHOLDER not in page and IDLE_LEFT_PLACEHOLDER not in page
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
    assert len(token) == 64
    left = re.search(r'data-left="([^"]*)"', page)
    assert left is not None and left.group(1).isdigit() and 0 < int(left.group(1)) <= 1800
    # the token of the stored copy works for this visitor: a POST with it passes the CSRF check
    csrf_client = Client(enforce_csrf_checks=True)
    csrf_client.cookies = client.cookies
    response = csrf_client.post(reverse("logout"), {"csrfmiddlewaretoken": token})
    assert response.status_code == 302


def test_a_page_after_an_action_is_fresh_and_shows_its_message(review, office, rf):
    campaign, _app = review
    client = _signed_in(office)
    _dashboard(client, campaign)
    assert _dashboard(client, campaign)["X-Page-Cache"] == "hit"
    storage = CookieStorage(rf.get("/"))  # the message an action leaves before its redirect
    storage.add(messages.SUCCESS, "活动已进入“材料评议”阶段。")
    carrier = HttpResponse()
    storage.update(carrier)
    client.cookies["messages"] = carrier.cookies["messages"].value
    response = _dashboard(client, campaign)
    assert "X-Page-Cache" not in response
    assert "活动已进入“材料评议”阶段。" in response.content.decode()
    assert _dashboard(client, campaign)["X-Page-Cache"] == "hit"  # shown once; the kept copy again


def test_without_the_role_the_kept_copy_is_never_served(review, office, django_capture_on_commit_callbacks):
    campaign, _app = review
    client = _signed_in(office)
    _dashboard(client, campaign)
    assert _dashboard(client, campaign)["X-Page-Cache"] == "hit"
    with django_capture_on_commit_callbacks(execute=True):
        office.groups.clear()  # the role taken away: the session's roles are dropped (security/signals.py)
    response = client.get(reverse("workflow:campaign_dashboard", args=[campaign.pk]))
    assert response.status_code == 403


def test_a_committee_vote_shows_at_the_next_view_of_the_decision(office, committee):
    from scoring.services.ranking import compute_ranking
    from tests.workflow.office.test_fairness import two_panels
    from workflow.services.committee import decision_open, decision_vote
    from workflow.services.stages import ranking_lists_apply

    campaign, _apps = two_panels()
    ranking_lists_apply(campaign=campaign, user=office, ranking=compute_ranking(campaign=campaign))
    decision = decision_open(campaign=campaign, user=office, kind="confirm_recommended", summary="建议名单")
    client = _signed_in(committee[1])
    url = reverse("workflow:decision", args=[decision.pk])
    client.get(url)
    assert client.get(url)["X-Page-Cache"] == "hit"
    decision_vote(decision=decision, user=committee[0], choice="reject", comment="理由：材料不全")
    after = client.get(url)
    assert after["X-Page-Cache"] == "miss"
    assert "理由：材料不全" in after.content.decode()


def test_the_setting_at_zero_turns_it_off(review, office, settings):
    settings.SIGNED_IN_PAGE_CACHE_SECONDS = 0
    campaign, _app = review
    client = _signed_in(office)
    _dashboard(client, campaign)
    assert "X-Page-Cache" not in _dashboard(client, campaign)


def test_a_page_is_not_kept_past_the_moment_its_window_closes(office):
    """The call closes in a moment: the dashboard kept before says the deadline has not passed; the first view
    after it is rendered anew and offers to close the call (decisions 413: kept until the next time boundary)."""
    import time

    from django.utils import timezone

    campaign = campaign_in(Campaign.Phase.OPEN, closes_at=timezone.now() + datetime.timedelta(seconds=1.5))
    client = _signed_in(office)
    before = _dashboard(client, campaign)
    assert before["X-Page-Cache"] == "miss"
    assert "申报截止时间" in before.content.decode().split('id="why-close_applications"')[1][:400]
    time.sleep(max(0.0, (campaign.closes_at - timezone.now()).total_seconds()) + 0.3)
    after = _dashboard(client, campaign)
    assert after["X-Page-Cache"] == "miss"
    assert 'id="why-close_applications"' not in after.content.decode()


def test_the_time_left_is_the_next_window_boundary_or_midnight():
    from django.utils import timezone

    from workflow.pagecache import seconds_until_time_changes

    now = timezone.now()
    midnight = (timezone.localtime(now) + datetime.timedelta(days=1)).replace(
        hour=0, minute=0, second=0, microsecond=0
    )
    to_midnight = (midnight - now).total_seconds()
    soon = campaign_in(Campaign.Phase.OPEN, closes_at=now + datetime.timedelta(seconds=40))
    assert 38 < seconds_until_time_changes(soon.pk) <= 40
    passed = campaign_in(Campaign.Phase.OPEN, closes_at=now - datetime.timedelta(hours=1))
    assert abs(seconds_until_time_changes(passed.pk) - to_midnight) < 5  # a passed boundary counts no more
    later = campaign_in(Campaign.Phase.OPEN, closes_at=now + datetime.timedelta(days=3))
    assert abs(seconds_until_time_changes(later.pk) - to_midnight) < 5


def test_a_sheet_an_expert_submits_shows_on_the_kept_dashboard(office):
    """While panels score, the dashboard's next step counts the sheets still open (第十七条): an expert's
    submission through the service replaces the kept page."""
    from scoring.services import sheet_submit
    from tests.scoring.builders import craftsman_entries
    from tests.workflow.builders import assign, panel_with_experts

    campaign = campaign_in(Campaign.Phase.MATERIAL_REVIEW)
    app = candidate(campaign, state=S.ELIGIBLE)
    panel = panel_with_experts(campaign, n=3)
    assign(panel, app)
    client = _signed_in(office)
    assert "还有 3 张评分表未提交" in _dashboard(client, campaign).content.decode()
    assert _dashboard(client, campaign)["X-Page-Cache"] == "hit"
    expert = panel.members.order_by("id").first().expert
    expert.first_name, expert.last_name = "明", "严"
    expert.save()
    sheet_submit(
        expert=expert,
        application=app,
        stage="material",
        entries=craftsman_entries(),
        password="demo-pass-2026",
        signature_name=expert.get_full_name(),
    )
    after = _dashboard(client, campaign)
    assert after["X-Page-Cache"] == "miss"
    assert "还有 2 张评分表未提交" in after.content.decode()
