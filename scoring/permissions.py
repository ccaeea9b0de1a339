"""Who may see and score what in the scoring app — every expert, chair and panel rule as a named predicate
(docs/architecture.md §6). Nothing else in the app decides access.

Access follows the panel relations themselves (第十条), read at each request; no object permission repeats them
(docs/decisions.md 374):

- an expert reviews an application while sitting on the panel it is assigned to (`PanelMember`,
  `PanelAssignment`), the panel works (its campaign between 资格审查 and 综合评价; 第十条 “工作结束后，评议组自动
  解散”), and no conflict (回避: declared, detected or recorded by the office) is recorded between them —
  `may_review`, `expert_assignments`;
- the chair (组长) is the member marked `is_chair` (one per panel, a database constraint) while the panel works —
  `is_chair`.

A change of any of these rows — a member added or removed, an assignment moved, a conflict recorded (one by one
or in bulk) or withdrawn, the campaign's phase — shows at the next request, whatever code wrote it.
"""

from django.http import Http404
from django.utils.translation import gettext as _

from awards.models import Application, Campaign
from awards.permissions import Role, has_role
from scoring.models import PanelAssignment, PanelMember, ScoreSheet, Stage

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
#: The phases after 综合评价: the campaign's panels are dissolved (第十条).
DISSOLVED_PHASES = tuple(Campaign.Phase.values[Campaign.Phase.values.index(Campaign.Phase.COMPOSITE) + 1 :])


# ---- predicates -------------------------------------------------------------------------------------------------


def is_office(user) -> bool:
    return has_role(user, Role.OFFICE)


def is_expert(user) -> bool:
    return has_role(user, Role.EXPERT)


def panel_is_active(panel) -> bool:
    """第十条: False once the panel's campaign has moved past 综合评价 (the panel is dissolved)."""
    return panel.campaign.phase in PANEL_ACTIVE_PHASES


def panel_dissolved(campaign) -> bool:
    return campaign.phase in DISSOLVED_PHASES


def stage_is_open(campaign: Campaign, stage: str) -> bool:
    """A stage is open while the campaign is in its phase (材料评议 / 现场展示)."""
    return campaign.phase == STAGE_PHASE.get(stage)


def expert_assignments(expert, *, stage: str | None = None):
    """The assignments an expert scores: in a panel the expert sits on while the panel works, minus declared,
    detected or recorded conflicts, in the states of the stage (any stage when `stage` is None)."""
    states = STAGE_STATES[stage] if stage else MATERIAL_STATES
    return PanelAssignment.objects.filter(
        panel__members__expert=expert,
        panel__campaign__phase__in=PANEL_ACTIVE_PHASES,
        application__state__in=states,
    ).exclude(application__conflicts__expert=expert)


def may_review(expert, application) -> bool:
    """Who may read and score an application on the expert pages: one question, one place."""
    return is_expert(expert) and expert_assignments(expert).filter(application=application).exists()


def expert_assignment(expert, application_id: int, stage: str | None = None) -> PanelAssignment | None:
    """The expert's assignment for this application if it is theirs to score (`expert_assignments`), with the
    panel's campaign, honor and rubric and the application's domain; None otherwise. At most one row: an
    application has one assignment, an expert one seat per panel (docs/decisions.md 433)."""
    try:
        return (
            expert_assignments(expert, stage=stage)
            .select_related("panel__campaign__award_type__rubric", "application__tech_domain")
            .get(application_id=application_id)
        )
    except PanelAssignment.DoesNotExist:
        return None


def assignment_or_404(expert, application_id: int, stage: str | None = None) -> PanelAssignment:
    """The expert's assignment for this application, or 404 — the page does not tell a stranger it exists."""
    assignment = expert_assignment(expert, application_id, stage) if is_expert(expert) else None
    if assignment is None:
        raise Http404(_("没有找到该申报。"))
    return assignment


def holds_chair(user, panel) -> bool:
    """The user is the member marked as the panel's chair (组长), whatever the phase (one query)."""
    return (
        user.is_authenticated
        and PanelMember.objects.filter(panel_id=panel.pk, expert_id=user.pk, is_chair=True).exists()
    )


def is_chair(user, panel) -> bool:
    """The panel's chair (组长) — while the panel exists (第十条: it dissolves after 综合评价)."""
    return panel_is_active(panel) and holds_chair(user, panel)


def chair_may_see_scores(data, *, office: bool) -> bool:
    """The chair sees other experts' scores only once every sheet of the stage is in or the stage is closed."""
    return office or data.missing == 0 or not stage_is_open(data.panel.campaign, data.stage)


def may_download_sheet(user, sheet) -> bool:
    """The signed sheet's PDF: for the expert who signed it and for the office."""
    return sheet.state == ScoreSheet.State.SUBMITTED and (sheet.expert_id == user.id or is_office(user))
