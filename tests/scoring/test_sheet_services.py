"""Score-sheet rules on the server, whatever the browser sends (附件3 / 领军先锋 附件2)."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from notices.models import Notification
from scoring.models import ConflictOfInterest, ScoreEntry, ScoreSheet
from scoring.services import EntryInput, sheet_reopen, sheet_save_draft, sheet_submit
from scoring.services.sheets import SHEET_STATES
from tests.factories import user_with_role
from tests.scoring.builders import P, S, craftsman_entries, pioneer_entries, scoring_world

pytestmark = pytest.mark.django_db
PASSWORD = "demo-pass-2026"


def submit(world, entries, expert=None, app=None, stage="material"):
    expert = expert or world.experts[0]
    return sheet_submit(
        expert=expert,
        application=app or world.apps[0],
        stage=stage,
        entries=entries,
        password=PASSWORD,
        signature_name=expert.get_full_name(),
    )


def test_craftsman_worked_example_totals_75(world):
    sheet = submit(world, craftsman_entries())
    assert sheet.total == 75
    assert sheet.state == ScoreSheet.State.SUBMITTED
    assert ScoreEntry.objects.filter(sheet=sheet).count() == 7


def test_pioneer_worked_example_totals_104(pioneer_world):
    sheet = submit(pioneer_world, pioneer_entries())
    assert sheet.total == 104


def test_submission_records_signature_name_and_date(world):
    from django.utils import timezone

    sheet = submit(world, craftsman_entries())
    assert sheet.signature_name == "专家1"
    assert sheet.signed_on == timezone.localdate()


def test_score_outside_the_band_of_the_ticked_aspects_is_refused(world):
    entries = craftsman_entries()
    first = next(iter(entries))
    entries[first] = EntryInput(points=9, aspects=[1, 2], significant=True)  # 2 + 显著 allows 6~8
    with pytest.raises(ValidationError) as exc:
        submit(world, entries)
    assert "6~8" in exc.value.message_dict[first][0]
    assert not ScoreSheet.objects.filter(state=ScoreSheet.State.SUBMITTED).exists()


def test_pioneer_score_outside_its_level_is_refused(pioneer_world):
    entries = pioneer_entries()
    first = next(iter(entries))
    entries[first] = EntryInput(points=9, level=1)  # 一般 allows 1~3
    with pytest.raises(ValidationError) as exc:
        submit(pioneer_world, entries)
    assert "1~3" in exc.value.message_dict[first][0]


def test_missing_criterion_is_refused_on_submit(world):
    entries = craftsman_entries()
    missing = list(entries)[-1]
    del entries[missing]
    with pytest.raises(ValidationError) as exc:
        submit(world, entries)
    assert "得分" in exc.value.message_dict[missing][-1]


def test_draft_keeps_partial_scores_and_running_total(world):
    entries = dict(list(craftsman_entries().items())[:3])
    sheet = sheet_save_draft(
        expert=world.experts[0], application=world.apps[0], stage="material", entries=entries
    )
    assert sheet.state == ScoreSheet.State.DRAFT
    assert sheet.total == 6 + 8 + 9


def test_draft_with_out_of_band_score_is_refused(world):
    code = next(iter(craftsman_entries()))
    with pytest.raises(ValidationError):
        sheet_save_draft(
            expert=world.experts[0],
            application=world.apps[0],
            stage="material",
            entries={code: EntryInput(points=10, aspects=[1], significant=False)},
        )


def test_wrong_password_does_not_submit(world):
    with pytest.raises(ValidationError) as exc:
        sheet_submit(
            expert=world.experts[0],
            application=world.apps[0],
            stage="material",
            entries=craftsman_entries(),
            password="wrong",
            signature_name="专家1",
        )
    assert "密码" in exc.value.message_dict["password"][0]


def test_signature_must_match_the_experts_name(world):
    with pytest.raises(ValidationError) as exc:
        sheet_submit(
            expert=world.experts[0],
            application=world.apps[0],
            stage="material",
            entries=craftsman_entries(),
            password=PASSWORD,
            signature_name="别人",
        )
    assert "专家1" in exc.value.message_dict["signature_name"][0]


def test_submitted_sheet_cannot_be_changed(world):
    submit(world, craftsman_entries())
    with pytest.raises(ValidationError) as exc:
        sheet_save_draft(
            expert=world.experts[0], application=world.apps[0], stage="material", entries=craftsman_entries()
        )
    assert "不能再修改" in exc.value.messages[0]


def test_second_submission_of_the_same_sheet_is_refused(world):
    submit(world, craftsman_entries())
    with pytest.raises(ValidationError):
        submit(world, craftsman_entries())
    assert ScoreSheet.objects.filter(state=ScoreSheet.State.SUBMITTED).count() == 1


def test_onsite_scoring_while_the_campaign_is_in_material_review_is_refused():
    w = scoring_world(phase=P.MATERIAL_REVIEW, state=S.SHORTLISTED)
    with pytest.raises(ValidationError) as exc:
        submit(w, craftsman_entries(), stage="onsite")
    assert "现场展示评分未开放" in exc.value.messages[0]


def test_an_eligible_application_is_not_scored_on_site(world):
    with pytest.raises(PermissionDenied):
        submit(world, craftsman_entries(), stage="onsite")


def test_scoring_when_the_campaign_left_the_stage_is_refused():
    w = scoring_world(phase=P.ONSITE, state=S.NOT_SHORTLISTED)
    with pytest.raises(ValidationError) as exc:
        submit(w, craftsman_entries())
    assert "未开放" in exc.value.messages[0]


def test_onsite_stage_scores_shortlisted_applications():
    w = scoring_world(phase=P.ONSITE, state=S.SHORTLISTED)
    assert submit(w, craftsman_entries(), stage="onsite").total == 75


def test_sheet_of_an_expert_outside_the_panel_is_refused(world):
    from tests.scoring.builders import expert

    stranger = expert("陌生人", username="stranger")
    with pytest.raises(PermissionDenied):
        submit(world, craftsman_entries(), expert=stranger)


def test_expert_with_a_conflict_cannot_score(world):
    ConflictOfInterest.objects.create(
        expert=world.experts[1], application=world.apps[0], source="office", reason="同一单位"
    )
    with pytest.raises(PermissionDenied):
        submit(world, craftsman_entries(), expert=world.experts[1])


def test_office_reopens_a_sheet_with_a_logged_reason_and_the_expert_is_notified(world, office):
    sheet = submit(world, craftsman_entries())
    sheet_reopen(sheet=sheet, user=office, reason="第三项得分录入错误")
    sheet.refresh_from_db()
    assert sheet.state == ScoreSheet.State.DRAFT
    assert sheet.history.first().history_change_reason == "第三项得分录入错误"
    note = Notification.objects.get(user=world.experts[0])
    assert "第三项得分录入错误" in note.body


def test_reopen_needs_a_reason(world, office):
    sheet = submit(world, craftsman_entries())
    with pytest.raises(ValidationError):
        sheet_reopen(sheet=sheet, user=office, reason=" ")


def test_an_expert_cannot_reopen_a_sheet(world):
    sheet = submit(world, craftsman_entries())
    with pytest.raises(PermissionDenied):
        sheet_reopen(sheet=sheet, user=world.experts[0], reason="想改")


def test_reopening_does_not_change_the_application_state(world, office):
    sheet = submit(world, craftsman_entries())
    sheet_reopen(sheet=sheet, user=office, reason="更正")
    world.apps[0].refresh_from_db()
    assert world.apps[0].state == S.ELIGIBLE


def test_the_sheet_moves_only_along_its_state_table(world):
    """Submit and reopen are the table's two steps (config.states); a move from the wrong state is refused with
    the sheet's current state named, and the reopened sheet is a draft again."""
    sheet = submit(world, craftsman_entries())
    assert SHEET_STATES.allowed(sheet) == ["reopen"]
    with pytest.raises(ValidationError, match="当前状态为“已提交”"):
        SHEET_STATES.apply(sheet, "submit")
    office = user_with_role("office")
    reopened = sheet_reopen(sheet=sheet, user=office, reason="第2项分数段有误")
    assert reopened.state == ScoreSheet.State.DRAFT
    assert SHEET_STATES.allowed(reopened) == ["submit"]
