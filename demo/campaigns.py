"""The demo campaigns: one per phase, both honors, years 2016–2027, each moved through the procedure only by
`workflow.services.transitions` (the ORM only creates the records a real user would have entered)."""

import datetime
from dataclasses import dataclass, field

from django.utils import timezone

from awards import wording
from awards.models import Application, AwardType, Campaign

P = Campaign.Phase
PHASE_ORDER = [p.value for p in P]


@dataclass(frozen=True)
class CampaignPlan:
    award: str
    year: int
    target: str
    applicants: tuple[int, ...]
    ineligible: tuple[int, ...] = ()  # applicant numbers the office finds ineligible (post years too short)
    routes: dict = field(default_factory=dict)  # applicant number → route
    public_input: bool = True
    trimmed: bool = False
    #: per panel (in creation order) a shift of every expert's scale: one harsh, one lenient panel (issue 22)
    panel_bias: tuple[float, ...] = ()
    #: the office assigns the candidates to the two panels alternately (not by domain), so both panels rank some
    split_panels: bool = False
    shortlist_size: int = 3


PLANS = [
    CampaignPlan(
        "craftsman",
        2016,
        P.ARCHIVED,
        (1, 2, 3, 4),
        ineligible=(4,),
        public_input=False,
        routes={1: Application.Route.UNIT},
    ),
    CampaignPlan(
        "pioneer",
        2017,
        P.AWARDED,
        (25, 26, 27, 28),
        routes={25: Application.Route.UNIT, 27: Application.Route.UNIT},
    ),
    CampaignPlan(
        "craftsman", 2018, P.APPROVAL, (5, 6, 7, 8), routes={8: Application.Route.ASSOCIATION}, trimmed=True
    ),
    CampaignPlan("pioneer", 2019, P.PUBLICITY, (29, 30, 31, 32), routes={30: Application.Route.UNIT}),
    CampaignPlan(
        "craftsman",
        2020,
        P.COMPOSITE,
        (9, 10, 11, 12),
        routes={11: Application.Route.UNIT},
        panel_bias=(-0.18, 0.18),  # 第一评议组 harsh, 第二评议组 lenient: the ranking page's fairness view
        split_panels=True,
        shortlist_size=4,
    ),
    CampaignPlan("pioneer", 2021, P.PUBLIC_INPUT, (33, 34, 35, 36), routes={35: Application.Route.UNIT}),
    CampaignPlan("craftsman", 2022, P.ONSITE, (13, 14, 15, 16), routes={15: Application.Route.UNIT}),
    CampaignPlan("pioneer", 2023, P.MATERIAL_REVIEW, (37, 38, 39, 40), routes={40: Application.Route.UNIT}),
    CampaignPlan(
        "craftsman",
        2024,
        P.ELIGIBILITY,
        (17, 18, 19, 20),
        ineligible=(20,),
        routes={19: Application.Route.ASSOCIATION},
    ),
    CampaignPlan("craftsman", 2026, P.OPEN, (21, 22, 23, 24, 20), routes={21: Application.Route.UNIT}),
    CampaignPlan("pioneer", 2027, P.DRAFT, ()),
]


def at(year: int, month: int, day: int, hour: int = 10) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime(year, month, day, hour, 0))


def create_campaign(
    plan: CampaignPlan, office, now: datetime.datetime, *, training: bool = False
) -> Campaign:
    award_type = AwardType.objects.get(code=plan.award)
    activity = wording.text(award_type, "activity", "zh-hans").removesuffix("活动")  # 选树 / 评选
    current = plan.target in (P.OPEN, P.DRAFT)
    if plan.target == P.OPEN:
        opens_at, closes_at = now - datetime.timedelta(days=15), now + datetime.timedelta(days=20)
    else:
        opens_at, closes_at = at(plan.year, 3, 1, 9), at(plan.year, 4, 30, 17)
    if plan.target == P.PUBLIC_INPUT:
        public_opens, public_closes = now - datetime.timedelta(days=2), now + datetime.timedelta(days=12)
    elif plan.public_input and not current:
        public_opens, public_closes = at(plan.year, 7, 10, 9), at(plan.year, 7, 24, 17)
    else:
        public_opens = public_closes = None
    return Campaign.objects.create(
        award_type=award_type,
        year=plan.year,
        title=("【培训演练】" if training else "")
        + f"{plan.year}年度上海智慧城市建设“{award_type.name}”{activity}",
        is_training=training,
        call_text=(
            f"根据《上海智慧城市建设“智慧工匠”选树、“领军先锋”评选活动办法（暂行）》，现开展{plan.year}年度"
            f"“{award_type.name}”申报工作。请符合条件的人员在申报期内通过本系统在线填报，"
            "并上传1寸证件照和证实性材料（PDF，不超过10页）。"
        ),
        opens_at=opens_at,
        closes_at=closes_at,
        quota=2,
        nomination_quota=1,
        shortlist_size=plan.shortlist_size,
        use_trimmed_mean=plan.trimmed,
        weight_material=30,
        weight_onsite=50 if plan.public_input else 70,
        weight_public=20 if plan.public_input else 0,
        public_input_enabled=plan.public_input,
        public_input_opens_at=public_opens,
        public_input_closes_at=public_closes,
        created_by=office,
    )
