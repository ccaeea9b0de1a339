"""The audit chain as evidence (issue 21 item 4): each rewrite the issue lists — done by someone who can write the
database but does not hold the audit key — makes `manage.py verify_audit` exit non-zero. Each test fails on the
code before the keyed chains, the seals, the ballot MACs and the signed checkpoints.

Run on PostgreSQL (DATABASE_URL=postgres://…) and on SQLite; nothing here depends on the vendor."""

import datetime
import hashlib
import io
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection

from audit.chain import CHAINS, _plain
from awards.models import Application, Campaign
from scoring.models import Ballot, BallotLog, PanelResult, PublicVote
from scoring.services.ballots import ballots_restore, ballots_void, office_ballot_enter
from tests.factories import user_with_role
from tests.security.audit_world import audited_world
from tests.workflow.builders import application_in, campaign_in
from workflow.models import (
    AuditChainHead,
    CommitteeDecision,
    CommitteeVote,
    EligibilityReview,
    Honor,
    Objection,
    Revocation,
    TransitionLog,
)

pytestmark = [pytest.mark.django_db, pytest.mark.postgres]
S = Application.State
P = Campaign.Phase


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


def rehash_with_sha256(chain_name: str, campaign_id: int, *, legacy: bool = False) -> None:
    """What someone with write access to the database but without the key can do: recompute every row hash of a
    chain (and its head) with plain SHA-256 over the canonical content, as the chain was hashed before."""
    chain = CHAINS[chain_name]
    from django.apps import apps

    model = apps.get_model(chain.model)
    previous, length = "", 0
    for row in model._base_manager.filter(**{chain.campaign_path: campaign_id}).order_by("chain_seq"):
        content = {name: _plain(getattr(row, name)) for name in chain.fields}
        content.update(chain=chain.name, id=row.pk, chain_seq=row.chain_seq, prev_hash=previous)
        if legacy:  # as the chains were written before they were keyed: no key id
            model._base_manager.filter(pk=row.pk).update(key_id="")
        elif hasattr(row, "key_id"):
            content["key_id"] = row.key_id
        text = json.dumps(content, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
        digest = hashlib.sha256(text.encode("utf-8")).hexdigest()
        model._base_manager.filter(pk=row.pk).update(prev_hash=previous, row_hash=digest)
        previous, length = digest, length + 1
    AuditChainHead.objects.filter(campaign_id=campaign_id, chain=chain_name).update(
        length=length, last_hash=previous
    )


# --- the rewrites the issue lists -----------------------------------------------------------------------------------


def test_a_vote_changed_and_its_chain_rehashed_with_plain_sha256_is_reported(world):
    vote = CommitteeVote.objects.filter(decision=world.decision).order_by("chain_seq").first()
    CommitteeVote.objects.filter(pk=vote.pk).update(choice="reject")
    CommitteeDecision.objects.filter(pk=world.decision.pk).update(approvals=2, rejections=1)
    rehash_with_sha256("vote", world.composite.pk)
    code, output = verify(world.composite)
    assert code == 1, output
    assert f"记录 #{vote.pk}（序号 1）的内容与其摘要不符" in output


def test_a_whole_chain_deleted_with_its_head_row_is_reported_by_the_signed_checkpoint(world):
    call_command("anchor_audit", stdout=io.StringIO())
    TransitionLog.objects.filter(campaign=world.call).delete()
    AuditChainHead.objects.filter(campaign=world.call, chain="transition").delete()
    code, output = verify(world.call)
    assert code == 1, output
    assert "审计链“transition”在检查点" in output and "有 3 条记录" in output


def test_a_decisions_result_edited_is_reported(world):
    CommitteeDecision.objects.filter(pk=world.decision.pk).update(result="rejected")
    code, output = verify(world.composite)
    assert code == 1, output
    assert f"#{world.decision.pk} 的 result 与封存记录" in output


def test_a_rule_approval_edited_is_reported(world):
    office = world.office
    rules = CommitteeDecision.objects.create(
        campaign=world.composite, kind="rules", rules={"min_composite_score": "60"}, opened_by=office
    )
    assert verify(world.composite)[0] == 0
    CommitteeDecision.objects.filter(pk=rules.pk).update(rules={"min_composite_score": "0"})
    code, output = verify(world.composite)
    assert code == 1, output
    assert f"#{rules.pk} 的 rules 与封存记录" in output


@pytest.fixture
def public_world():
    """A campaign in 公众评价 with two candidates and three ballots entered by the office through the service."""
    office = user_with_role("office", username="audit-ballots-office")
    campaign = campaign_in(P.PUBLIC_INPUT)
    apps = [application_in(campaign, S.SHORTLISTED) for _ in range(2)]
    ballots = [
        office_ballot_enter(
            campaign=campaign,
            user=office,
            group="practitioner",
            source="纸质问卷",
            reference=f"Q-{n}",
            ratings={apps[0].pk: 5, apps[1].pk: 3},
            comments={},
        )
        for n in range(3)
    ]
    return campaign, office, apps, ballots


def test_public_ballots_written_by_the_services_verify_clean(public_world):
    campaign, office, _apps, ballots = public_world
    ballots_void(campaign=campaign, ballot_ids=[ballots[0].pk], reason="重复问卷", user=office)
    ballots_restore(campaign=campaign, ballot_ids=[ballots[0].pk], reason="核实后恢复", user=office)
    ballots_void(campaign=campaign, ballot_ids=[ballots[1].pk], reason="重复问卷", user=office)
    call_command("anchor_audit", stdout=io.StringIO())
    code, output = verify(campaign)
    assert code == 0, output
    assert "公众评价选票 [ballot]：3 条，一致" in output


def test_a_public_rating_edited_is_reported(public_world):
    campaign, _office, apps, ballots = public_world
    PublicVote.objects.filter(ballot=ballots[2], application=apps[1]).update(rating=1)
    code, output = verify(campaign)
    assert code == 1, output
    assert f"选票 #{ballots[2].pk} 的内容（类别、渠道或各项评价）与其校验码不符" in output


def test_a_ballots_group_edited_is_reported(public_world):
    campaign, _office, _apps, ballots = public_world
    Ballot.objects.filter(pk=ballots[0].pk).update(group="public")
    code, output = verify(campaign)
    assert code == 1, output
    assert f"选票 #{ballots[0].pk} 的内容" in output


def test_a_ballot_inserted_behind_the_application_is_reported(public_world):
    campaign, _office, apps, _ballots = public_world
    forged = Ballot.objects.create(campaign=campaign, voter_key="f" * 64, group="public")
    PublicVote.objects.create(
        campaign=campaign, application=apps[0], voter_key="f" * 64, rating=5, ballot=forged
    )
    code, output = verify(campaign)
    assert code == 1, output
    assert f"选票 #{forged.pk} 的内容" in output


def test_a_ballot_voided_or_restored_behind_the_application_is_reported(public_world):
    campaign, office, _apps, ballots = public_world
    Ballot.objects.filter(pk=ballots[0].pk).update(
        voided_at=datetime.datetime.now(datetime.UTC), void_reason="x"
    )
    code, output = verify(campaign)
    assert code == 1, output
    assert f"选票 #{ballots[0].pk} 的作废状态与其作废/恢复记录不符" in output

    Ballot.objects.filter(pk=ballots[0].pk).update(voided_at=None, void_reason="")
    ballots_void(campaign=campaign, ballot_ids=[ballots[1].pk], reason="重复问卷", user=office)
    Ballot.objects.filter(pk=ballots[1].pk).update(voided_at=None, void_reason="")  # restored without a log
    code, output = verify(campaign)
    assert code == 1, output
    assert f"选票 #{ballots[1].pk} 的作废状态与其作废/恢复记录不符" in output


def test_a_ballot_void_log_edited_is_reported(public_world):
    campaign, office, _apps, ballots = public_world
    ballots_void(campaign=campaign, ballot_ids=[ballots[1].pk], reason="重复问卷", user=office)
    log = BallotLog.objects.get(ballot=ballots[1])
    BallotLog.objects.filter(pk=log.pk).update(reason="改过的原因")
    code, output = verify(campaign)
    assert code == 1, output
    assert f"#{log.pk} 的 reason 与封存记录" in output


def test_a_ballot_deleted_after_a_checkpoint_is_reported(public_world):
    campaign, _office, _apps, ballots = public_world
    call_command("anchor_audit", stdout=io.StringIO())
    Ballot.objects.filter(pk=ballots[1].pk).delete()
    code, output = verify(campaign)
    assert code == 1, output
    assert "的选票 3 张，现有 2 张" in output


def test_an_honor_edited_is_reported(world):
    app = world.candidates[0]
    honor = Honor.objects.create(
        application=app, kind="title", certificate_number="ZH-2030-001", awarded_on=datetime.date(2030, 5, 1)
    )
    assert verify(world.composite)[0] == 0
    Honor.objects.filter(pk=honor.pk).update(kind="nomination")
    code, output = verify(world.composite)
    assert code == 1, output
    assert f"#{honor.pk} 的 kind 与封存记录" in output


def test_an_honor_deleted_and_a_revocation_edited_are_reported(world):
    app = world.candidates[0]
    honor = Honor.objects.create(
        application=app, kind="title", certificate_number="ZH-2030-002", awarded_on=datetime.date(2030, 5, 1)
    )
    revocation = Revocation.objects.create(
        honor=honor, kind="revoke", reason="弄虚作假", proposed_by=world.office
    )
    Revocation.objects.filter(pk=revocation.pk).update(status="approved")
    code, output = verify(world.composite)
    assert code == 1, output
    assert f"#{revocation.pk} 的 status 与封存记录" in output
    with connection.cursor() as cursor:  # SQL, as someone with database access would (no signal)
        cursor.execute(f"DELETE FROM {Revocation._meta.db_table} WHERE id = %s", [revocation.pk])
        cursor.execute(f"DELETE FROM {Honor._meta.db_table} WHERE id = %s", [honor.pk])
    code, output = verify(world.composite)
    assert code == 1, output
    assert f"#{honor.pk} 已封存" in output and "现已不存在：记录被删除" in output


def test_an_eligibility_review_edited_is_reported(world):
    app = world.review.apps[0]
    review = EligibilityReview.objects.create(
        application=app,
        basic_conditions_ok=False,
        complete_ok=True,
        authentic_ok=True,
        person_credit_ok=True,
        unit_credit_ok=True,
        notes="年龄不符合第六条",
    )
    assert verify(world.review.campaign)[0] == 0
    EligibilityReview.objects.filter(pk=review.pk).update(basic_conditions_ok=True, notes="")
    code, output = verify(world.review.campaign)
    assert code == 1, output
    assert f"#{review.pk} 的 basic_conditions_ok, notes 与封存记录" in output


def test_an_objection_edited_is_reported(world):
    app = world.candidates[1]
    objection = Objection.objects.create(
        campaign=world.composite,
        application=app,
        objector_name="张三",
        objector_id_or_contact="13800000000",
        content="业绩不实",
        status="upheld",
        outcome="经调查异议成立",
    )
    assert verify(world.composite)[0] == 0
    Objection.objects.filter(pk=objection.pk).update(status="rejected", outcome="异议不成立")
    code, output = verify(world.composite)
    assert code == 1, output
    assert f"#{objection.pk} 的 outcome, status 与封存记录" in output


def test_an_objection_inserted_without_the_application_is_reported(world):
    (forged,) = Objection.objects.bulk_create(  # no signal: as an INSERT behind the application's back
        [
            Objection(
                campaign=world.composite,
                application=world.candidates[1],
                objector_name="李四",
                objector_id_or_contact="x",
                content="伪造的异议",
            )
        ]
    )
    code, output = verify(world.composite)
    assert code == 1, output
    assert f"#{forged.pk} 没有封存记录" in output


def test_a_panel_score_edited_is_reported(world):
    result = PanelResult.objects.filter(application=world.candidates[0], stage="material").get()
    PanelResult.objects.filter(pk=result.pk).update(score="99.000")
    code, output = verify(world.composite)
    assert code == 1, output
    assert f"#{result.pk} 的 score 与封存记录" in output


# --- the key, the checkpoints, the report ---------------------------------------------------------------------------


def test_the_chains_verify_only_under_the_key_they_were_written_with(world, settings):
    assert verify(world.composite)[0] == 0
    settings.AUDIT_HMAC_KEY = "another-key-another-key-another-key"
    code, output = verify(world.composite)
    assert code == 1 and "的内容与其摘要不符" in output


def test_a_rotated_key_keeps_old_rows_verifiable_when_listed_as_retired(world, settings):
    settings.AUDIT_HMAC_KEY = "first-audit-key-0123456789abcdef"
    settings.AUDIT_HMAC_KEY_ID = "k1"
    campaign = campaign_in(P.COMPOSITE)
    decision = CommitteeDecision.objects.create(campaign=campaign, kind="final_list")
    from workflow.services.committee import decision_vote

    decision_vote(decision=decision, user=user_with_role("committee", username="rot-1"), choice="approve")
    settings.AUDIT_HMAC_KEY, settings.AUDIT_HMAC_KEY_ID = "second-audit-key-0123456789abcdef", "k2"
    decision_vote(decision=decision, user=user_with_role("committee", username="rot-2"), choice="approve")
    assert sorted(CommitteeVote.objects.filter(decision=decision).values_list("key_id", flat=True)) == [
        "k1",
        "k2",
    ]
    code, output = verify(campaign)
    assert code == 1 and "使用的审计密钥“k1”未配置" in output
    settings.AUDIT_HMAC_RETIRED_KEYS = "k1=first-audit-key-0123456789abcdef"
    code, output = verify(campaign)
    assert code == 0, output


def test_a_rewritten_checkpoint_line_is_reported(world):
    call_command("anchor_audit", stdout=io.StringIO())
    path = Path(settings.AUDIT_ANCHOR_DIR) / "checkpoints.jsonl"
    lines = path.read_text(encoding="utf-8").splitlines()
    record = json.loads(lines[0])
    record["length"] = 1
    lines[0] = json.dumps(record)
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    code, output = verify()
    assert code == 1, output
    assert "第 1 行的签名不符" in output


def test_a_campaign_deleted_after_a_checkpoint_is_reported(world):
    campaign = campaign_in(P.COMPOSITE)
    decision = CommitteeDecision.objects.create(campaign=campaign, kind="final_list")
    call_command("anchor_audit", stdout=io.StringIO())
    assert verify()[0] == 0
    CommitteeDecision.objects.filter(pk=decision.pk).delete()
    AuditChainHead.objects.filter(campaign=campaign).delete()
    Campaign.objects.filter(pk=campaign.pk).delete()
    code, output = verify()
    assert code == 1, output
    assert f"[campaign {campaign.pk}] anchor" in output


def test_anchor_audit_appends_only_what_moved(world):
    out = io.StringIO()
    call_command("anchor_audit", stdout=out)
    assert "已追加" in out.getvalue()
    path = Path(settings.AUDIT_ANCHOR_DIR) / "checkpoints.jsonl"
    first = path.read_text(encoding="utf-8").splitlines()
    assert {json.loads(line)["chain"] for line in first} >= {"transition", "vote", "sheet", "seal"}
    call_command("anchor_audit", stdout=io.StringIO())
    assert path.read_text(encoding="utf-8").splitlines() == first


def test_verify_audit_names_what_it_checked_and_what_it_cannot(world):
    code, output = verify(world.composite)
    assert code == 0, output
    assert "委员表决 [vote]：3 条，一致" in output
    assert "组委会决定 [decision]" in output or "[decision]：" in output
    assert "[panel_result]：6 条，一致" in output
    assert "无法发现：" in output and "持有审计密钥" in output
    CommitteeDecision.objects.filter(pk=world.decision.pk).update(result="rejected")
    code, output = verify(world.composite)
    assert "[decision]：1 条，不符" in output


def test_production_refuses_to_start_without_the_audit_key(tmp_path):
    env = {k: os.environ[k] for k in ("PATH", "HOME", "LANG") if k in os.environ}
    env.update(
        DEBUG="0",
        SECRET_KEY="x" * 60,
        PUBLIC_VOTE_HMAC_KEY="y" * 40,
        DATABASE_URL=f"sqlite:///{tmp_path / 'db.sqlite3'}",
        VAR_DIR=str(tmp_path),
        ALLOWED_HOSTS="example.org",
    )
    result = subprocess.run(
        [sys.executable, "manage.py", "check"],
        cwd=Path(settings.BASE_DIR),
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode != 0
    assert "AUDIT_HMAC_KEY must be set" in result.stderr


def test_the_migration_rekeys_intact_legacy_chains_and_leaves_a_broken_one_broken(world):
    """Chains written before the key (plain SHA-256, no key id), records without a seal and ballots without a MAC:
    scoring/0010 re-keys each chain as far as its old hashes still verify, seals the records and MACs the ballots;
    a chain already tampered with before the migration stays reported."""
    import importlib

    from django.apps import apps as django_apps

    forwards = importlib.import_module("scoring.migrations.0010_h_audit_ballot_mac_keyed_chains").forwards
    for chain in ("transition", "sheet"):
        rehash_with_sha256(
            chain, world.call.pk if chain == "transition" else world.review.campaign.pk, legacy=True
        )
    rehash_with_sha256("vote", world.composite.pk, legacy=True)
    vote = CommitteeVote.objects.filter(decision=world.decision).order_by("chain_seq")[1]
    CommitteeVote.objects.filter(pk=vote.pk).update(comment="改过的意见")  # broken before the migration
    (objection,) = Objection.objects.bulk_create(
        [Objection(campaign=world.call, application=world.drafts[0], objector_name="王五", content="旧异议")]
    )
    ballot = Ballot.objects.create(campaign=world.call, voter_key="o" * 64, group="public")
    assert verify(world.call)[0] == 1

    forwards(django_apps, None)

    assert verify(world.call, world.review.campaign)[0] == 0
    assert set(TransitionLog.objects.filter(campaign=world.call).values_list("key_id", flat=True)) == {"k1"}
    assert Ballot.objects.get(pk=ballot.pk).mac.startswith("k1:") and objection.pk
    code, output = verify(world.composite)
    assert code == 1 and f"vote: 记录 #{vote.pk}（序号 2）" in output


def test_the_ranking_and_honors_exports_carry_the_campaigns_signed_checkpoints(world):
    from audit.keys import mac_matches
    from tests.xlsx import workbook
    from workflow.anchors import _signed_text
    from workflow.documents.exports import honors_xlsx, ranking_xlsx

    for builder in (ranking_xlsx, honors_xlsx):
        book = workbook(builder(world.composite, user=world.office))
        props = {p.name: json.loads(p.value) for p in book.custom_doc_props.props}
        record = props["审计检查点 vote"]
        head = AuditChainHead.objects.get(campaign=world.composite, chain="vote")
        assert (record["campaign"], record["length"], record["head"]) == (
            world.composite.pk,
            3,
            head.last_hash,
        )
        assert mac_matches(_signed_text(record), record["mac"], record["key_id"])


def test_anchor_audit_names_a_checkpoint_directory_it_cannot_write(world, settings, tmp_path):
    blocker = tmp_path / "not-a-directory"
    blocker.write_text("x")
    settings.AUDIT_ANCHOR_DIR = blocker / "anchors"
    with pytest.raises(CommandError, match="无法写入审计检查点文件 .*AUDIT_ANCHOR_DIR"):
        call_command("anchor_audit", stdout=io.StringIO())
