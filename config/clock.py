"""The one clock every date rule reads (docs/architecture.md §“The clock”, decisions 260–262).

A live campaign runs on real time. A 培训演练 (training) campaign runs on a simulated clock: real time plus the
whole days the office advanced it (`Campaign.clock_offset_days`), so a trainer can show each phase without
waiting. Rules that decide something by the date (windows, deadlines, publicity length, revocation window, the
on-site day) call `now(campaign)` / `today(campaign)`; a rule without a campaign reads real time.

The clock only moves forward: a training campaign's simulated date never goes back past a day already shown,
so no recorded event can lie in the simulated future. Moving it is a write of the campaign: `advance_to` and
`advance_working_days` are in workflow/services/clock.py, which also re-exports the readers below.
"""

import datetime

from django.utils import timezone


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
