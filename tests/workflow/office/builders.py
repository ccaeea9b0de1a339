"""Small builders for office tests: a campaign with candidates, panel results, sheets and votes."""

from decimal import Decimal

from awards.models import Application, Campaign
from scoring.ballot_mac import ballot_reseal
from scoring.models import (
    Ballot,
    Criterion,
    Panel,
    PanelMember,
    PanelResult,
    PublicVote,
    ScoreEntry,
    ScoreSheet,
)
from tests.factories import ApplicationFactory, CampaignFactory, user_with_role
from workflow.models import EligibilityReview


def campaign_in(phase: str = Campaign.Phase.COMPOSITE, **kwargs) -> Campaign:
    campaign = CampaignFactory(**kwargs)
    Campaign.objects.filter(pk=campaign.pk).update(phase=phase)
    campaign.refresh_from_db()
    return campaign


def checked(app: Application) -> EligibilityReview:
    """The office's eligibility checklist (第十二条) with every item ticked."""
    return EligibilityReview.objects.create(
        application=app,
        basic_conditions_ok=True,
        complete_ok=True,
        authentic_ok=True,
        person_credit_ok=True,
        unit_credit_ok=True,
    )


def panel_for(campaign, *, experts: int = 3, name: str = "第一评议组") -> Panel:
    panel = Panel.objects.create(campaign=campaign, name=name)
    for i in range(experts):
        PanelMember.objects.create(panel=panel, expert=user_with_role("expert"), is_chair=i == 0)
    return panel


def candidate(campaign, *, state=Application.State.SHORTLISTED, number="", **kwargs) -> Application:
    app = ApplicationFactory(campaign=campaign, **kwargs)
    Application.objects.filter(pk=app.pk).update(state=state, number=number)
    app.refresh_from_db()
    return app


def result(app, panel, stage: str, score, *, totals=None, trimmed: bool = False) -> PanelResult:
    return PanelResult.objects.create(
        panel=panel,
        application=app,
        stage=stage,
        score=Decimal(str(score)),
        expert_totals=totals or [],
        trimmed=trimmed,
    )


def votes(app, *ratings, group: str = "public") -> list[Ballot]:
    """One counted ballot of the given group per rating, each from its own identity."""
    ballots = []
    for rating in ratings:
        n = Ballot.objects.filter(campaign=app.campaign).count()
        key = f"{group}-{app.pk}-{n}"
        ballot = Ballot.objects.create(campaign=app.campaign, voter_key=key, group=group)
        PublicVote.objects.create(
            campaign=app.campaign, application=app, voter_key=key, rating=rating, ballot=ballot
        )
        ballot_reseal(ballot)  # its MAC, as the ballot services write it (scoring/ballot_mac.py)
        ballots.append(ballot)
    return ballots


def onsite_sheet(app, panel, expert, points: dict[str, int]) -> ScoreSheet:
    """A submitted on-site sheet; `points` by criterion code (the rest of the rubric gets its minimum)."""
    rubric = app.campaign.award_type.rubric
    sheet = ScoreSheet.objects.create(
        application=app, expert=expert, panel=panel, stage="onsite", state=ScoreSheet.State.SUBMITTED
    )
    total = 0
    for criterion in Criterion.objects.filter(dimension__rubric=rubric):
        value = points.get(criterion.code, 1)
        total += value
        ScoreEntry.objects.create(sheet=sheet, criterion=criterion, points=value)
    sheet.total = total
    sheet.save()
    return sheet
