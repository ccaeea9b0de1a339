"""The training clock (培训演练, config/clock.py, decisions 260–262): only a training campaign's date moves, only
forward, and every date rule of that campaign reads it; a live campaign is untouched."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from awards.models import Application, Campaign
from awards.selectors.campaigns import campaign_public_list, open_campaigns
from awards.services.applications import application_start
from scoring.services.ballots import window_open
from tests.factories import CampaignFactory, user_with_role
from workflow import calendar
from workflow.selectors.campaigns import deadlines
from workflow.services import clock

pytestmark = pytest.mark.django_db


@pytest.fixture
def training():
    return CampaignFactory(is_training=True, title="演练：智慧工匠评选")


@pytest.fixture
def live():
    return CampaignFactory()


def test_a_live_campaign_reads_real_time_and_cannot_be_advanced(live):
    assert clock.today(live) == timezone.localdate()
    with pytest.raises(ValidationError) as exc:
        clock.advance_to(campaign=live, target=timezone.localdate() + datetime.timedelta(days=3))
    assert "正式活动始终使用真实日期" in exc.value.messages[0]
    live.refresh_from_db()
    assert live.clock_offset_days == 0 and clock.today(live) == timezone.localdate()


def test_the_database_refuses_an_offset_on_a_live_campaign(live):
    with pytest.raises(IntegrityError), transaction.atomic():
        Campaign.objects.filter(pk=live.pk).update(clock_offset_days=5)


def test_the_training_clock_moves_forward_and_is_recorded(training, advance_clock):
    office = user_with_role("office", username="office-clock")
    real = timezone.localdate()
    target = real + datetime.timedelta(days=40)
    clock.advance_to(campaign=training, target=target, user=office, reason="第二次培训")
    training.refresh_from_db()
    assert clock.today(training) == target
    assert clock.now(training) - timezone.now() > datetime.timedelta(days=39)
    entry = training.history.filter(history_change_reason__startswith="clock:").get()
    assert entry.history_user == office
    assert f"{real.isoformat()} -> {target.isoformat()}" in entry.history_change_reason
    # never backwards, not even by one day
    with pytest.raises(ValidationError) as exc:
        clock.advance_to(campaign=training, target=target - datetime.timedelta(days=1))
    assert "只能向后推进" in exc.value.messages[0]
    assert advance_clock(training, days=2) == target + datetime.timedelta(days=2)


def test_advancing_by_working_days_skips_weekends_and_holidays(training):
    before = clock.today(training)
    clock.advance_working_days(campaign=training, days=3)
    training.refresh_from_db()
    after = clock.today(training)
    assert calendar.is_working_day(after)
    assert calendar.working_days_between(before + datetime.timedelta(days=1), after) == 3


def test_training_is_chosen_at_creation_only(training, live):
    training.is_training = False
    with pytest.raises(ValidationError, match="只能在创建活动时选择"):
        training.save()
    with pytest.raises(ValidationError):
        Campaign.objects.filter(pk=live.pk).update(is_training=True)
    assert Campaign.objects.get(pk=training.pk).is_training
    assert not Campaign.objects.get(pk=live.pk).is_training


def test_a_training_campaign_may_share_the_year_of_the_live_one(live):
    twin = CampaignFactory(award_type=live.award_type, year=live.year, is_training=True)
    assert twin.pk and twin.year == live.year
    with pytest.raises(IntegrityError), transaction.atomic():
        CampaignFactory(award_type=live.award_type, year=live.year)


def test_the_application_deadline_follows_the_simulated_date(training, live, advance_clock):
    for c in (training, live):
        Campaign.objects.filter(pk=c.pk).update(phase=Campaign.Phase.OPEN)
        c.refresh_from_db()
    advance_clock(training, days=30)  # the factory closes both calls in 20 days
    assert [c.pk for c in open_campaigns()] == [live.pk]
    applicant = user_with_role("applicant", username="trainee")
    with pytest.raises(ValidationError, match="已截止申报"):
        application_start(campaign=training, user=applicant)
    app = application_start(campaign=live, user=applicant)  # the live campaign's call is still open
    assert app.applied_on == timezone.localdate()
    assert not Application.objects.filter(campaign=training).exists()


def test_applied_on_is_the_simulated_date(training, advance_clock):
    Campaign.objects.filter(pk=training.pk).update(phase=Campaign.Phase.OPEN)
    training.refresh_from_db()
    day = advance_clock(training, days=5)
    app = application_start(campaign=training, user=user_with_role("applicant", username="trainee2"))
    assert app.applied_on == day


def test_the_public_input_window_opens_on_the_simulated_date(training, advance_clock):
    opens = timezone.now() + datetime.timedelta(days=10)
    Campaign.objects.filter(pk=training.pk).update(
        phase=Campaign.Phase.PUBLIC_INPUT, public_input_opens_at=opens, public_input_closes_at=None
    )
    training.refresh_from_db()
    assert not window_open(training)
    advance_clock(training, days=11)
    assert window_open(training)


def test_deadlines_count_working_days_from_the_simulated_date(training, advance_clock):
    closes = {d.label: d for d in deadlines(training)}["申报截止"]
    assert not closes.passed
    advance_clock(training, days=25)
    closes = {d.label: d for d in deadlines(training)}["申报截止"]
    assert closes.passed


def test_training_campaigns_stay_off_the_public_list(training, live):
    Campaign.objects.filter(pk__in=[training.pk, live.pk]).update(phase=Campaign.Phase.OPEN)
    assert [c.pk for c in campaign_public_list()] == [live.pk]


def test_the_office_advances_the_clock_on_its_page_and_every_page_shows_the_banner(client, training):
    office = user_with_role("office", username="office-page")
    client.force_login(office)
    url = reverse("workflow:campaign_clock", args=[training.pk])
    page = client.get(url).content.decode()
    assert 'id="training-banner"' in page and timezone.localdate().isoformat() in page
    target = timezone.localdate() + datetime.timedelta(days=9)
    response = client.post(url, {"mode": "date", "target": target.isoformat(), "reason": ""})
    assert response.status_code == 302
    dashboard = client.get(reverse("workflow:campaign_dashboard", args=[training.pk])).content.decode()
    assert f'data-simulated="{target.isoformat()}"' in dashboard
    assert "培训演练" in dashboard
    back = client.post(url, {"mode": "date", "target": timezone.localdate().isoformat()}, follow=True)
    assert "只能向后推进" in back.content.decode()
    training.refresh_from_db()
    assert clock.today(training) == target


def test_a_live_campaign_page_has_no_banner_and_its_clock_cannot_move(client, live):
    client.force_login(user_with_role("office", username="office-live"))
    dashboard = client.get(reverse("workflow:campaign_dashboard", args=[live.pk])).content.decode()
    assert "training-banner" not in dashboard
    url = reverse("workflow:campaign_clock", args=[live.pk])
    assert 'id="clock-live"' in client.get(url).content.decode()
    response = client.post(url, {"mode": "days", "days": "3"}, follow=True)
    assert "正式活动始终使用真实日期" in response.content.decode()
    live.refresh_from_db()
    assert live.clock_offset_days == 0


def test_the_office_creates_a_training_campaign_from_the_form(client):
    from tests.factories import award_type

    client.force_login(user_with_role("office", username="office-new"))
    form = client.get(reverse("workflow:campaign_create")).content.decode()
    assert 'name="is_training"' in form
    campaign = CampaignFactory.build(award_type=award_type("craftsman"))
    data = {
        "award_type": campaign.award_type.pk,
        "year": 2031,
        "title": "培训：2031年度智慧工匠",
        "quota": 10,
        "nomination_quota": 0,
        "shortlist_size": 20,
        "min_composite_score": "60",
        "weight_material": 50,
        "weight_onsite": 50,
        "weight_public": 0,
        "public_weight_general": 40,
        "public_weight_practitioner": 30,
        "public_weight_organisation": 30,
        "public_unrated_rule": Campaign._meta.get_field("public_unrated_rule").default,
        "public_min_ratings": 1,
        "public_prior_weight": 0,
        "score_normalisation": Campaign._meta.get_field("score_normalisation").default,
        "publicity_working_days": 5,
        "is_training": "on",
    }
    response = client.post(reverse("workflow:campaign_create"), data)
    created = Campaign.objects.filter(year=2031).first()
    assert created is not None, response.content.decode()[:3000]
    assert created.is_training
    edit = client.get(reverse("workflow:campaign_edit", args=[created.pk])).content.decode()
    tag = edit[edit.rindex("<input", 0, edit.index('name="is_training"')) :].split(">", 1)[0]
    assert "disabled" in tag and "checked" in tag
