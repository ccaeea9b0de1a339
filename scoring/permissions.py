"""Who may see and score what in the scoring app — every expert, chair and panel rule as a named predicate
(docs/architecture.md §6). Nothing else in the app decides access.

Object permissions live in django-guardian and follow the panel relations (第十条):

- a panel member (专家) holds `awards.view_application` on exactly the applications assigned to the panel;
- the grant goes away when the expert has a conflict (回避, declared, detected or recorded by the office), when
  the member leaves the panel, when the application leaves the panel (assignment removed or moved), and when
  the panel dissolves (its campaign moves past 综合评价, 第十条 “工作结束后，评议组自动解散”);
- the chair (组长) holds `scoring.view_panel_results` on the Panel while the panel exists.

The grants are kept by the model signals at the end of this module (connected in `ScoringConfig.ready`), so they
hold whoever writes the relation (the office's services in `workflow`, imports, the demo builder, the admin);
`raw` saves (loaddata, restore) are skipped: the grants come with the data. Migration `0009_panel_grants`
backfilled the grants of panels that existed before. The predicates below ask the grants *and* the relation
and phase rules, so a stale grant alone never opens a page.
"""

from django.contrib.auth.models import Permission
from django.db import transaction
from django.db.models.signals import post_delete, post_save, pre_delete, pre_save
from django.http import Http404
from django.utils.translation import gettext as _
from guardian.shortcuts import get_objects_for_user
from guardian.utils import get_user_obj_perms_model

from awards.models import Application, Campaign
from awards.permissions import Role, has_role
from scoring.models import ConflictOfInterest, Panel, PanelAssignment, PanelMember, ScoreSheet, Stage

S = Application.State

VIEW_APPLICATION = "awards.view_application"
VIEW_PANEL_RESULTS = "scoring.view_panel_results"

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
#: The phases after 综合评价: the campaign's panels are dissolved and every grant they gave is removed.
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
    """The assignments an expert scores: the applications the expert holds `view_application` on, in a panel
    the expert sits on while the panel works, minus declared/detected conflicts, in the states of the stage (any
    stage when `stage` is None)."""
    states = STAGE_STATES[stage] if stage else MATERIAL_STATES
    granted = get_objects_for_user(
        expert, VIEW_APPLICATION, klass=Application, with_superuser=False, accept_global_perms=False
    )
    return PanelAssignment.objects.filter(
        panel__members__expert=expert,
        panel__campaign__phase__in=PANEL_ACTIVE_PHASES,
        application__state__in=states,
        application__in=granted,
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


def holds_chair(user, panel) -> bool:
    """The user holds the chair's permission on the panel's results (组长): a user object permission of their
    own (one query; not through a group, never implied by superuser status)."""
    app_label, codename = VIEW_PANEL_RESULTS.split(".")
    return (
        user.is_authenticated
        and get_user_obj_perms_model()
        .objects.filter(
            user_id=user.pk,
            permission__codename=codename,
            permission__content_type__app_label=app_label,
            object_pk=str(panel.pk),
        )
        .exists()
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


# ---- grants (kept by the signals below) -------------------------------------------------------------------------


def _permission(perm: str) -> Permission:
    app_label, codename = perm.split(".")
    return Permission.objects.get(content_type__app_label=app_label, codename=codename)


def _grant_pairs(perm: str, pairs) -> None:
    """Grant `perm` for each (user id, object id) pair, in one insert (existing grants are kept)."""
    pairs = set(pairs)
    if not pairs:
        return
    permission = _permission(perm)
    model = get_user_obj_perms_model()
    model.objects.bulk_create(
        [
            model(
                user_id=u, permission=permission, content_type_id=permission.content_type_id, object_pk=str(o)
            )
            for u, o in pairs
        ],
        ignore_conflicts=True,
    )


def _grant(perm: str, user_ids, object_ids) -> None:
    _grant_pairs(perm, [(u, o) for u in user_ids for o in object_ids])


def _revoke(perm: str, user_ids, object_ids) -> None:
    user_ids, object_ids = set(user_ids), {str(o) for o in object_ids}
    if not user_ids or not object_ids:
        return
    get_user_obj_perms_model().objects.filter(
        permission=_permission(perm), user_id__in=user_ids, object_pk__in=object_ids
    ).delete()


def _conflicted(expert_ids, application_ids) -> set[tuple[int, int]]:
    return set(
        ConflictOfInterest.objects.filter(
            expert_id__in=set(expert_ids), application_id__in=set(application_ids)
        ).values_list("expert_id", "application_id")
    )


def _grant_reviews(expert_ids, application_ids) -> None:
    """`view_application` for each (expert, application) pair without a conflict."""
    conflicts = _conflicted(expert_ids, application_ids)
    pairs = [(e, a) for e in set(expert_ids) for a in set(application_ids) if (e, a) not in conflicts]
    _grant_pairs(VIEW_APPLICATION, pairs)


def _members(panel_id: int) -> list[int]:
    return list(PanelMember.objects.filter(panel_id=panel_id).values_list("expert_id", flat=True))


def _applications(panel_id: int) -> list[int]:
    return list(PanelAssignment.objects.filter(panel_id=panel_id).values_list("application_id", flat=True))


def panel_conflicts_revoke(panel_id: int) -> None:
    """Remove `view_application` for every conflict between the panel's members and its applications. Run when
    a panel relation changes, after commit: conflicts found by `conflicts_detect` are inserted in bulk, which sends
    no signal (the predicates exclude conflicts in any case)."""
    pairs = ConflictOfInterest.objects.filter(
        application__panel_assignment__panel_id=panel_id, expert__panel_memberships__panel_id=panel_id
    ).values_list("expert_id", "application_id")
    by_expert: dict[int, list[int]] = {}
    for expert_id, application_id in pairs:
        by_expert.setdefault(expert_id, []).append(application_id)
    for expert_id, apps in by_expert.items():
        _revoke(VIEW_APPLICATION, [expert_id], apps)


def campaign_panels_dissolve(campaign) -> None:
    """第十条: the campaign's panels dissolve — every grant they gave is removed."""
    for panel in Panel.objects.filter(campaign=campaign):
        experts = _members(panel.pk)
        _revoke(VIEW_APPLICATION, experts, _applications(panel.pk))
        _revoke(VIEW_PANEL_RESULTS, experts, [panel.pk])


def _after_commit(panel_id: int) -> None:
    transaction.on_commit(lambda: panel_conflicts_revoke(panel_id))


# ---- signals ----------------------------------------------------------------------------------------------------


def _assignment_pre_save(sender, instance, raw=False, **kwargs):
    if raw:  # loaddata / restore: the grants come with the backup
        return
    instance._panel_before = (
        PanelAssignment.objects.filter(pk=instance.pk).values_list("panel_id", flat=True).first()
        if instance.pk
        else None
    )


def _assignment_saved(sender, instance, created, raw=False, **kwargs):
    if raw:
        return
    before = getattr(instance, "_panel_before", None)
    if before and before != instance.panel_id:  # moved to another panel (人工指定)
        _revoke(VIEW_APPLICATION, _members(before), [instance.application_id])
    if created or before != instance.panel_id:
        if not panel_dissolved(instance.panel.campaign):
            _grant_reviews(_members(instance.panel_id), [instance.application_id])
        _after_commit(instance.panel_id)


def _assignment_deleting(sender, instance, **kwargs):
    _revoke(VIEW_APPLICATION, _members(instance.panel_id), [instance.application_id])


def _member_saved(sender, instance, created, raw=False, **kwargs):
    if raw:
        return
    dissolved = panel_dissolved(instance.panel.campaign)
    if created and not dissolved:
        _grant_reviews([instance.expert_id], _applications(instance.panel_id))
    if instance.is_chair:
        # one chair per panel: whoever held the results before (set aside by a queryset update) loses them
        others = set(_members(instance.panel_id)) - {instance.expert_id}
        _revoke(VIEW_PANEL_RESULTS, others, [instance.panel_id])
        if not dissolved:
            _grant(VIEW_PANEL_RESULTS, [instance.expert_id], [instance.panel_id])
    else:
        _revoke(VIEW_PANEL_RESULTS, [instance.expert_id], [instance.panel_id])
    _after_commit(instance.panel_id)


def _member_deleting(sender, instance, **kwargs):
    _revoke(VIEW_APPLICATION, [instance.expert_id], _applications(instance.panel_id))
    _revoke(VIEW_PANEL_RESULTS, [instance.expert_id], [instance.panel_id])


def _conflict_saved(sender, instance, raw=False, **kwargs):
    if raw:
        return
    _revoke(VIEW_APPLICATION, [instance.expert_id], [instance.application_id])


def _conflict_deleted(sender, instance, **kwargs):
    assignment = (
        PanelAssignment.objects.filter(application_id=instance.application_id)
        .select_related("panel__campaign")
        .first()
    )
    if (
        assignment
        and not panel_dissolved(assignment.panel.campaign)
        and PanelMember.objects.filter(panel=assignment.panel, expert_id=instance.expert_id).exists()
    ):
        _grant_reviews([instance.expert_id], [instance.application_id])


def _campaign_saved(sender, instance, update_fields=None, raw=False, **kwargs):
    if not raw and (update_fields is None or "phase" in update_fields) and panel_dissolved(instance):
        campaign_panels_dissolve(instance)


def connect_signals() -> None:
    """Called once from `ScoringConfig.ready`."""
    uid = "scoring.permissions."
    pre_save.connect(_assignment_pre_save, sender=PanelAssignment, dispatch_uid=uid + "assignment_pre")
    post_save.connect(_assignment_saved, sender=PanelAssignment, dispatch_uid=uid + "assignment")
    pre_delete.connect(_assignment_deleting, sender=PanelAssignment, dispatch_uid=uid + "assignment_del")
    post_save.connect(_member_saved, sender=PanelMember, dispatch_uid=uid + "member")
    pre_delete.connect(_member_deleting, sender=PanelMember, dispatch_uid=uid + "member_del")
    post_save.connect(_conflict_saved, sender=ConflictOfInterest, dispatch_uid=uid + "conflict")
    post_delete.connect(_conflict_deleted, sender=ConflictOfInterest, dispatch_uid=uid + "conflict_del")
    post_save.connect(_campaign_saved, sender=Campaign, dispatch_uid=uid + "campaign")
