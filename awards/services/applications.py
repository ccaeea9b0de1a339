"""The applicant's application: start, draft (with its employer and rows), uploads, submit, retract.

Every function runs in one transaction, checks who may do it (awards/permissions.py) and raises
ValidationError / PermissionDenied with a message the user can read. State changes go through
workflow.services.transitions only.
"""

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils.translation import gettext as _

from awards.models import Application, Attachment, Campaign, Organization, Person
from awards.permissions import Role, has_role, may_edit_application, owns_application
from awards.services.employers import employer_choose, tell_employer, unit_invite
from awards.services.privacy import record_publication_choice
from awards.services.recommenders import tell_recommender
from awards.uploads import CheckedFile
from config import clock


def _check_can_edit(application: Application, user) -> None:
    if not owns_application(user, application):
        raise PermissionDenied(_("只有申报人本人可以修改申报表。"))
    if not may_edit_application(user, application):
        raise ValidationError(
            _("申报处于“%(state)s”状态，不能修改。") % {"state": application.get_state_display()}
        )


def application_start(*, campaign: Campaign, user) -> Application:
    """开始申报: one application per applicant and campaign (a retracted one may be started again)."""
    if not has_role(user, Role.APPLICANT):
        raise PermissionDenied(_("只有申报人账号可以填写申报表。"))
    existing = (
        Application.objects.filter(campaign=campaign, applicant=user)
        .exclude(state=Application.State.RETRACTED)
        .first()
    )
    if existing:
        return existing
    if campaign.phase != Campaign.Phase.OPEN:
        raise ValidationError(_("“%(title)s”当前不在申报阶段。") % {"title": campaign.title})
    if campaign.closes_at and clock.now(campaign) >= campaign.closes_at:
        raise ValidationError(_("“%(title)s”已截止申报。") % {"title": campaign.title})
    profile = getattr(user, "profile", None)
    employer = _last_employer(user)
    application = Application(
        campaign=campaign,
        applicant=user,
        email=user.email,
        phone=profile.phone if profile else "",
        applied_on=clock.today(campaign),
        employer=employer,
        unit_name=employer.name if employer else "",
        unit_address=employer.address if employer else "",
        unit_postcode=employer.postcode if employer else "",
    )
    prefill_identity(application, user)
    application.save()
    return application


IDENTITY_FIELDS = ("name", "resident_id", "gender", "political_status", "title_level", "education", "degree")


def prefill_identity(application: Application, user) -> None:
    """A returning applicant (an earlier application linked the account to a person) starts with that identity."""
    person = Person.objects.filter(user=user).first()
    if person is None:
        return
    for name in IDENTITY_FIELDS:
        setattr(application, name, getattr(person, name))
    application.phone = application.phone or person.phone
    application.union_member = person.union_member


def _last_employer(user) -> Organization | None:
    """The employer the applicant named last time (工作单位): a new application starts with it."""
    last = (
        Application.objects.filter(applicant=user, employer__isnull=False)
        .select_related("employer")
        .order_by("-created_at", "-pk")
        .first()
    )
    return last.employer if last else None


def application_save_draft(
    *, application: Application, user, fields: dict, formsets=(), password_url=None
) -> Application:
    """保存草稿: writes the given (already valid) fields and the valid row formsets; nothing else changes.
    `employer_name` / `employer_credit_code` / `employer_email` choose the employer (`employer_choose`); with
    `password_url` (an explicit save, not autosave) an employer without an account is invited (`unit_invite`)."""
    _check_can_edit(application, user)
    fields = dict(fields)
    employer_input = {
        k: fields.pop(k) for k in ("employer_name", "employer_credit_code", "employer_email") if k in fields
    }
    with transaction.atomic():
        locked = Application.objects.select_for_update().get(pk=application.pk)
        consent_before = locked.public_consent
        recommender_before = (locked.route, locked.recommender_id)
        employer_before = locked.employer_id
        if "employer_name" in employer_input:
            employer_choose(
                application=locked,
                user=user,
                name=employer_input.get("employer_name", ""),
                credit_code=employer_input.get("employer_credit_code", ""),
                email=employer_input.get("employer_email", ""),
            )
        for name, value in fields.items():
            setattr(locked, name, value)
        if locked.route == Application.Route.SELF:
            locked.recommender = None
        newly_named = locked.recommender_id and locked.recommender_id != recommender_before[1]
        if (locked.route, locked.recommender_id) != recommender_before:
            locked.recommender_confirmed_at = None
        if recommender_before[1] and locked.recommender_id != recommender_before[1]:
            # The unit came in as the recommender; once it is no longer named it loses every access at once
            # (docs/decisions.md, "A unit's access ends with its role").
            if locked.employer_id == recommender_before[1]:
                locked.employer = None
        locked._change_reason = "draft"
        locked.save()
        if locked.public_consent != consent_before:
            record_publication_choice(user=user, application=locked, before=consent_before)
        for formset in formsets:
            formset.instance = locked
            formset.save()
        if newly_named:
            transaction.on_commit(lambda: tell_recommender(locked))
        if locked.employer_id and password_url is not None:
            unit_invite(
                organization=locked.employer,
                email=getattr(locked, "_invite_email", "") or locked.employer.contact_email,
                password_url=password_url,
            )
        if (
            locked.employer_id
            and locked.employer_id != employer_before
            and locked.campaign.award_type.requires_unit_opinion
        ):
            transaction.on_commit(lambda: tell_employer(locked))
    return locked


def attachment_replace(
    *, application: Application, user, kind: str, checked: CheckedFile, name: str
) -> Attachment:
    """上传证件照 / 证实性材料: the new file replaces the previous one only once it has passed its checks."""
    _check_can_edit(application, user)
    with transaction.atomic():
        old = list(application.attachments.filter(kind=kind))
        attachment = Attachment(
            application=application,
            kind=kind,
            original_name=name[:255],
            size=len(checked.content),
            content_type=checked.content_type,
            pages=checked.pages,
            uploaded_by=user,
        )
        suffix = "jpg" if kind == Attachment.Kind.PHOTO else "pdf"
        attachment.file.save(f"{kind}.{suffix}", ContentFile(checked.content), save=False)
        attachment.save()
        for previous in old:
            if previous.file:
                previous.file.delete(save=False)
            previous.delete()
    return attachment


def application_submit(*, application: Application, user, ip: str | None = None) -> Application:
    """提交申报 (draft) or 补正后重新提交 (returned): the procedure's guards decide."""
    # upward: every state change goes through the procedure (docs/architecture.md §4)
    from workflow.services.transitions import application_transition

    action = "resubmit" if application.state == Application.State.RETURNED else "submit"
    return application_transition(application=application, action=action, user=user, ip=ip)


def application_retract(
    *, application: Application, user, reason: str = "", ip: str | None = None
) -> Application:
    # upward: see application_submit
    from workflow.services.transitions import application_transition

    return application_transition(application=application, action="retract", user=user, reason=reason, ip=ip)
