"""Campaign set-up, dashboard and phase buttons (第十四条 and the procedure's guards)."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from awards.models import Campaign
from tests.factories import approve_rules, award_type, user_with_role
from tests.workflow.office.builders import campaign_in, candidate, panel_for

pytestmark = pytest.mark.django_db


@pytest.fixture
def office_client(client):
    client.force_login(user_with_role("office"))
    return client


def _form_data(**overrides):
    data = {
        "award_type": award_type("craftsman").pk,
        "year": 2031,
        "title": "2031年度“智慧工匠”选树",
        "call_text": "请各单位组织申报。",
        "opens_at": "2031-03-01T09:00",
        "closes_at": "2031-04-01T17:00",
        "quota": 10,
        "nomination_quota": 2,
        "shortlist_size": 20,
        "min_composite_score": "60",
        "weight_material": 30,
        "weight_onsite": 50,
        "weight_public": 20,
        "public_weight_general": 40,
        "public_weight_practitioner": 40,
        "public_weight_organisation": 20,
        "public_input_enabled": "on",
        "public_unrated_rule": "redistribute",
        "public_min_ratings": 10,
        "public_prior_weight": 0,
        "score_normalisation": "none",
        "publicity_working_days": 5,
        "committee_quorum": 0,
        "committee_majority_percent": 50,
    }
    data.update(overrides)
    return data


def test_office_creates_a_campaign_that_starts_in_draft(office_client):
    response = office_client.post(reverse("workflow:campaign_create"), _form_data())
    campaign = Campaign.objects.get(year=2031)
    assert response.status_code == 302
    assert response.url == reverse("workflow:campaign_dashboard", args=[campaign.pk])
    assert (campaign.phase, campaign.quota, campaign.weight_public) == ("draft", 10, 20)


def test_weights_that_do_not_add_up_to_100_are_refused_with_a_field_message(office_client):
    response = office_client.post(reverse("workflow:campaign_create"), _form_data(weight_public=30))
    assert response.status_code == 200
    assert "权重之和须为 100%（现为 110%）" in response.content.decode()
    assert not Campaign.objects.filter(year=2031).exists()


def test_publicity_shorter_than_five_working_days_is_refused(office_client):
    response = office_client.post(reverse("workflow:campaign_create"), _form_data(publicity_working_days=4))
    assert response.status_code == 200
    assert not Campaign.objects.filter(year=2031).exists()


def test_dashboard_shows_why_the_campaign_cannot_be_published_without_panels(office_client):
    campaign = campaign_in(Campaign.Phase.DRAFT)
    page = office_client.get(reverse("workflow:campaign_dashboard", args=[campaign.pk])).content.decode()
    assert "发布申报通知，开始申报" in page
    assert "第十四条：发布申报通知前须设定：专家评议组。" in page


def test_phase_button_publishes_the_call_once_panels_exist(office_client, client):
    campaign = approve_rules(campaign_in(Campaign.Phase.DRAFT))
    panel_for(campaign)
    office_client.post(
        reverse("workflow:campaign_phase", args=[campaign.pk]), {"confirmed": "1", "action": "open"}
    )
    campaign.refresh_from_db()
    assert campaign.phase == Campaign.Phase.OPEN
    public = client.get(reverse("workflow:call", args=[campaign.pk]))
    assert public.status_code == 200
    assert campaign.title in public.content.decode()


def test_refused_phase_change_leaves_the_phase_and_says_which_rule_blocks_it(office_client):
    campaign = campaign_in(Campaign.Phase.OPEN, closes_at=timezone.now() + datetime.timedelta(days=3))
    response = office_client.post(
        reverse("workflow:campaign_phase", args=[campaign.pk]),
        {"confirmed": "1", "action": "close_applications"},
        follow=True,
    )
    campaign.refresh_from_db()
    assert campaign.phase == Campaign.Phase.OPEN
    assert "第十四条：申报截止时间" in response.content.decode()


def test_call_of_a_draft_campaign_is_not_public(client):
    campaign = campaign_in(Campaign.Phase.DRAFT)
    assert client.get(reverse("workflow:call", args=[campaign.pk])).status_code == 404


def test_dashboard_counts_applications_per_state(office_client):
    campaign = campaign_in(Campaign.Phase.ELIGIBILITY)
    for _i in range(3):
        candidate(campaign, state="submitted")
    candidate(campaign, state="eligible")
    page = office_client.get(reverse("workflow:campaign_dashboard", args=[campaign.pk])).content.decode()
    assert '<tr data-state="submitted"><td>已提交</td><td>3</td></tr>' in page
    assert '<tr data-state="eligible"><td>资格审查合格</td><td>1</td></tr>' in page
    assert "第十六条：还有 3 份申报未作出资格审查结论" in page


def test_dashboard_warns_when_a_deadline_falls_in_a_year_without_official_holidays(office_client):
    campaign = campaign_in(
        Campaign.Phase.OPEN,
        closes_at=timezone.make_aware(datetime.datetime(2099, 5, 1, 17, 0)),
    )
    page = office_client.get(reverse("workflow:campaign_dashboard", args=[campaign.pk])).content.decode()
    assert "2099 年尚无官方节假日安排" in page


def test_office_pages_are_refused_to_an_applicant(client):
    client.force_login(user_with_role("applicant"))
    campaign = campaign_in(Campaign.Phase.OPEN)
    assert client.get(reverse("workflow:campaign_dashboard", args=[campaign.pk])).status_code == 403


def test_office_pages_send_anonymous_visitors_to_login(client):
    response = client.get(reverse("workflow:office_home"))
    assert response.status_code == 302
    assert response.url.startswith("/accounts/login/")


def test_dashboard_log_names_phases_and_actions_in_plain_words(client):
    from workflow.models import TransitionLog

    office = user_with_role("office")
    campaign = campaign_in(Campaign.Phase.OPEN)
    TransitionLog.objects.create(
        subject="campaign",
        campaign=campaign,
        action="open",
        from_state="draft",
        to_state="open",
        actor=office,
        role="office",
    )
    client.force_login(office)
    page = client.get(reverse("workflow:campaign_dashboard", args=[campaign.pk])).content.decode()
    assert "发布申报通知，开始申报：筹备 → 申报" in page
