"""Who is told what when the procedure moves (the domain of the notices): the applicant and their recommending
unit's staff on each step of their application, the experts, the committee, the listed people and units of a
公示, the objector. Each notice is rendered here from `templates/emails/<kind>.txt` (body) and
`emails/subject.txt`, in Chinese with gettext so English can be added, and written through the notices app below
(`notices.services`: the in-page `Notification` row and its mail), after commit."""

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import timezone, translation

from awards.models import Application
from awards.permissions import Role, users_with_role
from notices.services import mail_quietly, notify
from workflow.models import CommitteeDecision, Objection

S = Application.State

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


def _send(users, kind: str, context: dict, link: str = "") -> None:
    """Each of `users` once, in words rendered for them (`recipient`)."""
    seen = set()
    for user in users:
        if user is None or user.pk in seen:
            continue
        seen.add(user.pk)
        subject, body = _render(kind, {**context, "recipient": user})
        notify([user], kind=kind, subject=subject, body=body, link=link)


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
    _send(
        users_with_role(Role.COMMITTEE),
        "decision_opened",
        {"campaign": decision.campaign, "decision": decision},
    )


def notify_dates_changed(*, campaign, changes, reason: str) -> None:
    """The office changed the published dates: everyone with a live application in the campaign and the staff of
    their recommending units are told (站内通知 and email)."""

    def fmt(value):
        if value is None:
            return "—"
        # the quorum, majority and publicity length go the same way after the rules' approval (decisions 121)
        return (
            timezone.localtime(value).strftime("%Y-%m-%d %H:%M") if hasattr(value, "tzinfo") else str(value)
        )

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
