"""Working-day calendar (工作日): chinesecalendar for China's holidays and 调休 working weekends, with the
office's `CalendarOverride` rows winning. Stable entry points (docs/architecture.md §10)."""

import datetime

import chinese_calendar

from workflow.models import CalendarOverride


def _override(d: datetime.date) -> bool | None:

    row = CalendarOverride.objects.filter(date=d).values_list("is_working_day", flat=True).first()
    return row


def has_official_data(year: int) -> bool:
    """Whether chinesecalendar knows the holiday arrangement of `year`."""
    try:
        chinese_calendar.is_workday(datetime.date(year, 6, 1))
        return True
    except NotImplementedError:
        return False


def is_working_day(d: datetime.date) -> bool:
    return _working_day(d, _override(d))


def _working_day(d: datetime.date, override: bool | None) -> bool:
    if override is not None:
        return override
    try:
        return chinese_calendar.is_workday(d)
    except NotImplementedError:
        return d.weekday() < 5


def publicity_end(start: datetime.date, working_days: int = 5) -> datetime.date:
    """The last day of a period that starts on `start` and contains `working_days` working days
    (`start` counted when it is one)."""
    if working_days < 1:
        raise ValueError("working_days must be at least 1")
    d = start
    counted = 0
    while True:
        if is_working_day(d):
            counted += 1
            if counted == working_days:
                return d
        d += datetime.timedelta(days=1)


def working_days_between(start: datetime.date, end: datetime.date) -> int:
    """Working days in [start, end] (the office's overrides of the range in one query)."""
    overrides = dict(
        CalendarOverride.objects.filter(date__range=(start, end)).values_list("date", "is_working_day")
    )
    n, d = 0, start
    while d <= end:
        n += _working_day(d, overrides.get(d))
        d += datetime.timedelta(days=1)
    return n


def unofficial_years(start: datetime.date, end: datetime.date) -> list[int]:
    """Years in [start, end] with neither official data nor any override — the office must be warned."""

    years = []
    for year in range(start.year, end.year + 1):
        if not has_official_data(year) and not CalendarOverride.objects.filter(date__year=year).exists():
            years.append(year)
    return years
