"""The office's campaign set-up (第十四条): create a campaign, change its plan while the call allows it, and the
dates the published call promised. Each write checks the role and runs in one transaction."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from awards import frozen
from awards.models import Campaign
from awards.permissions import Role
from config import clock
from config.text import aside, clauses, labelled, series
from workflow import permissions
from workflow.models import TransitionLog
from workflow.notifications import notify_dates_changed
from workflow.selectors.rules import RULE_FIELDS
from workflow.services.audit import chain_append
from workflow.services.history import save_with_history
from workflow.services.rules import RULE_PHASES, changed_rules

EDITABLE_PHASES = (Campaign.Phase.DRAFT, Campaign.Phase.OPEN)


#: The dates of the plan, in the order they are shown; (opens, closes) pairs are windows the call promises.
PLAN_DATES = ("opens_at", "closes_at", "public_input_opens_at", "public_input_closes_at")
WINDOWS = (("opens_at", "closes_at"), ("public_input_opens_at", "public_input_closes_at"))


def promised_dates(campaign: Campaign) -> dict:
    """The dates as the call published them (the campaign as it was when the `open` transition ran); {} while
    the call is not published."""
    published = (
        TransitionLog.objects.filter(
            campaign=campaign,
            subject=TransitionLog.Subject.CAMPAIGN,
            action="open",
            from_state=Campaign.Phase.DRAFT,
        )
        .order_by("created_at")
        .first()
    )
    if published is None:
        return {}
    try:
        then = campaign.history.as_of(published.created_at)
    except Campaign.DoesNotExist:
        return {}
    return {name: getattr(then, name) for name in PLAN_DATES}


def frozen_fields(campaign: Campaign, now=None) -> set[str]:
    """Fields shown read-only on the plan page: all of them once the call is closed for changes, and 申报开始
    once the call has opened (it cannot be undone). "*" with "rule:<name>" entries: everything is read-only except
    the rules (第八条（二）), which can still be put to the committee until 综合评价."""
    if not campaign.pk:
        return set()
    if campaign.phase not in EDITABLE_PHASES:
        if campaign.phase in RULE_PHASES:  # the rules may still be changed, by the committee's approval only
            return {"*"} | {f"rule:{name}" for name in RULE_FIELDS}
        return {"*"}
    frozen = {"award_type", "year", "is_training"}
    now = now or clock.now(campaign)
    if campaign.phase == Campaign.Phase.OPEN and campaign.opens_at and campaign.opens_at <= now:
        frozen.add("opens_at")
    return frozen


def _fmt(value) -> str:
    return timezone.localtime(value).strftime("%Y-%m-%d %H:%M") if value else "—"


def date_changes(before: dict, campaign: Campaign) -> list[tuple[str, object, object]]:
    return [
        (name, before.get(name), getattr(campaign, name))
        for name in PLAN_DATES
        if before.get(name) != getattr(campaign, name)
    ]


def _check_promises(campaign: Campaign, promised: dict) -> dict:
    """A published window may be extended, never shortened below what the call promised (第十四条 申报通知)."""
    errors: dict[str, list[str]] = {}
    for opens, closes in WINDOWS:
        p_open, p_close = promised.get(opens), promised.get(closes)
        new_open, new_close = getattr(campaign, opens), getattr(campaign, closes)
        if p_close and (new_close is None or new_close < p_close):
            errors.setdefault(closes, []).append(
                _("申报通知已公布“%(label)s”为 %(date)s，只能推后，不能提前或删除。")
                % {"label": Campaign._meta.get_field(closes).verbose_name, "date": _fmt(p_close)}
            )
        if p_open and (new_open is None or new_open > p_open):
            errors.setdefault(opens, []).append(
                _("申报通知已公布“%(label)s”为 %(date)s，只能提前，不能推后或删除。")
                % {"label": Campaign._meta.get_field(opens).verbose_name, "date": _fmt(p_open)}
            )
    return errors


#: Plan fields frozen with the rules (awards/frozen.py, decisions 121), changed only here with a reason.
PLAN_RULES = tuple(f.name for f in frozen.FROZEN_FIELDS if f.path == frozen.PLAN and f.since == frozen.RULES)


def _fmt_value(value) -> str:
    if value is None or hasattr(value, "tzinfo"):
        return _fmt(value)
    return str(value)


def _check_plan_rules(campaign: Campaign, before: dict) -> dict:
    """After the committee approved the rules: the publicity is never shortened (decisions 121). The committee's
    quorum and majority are not the office's: only the committee's own vote changes them (decisions 201)."""
    errors: dict[str, list[str]] = {}
    if campaign.publicity_working_days < before["publicity_working_days"]:
        errors.setdefault("publicity_working_days", []).append(
            _("组委会审议通过评议规则后，公示工作日数只能增加，不能减少（原为 %(n)s 个工作日）。")
            % {"n": before["publicity_working_days"]}
        )
    return errors


def campaign_save(*, form, user, reason: str = "", ip=None) -> Campaign:
    """Create a campaign (筹备) or change its settings while it is in 筹备 or 申报 (第十四条). Once the call is
    published, a change of dates needs a reason, may only lengthen the promised windows, is written to the phase
    log and notified to everyone with an application in the campaign and to their recommending units. The same
    holds, once the committee approved the rules, for the publicity length
    (frozen fields, awards/frozen.py): this is their one sanctioned path (decisions 121)."""
    permissions.require_office(user, _("设置评选活动"))
    campaign = form.instance
    if campaign.pk and campaign.phase not in EDITABLE_PHASES:
        raise ValidationError(
            _("评选活动已进入“%(phase)s”阶段，活动方案不能再修改。") % {"phase": campaign.get_phase_display()}
        )
    if campaign.pk and campaign.rules_approved_at:
        changed = changed_rules(campaign, form.cleaned_data)
        if changed:
            raise ValidationError(
                _(
                    "第八条（二）：评议规则已经组委会审议通过并冻结，%(fields)s 不能直接修改；"
                    "请用“提请组委会审议规则修改”。"
                )
                % {"fields": series(changed)}
            )
    before = {}
    stored = None
    if campaign.pk:
        stored = Campaign.objects.get(pk=campaign.pk)
        before = {name: getattr(stored, name) for name in PLAN_DATES + PLAN_RULES}
    with transaction.atomic():
        campaign = form.save(commit=False)
        changes = date_changes(before, campaign) if campaign.pk else []
        published = campaign.pk and campaign.phase != Campaign.Phase.DRAFT
        plan_changes = (
            [
                (name, before[name], getattr(campaign, name))
                for name in PLAN_RULES
                if before[name] != getattr(campaign, name)
            ]
            if stored is not None and stored.rules_approved_at
            else []
        )
        logged = (changes if published else []) + plan_changes
        reason = (reason or "").strip()
        if logged:
            errors = _check_promises(campaign, promised_dates(campaign)) if published and changes else {}
            for name, messages in (_check_plan_rules(campaign, before) if plan_changes else {}).items():
                errors.setdefault(name, []).extend(messages)
            if not reason and published and changes:
                errors.setdefault("change_reason", []).append(
                    _("申报通知公布后修改日期，须填写修改原因（将记入阶段记录并通知申报人）。")
                )
            elif not reason:
                errors.setdefault("change_reason", []).append(
                    _(
                        "组委会审议通过评议规则后修改表决规则或公示工作日数，须填写修改原因（将记入阶段记录）。"
                    )
                )
            if errors:
                raise ValidationError(errors)
        if not campaign.pk:
            campaign.created_by = user
        if logged:
            with frozen.sanctioned_change(frozen.PLAN, reason) as history_reason:
                save_with_history(campaign, user, history_reason)
        else:
            save_with_history(campaign, user, "campaign_save")
        if logged:
            summary = clauses(
                labelled(
                    Campaign._meta.get_field(name).verbose_name, f"{_fmt_value(old)} → {_fmt_value(new)}"
                )
                for name, old, new in logged
            )
            chain_append(  # chained like every phase-log entry (docs/security.md §3)
                TransitionLog(
                    subject=TransitionLog.Subject.CAMPAIGN,
                    campaign=campaign,
                    action="change_dates",
                    from_state=campaign.phase,
                    to_state=campaign.phase,
                    actor=user,
                    role=Role.OFFICE,
                    reason=f"{reason}{aside(summary)}",
                    ip=ip,
                    article="第十四条" if changes and published else "第八条",
                ),
                campaign_id=campaign.pk,
            )
            if published:
                transaction.on_commit(
                    lambda: notify_dates_changed(campaign=campaign, changes=logged, reason=reason)
                )
    return campaign
