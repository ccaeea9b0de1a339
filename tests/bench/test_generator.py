"""The city-scale generator of `make bench` (bench/generate.py) on a small campaign: what it writes passes the
project's own audit checks, so the benchmark measures a campaign the application would accept."""

import pytest
from django.contrib.auth.hashers import make_password
from django.core.management import call_command

from awards.models import Application, Campaign
from awards.permissions import owns_application
from bench.generate import advance_to_composite, build_city
from scoring.models import Ballot, PanelAssignment, PublicVote, ScoreSheet, ScoreSheetLog
from scoring.permissions import may_review
from scoring.selectors.ranking import verify_ranking
from scoring.services.ranking import compute_ranking
from tests.factories import user_with_role
from workflow.audit_verify import verify_audit
from workflow.models import TransitionLog

pytestmark = pytest.mark.django_db


def small_city():
    office = user_with_role("office")
    campaign = build_city(
        applications=50,
        panels=2,
        experts_per_panel=5,
        shortlisted=10,
        ballots=120,
        password_hash=make_password("x", hasher="md5"),
        office=office,
        log=lambda *a: None,
    )
    return campaign, office


def test_small_city_has_the_shape_asked_for_and_passes_verify_audit():
    campaign, _office = small_city()
    apps = campaign.applications.all()
    assert apps.count() == 50
    assert apps.filter(state=Application.State.INELIGIBLE).count() == 5
    assert apps.filter(state=Application.State.SHORTLISTED).count() == 10
    assert ScoreSheet.objects.filter(application__campaign=campaign, stage="material").count() == 45 * 5
    assert ScoreSheet.objects.filter(application__campaign=campaign, stage="onsite").count() == 10 * 5
    assert ScoreSheetLog.objects.filter(campaign=campaign).count() == 55 * 5
    assert TransitionLog.objects.filter(campaign=campaign).count() == 5 + 50 + 50 + 45
    assert Ballot.objects.filter(campaign=campaign).count() == 120
    assert PublicVote.objects.filter(campaign=campaign).count() >= 120
    assert campaign.phase == Campaign.Phase.PUBLIC_INPUT
    assert verify_audit([campaign.pk]) == []
    # the bulk loader writes the relations only: access follows them (decisions 374–375)
    assignment = (
        PanelAssignment.objects.filter(panel__campaign=campaign).select_related("application").first()
    )
    member = assignment.panel.members.first().expert
    assert may_review(member, assignment.application)
    assert owns_application(assignment.application.applicant, assignment.application)


def test_tampering_with_a_generated_sheet_is_caught():
    campaign, _office = small_city()
    sheet = ScoreSheet.objects.filter(application__campaign=campaign).order_by("pk").first()
    ScoreSheet.objects.filter(pk=sheet.pk).update(total=sheet.total - 1)
    assert [m.check for m in verify_audit([campaign.pk])] == ["sheet"]


def test_after_composite_the_ranking_verifies(capsys):
    campaign, office = small_city()
    campaign = advance_to_composite(campaign, office)
    ranking = compute_ranking(campaign=campaign, user=office)
    assert ranking.entries.count() == 10
    assert verify_ranking(ranking) == []
    assert verify_audit([campaign.pk]) == []
    call_command("verify_audit")  # raises CommandError on any mismatch
    call_command("verify_ranking", str(campaign.pk))
    out = capsys.readouterr().out
    assert "审计核验通过" in out
