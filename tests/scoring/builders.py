"""Builders for scoring tests: a campaign in a scoring phase, a panel of experts, assigned applications, and the
regulation's worked examples as score-sheet input. Setting phase/state directly is allowed in tests only."""

from types import SimpleNamespace

from awards.models import Application, Campaign
from scoring import rubrics
from scoring.models import Panel, PanelAssignment, PanelMember
from scoring.services import EntryInput
from tests.factories import CampaignFactory, award_type, complete_application, user_with_role

S = Application.State
P = Campaign.Phase

#: 附件1 worked example: 6+8+9+6+14+16+16 = 75, with (aspects shown, 显著) that allow each score.
CRAFTSMAN_EXAMPLE = [
    (6, 2, True),
    (8, 2, True),
    (9, 3, True),
    (6, 2, True),
    (14, 2, True),
    (16, 3, True),
    (16, 3, True),
]
#: 领军先锋 worked example: 6+9+6+8+6+5+7+8+5+6+14+24 = 104, with the level (1 一般 … 4 卓越) of each score.
PIONEER_EXAMPLE = [
    (6, 3),
    (9, 4),
    (6, 3),
    (8, 3),
    (6, 3),
    (5, 2),
    (7, 3),
    (8, 3),
    (5, 2),
    (6, 3),
    (14, 3),
    (24, 4),
]


def craftsman_entries(example=CRAFTSMAN_EXAMPLE) -> dict[str, EntryInput]:
    codes = rubrics.criterion_codes("craftsman-100")
    return {
        code: EntryInput(points=p, aspects=list(range(1, n + 1)), significant=sig, comment="")
        for code, (p, n, sig) in zip(codes, example, strict=True)
    }


def pioneer_entries(example=PIONEER_EXAMPLE) -> dict[str, EntryInput]:
    codes = rubrics.criterion_codes("pioneer-150")
    return {code: EntryInput(points=p, level=level) for code, (p, level) in zip(codes, example, strict=True)}


def expert(name: str = "", **kwargs):
    first = kwargs.pop("first_name", name)
    return user_with_role("expert", first_name=first, **kwargs)


def scoring_world(
    *,
    code: str = "craftsman",
    phase: str = P.MATERIAL_REVIEW,
    experts: int = 3,
    apps: int = 2,
    state=S.ELIGIBLE,
    training: bool = False,
) -> SimpleNamespace:
    """A campaign in `phase`, one panel with `experts` members (the first chairs) and `apps` assigned
    applications in `state`."""
    campaign = CampaignFactory(award_type=award_type(code), is_training=training)
    campaign.phase = phase
    campaign.save()
    panel = Panel.objects.create(campaign=campaign, name="第一评议组")
    members = []
    for i in range(experts):
        user = expert(f"专家{i + 1}", username=f"{code}-expert{i + 1}-{campaign.pk}")
        PanelMember.objects.create(panel=panel, expert=user, is_chair=i == 0)
        members.append(user)
    applications = []
    for i in range(apps):
        app = complete_application(campaign=campaign)
        app.state = state
        app.number = f"{campaign.award_type.number_prefix}{campaign.year}{i + 1:03d}"
        app.save()
        PanelAssignment.objects.create(panel=panel, application=app)
        applications.append(app)
    return SimpleNamespace(campaign=campaign, panel=panel, experts=members, apps=applications)


def to_post(entries: dict[str, EntryInput], **extra) -> dict:
    """The form data the sheet page sends for these entries."""
    data: dict = {}
    for code, e in entries.items():
        if e.points is not None:
            data[f"{code}-points"] = str(e.points)
        if e.aspects:
            data[f"{code}-aspect"] = [str(a) for a in e.aspects]
        if e.significant is not None:
            data[f"{code}-significant"] = "1" if e.significant else "0"
        if e.level is not None:
            data[f"{code}-level"] = str(e.level)
        data[f"{code}-comment"] = e.comment
    data.update(extra)
    return data
