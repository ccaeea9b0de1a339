"""Moving a 培训演练 campaign's simulated clock (decisions 260–262): the office's write of `clock_offset_days`.

The clock itself (`now`, `today`, `is_simulated`) is config/clock.py, read by every app; moving it writes the
campaign, bumps the public pages and counts working days, so it is a service of the top app layer. The readers are
re-exported so a page that shows and moves the clock imports one module.
"""

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from awards.models import Campaign
from config import pagecache
from config.clock import is_simulated, now, offset_days, today
from workflow.calendar import is_working_day

__all__ = [
    "MAX_ADVANCE_DAYS",
    "advance_to",
    "advance_working_days",
    "is_simulated",
    "now",
    "offset_days",
    "today",
]

#: The furthest the office may move a training clock in one step (a campaign lasts well under two years).
MAX_ADVANCE_DAYS = 730


def advance_to(*, campaign, target: datetime.date, user=None, reason: str = ""):
    """Move a training campaign's clock to `target` (its local date). Refused for a live campaign, for a date
    before the simulated today (the clock never goes back) and for a step longer than MAX_ADVANCE_DAYS.
    The step is recorded in the campaign's history with the real time, the user and both dates."""
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
    pagecache.changed(locked.pk)
    return locked


def advance_working_days(*, campaign, days: int, user=None, reason: str = ""):
    """Move a training clock forward by `days` working days (工作日, workflow.calendar)."""
    if days < 1:
        raise ValidationError(_("推进的工作日数至少为 1。"), code="days")
    d, counted = today(campaign), 0
    while counted < days:
        d += datetime.timedelta(days=1)
        counted += is_working_day(d)
    return advance_to(campaign=campaign, target=d, user=user, reason=reason)
