"""The one clock every date rule reads (docs/architecture.md §“The clock”, decisions 260–262).

A live campaign runs on real time. A 培训演练 (training) campaign runs on a simulated clock: real time plus the
whole days the office advanced it (`Campaign.clock_offset_days`), so a trainer can show each phase without
waiting. Rules that decide something by the date (windows, deadlines, publicity length, revocation window, the
on-site day) call `now(campaign)` / `today(campaign)`; a rule without a campaign reads real time.

The clock only moves forward: a training campaign's simulated date never goes back past a day already shown,
so no recorded event can lie in the simulated future.
"""

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

#: The furthest the office may move a training clock in one step (a campaign lasts well under two years).
MAX_ADVANCE_DAYS = 730


def offset_days(campaign) -> int:
    if campaign is None or not getattr(campaign, "is_training", False):
        return 0
    return campaign.clock_offset_days or 0


def now(campaign=None) -> datetime.datetime:
    """The campaign's current moment (aware): real time, plus the training offset for a training campaign."""
    return timezone.now() + datetime.timedelta(days=offset_days(campaign))


def today(campaign=None) -> datetime.date:
    """The campaign's current day in the site's time zone (Asia/Shanghai)."""
    return timezone.localdate(now(campaign))


def is_simulated(campaign) -> bool:
    return offset_days(campaign) != 0


def advance_to(*, campaign, target: datetime.date, user=None, reason: str = ""):
    """Move a training campaign's clock to `target` (its local date). Refused for a live campaign, for a date
    before the simulated today (the clock never goes back) and for a step longer than MAX_ADVANCE_DAYS.
    The step is recorded in the campaign's history with the real time, the user and both dates."""
    from awards.models import Campaign

    with transaction.atomic():
        locked = Campaign.objects.select_for_update().get(pk=campaign.pk)
        if not locked.is_training:
            raise ValidationError(
                _("只有“培训演练”活动可以推进模拟日期；正式活动始终使用真实日期。"), code="live_campaign"
            )
        current = today(locked)
        if target < current:
            raise ValidationError(
                _("模拟日期只能向后推进：当前模拟日期为 %(current)s，不能改为 %(target)s。")
                % {"current": current.isoformat(), "target": target.isoformat()},
                code="backwards",
            )
        if (target - current).days > MAX_ADVANCE_DAYS:
            raise ValidationError(
                _("一次最多推进 %(days)s 天。") % {"days": MAX_ADVANCE_DAYS}, code="too_far"
            )
        locked.clock_offset_days = (target - timezone.localdate()).days
        locked._change_reason = f"clock: {current.isoformat()} -> {target.isoformat()} {reason}".strip()[:500]
        locked._history_user = user if getattr(user, "pk", None) else None
        locked.save(update_fields=["clock_offset_days"])
    campaign.clock_offset_days = locked.clock_offset_days
    from config import pagecache

    pagecache.changed(locked.pk)
    return locked


def advance_working_days(*, campaign, days: int, user=None, reason: str = ""):
    """Move a training clock forward by `days` working days (工作日, workflow.calendar)."""
    from workflow.calendar import is_working_day

    if days < 1:
        raise ValidationError(_("推进的工作日数至少为 1。"), code="days")
    d, counted = today(campaign), 0
    while counted < days:
        d += datetime.timedelta(days=1)
        counted += is_working_day(d)
    return advance_to(campaign=campaign, target=d, user=user, reason=reason)
