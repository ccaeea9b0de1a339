"""Reads of the applicant's pages (/me/) and of the application pages every reader shares."""

from django.db.models import Prefetch, prefetch_related_objects
from django.http import Http404
from django.utils.translation import gettext as _

from awards.models import Application, Attachment, EducationEntry, RecommendationInvitation, WorkEntry
from awards.permissions import may_view_application, owns_application
from awards.selectors.campaigns import open_campaigns
from notices.models import Notification

# /me/'s three reads in SQL (docs/decisions.md 436): Django compiles a queryset again at every request, and for
# these short reads that costs more than the database (an empty list of notices: 0.24 ms through the ORM, 0.09 ms
# through `raw()`). The model instances are Django's own (`raw()`: the fields' converters apply, a column not read
# is read on use); tests/awards/test_my_reads.py checks each against the queryset it replaces.
MY_APPLICATIONS_SQL = (
    "SELECT a.id, a.state, a.campaign_id, c.title AS campaign_title"
    ' FROM "awards_application" a JOIN "awards_campaign" c ON c.id = a.campaign_id'
    " WHERE a.applicant_id = %s ORDER BY c.year DESC, a.id DESC"
)
MY_NOTIFICATIONS_SQL = (
    'SELECT id, user_id, kind, subject, body, link, created_at, read_at FROM "workflow_notification"'
    " WHERE user_id = %s ORDER BY created_at DESC LIMIT %s"
)
MY_INVITATIONS_SQL = (
    "SELECT i.id, i.created_at, c.title AS campaign_title, o.name AS organization_name"
    ' FROM "awards_recommendationinvitation" i JOIN "awards_campaign" c ON c.id = i.campaign_id'
    ' JOIN "awards_organization" o ON o.id = i.organization_id'
    " WHERE i.user_id = %s AND i.status = %s ORDER BY i.created_at DESC"
)


def applications_of_applicant(user) -> list[Application]:
    """我的申报: the applicant sees only their own applications, each with the columns the list shows and its
    campaign's title as `campaign_title` (the form's long texts are not read, issue 15), newest year first. The
    现场展示 slot is shown for a shortlisted application only, so it is read for those, in one more query when
    there are any (docs/decisions.md 429)."""
    applications = list(Application.objects.raw(MY_APPLICATIONS_SQL, [user.pk]))
    shortlisted = [a for a in applications if a.state == Application.State.SHORTLISTED]
    if shortlisted:
        prefetch_related_objects(shortlisted, "panel_assignment")
    return applications


def open_campaigns_for(user, applications=None) -> list[tuple]:
    """The open campaigns with the user's own live (not retracted) application in each, if any — so /me/ offers
    “申报” only where the user has not applied yet. `applications`: the user's applications already read for
    the page (`applications_of_applicant`), so they are not read again."""
    campaigns = list(open_campaigns())
    if applications is None:
        applications = Application.objects.filter(applicant=user, campaign__in=campaigns).only(
            "id", "state", "campaign_id"
        )
    open_ids = {c.pk for c in campaigns}
    mine = {
        a.campaign_id: a
        for a in applications
        if a.campaign_id in open_ids and a.state != Application.State.RETRACTED
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
    # upward: the onsite slot is the panel assignment's (scoring)
    from scoring.models import PanelAssignment

    return PanelAssignment.objects.filter(application=application).first()


def application_detail(pk: int, *, with_person: bool = False, with_rows: bool = True) -> Application:
    """`with_person`: the applicant's own Person row (a returning applicant's, `applicant.person`) is read in the
    same query, for the pages that check the resident ID against it (`completeness.identity_mismatch`:
    docs/decisions.md 443). `with_rows=False`: the row tables and the attachments are not read with it (a save,
    which writes what was posted and then answers or redirects without showing them: docs/decisions.md 427); a
    later use reads them then, as Django does."""
    related = [
        "campaign__award_type",
        "recommender",
        "employer",
        "tech_domain",
        "industry_subcategory__category",
        "applicant__person" if with_person else "applicant",
    ]
    read = Application.objects.select_related(*related)
    if with_rows:
        read = read.prefetch_related(
            # in the row tables' own order (the model's, then pk: awards.forms.RowFormSet shows these rows)
            Prefetch(
                "education_entries", EducationEntry.objects.order_by(*EducationEntry._meta.ordering, "pk")
            ),
            Prefetch("work_entries", WorkEntry.objects.order_by(*WorkEntry._meta.ordering, "pk")),
            "attachments",
        )
    return read.get(pk=pk)


def fresh_application(pk: int) -> Application:
    """The stored row, without anything a bound form may have written on another instance."""
    return Application.objects.get(pk=pk)


def _application_or_404(
    user, pk: int, allowed, *, with_person: bool = False, with_rows: bool = True
) -> Application:
    """The application `pk` if `allowed(user, application)`; Http404 otherwise (a stranger learns nothing, not
    even that it exists)."""
    try:
        application = application_detail(pk, with_person=with_person, with_rows=with_rows)
    except Application.DoesNotExist:
        raise Http404
    if not allowed(user, application):
        raise Http404
    return application


def viewable_application(user, pk: int) -> Application:
    """The application `pk` if `user` may read it (`may_view_application`)."""
    return _application_or_404(user, pk, may_view_application)


def own_application(user, pk: int, *, with_person: bool = False, with_rows: bool = True) -> Application:
    """The application `pk` if `user` is its applicant (`owns_application`); `with_person` and `with_rows` as in
    `application_detail`."""
    return _application_or_404(user, pk, owns_application, with_person=with_person, with_rows=with_rows)


def photo_or_404(application: Application) -> Attachment:
    photo = application.attachments.filter(kind=Attachment.Kind.PHOTO, purged_at__isnull=True).first()
    if photo is None:
        raise Http404
    return photo


def application_timeline(application: Application) -> list[dict]:
    """The status timeline in plain words, from the transition log (oldest first)."""
    # upward: the transition log is the procedure's (workflow)
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
    if application.state == Application.State.SUBMITTED:
        return _("资格审查中")
    if application.state == Application.State.RETURNED:
        return _("需补正")
    return str(application.get_state_display())


def open_supplement_request(application: Application):
    """The office's latest unanswered request for supplements (补正通知), or None. A draft has none, without a
    query: the office returns only a submitted application (第十六条) and no transition leads back to a draft
    (workflow/procedure.py), so a draft was never returned (docs/decisions.md 442)."""
    if application.state == Application.State.DRAFT:
        return None
    return application.supplement_requests.filter(answered_at__isnull=True).order_by("-created_at").first()


def notifications_of(user, limit: int = 20) -> list:
    """The account's 站内通知, newest first, at most `limit` (notices' model; its table kept workflow's name)."""
    return list(Notification.objects.raw(MY_NOTIFICATIONS_SQL, [user.pk, limit]))


def pending_invitations_of(user) -> list[RecommendationInvitation]:
    """推荐邀请 awaiting the account owner's answer (shown on /me/: who invites, to which campaign, when), newest
    first, each with what the list shows: `pk`, `created_at`, `campaign_title`, `organization_name`
    (docs/decisions.md 429, 436)."""
    return list(
        RecommendationInvitation.objects.raw(
            MY_INVITATIONS_SQL, [user.pk, RecommendationInvitation.Status.PENDING.value]
        )
    )


def public_profile(app: Application) -> dict:
    """What the public sees of a candidate: name, unit, technical domain and — only with the applicant's
    consent — the public summary and representative achievements. Never ID, phone, email, address or the form.
    The public pages of scoring show it (`scoring.selectors.public`); the application form shows the applicant its
    preview. Only the application's own fields decide it, so it is read here."""
    unit = app.employer.name if getattr(app, "employer", None) else app.unit_name
    consent = app.public_consent
    return {
        "id": app.pk,
        "number": app.number,
        "name": app.name,
        "unit": unit,
        "domain": app.tech_domain.label() if app.tech_domain else "",
        "award": app.campaign.award_type.label() if hasattr(app, "campaign") else "",
        "consent": consent,
        "summary": app.public_summary if consent else "",
        "achievements": app.public_achievements if consent else "",
    }
