"""`manage.py seed_demo` (docs/architecture.md §10): accounts, roles, a campaign in every phase, idempotent,
guarded."""

import io

import pytest
from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.core.management import CommandError, call_command

from awards.models import Application, Campaign, Organization
from awards.validators import validate_credit_code, validate_resident_id
from scoring.models import ExpertProfile, Panel, PanelMember, ScoreSheet
from scoring.rubrics import total
from tests.demo.world import demo_counts
from workflow.models import Honor, TransitionLog

EXPECTED_ACCOUNTS = (
    ["office"]
    + [f"committee{i}" for i in range(1, 6)]
    + [f"expert{i}" for i in range(1, 21)]
    + [f"applicant{i}" for i in range(1, 41)]
    + [f"unit{i}" for i in range(1, 6)]
)


pytestmark = pytest.mark.django_db


def test_seed_demo_is_refused_without_debug_or_force(settings):
    settings.DEBUG = False
    before = demo_counts()
    with pytest.raises(CommandError) as e:
        call_command("seed_demo", stdout=io.StringIO())
    assert "--force" in str(e.value)
    assert demo_counts() == before


def test_running_seed_demo_twice_changes_nothing(demo):
    assert demo["second"] == demo["first"]
    assert "新建评选活动 0 个，已存在 11 个" in demo["second_output"]


def test_every_demo_account_exists_with_the_demo_password(demo):
    users = {u.username: u for u in User.objects.filter(username__in=EXPECTED_ACCOUNTS)}
    assert sorted(users) == sorted(EXPECTED_ACCOUNTS)
    for username in ("office", "committee3", "expert1", "applicant40", "unit5"):
        assert users[username].check_password("demo-pass-2026"), username


@pytest.mark.parametrize(
    ("prefix", "role", "count"),
    [
        ("office", "office", 1),
        ("committee", "committee", 5),
        ("expert", "expert", 20),
        ("applicant", "applicant", 40),
        ("unit", "recommender", 5),
    ],
)
def test_each_account_is_in_its_role_group(demo, prefix, role, count):
    usernames = [u for u in EXPECTED_ACCOUNTS if u.startswith(prefix)]
    assert len(usernames) == count
    assert User.objects.filter(username__in=usernames, groups__name=role).count() == count


def test_there_is_a_campaign_in_every_phase(demo):
    assert sorted(Campaign.objects.values_list("phase", flat=True)) == sorted(Campaign.Phase.values)


def test_both_honors_have_campaigns_in_different_years(demo):
    years = dict.fromkeys(("craftsman", "pioneer"), 0)
    for code in years:
        years[code] = Campaign.objects.filter(award_type__code=code).count()
    assert years["craftsman"] >= 5 and years["pioneer"] >= 5


def test_every_campaign_phase_was_reached_through_logged_transitions(demo):
    for campaign in Campaign.objects.exclude(phase=Campaign.Phase.DRAFT):
        last = TransitionLog.objects.filter(campaign=campaign, subject="campaign").order_by("id").last()
        assert last is not None and last.to_state == campaign.phase, campaign.title


def test_every_application_state_matches_its_last_logged_transition(demo):
    for app in Application.objects.exclude(state=Application.State.DRAFT):
        last = TransitionLog.objects.filter(application=app).order_by("id").last()
        assert last.to_state == app.state, app.name


def test_each_campaign_has_two_panels_of_five_experts_with_one_chair(demo):
    for campaign in Campaign.objects.all():
        panels = Panel.objects.filter(campaign=campaign)
        assert panels.count() == 2
        for panel in panels:
            assert panel.members.count() == 5
            assert panel.members.filter(is_chair=True).count() == 1


def test_expert1_chairs_a_panel(demo):
    assert PanelMember.objects.filter(expert__username="expert1", is_chair=True).exists()


def test_every_expert_has_a_profile_with_an_organisation(demo):
    assert (
        ExpertProfile.objects.filter(user__username__startswith="expert", organization__isnull=False).count()
        == 20
    )


def test_recommender_accounts_are_staff_of_organisations(demo):
    for i in range(1, 6):
        assert Organization.objects.filter(staff__username=f"unit{i}").exists()


def test_organisations_have_valid_credit_codes(demo):
    for code in Organization.objects.values_list("credit_code", flat=True):
        validate_credit_code(code)


def test_applications_have_valid_resident_ids_and_forty_applicants(demo):
    for rid in Application.objects.values_list("resident_id", flat=True):
        validate_resident_id(rid)
    assert Application.objects.values("applicant").distinct().count() == 40


def test_submitted_score_sheets_total_correctly_on_the_rubric(demo):
    sheets = ScoreSheet.objects.filter(state=ScoreSheet.State.SUBMITTED).select_related(
        "application__campaign__award_type__rubric"
    )
    assert sheets.exists()
    for sheet in sheets[:40]:
        points = {e.criterion.code: e.points for e in sheet.entries.select_related("criterion")}
        try:
            assert total(sheet.application.campaign.award_type.rubric.code, points) == sheet.total
        except ValidationError as e:  # pragma: no cover — shows which sheet is wrong
            pytest.fail(f"sheet {sheet.pk}: {e.messages}")


def test_awarded_campaigns_have_honors_with_certificate_numbers(demo):
    honors = Honor.objects.select_related("application__campaign")
    assert {h.application.campaign.phase for h in honors} == {"awarded", "archived"}
    assert all(h.certificate_number.startswith(("ZHGJ", "LJXF")) for h in honors)


def test_open_campaign_has_drafts_submissions_and_a_returned_application(demo):
    campaign = Campaign.objects.get(phase=Campaign.Phase.OPEN)
    states = set(campaign.applications.values_list("state", flat=True))
    assert {"draft", "submitted", "returned"} <= states


def test_print_demo_accounts_lists_every_account_with_role_and_password(demo):
    out = io.StringIO()
    call_command("print_demo_accounts", stdout=out)
    text = out.getvalue()
    for username in EXPECTED_ACCOUNTS:
        assert f"{username} " in text
    assert "组委会办公室" in text and "推荐机构" in text and "demo-pass-2026" in text


def test_expert1_still_has_draft_sheets_in_the_running_scoring_stages(demo):
    drafts = ScoreSheet.objects.filter(expert__username="expert1", state=ScoreSheet.State.DRAFT)
    assert set(drafts.values_list("application__campaign__phase", flat=True)) == {"material_review", "onsite"}


def test_approved_committee_decisions_carry_votes_and_a_document_number(demo):
    from workflow.models import CommitteeDecision

    approved = CommitteeDecision.objects.filter(result=CommitteeDecision.Result.APPROVED)
    assert approved.exists()
    for decision in approved:
        assert decision.votes.count() == 5
        assert decision.document_number.startswith("沪智城组")
    pending = CommitteeDecision.objects.filter(result=CommitteeDecision.Result.PENDING)
    assert set(pending.values_list("campaign__phase", flat=True)) == {"composite", "approval"}


def test_the_publicity_campaign_has_an_objection_under_investigation(demo):
    from workflow.models import Objection

    campaign = Campaign.objects.get(phase=Campaign.Phase.PUBLICITY)
    assert campaign.objections.filter(status=Objection.Status.INVESTIGATING).count() == 1


def test_the_demo_passes_verify_audit(demo):
    """Every demo campaign's chains, sheets, states, tallies and rankings verify (docs/security.md)."""
    out = io.StringIO()
    call_command("verify_audit", stdout=out)
    assert f"{Campaign.objects.count()} 个评选活动" in out.getvalue()
