"""Who may see and score what (专家只能评议分配给本组的申报, 第十条; 回避). One place for these predicates."""

from django.http import Http404
from django.utils.translation import gettext as _

from awards.models import Application, Campaign
from awards.permissions import Role, has_role
from scoring.models import PanelAssignment, PanelMember, Stage

S = Application.State

#: Application states in which an application is scored in a stage (the material stage keeps later states so
#: that a finished sheet stays readable).
ONSITE_STATES = (
    S.SHORTLISTED,
    S.RECOMMENDED,
    S.NOMINATED,
    S.NOT_RECOMMENDED,
    S.AWARDED,
    S.NOMINATION_AWARDED,
    S.WITHDRAWN,
    S.REVOKED,
    S.CANCELLED,
)
MATERIAL_STATES = (S.ELIGIBLE, S.NOT_SHORTLISTED, *ONSITE_STATES)
STAGE_STATES = {Stage.MATERIAL: MATERIAL_STATES, Stage.ONSITE: ONSITE_STATES}
STAGE_PHASE = {Stage.MATERIAL: Campaign.Phase.MATERIAL_REVIEW, Stage.ONSITE: Campaign.Phase.ONSITE}
#: 第十条 “工作结束后，评议组自动解散”: a panel works from 资格审查 to 综合评价; once its campaign moves past 综合评价
#: the panel is dissolved and its experts (the chair too) no longer see its applications, files or results.
PANEL_ACTIVE_PHASES = (
    Campaign.Phase.ELIGIBILITY,
    Campaign.Phase.MATERIAL_REVIEW,
    Campaign.Phase.ONSITE,
    Campaign.Phase.PUBLIC_INPUT,
    Campaign.Phase.COMPOSITE,
)


def panel_is_active(panel) -> bool:
    """第十条: False once the panel's campaign has moved past 综合评价 (the panel is dissolved)."""
    return panel.campaign.phase in PANEL_ACTIVE_PHASES


def is_office(user) -> bool:
    return has_role(user, Role.OFFICE)


def is_expert(user) -> bool:
    return has_role(user, Role.EXPERT)


def stage_is_open(campaign: Campaign, stage: str) -> bool:
    """A stage is open while the campaign is in its phase (材料评议 / 现场展示)."""
    return campaign.phase == STAGE_PHASE.get(stage)


def expert_assignments(expert, *, stage: str | None = None):
    """The assignments an expert scores: their panel's applications, minus declared/detected conflicts, in the
    states of the stage (any stage when `stage` is None)."""
    states = STAGE_STATES[stage] if stage else MATERIAL_STATES
    return PanelAssignment.objects.filter(
        panel__members__expert=expert,
        panel__campaign__phase__in=PANEL_ACTIVE_PHASES,
        application__state__in=states,
    ).exclude(application__conflicts__expert=expert)


def assignment_or_404(expert, application_id: int, stage: str | None = None) -> PanelAssignment:
    """The expert's assignment for this application, or 404 — the page does not tell a stranger it exists."""
    if not is_expert(expert):
        raise Http404(_("没有找到该申报。"))
    assignment = (
        expert_assignments(expert, stage=stage)
        .select_related("panel__campaign__award_type__rubric", "application__tech_domain")
        .filter(application_id=application_id)
        .first()
    )
    if assignment is None:
        raise Http404(_("没有找到该申报。"))
    return assignment


def is_chair(user, panel) -> bool:
    """The panel's chair (组长) — while the panel exists (第十条: it dissolves after 综合评价)."""
    return (
        panel_is_active(panel)
        and PanelMember.objects.filter(panel=panel, expert=user, is_chair=True).exists()
    )
