"""A small campaign whose audit trail is written by the services only: applications submitted, the deadline
closed, score sheets signed (one reopened and signed again), a composite ranking computed and a committee vote
taken and closed. Used by the audit-chain and the backup/restore tests."""

import datetime
from decimal import Decimal
from types import SimpleNamespace

from awards.models import Application, Campaign
from scoring.models import PanelResult, Stage
from scoring.services.ranking import compute_ranking
from scoring.services.sheets import sheet_reopen, sheet_submit
from tests.factories import user_with_role
from tests.scoring.builders import craftsman_entries, scoring_world
from tests.workflow.builders import application_in, campaign_in
from workflow.services.committee import decision_close, decision_open, decision_vote
from workflow.services.transitions import application_transition, campaign_transition

S = Application.State
P = Campaign.Phase
PASSWORD = "demo-pass-2026"


def audited_world() -> SimpleNamespace:
    office = user_with_role("office", username="audit-office")
    committee = [user_with_role("committee", username=f"audit-committee{i}") for i in range(1, 4)]

    # 申报 → 截止: two submissions by their applicants, then the office closes the call after the deadline.
    call = campaign_in(P.OPEN)
    drafts = [application_in(call), application_in(call)]
    for app in drafts:
        application_transition(application=app, action="submit", user=app.applicant)
    campaign_transition(
        campaign=call,
        action="close_applications",
        user=office,
        now=call.closes_at + datetime.timedelta(hours=1),
    )

    # 材料评议: every expert signs a sheet for both applications; the office reopens one and it is signed again.
    review = scoring_world(phase=P.MATERIAL_REVIEW, experts=3, apps=2, state=S.ELIGIBLE)
    sheets = []
    for expert in review.experts:
        for app in review.apps:
            sheets.append(
                sheet_submit(
                    expert=expert,
                    application=app,
                    stage=Stage.MATERIAL,
                    entries=craftsman_entries(),
                    password=PASSWORD,
                    signature_name=expert.get_full_name(),
                )
            )
    sheet_reopen(sheet=sheets[0], user=office, reason="第三项评估方面勾选有误")
    sheets[0] = sheet_submit(
        expert=review.experts[0],
        application=review.apps[0],
        stage=Stage.MATERIAL,
        entries=craftsman_entries(),
        password=PASSWORD,
        signature_name=review.experts[0].get_full_name(),
    )

    # 综合评价: a ranking computed by scoring/services/ranking.py, the committee confirms the recommended list.
    composite = campaign_in(P.COMPOSITE, quota=2, nomination_quota=1)
    candidates = [application_in(composite, S.SHORTLISTED) for _ in range(3)]
    # The composite weighs the material-review and the on-site scores (第二十条, scoring/selectors/ranking.py).
    for app, onsite, material in zip(candidates, ("88", "81", "75"), ("84", "80", "77"), strict=True):
        for stage, score in ((Stage.MATERIAL, material), (Stage.ONSITE, onsite)):
            PanelResult.objects.create(
                panel=review.panel,
                application=app,
                stage=stage,
                score=Decimal(score),
                expert_totals=[{"expert": 1, "total": int(score)}],
            )
    ranking = compute_ranking(campaign=composite, user=office)
    for entry in ranking.entries.select_related("application"):
        action = {"recommended": "recommend", "nominated": "nominate"}.get(entry.outcome, "not_recommend")
        application_transition(application=entry.application, action=action, user=office)
    decision = decision_open(campaign=composite, user=office, kind="confirm_recommended", summary="建议名单")
    for member in committee:
        decision_vote(decision=decision, user=member, choice="approve", comment="同意")
    decision_close(decision=decision, user=office, document_number="沪智组〔2030〕1号")

    return SimpleNamespace(
        office=office,
        committee=committee,
        call=call,
        drafts=drafts,
        review=review,
        sheets=sheets,
        composite=composite,
        candidates=candidates,
        ranking=ranking,
        decision=decision,
    )
