"""Reads of the office's eligibility pages (资格审查, 第十六条)."""

from django.db.models import Exists, OuterRef, Q
from django.shortcuts import get_object_or_404

from awards.eligibility import threshold_problems
from awards.models import Application, Campaign, Organization
from workflow.models import EligibilityReview

S = Application.State

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
        qs = qs.filter(unit_name=unit)
    if state:
        qs = qs.filter(state=state)
    if flag == "unreviewed":
        qs = qs.filter(has_review=False)
    rows = list(qs)

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


def applications_of(campaign: Campaign, ids) -> list[Application]:
    """The campaign's applications among `ids` (a bulk selection), by number."""
    return list(campaign.applications.filter(pk__in=ids).order_by("number", "id"))


def organization_or_404(pk: int) -> Organization:
    return get_object_or_404(Organization, pk=pk)
