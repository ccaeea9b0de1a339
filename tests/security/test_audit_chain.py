"""Tamper-evident audit (issue 10): transition logs, committee votes and score-sheet submissions are chained by
hash per campaign, and `manage.py verify_audit` recomputes the chains and every stored ranking."""

import importlib
import io

import pytest
from django.apps import apps as django_apps
from django.core.management import call_command
from django.core.management.base import CommandError

from audit.chain import CHAINS, row_digest, row_values
from awards.models import Application, Campaign
from scoring.models import RankingEntry, ScoreEntry, ScoreSheet, ScoreSheetLog
from tests.factories import user_with_role
from tests.security.audit_world import audited_world
from tests.workflow.builders import application_in, campaign_in, panel_with_experts, submit_sheets
from tests.workflow.office.builders import votes
from workflow.audit_verify import verify_audit
from workflow.models import AuditChainHead, CommitteeDecision, CommitteeVote, TransitionLog

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    return audited_world()


def verify(*campaigns) -> tuple[int, str]:
    out, err = io.StringIO(), io.StringIO()
    args = [a for c in campaigns for a in ("--campaign", str(c.pk))]
    try:
        call_command("verify_audit", *args, stdout=out, stderr=err)
    except CommandError as e:
        return e.returncode, err.getvalue() + str(e)
    return 0, out.getvalue()


def test_services_write_every_row_into_its_campaigns_chain(world):
    logs = list(TransitionLog.objects.filter(campaign=world.call).order_by("chain_seq"))
    assert [log.chain_seq for log in logs] == [1, 2, 3]
    assert logs[0].prev_hash == "" and [log.prev_hash for log in logs[1:]] == [
        log.row_hash for log in logs[:-1]
    ]
    chain = CHAINS["transition"]
    assert all(log.row_hash == row_digest(chain, row_values(chain, log)) for log in logs)
    head = AuditChainHead.objects.get(campaign=world.call, chain="transition")
    assert (head.length, head.last_hash) == (3, logs[-1].row_hash)
    assert CommitteeVote.objects.filter(decision=world.decision).exclude(row_hash="").count() == 3
    events = list(
        ScoreSheetLog.objects.filter(sheet=world.sheets[0])
        .order_by("chain_seq")
        .values_list("event", flat=True)
    )
    assert events == ["submitted", "reopened", "submitted"]


def test_an_untouched_world_verifies_clean_with_its_ranking_recomputed(world):
    code, output = verify()
    assert code == 0, output
    assert "3 个评选活动" in output


def test_a_transition_log_edited_behind_the_application_is_reported(world):
    log = TransitionLog.objects.filter(campaign=world.call).order_by("chain_seq")[1]
    TransitionLog.objects.filter(pk=log.pk).update(reason="改过的理由")
    code, output = verify(world.call)
    assert code == 1
    assert f"记录 #{log.pk}（序号 2）的内容与其摘要不符" in output


def test_a_deleted_transition_log_is_reported(world):
    log = TransitionLog.objects.filter(campaign=world.call).order_by("chain_seq")[0]
    TransitionLog.objects.filter(pk=log.pk).delete()
    code, output = verify(world.call)
    assert code == 1
    assert "链序号 1 处缺少记录" in output


def test_the_last_row_deleted_is_reported_by_the_chain_head(world):
    last = CommitteeVote.objects.filter(decision=world.decision).order_by("-chain_seq").first()
    CommitteeVote.objects.filter(pk=last.pk).delete()
    code, output = verify(world.composite)
    assert code == 1
    assert "审计链头记录 3 条，实际 2 条" in output


def test_a_vote_changed_in_place_is_reported_and_so_is_the_tally(world):
    vote = CommitteeVote.objects.filter(decision=world.decision).first()
    CommitteeVote.objects.filter(pk=vote.pk).update(choice="reject")
    problems = verify_audit([world.composite.pk])
    assert {p.check for p in problems} == {"vote"}
    assert f"记录 #{vote.pk}" in str(problems[0])
    CommitteeDecision.objects.filter(pk=world.decision.pk).update(approvals=2, rejections=1)
    CommitteeVote.objects.filter(pk=vote.pk).update(choice="approve")
    problems = {p.check: p.message for p in verify_audit([world.composite.pk])}
    assert set(problems) == {"decision", "vote"}  # the decision's counts differ from its seal too
    assert "记载的票数 (2, 1, 0) 与表决记录 (3, 0, 0) 不符" in problems["vote"]
    assert "approvals, rejections" in problems["decision"]


def test_a_submitted_score_changed_behind_the_application_is_reported(world):
    sheet = world.sheets[1]
    entry = ScoreEntry.objects.filter(sheet=sheet).order_by("criterion__order").first()
    ScoreEntry.objects.filter(pk=entry.pk).update(points=entry.points + 1)
    problems = verify_audit([world.review.campaign.pk])
    assert [p.check for p in problems] == ["sheet"]
    assert f"评分表 #{sheet.pk} 的得分或签名与提交时签署的内容" in str(problems[0])


def test_a_sheet_set_back_to_draft_without_a_reopening_is_reported(world):
    ScoreSheet.objects.filter(pk=world.sheets[2].pk).update(state="draft")
    problems = verify_audit([world.review.campaign.pk])
    assert f"评分表 #{world.sheets[2].pk} 已提交并签名，但现为草稿" in str(problems[0])


def test_a_submission_log_edited_is_reported(world):
    log = ScoreSheetLog.objects.filter(campaign=world.review.campaign).order_by("chain_seq")[3]
    ScoreSheetLog.objects.filter(pk=log.pk).update(total=100)
    problems = verify_audit([world.review.campaign.pk])
    assert problems[0].check == "sheet"
    assert f"记录 #{log.pk}（序号 4）的内容与其摘要不符" in problems[0].message


def test_an_application_state_changed_without_a_transition_is_reported(world):
    app = world.drafts[0]
    type(app).objects.filter(pk=app.pk).update(state="eligible")
    problems = verify_audit([world.call.pk])
    assert [p.check for p in problems] == ["transition"]
    assert f"申报 #{app.pk} 状态为“eligible”，但最后一条流转记录为“submitted”" in problems[0].message


def test_a_stored_ranking_that_no_longer_follows_from_its_inputs_is_reported(world):
    third = world.ranking.entries.get(rank=3)
    RankingEntry.objects.filter(pk=third.pk).update(outcome="recommended")
    problems = verify_audit([world.composite.pk])
    assert [p.check for p in problems] == ["ranking"]
    assert f"申报 #{third.application_id} 的名次/并列/结果与重新计算的不符" in problems[0].message


def test_a_composite_score_edited_in_a_stored_ranking_is_reported(world):
    first = world.ranking.entries.get(rank=1)
    RankingEntry.objects.filter(pk=first.pk).update(onsite_score="98.000", composite="98.000")
    problems = verify_audit([world.composite.pk])
    assert "现场展示" in problems[0].message or "onsite" in problems[0].message


def test_a_public_rating_added_behind_a_stored_ranking_is_reported(world):
    """The composite weighs 公众评价 by group (第十九、二十条): a counted ballot slipped in after the ranking was
    computed no longer gives the stored public score."""
    assert world.ranking.inputs["weights"]["public"] > 0
    first = world.ranking.entries.get(rank=1)
    votes(first.application, *[5] * 10)  # the approved minimum sample of a group (decisions 171)
    problems = verify_audit([world.composite.pk])
    assert [p.check for p in problems] == ["ranking"]
    assert f"申报 #{first.application_id}的公众评价折算分与公众评价记录不符" in problems[0].message


def test_verify_audit_names_an_unknown_campaign():
    with pytest.raises(CommandError, match="没有编号为 999999 的评选活动"):
        call_command("verify_audit", "--campaign", "999999")


def test_the_data_migration_chains_rows_written_before_the_chains_existed():
    """Rows written without a hash (as before the chains existed) are reported, then the backfill of
    scoring/0005 chains them in the order they were written and the audit verifies clean."""
    backfill = importlib.import_module("scoring.migrations.0005_backfill_audit_chains").backfill
    office = user_with_role("office")
    campaign = campaign_in(Campaign.Phase.MATERIAL_REVIEW)
    app = application_in(campaign, Application.State.ELIGIBLE)
    for from_state, to_state in (("draft", "submitted"), ("submitted", "eligible")):
        TransitionLog.objects.create(
            subject="application",
            campaign=campaign,
            application=app,
            action=to_state,
            from_state=from_state,
            to_state=to_state,
            actor=office,
            role="office",
        )
    decision = CommitteeDecision.objects.create(campaign=campaign, kind="confirm_recommended")
    CommitteeVote.objects.create(decision=decision, member=user_with_role("committee"), choice="approve")
    submit_sheets(panel_with_experts(campaign, 2), app, "material", totals=[7, 7])
    assert {p.check for p in verify_audit([campaign.pk])} == {"transition", "vote", "sheet"}

    backfill(django_apps, None)

    assert verify_audit([campaign.pk]) == []
    assert ScoreSheetLog.objects.filter(campaign=campaign, event="submitted").count() == 2
    assert list(
        TransitionLog.objects.filter(campaign=campaign)
        .order_by("chain_seq")
        .values_list("to_state", flat=True)
    ) == ["submitted", "eligible"]
