"""Chain appends under real concurrency (PostgreSQL, threads): votes on two matters of one campaign and sheet
submissions of several experts at the same moment still form one unbroken chain per campaign."""

import threading

import pytest
from django.db import connection

from awards.models import Application, Campaign
from scoring.models import ScoreSheetLog, Stage
from scoring.services.sheets import sheet_submit
from tests.factories import user_with_role
from tests.scoring.builders import craftsman_entries, scoring_world
from tests.workflow.builders import campaign_in
from workflow.audit_verify import verify_audit
from workflow.models import AuditChainHead, CommitteeDecision, CommitteeVote
from workflow.services.committee import decision_vote

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)
S = Application.State
P = Campaign.Phase


def _race(calls):
    """Run every call in its own thread, released together; return the errors."""
    barrier = threading.Barrier(len(calls))
    errors = []

    def run(call):
        try:
            barrier.wait()
            call()
        except Exception as e:  # noqa: BLE001 — collected and asserted
            errors.append(e)
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(call,)) for call in calls]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return errors


def test_concurrent_votes_on_two_matters_of_one_campaign_form_one_chain():
    campaign = campaign_in(P.COMPOSITE)
    members = [user_with_role("committee", username=f"race-committee{i}") for i in range(3)]
    decisions = [
        CommitteeDecision.objects.create(campaign=campaign, kind=kind)
        for kind in (CommitteeDecision.Kind.CONFIRM_RECOMMENDED, CommitteeDecision.Kind.FINAL_LIST)
    ]
    calls = [
        (lambda d=d, m=m: decision_vote(decision=d, user=m, choice="approve"))
        for d in decisions
        for m in members
    ]
    assert _race(calls) == []
    seqs = sorted(
        CommitteeVote.objects.filter(decision__campaign=campaign).values_list("chain_seq", flat=True)
    )
    assert seqs == [1, 2, 3, 4, 5, 6]
    assert AuditChainHead.objects.get(campaign=campaign, chain="vote").length == 6
    assert verify_audit([campaign.pk]) == []


def test_concurrent_sheet_submissions_form_one_chain():
    world = scoring_world(phase=P.MATERIAL_REVIEW, experts=3, apps=2, state=S.ELIGIBLE)
    calls = [
        (
            lambda e=e, a=a: sheet_submit(
                expert=e,
                application=a,
                stage=Stage.MATERIAL,
                entries=craftsman_entries(),
                password="demo-pass-2026",
                signature_name=e.get_full_name(),
            )
        )
        for e in world.experts
        for a in world.apps
    ]
    assert _race(calls) == []
    logs = ScoreSheetLog.objects.filter(campaign=world.campaign)
    assert sorted(logs.values_list("chain_seq", flat=True)) == [1, 2, 3, 4, 5, 6]
    assert verify_audit([world.campaign.pk]) == []
