"""Notifications to the people a transition concerns: an in-page `Notification` row and an email through
Django's mail backend. Templates: `templates/emails/<kind>.txt` (body) and `emails/subject.txt`, in Chinese
with gettext so English can be added."""

import logging

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.tokens import default_token_generator
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils import timezone as tz
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from django.utils.translation import gettext as _

from awards.models import Application
from awards.permissions import Role
from config.mail import send_plain_mail
from workflow.models import CommitteeDecision, Notification, Objection

S = Application.State
logger = logging.getLogger(__name__)

# kinds whose recipients are the applicant and, for unit recommendations, the recommender's staff
APPLICATION_KINDS = {
    "submitted",
    "retracted",
    "returned",
    "eligibility_result",
    "shortlisted",
    "not_shortlisted",
    "not_recommended",
    "withdrawn",
    "awarded",
    "revoked",
    "cancelled",
}


def _render(kind: str, context: dict) -> tuple[str, str]:
    with translation.override(settings.LANGUAGE_CODE):
        context = {**context, "kind": kind}
        subject = " ".join(render_to_string("emails/subject.txt", context).split())
        body = render_to_string(f"emails/{kind}.txt", context)
    return subject, body


def mail_quietly(subject: str, body: str, to: str) -> None:
    """Send after commit; a mail server failure is logged and never undoes the procedure."""

    try:
        send_plain_mail(subject, body, [to])
    except Exception:  # noqa: BLE001 — any backend error
        logger.exception("notification email to %s failed", to)


def _send(users, kind: str, context: dict, link: str = "") -> None:
    seen = set()
    for user in users:
        if user is None or user.pk in seen:
            continue
        seen.add(user.pk)
        subject, body = _render(kind, {**context, "recipient": user})
        Notification.objects.create(user=user, kind=kind, subject=subject[:200], body=body, link=link)
        if user.email:
            mail_quietly(subject, body, user.email)


def _application_people(application: Application):
    yield application.applicant
    if application.recommender_id and application.route != Application.Route.SELF:
        yield from application.recommender.staff.all()


def notify_transition(kind: str, *, campaign, application=None, reason: str = "") -> None:
    """Called after commit by the transition service for the row's `notify` name."""
    if kind in APPLICATION_KINDS and application is not None:
        context = {"campaign": campaign, "application": application, "reason": reason}
        if kind == "returned":
            context["request"] = application.supplement_requests.order_by("-created_at").first()
        _send(_application_people(application), kind, context)
    elif kind == "publicity_opened":
        _notify_publicity_opened(campaign)
    elif kind == "onsite_schedule":
        _notify_onsite_schedule(campaign)
    elif kind == "shortlist_results":
        _notify_shortlist_results(campaign)
    elif kind == "scoring_open":
        _notify_scoring_open(campaign)


def _notify_shortlist_results(campaign) -> None:
    """入围 / 材料评议结果 (第十七条), once, when the panels' confirmed shortlist closes material review."""
    for kind, state in (("shortlisted", S.SHORTLISTED), ("not_shortlisted", S.NOT_SHORTLISTED)):
        for app in campaign.applications.filter(state=state).select_related("applicant", "recommender"):
            _send(_application_people(app), kind, {"campaign": campaign, "application": app})


def _notify_scoring_open(campaign) -> None:
    """The experts of the campaign's panels: material review is open for scoring (第十七条)."""
    from scoring.models import PanelMember  # the panels are scoring's; notifications sit above it

    members = PanelMember.objects.filter(panel__campaign=campaign).select_related("expert", "panel")
    _send([m.expert for m in members], "scoring_open", {"campaign": campaign})


def _notify_publicity_opened(campaign) -> None:
    publicity = campaign.publicity
    listed = campaign.applications.filter(state__in=[S.RECOMMENDED, S.NOMINATED]).select_related("applicant")
    for app in listed:
        _send(
            [app.applicant],
            "publicity_opened",
            {"campaign": campaign, "publicity": publicity, "application": app},
        )
    for notice in publicity.unit_notices.select_related("organization").prefetch_related(
        "organization__staff"
    ):
        _send(
            notice.organization.staff.all(),
            "publicity_opened",
            {"campaign": campaign, "publicity": publicity, "notice": notice},
        )


def _notify_onsite_schedule(campaign) -> None:
    shortlisted = campaign.applications.filter(state=S.SHORTLISTED).select_related(
        "applicant", "panel_assignment"
    )
    for app in shortlisted:
        assignment = getattr(app, "panel_assignment", None)
        _send(
            [app.applicant], "onsite_schedule", {"campaign": campaign, "application": app, "slot": assignment}
        )


def notify_objector(objection_id: int) -> None:
    """The objector is told the outcome by email (they have no account)."""

    objection = Objection.objects.select_related("campaign", "application").get(pk=objection_id)
    if not objection.objector_email:
        return
    subject, body = _render("objection_outcome", {"campaign": objection.campaign, "objection": objection})
    mail_quietly(subject, body, objection.objector_email)
    Objection.objects.filter(pk=objection_id).update(objector_notified_at=timezone.now())


def notify_committee_decision_opened(decision_id: int) -> None:

    decision = CommitteeDecision.objects.select_related("campaign").get(pk=decision_id)
    members = get_user_model().objects.filter(groups__name=Role.COMMITTEE, is_active=True)
    _send(members, "decision_opened", {"campaign": decision.campaign, "decision": decision})


def account_invitation_send(account, *, title: str, password_url) -> bool:
    """A new account made by the office (import, invitation) has no password: mail a link to set one (Django's
    password-reset confirmation page). `password_url(uidb64, token)` builds the absolute link."""

    if not account.email:
        return False
    link = password_url(
        urlsafe_base64_encode(force_bytes(account.pk)), default_token_generator.make_token(account)
    )
    with translation.override(settings.LANGUAGE_CODE):
        subject = _("【%(title)s】请设置账号密码") % {"title": title}
        body = _(
            "%(name)s，您好：\n\n组委会办公室已为您建立“%(title)s”的账号（用户名 %(username)s）。"
            "\n请打开以下链接设置密码后登录：\n%(url)s"
        ) % {
            "name": account.first_name or account.username,
            "title": title,
            "username": account.username,
            "url": link,
        }
    mail_quietly(subject, body, account.email)
    return True


def notify_dates_changed(*, campaign, changes, reason: str) -> None:
    """The office changed the published dates: everyone with a live application in the campaign and the staff of
    their recommending units are told (站内通知 and email)."""

    def fmt(value):
        if value is None:
            return "—"
        # the quorum, majority and publicity length go the same way after the rules' approval (decisions 121)
        return tz.localtime(value).strftime("%Y-%m-%d %H:%M") if hasattr(value, "tzinfo") else str(value)

    rows = [
        (str(campaign._meta.get_field(name).verbose_name), fmt(old), fmt(new)) for name, old, new in changes
    ]
    people = []
    for app in (
        campaign.applications.exclude(state=S.RETRACTED)
        .select_related("applicant", "recommender")
        .prefetch_related("recommender__staff")
    ):
        people.extend(_application_people(app))
    _send(people, "dates_changed", {"campaign": campaign, "rows": rows, "reason": reason})
