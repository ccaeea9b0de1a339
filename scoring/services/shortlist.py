"""第十七条: the panel determines the shortlist for 现场展示 — the chair confirms the office's prepared list or
changes it with reasons; the changes run as rows of the procedure table."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from awards.models import Application, Campaign
from scoring.models import ShortlistConfirmation
from scoring.permissions import is_chair
from scoring.selectors.panels import panel_shortlist_state

S = Application.State


def shortlist_confirm(*, panel, user, shortlisted_ids, reason: str = "", ip: str | None = None):
    """组长代表评议组确认入围名单 (第十七条). Without changes the office's list is confirmed as it is; with changes a
    reason is required and each change runs the procedure rows `panel_shortlist` / `panel_not_shortlist`."""
    # upward: the panel's changes to the shortlist run as rows of the procedure (第十七条)
    from workflow.services.transitions import application_transition

    if not is_chair(user, panel):
        raise PermissionDenied(_("只有评议组组长可以代表评议组确认入围名单。"))
    if panel.campaign.phase != Campaign.Phase.MATERIAL_REVIEW:
        raise ValidationError(_("第十七条：只有在材料评议阶段可以确认入围名单。"))
    apps, prepared, undecided = panel_shortlist_state(panel)
    if undecided:
        raise ValidationError(
            _("第十七条：组委会办公室尚未拟定完入围名单（还有 %(n)s 份未确定），请稍后确认。")
            % {"n": undecided}
        )
    wanted = {int(i) for i in shortlisted_ids}
    ours = {a.pk for a in apps}
    if wanted - ours:
        raise ValidationError(_("入围名单只能包含本组评议的申报。"))
    reason = (reason or "").strip()
    changed = wanted != set(prepared)
    if changed and not reason:
        raise ValidationError({"reason": [_("第十七条：调整办公室拟定的入围名单时，请说明理由。")]})
    with transaction.atomic():
        for app in apps:  # out first: a swap never exceeds the shortlist size
            if app.pk not in wanted and app.state == S.SHORTLISTED:
                application_transition(
                    application=app,
                    action="panel_not_shortlist",
                    user=user,
                    reason=reason,
                    ip=ip,
                    system=True,
                )
        for app in apps:
            if app.pk in wanted and app.state == S.NOT_SHORTLISTED:
                application_transition(
                    application=app, action="panel_shortlist", user=user, reason=reason, ip=ip, system=True
                )
        return ShortlistConfirmation.objects.create(
            panel=panel, shortlisted=sorted(wanted), prepared=prepared, reason=reason, confirmed_by=user
        )
