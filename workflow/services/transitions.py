"""The one service that changes a campaign phase or an application state (docs/architecture.md §4)."""

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils.translation import gettext as _

from awards.models import Application, Campaign
from awards.permissions import roles_of
from config import clock, pagecache
from workflow import procedure
from workflow.articles import article_label
from workflow.effects import EFFECTS
from workflow.errors import TransitionRefused
from workflow.guards import Context
from workflow.models import TransitionLog
from workflow.services.audit import chain_append


def _role_for(row: procedure.Transition, user, system: bool) -> str:
    if system:
        if procedure.SYSTEM not in row.roles:
            raise TransitionRefused(
                _("“%(label)s”不能由系统自动执行。") % {"label": row.label}, rule="procedure"
            )
        return procedure.SYSTEM
    if procedure.SYSTEM in row.roles and len(row.roles) == 1:
        raise PermissionDenied(
            _("“%(label)s”只能通过相应程序（如组委会决定）执行，不能直接操作。") % {"label": row.label}
        )
    user_roles = roles_of(user)
    for role in row.roles:
        if role in user_roles:
            return role
    raise PermissionDenied(
        _("您的角色无权执行“%(label)s”（依据%(article)s，须由%(roles)s执行）。")
        % {
            "label": row.label,
            "article": article_label(row.article),
            "roles": "、".join(str(_role_label(r)) for r in row.roles if r != procedure.SYSTEM),
        }
    )


def _role_label(role: str):
    from awards.permissions import Role

    try:
        return Role(role).label
    except ValueError:
        return role


def run_guard(guard, ctx: Context, outcomes: dict | None = None) -> None:
    """`guard(ctx)`, or its outcome already found for this page (`outcomes`: guard → the refusal it raised, or
    None). Only for one page's list of what a campaign may do next (`allowed_actions`, `phase_rows`): the rows
    leaving one phase share guards (a current ranking, the counts of the lists), and a campaign guard reads the
    campaign, the user and the time, never the row's own action, so one outcome holds for every row of the page
    (docs/decisions.md 406). A transition itself always runs its guards anew (`_check` without `outcomes`)."""
    if outcomes is None:
        guard(ctx)
        return
    if guard not in outcomes:
        try:
            guard(ctx)
            outcomes[guard] = None
        except TransitionRefused as refusal:
            outcomes[guard] = refusal
    if outcomes[guard] is not None:
        raise outcomes[guard]


def _check(row, current: str, ctx: Context, phase: str | None, outcomes: dict | None = None) -> None:
    if current not in row.source:
        raise TransitionRefused(
            _("程序不允许从“%(current)s”执行“%(label)s”（%(article)s）。")
            % {
                "current": ctx.extra["current_label"],
                "label": row.label,
                "article": article_label(row.article),
            },
            rule="procedure",
        )
    if phase is not None and row.phases and phase not in row.phases:
        raise TransitionRefused(
            _("“%(label)s”只能在%(phases)s阶段进行，当前活动处于“%(phase)s”阶段（%(article)s）。")
            % {
                "label": row.label,
                "phases": "、".join(str(Campaign.Phase(p).label) for p in row.phases),
                "phase": Campaign.Phase(phase).label,
                "article": article_label(row.article),
            },
            rule=row.article,
        )
    if row.reason_required and not ctx.reason.strip():
        raise TransitionRefused(_("“%(label)s”须填写理由。") % {"label": row.label}, rule="procedure")
    for guard in row.guards:
        run_guard(guard, ctx, outcomes)


def _find(subject: str, action: str) -> procedure.Transition:
    row = procedure.find(subject, action)
    if row is None:
        raise TransitionRefused(_("程序中没有“%(action)s”这一操作。") % {"action": action}, rule="procedure")
    return row


def campaign_transition(
    *, campaign: Campaign, action: str, user, reason: str = "", ip: str | None = None, now=None, **extra
) -> Campaign:
    """Move a campaign to its next phase along the procedure table."""
    row = _find("campaign", action)
    with transaction.atomic():
        locked = Campaign.objects.select_for_update().select_related("award_type").get(pk=campaign.pk)
        role = _role_for(row, user, system=False)
        ctx = Context(
            campaign=locked,
            user=user,
            reason=reason,
            now=now or clock.now(locked),
            extra={**extra, "action": row.action, "current_label": locked.get_phase_display()},
        )
        _check(row, locked.phase, ctx, phase=None)
        previous = locked.phase
        locked.phase = row.target
        locked._change_reason = f"{row.action}: {reason}"[:500]
        locked._history_user = user if getattr(user, "pk", None) else None
        locked.save(update_fields=["phase"])
        chain_append(
            TransitionLog(
                subject=TransitionLog.Subject.CAMPAIGN,
                campaign=locked,
                action=row.action,
                from_state=previous,
                to_state=row.target,
                actor=user,
                role=role,
                reason=reason,
                ip=ip,
                article=row.article,
            ),
            campaign_id=locked.pk,
        )
        for effect in row.effects:
            EFFECTS[effect](ctx, locked, None)
        _notify(row, locked, None, ctx)
        pagecache.changed(locked.pk)
        pagecache.changed()  # the public lists show every campaign's phase
    campaign.phase = locked.phase
    return locked


def application_transition(
    *,
    application: Application,
    action: str,
    user,
    reason: str = "",
    ip: str | None = None,
    system: bool = False,
    now=None,
    **extra,
) -> Application:
    """Change an application's state along the procedure table. `system=True` only for rows whose role is the
    procedure itself (awarding after the committee's decision, revocation after its approval)."""
    row = _find("application", action)
    with transaction.atomic():
        # Lock the campaign first (same order as campaign_transition): guards that count across the campaign
        # (quota, shortlist size) and the phase stay true until commit; then lock the application itself.
        campaign_id = Application.objects.values_list("campaign_id", flat=True).get(pk=application.pk)
        list(Campaign.objects.select_for_update().filter(pk=campaign_id).values_list("pk", flat=True))
        locked = (
            Application.objects.select_for_update(of=("self",))
            .select_related("campaign__award_type")
            .get(pk=application.pk)
        )
        role = _role_for(row, user, system=system)
        ctx = Context(
            campaign=locked.campaign,
            user=user,
            application=locked,
            reason=reason,
            now=now or clock.now(locked.campaign),
            extra={**extra, "action": row.action, "current_label": locked.get_state_display()},
        )
        _check(row, locked.state, ctx, phase=locked.campaign.phase)
        previous = locked.state
        locked.state = row.target
        locked._change_reason = f"{row.action}: {reason}"[:500]
        locked._history_user = user if getattr(user, "pk", None) else None
        locked.save(update_fields=["state", "updated_at"])
        chain_append(
            TransitionLog(
                subject=TransitionLog.Subject.APPLICATION,
                campaign=locked.campaign,
                application=locked,
                action=row.action,
                from_state=previous,
                to_state=row.target,
                actor=user if not system or getattr(user, "pk", None) else None,
                role=role,
                reason=reason,
                ip=ip,
                article=row.article,
            ),
            campaign_id=locked.campaign_id,
        )
        for effect in row.effects:
            EFFECTS[effect](ctx, locked.campaign, locked)
        _notify(row, locked.campaign, locked, ctx)
        pagecache.changed(locked.campaign_id)
    application.state = locked.state
    application.number = locked.number
    application.submitted_at = locked.submitted_at
    application.person_id = locked.person_id
    return locked


def _notify(row, campaign, application, ctx) -> None:
    if not row.notify:
        return
    from workflow.notifications import notify_transition

    transaction.on_commit(
        lambda: notify_transition(row.notify, campaign=campaign, application=application, reason=ctx.reason)
    )


def allowed_actions(
    subject: str, obj, user, *, outcomes: dict | None = None
) -> list[tuple[procedure.Transition, str | None]]:
    """What `user` may do next with `obj`, and why not for each row that leaves its state (for pages).
    `outcomes` (campaign rows only): the guards' outcomes shared by the page (`run_guard`)."""
    if outcomes is not None and subject != "campaign":
        raise ValueError("guard outcomes are shared only between the rows of one campaign")
    state = obj.phase if subject == "campaign" else obj.state
    campaign = obj if subject == "campaign" else obj.campaign
    result = []
    for row in procedure.rows_from(subject, state):
        try:
            _role_for(row, user, system=False)
            ctx = Context(
                campaign=campaign,
                user=user,
                application=None if subject == "campaign" else obj,
                reason="-",
                extra={"action": row.action, "current_label": ""},
            )
            _check(
                row, state, ctx, phase=None if subject == "campaign" else campaign.phase, outcomes=outcomes
            )
            result.append((row, None))
        except (TransitionRefused, PermissionDenied) as e:
            result.append((row, " ".join(getattr(e, "messages", [str(e)]))))
    return result
