"""Reads of the publicity pages (公示, 第二十一条): the listed applications, the publicity with its in-unit notices,
objections (the office's full view and the public view without the objector), and the public results."""

from django.db.models import Case, F, Prefetch, Value, When
from django.shortcuts import get_object_or_404

from awards.models import Application, Campaign
from workflow.calendar import publicity_end
from workflow.models import Honor, Objection, Publicity, PublicityEntry, UnitNotice
from workflow.selectors.honors import in_list_order

S = Application.State
LISTED = (S.RECOMMENDED, S.NOMINATED)

# What the public and other roles may see of an objection: never the objector's identity or contact.
OBJECTION_PUBLIC_FIELDS = (
    "id",
    "application_id",
    "application__name",
    "application__number",
    "status",
    "created_at",
    "outcome",
)


def listed_applications(campaign: Campaign):
    """The publicity list: the recommended titles first, then the nominations (提名), each by number.

    Once the publicity is open, its list is the fixed record written then (`PublicityEntry`): the same people in
    the same order whatever happened to them afterwards (awarded, withdrawn after an objection). Before that it
    is the applications listed now (the office's preview). Each application carries `publicity_kind`
    ("title" or "nomination")."""
    entries = PublicityEntry.objects.filter(publicity__campaign=campaign)
    if entries.exists():
        return (
            campaign.applications.filter(publicity_entries__publicity__campaign=campaign)
            .select_related("employer", "tech_domain")
            .annotate(publicity_kind=F("publicity_entries__kind"))
            .order_by("publicity_entries__position")
        )
    rank = Case(When(state=S.RECOMMENDED, then=Value(0)), default=Value(1))
    kind = Case(
        When(state=S.NOMINATED, then=Value(PublicityEntry.Kind.NOMINATION)),
        default=Value(PublicityEntry.Kind.TITLE),
    )
    return (
        campaign.applications.filter(state__in=LISTED)
        .select_related("employer", "tech_domain")
        .annotate(publicity_kind=kind)
        .order_by(rank, "number")
    )


def publicity_of(campaign: Campaign) -> Publicity | None:
    return (
        Publicity.objects.filter(campaign=campaign)
        .prefetch_related(
            Prefetch(
                "unit_notices",
                UnitNotice.objects.select_related(
                    "organization", "confirmed_by", "publicity__campaign"
                ).order_by("organization__name"),
            )
        )
        .first()
    )


def publicity_or_404(campaign: Campaign) -> Publicity:
    return get_object_or_404(Publicity, campaign=campaign)


def unit_notice_or_404(pk: int) -> UnitNotice:
    return get_object_or_404(UnitNotice.objects.select_related("publicity__campaign", "organization"), pk=pk)


def unit_notice_runs_until(notice: UnitNotice):
    """The last day of the unit's own posting: as many working days as the public list (第二十一条); None before
    the unit has posted it."""
    if not notice.posted_on:
        return None
    return publicity_end(notice.posted_on, notice.publicity.campaign.publicity_working_days)


def unit_notices_for_office(publicity: Publicity | None) -> list[tuple]:
    """The publicity's in-unit notices for the office's page, each with the last day of its own posting."""
    if publicity is None:
        return []
    return [(n, unit_notice_runs_until(n)) for n in publicity.unit_notices.select_related("organization")]


def unit_notices_for_user(user):
    """The in-unit publicity notices of the units `user` works for (推荐机构 accounts)."""
    return (
        UnitNotice.objects.filter(organization__staff=user)
        .select_related("publicity__campaign", "organization")
        .order_by("-publicity__starts_on")
    )


def objection_or_404(pk: int) -> Objection:
    return get_object_or_404(Objection.objects.select_related("application", "campaign", "decided_by"), pk=pk)


def objection_receipt(campaign: Campaign, pk) -> Objection | None:
    """The objection just filed in this session (异议已受理), or None."""
    return Objection.objects.filter(pk=pk or 0, campaign=campaign).select_related("application").first()


def objections_for_office(*, campaign: Campaign):
    """Full objections with the objector's identity — for the office only."""
    return campaign.objections.select_related("application", "decided_by").order_by("created_at")


def objections_public(*, campaign: Campaign):
    """Objections without the objector's name, ID or contact (for the public and every other role)."""
    return campaign.objections.order_by("created_at").values(*OBJECTION_PUBLIC_FIELDS)


def honors_published(campaign: Campaign):
    """获荣名单 as the public sees it: the honors whose certificate is not recalled."""
    return in_list_order(
        Honor.objects.filter(
            application__campaign=campaign, certificate_recalled_at__isnull=True
        ).select_related("application__tech_domain")
    )
