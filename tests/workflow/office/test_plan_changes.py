"""Issue 13 item 5: changing the plan after the call is published — a reason, an entry in 阶段记录, a notice to
everyone affected, never a window shorter than the call promised; frozen fields read-only."""

import datetime
import re

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from awards.models import Application, Campaign
from notices.models import Notification
from tests.factories import ApplicationFactory, OrganizationFactory, approve_rules, user_with_role
from tests.workflow.office.builders import campaign_in, panel_for
from tests.workflow.office.test_campaign_pages import _form_data
from workflow.models import TransitionLog

pytestmark = pytest.mark.django_db


@pytest.fixture
def office_client(client):
    client.force_login(user_with_role("office"))
    return client


@pytest.fixture
def published(office_client):
    """A campaign created and published through the pages: 申报 2031-03-01 09:00 — 2031-04-01 17:00."""
    office_client.post(reverse("workflow:campaign_create"), _form_data())
    campaign = Campaign.objects.get(year=2031)
    panel_for(campaign)
    approve_rules(campaign)
    office_client.post(
        reverse("workflow:campaign_phase", args=[campaign.pk]), {"confirmed": "1", "action": "open"}
    )
    campaign.refresh_from_db()
    assert campaign.phase == Campaign.Phase.OPEN
    return campaign


def edit(office_client, campaign, **changes):
    data = _form_data(**changes)
    return office_client.post(reverse("workflow:campaign_edit", args=[campaign.pk]), data)


def test_moving_the_deadline_earlier_than_the_call_promised_is_refused(office_client, published):
    response = edit(office_client, published, closes_at="2031-03-20T17:00", change_reason="提前结束")
    published.refresh_from_db()
    assert response.status_code == 200
    assert (
        "申报通知已公布“申报截止”为 2031-04-01 17:00，只能推后，不能提前或删除。" in response.content.decode()
    )
    assert timezone.localtime(published.closes_at).strftime("%Y-%m-%d %H:%M") == "2031-04-01 17:00"
    assert not TransitionLog.objects.filter(campaign=published, action="change_dates").exists()


def test_a_date_change_after_publication_needs_a_reason(office_client, published):
    response = edit(office_client, published, closes_at="2031-04-15T17:00")
    published.refresh_from_db()
    assert response.status_code == 200
    assert "申报通知公布后修改日期，须填写修改原因" in response.content.decode()
    assert timezone.localtime(published.closes_at).strftime("%Y-%m-%d") == "2031-04-01"


def test_an_extension_is_logged_and_notified_to_applicants_and_their_units(
    office_client, published, django_capture_on_commit_callbacks
):
    unit = OrganizationFactory()
    staff = user_with_role("recommender", email="unit@example.cn")
    unit.staff.add(staff)
    app = ApplicationFactory(campaign=published, route="unit", recommender=unit)
    retracted = ApplicationFactory(campaign=published)
    Application.objects.filter(pk=retracted.pk).update(state=Application.State.RETRACTED)
    with django_capture_on_commit_callbacks(execute=True):
        response = edit(
            office_client, published, closes_at="2031-04-15T17:00", change_reason="应多家单位请求延期"
        )
    assert response.status_code == 302
    log = TransitionLog.objects.get(campaign=published, action="change_dates")
    assert "应多家单位请求延期" in log.reason and "2031-04-01 17:00 → 2031-04-15 17:00" in log.reason
    dashboard = office_client.get(
        reverse("workflow:campaign_dashboard", args=[published.pk])
    ).content.decode()
    assert "修改活动日期" in dashboard and "应多家单位请求延期" in dashboard
    for user in (app.applicant, staff):
        note = Notification.objects.get(user=user, kind="dates_changed")
        assert "申报截止：2031-04-01 17:00 → 2031-04-15 17:00" in note.body
        assert "应多家单位请求延期" in note.body
    assert not Notification.objects.filter(user=retracted.applicant, kind="dates_changed").exists()
    assert any(staff.email in m.to and "活动日期调整" in m.subject for m in mail.outbox)


def test_in_draft_the_dates_change_freely(office_client):
    office_client.post(reverse("workflow:campaign_create"), _form_data())
    campaign = Campaign.objects.get(year=2031)
    response = edit(office_client, campaign, closes_at="2031-03-20T17:00")
    assert response.status_code == 302
    assert not TransitionLog.objects.filter(campaign=campaign, action="change_dates").exists()


def _form_part(page: str) -> str:
    return page.split('<form method="post" class="form"')[1]


def test_after_the_call_closed_the_plan_is_read_only_but_the_rules_can_go_to_the_committee(office_client):
    """资格审查: dates and everything else read-only, no save button; the rules (第八条（二）) can still be
    proposed to the committee until 综合评价."""
    from workflow.selectors.rules import RULE_FIELDS

    campaign = campaign_in(Campaign.Phase.ELIGIBILITY)
    page = office_client.get(reverse("workflow:campaign_edit", args=[campaign.pk])).content.decode()
    form = _form_part(page)
    assert 'id="plan-locked"' in page
    assert re.findall(r'<button[^>]*type="submit"[^>]*>', form) == [
        '<button class="button secondary" type="submit" name="propose_rules" value="1" id="propose-rules">'
    ]
    inputs = re.findall(r"<(?:input|select|textarea)[^>]*>", form)
    editable = {
        re.search(r'name="([^"]+)"', i).group(1)
        for i in inputs
        if "disabled" not in i and 'type="hidden"' not in i
    }
    tiebreak = {f"tiebreak_order_{i}" for i in range(3)}  # one select per comparison (decisions 174)
    assert editable == (set(RULE_FIELDS) - {"tiebreak_order"}) | tiebreak | {"rules_summary"}


def test_from_composite_on_the_plan_and_its_rules_are_read_only(office_client):
    campaign = campaign_in(Campaign.Phase.COMPOSITE)
    page = office_client.get(reverse("workflow:campaign_edit", args=[campaign.pk])).content.decode()
    form = _form_part(page)
    assert 'id="plan-locked"' in page and 'type="submit"' not in form
    inputs = re.findall(r"<(?:input|select|textarea)[^>]*>", form)
    editable = [i for i in inputs if "disabled" not in i and 'type="hidden"' not in i]
    assert not editable, editable


def test_once_the_call_has_opened_its_start_is_read_only(office_client):
    campaign = campaign_in(
        Campaign.Phase.OPEN,
        opens_at=timezone.now() - datetime.timedelta(days=2),
        closes_at=timezone.now() + datetime.timedelta(days=20),
    )
    page = office_client.get(reverse("workflow:campaign_edit", args=[campaign.pk])).content.decode()
    opens = re.search(r'<input[^>]*name="opens_at"[^>]*>', page).group(0)
    closes = re.search(r'<input[^>]*name="closes_at"[^>]*>', page).group(0)
    assert "disabled" in opens and "disabled" not in closes
