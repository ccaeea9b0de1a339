"""Reads the office, committee and public pages need (select_related/prefetch, no N+1)."""

from django.db.models import Count, Prefetch, Q

from awards.models import Application, Campaign
from workflow.models import (
    CommitteeDecision,
    CommitteeVote,
    Notification,
    Objection,
    Publicity,
    TransitionLog,
    UnitNotice,
)
from workflow.services.honors import honors_may_day_list, honors_shanghai_craftsman_priority_list  # noqa: F401

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


def transition_log(*, campaign: Campaign | None = None, application: Application | None = None):
    """The story of a campaign or an application, oldest first."""
    qs = TransitionLog.objects.select_related("actor", "application")
    if application is not None:
        return qs.filter(application=application)
    return qs.filter(campaign=campaign)


def publicity_list(*, campaign: Campaign):
    """The list in publicity (建议名单 and 提名): name, unit, number — public data only."""
    return (
        campaign.applications.filter(state__in=LISTED)
        .select_related("employer", "tech_domain")
        .order_by("state", "number")
    )


def publicity_for(*, campaign: Campaign) -> Publicity | None:
    return (
        Publicity.objects.filter(campaign=campaign)
        .prefetch_related(
            Prefetch("unit_notices", UnitNotice.objects.select_related("organization", "confirmed_by"))
        )
        .first()
    )


def unit_notices_for_user(*, user):
    """The in-unit publicity notices a recommender account has to confirm."""
    return (
        UnitNotice.objects.filter(organization__staff=user)
        .select_related("organization", "publicity__campaign")
        .order_by("confirmed_at", "-publicity__starts_on")
    )


def objections_for_office(*, campaign: Campaign):
    """Full objections with the objector's identity — for the office only."""
    return campaign.objections.select_related("application", "decided_by").order_by("created_at")


def objections_public(*, campaign: Campaign):
    """Objections without the objector's name, ID or contact (for the public and every other role)."""
    return campaign.objections.order_by("created_at").values(*OBJECTION_PUBLIC_FIELDS)


def open_objections_count(*, campaign: Campaign) -> int:
    return campaign.objections.filter(
        status__in=[Objection.Status.RECEIVED, Objection.Status.INVESTIGATING]
    ).count()


def decisions_for_campaign(*, campaign: Campaign):
    return (
        CommitteeDecision.objects.filter(campaign=campaign)
        .select_related("opened_by", "closed_by", "revocation__honor__application")
        .annotate(votes_cast=Count("votes"))
        .order_by("-created_at")
    )


def decisions_pending_for_member(*, user):
    """Open committee decisions on which `user` has not voted yet."""
    return (
        CommitteeDecision.objects.filter(result=CommitteeDecision.Result.PENDING)
        .exclude(votes__member=user)
        .select_related("campaign")
        .order_by("created_at")
    )


def decision_votes(*, decision: CommitteeDecision):
    return CommitteeVote.objects.filter(decision=decision).select_related("member").order_by("created_at")


def notifications_for(*, user, unread_only: bool = False):
    qs = Notification.objects.filter(user=user)
    if unread_only:
        qs = qs.filter(read_at__isnull=True)
    return qs


def applications_by_state(*, campaign: Campaign) -> dict[str, int]:
    rows = campaign.applications.values("state").annotate(n=Count("id"))
    return {r["state"]: r["n"] for r in rows}


def eligibility_queue(*, campaign: Campaign):
    """Applications awaiting the office's eligibility decision, with their checklist."""
    return (
        campaign.applications.filter(Q(state=S.SUBMITTED) | Q(state=S.RETURNED))
        .select_related("eligibility_review", "employer", "recommender")
        .order_by("submitted_at")
    )
