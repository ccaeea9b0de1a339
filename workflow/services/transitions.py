"""The one service that changes a campaign phase or an application state (docs/architecture.md §4). The checks
of a row (role, source, phase, reason, guards) and what a page may offer next (`allowed_actions`) are reads, in
workflow/selectors/procedure.py; they run here again under the locks."""

from django.db import transaction
from django.utils.translation import gettext as _

from awards.models import Application, Campaign
from config import clock, pagecache
from workflow import procedure
from workflow.effects import EFFECTS
from workflow.errors import TransitionRefused
from workflow.guards import Context
from workflow.models import TransitionLog
from workflow.selectors.procedure import check_row, role_for
from workflow.services.audit import chain_append


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
        role = role_for(row, user, system=False)
        ctx = Context(
            campaign=locked,
            user=user,
            reason=reason,
            now=now or clock.now(locked),
            extra={**extra, "action": row.action, "current_label": locked.get_phase_display()},
        )
        check_row(row, locked.phase, ctx, phase=None)
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
        role = role_for(row, user, system=system)
        ctx = Context(
            campaign=locked.campaign,
            user=user,
            application=locked,
            reason=reason,
            now=now or clock.now(locked.campaign),
            extra={**extra, "action": row.action, "current_label": locked.get_state_display()},
        )
        check_row(row, locked.state, ctx, phase=locked.campaign.phase)
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
