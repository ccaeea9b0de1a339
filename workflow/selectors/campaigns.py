"""Reads of the office's campaign pages: the list, the dashboard (counts, deadlines, the phase to-do list) and the
campaign every campaign page starts from. Each is a fixed number of queries."""

import datetime
from dataclasses import dataclass

from django.conf import settings
from django.db.models import Count, Q
from django.utils import timezone
from django.utils.functional import SimpleLazyObject
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from awards.models import Application, Campaign, Organization
from config import clock, pagecache
from workflow import calendar
from workflow.documents import charts
from workflow.errors import TransitionRefused
from workflow.guards import Context
from workflow.selectors.procedure import allowed_actions, run_guard

S = Application.State


def organizations():
    """Every unit, by name (the unit an office import pre-registers applicants for)."""
    return Organization.objects.order_by("name")


def office_campaigns():
    return Campaign.objects.select_related("award_type").annotate(
        submitted_count=Count("applications", filter=~Q(applications__state__in=[S.DRAFT, S.RETRACTED]))
    )


def _application_counts(campaign: Campaign) -> tuple[dict, list]:
    """({state: count}, [(domain name, name_en, count of submitted applications)]) — cached per
    `pagecache.office_version` (every application write and state change replaces it; docs/decisions.md 113)."""

    def compute():
        states = dict(
            campaign.applications.values_list("state").annotate(n=Count("id")).values_list("state", "n")
        )
        domains = list(
            campaign.applications.exclude(state__in=[S.DRAFT, S.RETRACTED])
            .values_list("tech_domain__name", "tech_domain__name_en")
            .annotate(n=Count("id"))
            .order_by("tech_domain__order")
        )
        return states, domains

    return pagecache.office_cached(campaign.pk, "application-counts", compute)


def state_counts(campaign: Campaign) -> list[tuple[str, str, int]]:
    """(state, label, count) for every application state that occurs, in the procedure's order."""
    counts = _application_counts(campaign)[0]
    return [(s.value, s.label, counts[s.value]) for s in S if counts.get(s.value)]


@dataclass
class Deadline:
    label: str
    date: datetime.date
    working_days_left: int | None
    passed: bool
    at: datetime.datetime | None = None  # the exact moment, for dates set with a time (申报截止 17:00)
    starts: bool = False  # a start (已开始 once passed) rather than an end (已截止)
    is_today: bool = False


def deadlines(
    campaign: Campaign, today: datetime.date | None = None, now: datetime.datetime | None = None
) -> list[Deadline]:
    """The campaign's dates with the working days left (workflow.calendar). A date with a time has passed at that
    moment (a same-day deadline at 12:00 is 已截止 in the afternoon); a date without one at the end of that day."""
    now = now or clock.now(campaign)
    today = today or timezone.localdate(now)
    items = []

    def add(label, value, starts=False):
        if value is None:
            return
        if isinstance(value, datetime.datetime):
            day, at, passed = timezone.localdate(value), value, now >= value
        else:
            day, at, passed = value, None, value < today
        left = calendar.working_days_between(today, day) if not passed and day > today else None
        items.append(Deadline(label, day, left, passed, at, starts, is_today=not passed and day == today))

    add(_("申报开始"), campaign.opens_at, starts=True)
    add(_("申报截止"), campaign.closes_at)
    if campaign.public_input_enabled:
        add(_("公众评价开始"), campaign.public_input_opens_at, starts=True)
        add(_("公众评价结束"), campaign.public_input_closes_at)
    publicity = getattr(campaign, "publicity", None)
    if publicity is not None:
        add(_("公示开始"), publicity.starts_on, starts=True)
        add(_("公示结束"), publicity.ends_on)
    return items


def calendar_warnings(items: list[Deadline], today: datetime.date | None = None) -> list[str]:
    """Years the campaign's periods reach for which no official holiday data exists."""
    if not items:
        return []
    today = today or timezone.localdate()
    start = min([today] + [d.date for d in items])
    end = max([today] + [d.date for d in items])
    return [
        _("%(year)s 年尚无官方节假日安排，按周一至周五计算工作日；请在“工作日调整”中补录后再确认期限。")
        % {"year": year}
        for year in calendar.unofficial_years(start, end)
    ]


def campaign_dashboard(campaign: Campaign, user) -> dict:

    items = deadlines(campaign)
    return {
        # the counts, their table and charts: computed only when the template's cached part (keyed by
        # `office_version`, which every application write replaces) is not in the cache (decisions 420)
        "summary": SimpleLazyObject(lambda: application_summary(campaign)),
        "office_version": pagecache.office_version(campaign.pk),
        "cache_seconds": settings.OFFICE_CACHE_SECONDS,
        "campaign": campaign,
        "actions": phase_rows(campaign, user),
        "deadlines": items,
        "calendar_warnings": calendar_warnings(items, clock.today(campaign)),
        "log": _phase_log(campaign),
    }


def application_summary(campaign: Campaign) -> dict:
    """The dashboard's 申报情况: counts by state (the table, its total and the chart show the same counts) and by
    technical domain, with their charts."""
    counts = state_counts(campaign)
    domains = _application_counts(campaign)[1]
    english = (get_language() or "").startswith("en")
    return {
        "state_chart": charts.bar_chart([(label, n) for _s, label, n in counts], title=_("各状态申报数")),
        "domain_chart": charts.bar_chart(
            [((english and name_en) or name or _("未填"), n) for name, name_en, n in domains],
            title=_("各技术领域申报数"),
        ),
        "counts": counts,
        "total": sum(n for _s, _l, n in counts),
    }


def _phase_log(campaign: Campaign) -> list:
    """The campaign's last ten phase changes. Only `workflow/services/transitions.py` writes them, and it replaces
    the campaign's version, so they are cached with the counts (the query scans the whole log at city scale)."""
    return pagecache.office_cached(
        campaign.pk,
        "phase-log",
        lambda: list(
            campaign.transition_logs.filter(subject="campaign")
            .select_related("actor")
            .order_by("-created_at")[:10]
        ),
    )


def phase_rows(campaign: Campaign, user) -> list[tuple]:
    """Each campaign row leaving the current phase with every message that blocks it now (all guards, not
    only the first), so that the office sees the whole to-do list."""

    rows = []
    outcomes = {}  # each guard runs once for the page, however many rows share it (docs/decisions.md 406)
    for row, why_not in allowed_actions("campaign", campaign, user, outcomes=outcomes):
        messages = []
        if why_not:
            ctx = Context(campaign=campaign, user=user, reason="-", extra={"current_label": ""})
            for guard in row.guards:
                try:
                    run_guard(guard, ctx, outcomes)
                except TransitionRefused as e:
                    messages.extend(e.messages)
            if not messages:
                messages = [why_not]
        rows.append((row, messages))
    return rows
