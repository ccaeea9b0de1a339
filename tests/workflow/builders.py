"""Builders for workflow tests: campaigns in a phase, submitted applications, score sheets, rankings.

Setting `phase`/`state` directly is allowed in tests only (to start a test in the middle of the procedure);
the end-to-end walk in test_walkthrough.py uses the services only."""

import datetime
from decimal import Decimal

from django.utils import timezone

from awards.models import Application, Campaign
from scoring.models import (
    Criterion,
    Panel,
    PanelAssignment,
    PanelMember,
    PanelResult,
    Ranking,
    RankingEntry,
    ScoreEntry,
    ScoreSheet,
)
from tests.factories import CampaignFactory, award_type, complete_application, user_with_role

S = Application.State
P = Campaign.Phase


def campaign_in(phase: str = P.DRAFT, code: str = "craftsman", **kwargs) -> Campaign:
    campaign = CampaignFactory(award_type=award_type(code), **kwargs)
    campaign.phase = phase
    campaign.save()
    return campaign


def application_in(campaign: Campaign, state: str = S.DRAFT, **kwargs) -> Application:
    app = complete_application(campaign=campaign, **kwargs)
    if state != S.DRAFT:
        app.state = state
        app.save()
    return app


def panel_with_experts(campaign: Campaign, n: int = 3) -> Panel:
    panel = Panel.objects.create(campaign=campaign, name=f"第{Panel.objects.count() + 1}评议组")
    for i in range(n):
        PanelMember.objects.create(panel=panel, expert=user_with_role("expert"), is_chair=i == 0)
    return panel


def assign(panel: Panel, *apps: Application) -> None:
    for app in apps:
        PanelAssignment.objects.create(panel=panel, application=app)


def submit_sheets(panel: Panel, app: Application, stage: str, totals: list[int] | None = None) -> PanelResult:
    """Every member of `panel` submits a sheet for `app` in `stage`; the panel result is their mean."""
    criteria = list(
        Criterion.objects.filter(dimension__rubric=app.campaign.award_type.rubric).order_by("order")
    )
    experts = [m.expert for m in panel.members.order_by("id")]
    totals = totals or [70 + i for i in range(len(experts))]
    for expert, total in zip(experts, totals, strict=True):
        sheet = ScoreSheet.objects.create(
            application=app,
            expert=expert,
            panel=panel,
            stage=stage,
            state=ScoreSheet.State.SUBMITTED,
            total=total,
            signature_name=expert.username,
            signed_on=timezone.localdate(),
            submitted_at=timezone.now(),
        )
        for criterion in criteria:
            ScoreEntry.objects.create(sheet=sheet, criterion=criterion, points=1)
    score = Decimal(sum(totals)) / len(totals)
    return PanelResult.objects.create(
        panel=panel, application=app, stage=stage, score=score, expert_totals=totals
    )


def ranking(campaign: Campaign, scores: list[tuple[Application, str]]) -> Ranking:
    """A current ranking with entries in the given order (rank 1 first) and the given composite scores."""
    campaign.rankings.update(is_current=False)
    r = Ranking.objects.create(campaign=campaign, inputs={"test": True}, is_current=True)
    for rank, (app, composite) in enumerate(scores, start=1):
        RankingEntry.objects.create(
            ranking=r,
            application=app,
            composite=Decimal(composite),
            rank=rank,
            onsite_score=Decimal(composite),
        )
    return r


def days(n: int) -> datetime.timedelta:
    return datetime.timedelta(days=n)
