"""Reads for the office and committee pages (B owns workflow/selectors.py). Each list is a fixed number of
queries whatever its length."""

import datetime
from dataclasses import dataclass

from django.db.models import Count, Exists, OuterRef, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from awards.models import Application, Campaign
from workflow import calendar
from workflow.models import EligibilityReview

S = Application.State


def office_campaigns():
    return Campaign.objects.select_related("award_type").annotate(
        submitted_count=Count("applications", filter=~Q(applications__state__in=[S.DRAFT, S.RETRACTED]))
    )


def state_counts(campaign: Campaign) -> list[tuple[str, str, int]]:
    """(state, label, count) for every application state that occurs, in the procedure's order."""
    counts = dict(
        campaign.applications.values_list("state").annotate(n=Count("id")).values_list("state", "n")
    )
    return [(s.value, s.label, counts[s.value]) for s in S if counts.get(s.value)]


@dataclass
class Deadline:
    label: str
    date: datetime.date
    working_days_left: int | None
    passed: bool


def deadlines(campaign: Campaign, today: datetime.date | None = None) -> list[Deadline]:
    """The campaign's dates with the working days left (workflow.calendar)."""
    today = today or timezone.localdate()
    items = []

    def add(label, value):
        if value is None:
            return
        day = timezone.localdate(value) if isinstance(value, datetime.datetime) else value
        left = calendar.working_days_between(today, day) if day >= today else None
        items.append(Deadline(label, day, left, day < today))

    add(_("申报开始"), campaign.opens_at)
    add(_("申报截止"), campaign.closes_at)
    if campaign.public_input_enabled:
        add(_("公众评价开始"), campaign.public_input_opens_at)
        add(_("公众评价结束"), campaign.public_input_closes_at)
    publicity = getattr(campaign, "publicity", None)
    if publicity is not None:
        add(_("公示开始"), publicity.starts_on)
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
    from workflow.services.transitions import allowed_actions

    items = deadlines(campaign)
    return {
        "campaign": campaign,
        "counts": state_counts(campaign),
        "total": sum(n for _s, _l, n in state_counts(campaign)),
        "actions": allowed_actions("campaign", campaign, user),
        "deadlines": items,
        "calendar_warnings": calendar_warnings(items),
        "log": campaign.transition_logs.filter(subject="campaign")
        .select_related("actor")
        .order_by("-created_at")[:10],
    }


# --- eligibility --------------------------------------------------------------------------------------------------

ELIGIBILITY_STATES = (S.SUBMITTED, S.RETURNED, S.ELIGIBLE, S.INELIGIBLE)


def eligibility_queue(campaign: Campaign, *, q="", domain=None, unit=None, state="", flag=""):
    qs = (
        campaign.applications.filter(state__in=ELIGIBILITY_STATES)
        .select_related("tech_domain", "employer", "campaign__award_type", "eligibility_review")
        .annotate(has_review=Exists(EligibilityReview.objects.filter(application=OuterRef("pk"))))
        .order_by("number", "submitted_at", "id")
    )
    if q:
        qs = qs.filter(Q(name__icontains=q) | Q(number__icontains=q))
    if domain:
        qs = qs.filter(tech_domain=domain)
    if unit:
        qs = qs.filter(employer=unit)
    if state:
        qs = qs.filter(state=state)
    if flag == "unreviewed":
        qs = qs.filter(has_review=False)
    rows = list(qs)
    from awards.eligibility import threshold_problems

    for app in rows:  # computed from fields already loaded: no query per row
        app.problems = threshold_problems(app)
    if flag == "threshold":
        rows = [a for a in rows if a.problems]
    return rows


def application_for_review(pk: int) -> Application:
    return (
        Application.objects.select_related(
            "campaign__award_type", "tech_domain", "employer", "recommender", "industry_subcategory"
        )
        .prefetch_related("attachments", "education_entries", "work_entries", "supplement_requests")
        .get(pk=pk)
    )


# --- panels ---------------------------------------------------------------------------------------------------------


def panels_page(campaign: Campaign) -> dict:
    from django.contrib.auth import get_user_model
    from django.db.models import Prefetch

    from scoring.models import ConflictOfInterest, PanelAssignment, PanelMember

    panels = list(
        campaign.panels.prefetch_related(
            "tech_domains",
            Prefetch(
                "members",
                queryset=PanelMember.objects.select_related("expert__expert_profile__organization").order_by(
                    "-is_chair", "expert__username"
                ),
            ),
        )
    )
    apps = list(
        campaign.applications.filter(state__in=("eligible", "shortlisted", "not_shortlisted"))
        .select_related("tech_domain", "employer", "recommender", "panel_assignment__panel")
        .order_by("number", "id")
    )
    conflicts: dict[int, list] = {}
    for c in ConflictOfInterest.objects.filter(application__campaign=campaign).select_related("expert"):
        conflicts.setdefault(c.application_id, []).append(c)
    for app in apps:
        app.conflict_list = conflicts.get(app.pk, [])
        app.assignment = getattr(app, "panel_assignment", None)
    experts = (
        get_user_model()
        .objects.filter(groups__name="expert", is_active=True)
        .select_related("expert_profile__organization")
        .order_by("username")
    )
    return {
        "campaign": campaign,
        "panels": panels,
        "apps": apps,
        "experts": experts,
        "unassigned": sum(1 for a in apps if a.assignment is None),
        "assignments": PanelAssignment.objects.filter(application__campaign=campaign).count(),
    }
