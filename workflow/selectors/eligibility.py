"""Reads of the office's eligibility pages (资格审查, 第十六条)."""

from django.core.paginator import Paginator
from django.db.models import Exists, OuterRef, Q
from django.shortcuts import get_object_or_404

from awards.articles import article_label
from awards.eligibility import threshold_problems
from awards.models import Application, Campaign, Organization
from config import pagecache
from workflow.models import EligibilityReview, TransitionLog

S = Application.State

ELIGIBILITY_STATES = (S.SUBMITTED, S.RETURNED, S.ELIGIBLE, S.INELIGIBLE)


QUEUE_PAGE_SIZE = 50
# What a row shows and its threshold flags need (awards.eligibility.threshold_problems): a wide row costs more to
# load than to show.
QUEUE_FIELDS = (
    "campaign_id",
    "state",
    "number",
    "name",
    "unit_name",
    "submitted_at",
    "years_in_industry",
    "years_in_post",
    "years_in_management",
    "direct_technical_work",
    "integrity_declared",
    "tech_domain__name",
    "tech_domain__name_en",
    "employer__name",
)


def threshold_q(award_type) -> Q:
    """The applications `awards.eligibility.threshold_problems` flags, as one condition (the 有条件提示 filter
    runs in the database; tests/workflow/test_office_scale.py checks that both agree)."""
    t = award_type
    q = Q(years_in_industry__isnull=True) | Q(years_in_industry__lt=t.min_industry_years)
    if t.min_post_years:
        q |= Q(years_in_post__isnull=True) | Q(years_in_post__lt=t.min_post_years)
    if t.min_management_years:
        q |= Q(years_in_management__isnull=True) | Q(years_in_management__lt=t.min_management_years)
    if t.requires_direct_technical_work:
        q |= Q(direct_technical_work=False)
    return q | Q(integrity_declared=False)


def eligibility_queue(campaign: Campaign, *, q="", domain=None, unit=None, state="", flag=""):
    """The queue's applications, filtered, in order — a queryset: the page shows one page of it
    (`eligibility_queue_page`)."""
    qs = (
        campaign.applications.filter(state__in=ELIGIBILITY_STATES)
        .select_related("tech_domain", "employer")
        .only(*QUEUE_FIELDS)
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
    if flag == "threshold":
        qs = qs.filter(threshold_q(campaign.award_type))
    return qs


def eligibility_queue_page(campaign: Campaign, page=None, **filters) -> dict:
    """One page of the queue (QUEUE_PAGE_SIZE rows; a page number that is not one gives the first page, one past
    the end the last) with each row's threshold problems, and the page numbers to link to: two queries whatever
    the page (count and rows)."""
    paginator = Paginator(eligibility_queue(campaign, **filters), QUEUE_PAGE_SIZE)
    page_obj = paginator.get_page(page)
    page_obj.object_list = list(page_obj.object_list)
    labels = {value: str(label) for value, label in S.choices}  # once, not get_state_display per row
    for app in page_obj.object_list:  # computed from fields already loaded: no query per row
        app.campaign = campaign  # with its award type (the thresholds), loaded once
        app.problems = threshold_problems(app)
        app.state_label = labels.get(app.state, app.state)
    return {
        "page_obj": page_obj,
        "rows": page_obj.object_list,
        "page_range": list(paginator.get_elided_page_range(page_obj.number, on_each_side=2, on_ends=1)),
    }


def queue_unit_names(campaign: Campaign) -> list[str]:
    """所在单位 as the applications name it, for the queue's filter (a unit without an account has no Organization
    row); cached per `pagecache.office_version` (any application write replaces it)."""
    return pagecache.office_cached(
        campaign.pk,
        "queue-unit-names",
        lambda: list(
            campaign.applications.exclude(state__in=(S.DRAFT, S.RETRACTED))
            .exclude(unit_name="")
            .order_by("unit_name")
            .values_list("unit_name", flat=True)
            .distinct()
        ),
    )


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


def application_record(pk: int) -> tuple[Application, list[dict]]:
    """The office's page of one application at any stage (issue 23.4): the application with its documents, and
    every logged step of the procedure it went through (time, step, from → to, who, article, reason) in words."""
    from workflow import procedure

    application = application_for_review(pk)
    label = dict(Application.State.choices)
    history = []
    for log in (
        TransitionLog.objects.filter(application=application)
        .select_related("actor")
        .order_by("created_at", "id")
    ):
        row = procedure.find("application", log.action)
        history.append(
            {
                "pk": log.pk,
                "at": log.created_at,
                "step": str(row.label) if row else log.action,
                "change": f"{label.get(log.from_state, log.from_state)} → {label.get(log.to_state, log.to_state)}",
                "actor": (log.actor.get_full_name() or log.actor.username) if log.actor else log.role,
                "article": article_label(log.article),
                "reason": log.reason,
            }
        )
    return application, history
