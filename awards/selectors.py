"""Reads the awards pages need."""

from django.db.models import Count, Q

from awards.models import Application, Campaign


def campaign_public_list():
    """Campaigns the public may see: every campaign past 筹备."""
    return (
        Campaign.objects.exclude(phase=Campaign.Phase.DRAFT)
        .select_related("award_type", "publicity")
        .order_by("-year", "award_type_id")
    )


def campaign_with_counts(pk: int) -> Campaign:
    return (
        Campaign.objects.select_related("award_type", "publicity")
        .annotate(
            application_count=Count("applications", filter=~Q(applications__state=Application.State.DRAFT)),
        )
        .get(pk=pk)
    )


# --- applicant and recommender pages ---------------------------------------------------------------------------


def applications_of_applicant(user):
    """我的申报: the applicant sees only their own applications."""
    return (
        Application.objects.filter(applicant=user)
        .select_related("campaign__award_type", "recommender", "panel_assignment")
        .order_by("-campaign__year", "-id")
    )


def open_campaigns_for(user) -> list[tuple[Campaign, Application | None]]:
    """The open campaigns with the user's own live (not retracted) application in each, if any — so /me/ offers
    “申报” only where the user has not applied yet."""
    campaigns = list(open_campaigns())
    mine = {
        a.campaign_id: a
        for a in Application.objects.filter(applicant=user, campaign__in=campaigns).exclude(
            state=Application.State.RETRACTED
        )
    }
    return [(c, mine.get(c.pk)) for c in campaigns]


def own_live_application(user, campaign) -> Application | None:
    """The user's own application (not retracted) in `campaign`, if any."""
    if not getattr(user, "is_authenticated", False):
        return None
    return (
        Application.objects.filter(applicant=user, campaign=campaign)
        .exclude(state=Application.State.RETRACTED)
        .first()
    )


def onsite_schedule(application: Application):
    """现场展示安排 of a shortlisted application (the facts of the onsite_schedule mail), or None."""
    if application.state != Application.State.SHORTLISTED:
        return None
    from scoring.models import PanelAssignment

    return PanelAssignment.objects.filter(application=application).first()


def open_campaigns():
    from django.utils import timezone

    return (
        Campaign.objects.filter(phase=Campaign.Phase.OPEN)
        .filter(Q(closes_at__isnull=True) | Q(closes_at__gt=timezone.now()))
        .select_related("award_type")
        .order_by("award_type_id")
    )


def application_detail(pk: int) -> Application:
    return (
        Application.objects.select_related(
            "campaign__award_type",
            "recommender",
            "employer",
            "tech_domain",
            "industry_subcategory__category",
            "applicant",
        )
        .prefetch_related("education_entries", "work_entries", "attachments")
        .get(pk=pk)
    )


def user_org_ids(user) -> set[int]:
    return set(user.organizations.values_list("pk", flat=True)) if user.is_authenticated else set()


def can_view_application(user, application: Application) -> bool:
    """Applicant, the recommending or employing unit's accounts, and the office."""
    from awards.permissions import Role, has_role

    if not user.is_authenticated:
        return False
    if application.applicant_id == user.pk or has_role(user, Role.OFFICE):
        return True
    return bool({application.recommender_id, application.employer_id} & user_org_ids(user))


def viewable_application(user, pk: int) -> Application:
    """The application `pk` if `user` may read it; Http404 otherwise (a stranger learns nothing, not even that it
    exists)."""
    from django.http import Http404

    try:
        application = application_detail(pk)
    except Application.DoesNotExist:
        raise Http404
    if not can_view_application(user, application):
        raise Http404
    return application


def recommender_applications(user):
    """推荐机构: applications that name one of the user's organisations as recommender or employer."""
    orgs = user_org_ids(user)
    return (
        Application.objects.filter(Q(recommender_id__in=orgs) | Q(employer_id__in=orgs))
        .exclude(state=Application.State.RETRACTED)
        .select_related("campaign__award_type", "recommender", "employer")
        .order_by("-campaign__year", "name", "id")
    )


STATE_WORDS = {
    Application.State.DRAFT: "草稿",
    Application.State.SUBMITTED: "已提交，资格审查中",
    Application.State.RETURNED: "需补正",
    Application.State.RETRACTED: "已撤回申报",
}


def application_timeline(application: Application) -> list[dict]:
    """The status timeline in plain words, from the transition log (oldest first)."""
    from django.utils.translation import gettext as _

    from workflow.models import TransitionLog

    words = {
        Application.State.SUBMITTED: _("已提交，资格审查中"),
        Application.State.RETURNED: _("需补正"),
    }
    rows = []
    for log in TransitionLog.objects.filter(application=application).order_by("created_at", "id"):
        text = words.get(log.to_state) or str(Application.State(log.to_state).label)
        if log.to_state == Application.State.RETURNED and log.reason:
            text = _("需补正：%(reason)s") % {"reason": log.reason}
        rows.append({"at": log.created_at, "text": text, "state": log.to_state, "action": log.action})
    return rows


def state_in_words(application: Application) -> str:
    from django.utils.translation import gettext as _

    if application.state == Application.State.SUBMITTED:
        return _("资格审查中")
    if application.state == Application.State.RETURNED:
        return _("需补正")
    return str(application.get_state_display())


def open_supplement_request(application: Application):
    """The office's latest unanswered request for supplements (补正通知), or None."""
    return application.supplement_requests.filter(answered_at__isnull=True).order_by("-created_at").first()


def notifications_of(user, limit: int = 20):
    from workflow.models import Notification

    return Notification.objects.filter(user=user).order_by("-created_at")[:limit]


def pending_invitations_of(user):
    """推荐邀请 awaiting the account owner's answer (shown on /me/)."""
    from awards.models import RecommendationInvitation

    return (
        RecommendationInvitation.objects.filter(user=user, status=RecommendationInvitation.Status.PENDING)
        .select_related("campaign", "organization")
        .order_by("-created_at")
    )


def invitations_sent_by_units_of(user, limit: int = 50):
    """The recommender's invitations and their answers (the unit sees names and status only)."""
    from awards.models import RecommendationInvitation

    return (
        RecommendationInvitation.objects.filter(organization_id__in=user_org_ids(user))
        .select_related("campaign", "organization")
        .order_by("-created_at")[:limit]
    )
