"""第三条 “每届选树10人” (issue 22 item 9, docs/decisions.md 230): the regulation's number caps the campaign's quota,
the rules the committee approves, the recommended list and the award step; the pages state it in words."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from awards.models import Application, Campaign
from tests.workflow.builders import application_in, campaign_in, ranking
from tests.workflow.office.test_campaign_pages import _form_data
from workflow import guards as g
from workflow.errors import TransitionRefused
from workflow.services.committee import decision_open
from workflow.services.honors import create_honor_for

pytestmark = pytest.mark.django_db
S = Application.State
P = Campaign.Phase


def refused(guard, context) -> str:
    with pytest.raises(TransitionRefused) as e:
        guard(context)
    return " ".join(e.value.messages)


def test_the_plan_page_refuses_a_quota_above_the_regulation(client, office):
    client.force_login(office)
    response = client.post(reverse("workflow:campaign_create"), _form_data(quota=12, shortlist_size=20))
    assert response.status_code == 200
    assert "第三条：“智慧工匠”每届选树 10 人，名额不能设为 12 人。" in response.content.decode()
    assert not Campaign.objects.filter(year=2031).exists()
    client.post(reverse("workflow:campaign_create"), _form_data(quota=10))
    assert Campaign.objects.get(year=2031).quota == 10


def test_the_committee_is_never_asked_to_approve_a_quota_above_the_regulation(office):
    campaign = campaign_in(P.DRAFT)
    with pytest.raises(ValidationError) as e:
        decision_open(campaign=campaign, user=office, kind="rules", rules={"quota": 11, "shortlist_size": 20})
    assert "每届选树 10 人，名额不能设为 11 人" in " ".join(e.value.messages)
    assert not campaign.committee_decisions.exists()


def test_a_quota_set_above_the_regulation_by_any_door_still_stops_the_list_at_ten():
    campaign = campaign_in(P.COMPOSITE, quota=15, shortlist_size=20)
    for _ in range(10):
        application_in(campaign, S.RECOMMENDED)
    app = application_in(campaign, S.SHORTLISTED)
    ranking(campaign, [(app, "90")])
    context = g.Context(campaign=campaign, user=None, application=app, extra={})
    assert "已达名额 10 人" in refused(g.ranked_within_quota, context)
    application_in(campaign, S.RECOMMENDED)
    assert "建议名单 11 人，超过名额 10 人" in refused(g.recommended_list_within_rules, context)


def test_the_award_step_never_grants_an_eleventh_title_in_a_year():
    campaign = campaign_in(P.APPROVAL, quota=15, shortlist_size=20, year=2031)
    for _ in range(10):
        create_honor_for(application_in(campaign, S.AWARDED), awarded_on=datetime.date(2031, 6, 1))
    eleventh = application_in(campaign, S.RECOMMENDED)
    context = g.Context(campaign=campaign, user=None, application=eleventh, extra={})
    assert "2031 年“智慧工匠”已授予 10 人，达到每届 10 人，不能再授予" in refused(
        g.titles_within_regulation_quota, context
    )


def test_the_ranking_and_committee_pages_state_the_quota_rule(client, office):
    campaign = campaign_in(P.COMPOSITE, quota=8)
    client.force_login(office)
    page = client.get(reverse("workflow:ranking", args=[campaign.pk])).content.decode()
    assert "第三条：“智慧工匠”每届选树 10 人。本届名额 8 人" in page
    rules = campaign_in(P.DRAFT, quota=8)
    decision = decision_open(campaign=rules, user=office, kind="rules", rules={"quota": 6})
    page = client.get(reverse("workflow:decision", args=[decision.pk])).content.decode()
    assert "每届选树 10 人。本届名额 6 人" in page


def test_the_ranking_proposes_no_more_recommendations_than_the_regulation_allows():
    """A quota stored above 第三条's number (a campaign from before the ceiling, or written past the forms) gives a
    ranking whose recommended line is at ten, so that applying the proposed lists is not refused half-way."""
    from scoring.selectors.ranking import ranking_inputs

    campaign = campaign_in(P.COMPOSITE, quota=15, shortlist_size=20)
    assert ranking_inputs(campaign)["quota"] == 10
    Campaign.objects.filter(pk=campaign.pk).update(quota=7)
    campaign.refresh_from_db()
    assert ranking_inputs(campaign)["quota"] == 7
