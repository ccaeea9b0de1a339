"""Issue 23 item 8: the on-site (现场展示) score sheet opens on the candidate's presentation day, not before —
by the campaign's clock (a 培训演练 campaign by its simulated date, decisions 263)."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from scoring.models import PanelAssignment, ScoreSheet
from scoring.services import sheet_save_draft, sheet_submit
from tests.scoring.builders import P, S, craftsman_entries, scoring_world, to_post

pytestmark = pytest.mark.django_db
PASSWORD = "demo-pass-2026"


def schedule(world, day: datetime.date):
    PanelAssignment.objects.filter(application=world.apps[0]).update(
        onsite_date=day, onsite_room="一号会议室", onsite_slot="09:00-09:20"
    )


def submit(world):
    expert = world.experts[0]
    return sheet_submit(
        expert=expert,
        application=world.apps[0],
        stage="onsite",
        entries=craftsman_entries(),
        password=PASSWORD,
        signature_name=expert.get_full_name(),
    )


@pytest.fixture
def onsite():
    return scoring_world(phase=P.ONSITE, state=S.SHORTLISTED)


def test_the_day_before_the_presentation_the_sheet_is_refused_and_says_when_it_opens(onsite):
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    schedule(onsite, tomorrow)
    with pytest.raises(ValidationError) as exc:
        submit(onsite)
    assert tomorrow.isoformat() in exc.value.messages[0] and "当天" in exc.value.messages[0]
    with pytest.raises(ValidationError):
        sheet_save_draft(
            expert=onsite.experts[0], application=onsite.apps[0], stage="onsite", entries=craftsman_entries()
        )
    assert not ScoreSheet.objects.filter(stage="onsite").exists()


def test_on_the_presentation_day_the_sheet_is_scored_and_dated(onsite):
    schedule(onsite, timezone.localdate())
    sheet = submit(onsite)
    assert sheet.state == ScoreSheet.State.SUBMITTED and sheet.signed_on == timezone.localdate()


def test_after_the_presentation_day_the_sheet_stays_open(onsite):
    schedule(onsite, timezone.localdate() - datetime.timedelta(days=2))
    assert submit(onsite).total == 75


def test_the_material_sheet_ignores_the_onsite_date():
    w = scoring_world(phase=P.MATERIAL_REVIEW, state=S.ELIGIBLE)
    schedule(w, timezone.localdate() + datetime.timedelta(days=30))
    expert = w.experts[0]
    sheet = sheet_submit(
        expert=expert,
        application=w.apps[0],
        stage="material",
        entries=craftsman_entries(),
        password=PASSWORD,
        signature_name=expert.get_full_name(),
    )
    assert sheet.state == ScoreSheet.State.SUBMITTED


def test_the_page_before_the_day_shows_when_it_opens_and_cannot_be_filled(client, onsite):
    day = timezone.localdate() + datetime.timedelta(days=3)
    schedule(onsite, day)
    client.force_login(onsite.experts[0])
    url = reverse("scoring:sheet", args=[onsite.apps[0].pk, "onsite"])
    page = client.get(url).content.decode()
    assert 'data-testid="onsite-opens"' in page and day.isoformat() in page
    assert 'data-locked="1"' in page
    response = client.post(url, to_post(craftsman_entries(), action="save"))
    assert response.status_code == 400
    assert day.isoformat() in response.content.decode()
    assert not ScoreSheet.objects.filter(stage="onsite").exists()


def test_a_training_campaign_opens_the_sheet_on_its_simulated_presentation_day(advance_clock):
    training = scoring_world(phase=P.ONSITE, state=S.SHORTLISTED, training=True)
    day = timezone.localdate() + datetime.timedelta(days=6)
    schedule(training, day)
    with pytest.raises(ValidationError):
        submit(training)
    advance_clock(training.campaign, to=day)
    training.apps[0].campaign.refresh_from_db()
    sheet = submit(training)
    assert sheet.signed_on == day  # the signature carries the simulated date


def test_a_live_campaign_on_the_same_schedule_stays_closed(advance_clock):
    training = scoring_world(phase=P.ONSITE, state=S.SHORTLISTED, training=True)
    live = scoring_world(phase=P.ONSITE, state=S.SHORTLISTED)
    day = timezone.localdate() + datetime.timedelta(days=6)
    schedule(training, day)
    schedule(live, day)
    advance_clock(training.campaign, to=day)
    with pytest.raises(ValidationError):
        submit(live)
