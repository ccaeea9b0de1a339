"""The applicant's employer (工作单位): chosen or proposed by the applicant, confirmed by the office, and its
account invitation (docs/decisions.md, "Employer named by the applicant")."""

from django.contrib.auth.models import Group, User
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from awards.models import AccountProfile, Application, Organization
from awards.permissions import Role, has_role
from awards.services.accounts import account_without_password
from awards.services.notices import tell_unit
from notices.services import account_invitation_send, mail_quietly


def employer_choose(
    *, application: Application, user, name: str, credit_code: str = "", email: str = ""
) -> Organization | None:
    """所在单位: the applicant picks a registered unit by its unified social credit code or its exact name, or names a
    new one. A new unit is recorded as waiting for the office's confirmation (`needs_confirmation`); while the
    application is a draft, retyping the name updates that same proposal instead of adding another one.
    Called inside `application_save_draft` (its transaction and lock); `unit_name` follows the employer."""
    name, credit_code, email = name.strip(), credit_code.strip().upper(), email.strip().lower()
    current = application.employer if application.employer_id else None
    if not name and not credit_code:
        application.employer = None
        application.unit_name = ""
        return None
    found = None
    if credit_code:
        found = Organization.objects.filter(credit_code=credit_code).first()
    if found is None and name:
        found = (
            Organization.objects.filter(credit_code=name.upper()).first()
            or Organization.objects.filter(name=name, needs_confirmation=False).first()
            or Organization.objects.filter(name=name, proposed_by=user).first()
        )
    if found is None:
        own_proposal = (
            current is not None
            and current.needs_confirmation
            and current.proposed_by_id == user.pk
            and not current.employee_applications.exclude(pk=application.pk).exists()
        )
        found = current if own_proposal else Organization(needs_confirmation=True, proposed_by=user)
        found.name = name or credit_code
        found.kind = Organization.Kind.EMPLOYER
        if credit_code:
            found.credit_code = credit_code
        found._change_reason = "named by applicant"
        found.save()
    if found.needs_confirmation and found.proposed_by_id == user.pk and email:
        found.contact_email = email
        found.save(update_fields=["contact_email"])
    application.employer = found
    application.unit_name = found.name
    if found.address and not application.unit_address:
        application.unit_address = found.address
    if found.postcode and not application.unit_postcode:
        application.unit_postcode = found.postcode
    application._invite_email = email or found.contact_email
    return found


def unit_invite(*, organization: Organization, email: str, password_url) -> User | None:
    """单位账号邀请: a unit with no account gets a recommender account for `email` (no password) and a link to set
    one. Nothing happens when the unit already has an account, awaits the office's confirmation or no email is
    known. Returns the new account."""
    email = (email or "").strip().lower()
    if not email or organization.needs_confirmation or organization.staff.exists():
        return None
    account = User.objects.filter(email__iexact=email).first()
    if account is None:
        account = account_without_password(email, name=organization.name, role=None, fallback="unit")
        AccountProfile.objects.get_or_create(user=account)
        created = True
    else:
        created = False
    account.groups.add(Group.objects.get_or_create(name=Role.RECOMMENDER)[0])
    organization.staff.add(account)
    if not organization.contact_email:
        organization.contact_email = email
        organization.save(update_fields=["contact_email"])
    if created:
        transaction.on_commit(
            lambda: account_invitation_send(account, title=organization.name, password_url=password_url)
        )
    else:
        transaction.on_commit(
            lambda: mail_quietly(
                _("单位账号已开通 — %(org)s") % {"org": organization.name},
                _("您的账号已加入“%(org)s”的单位账号，可登录推荐机构工作台。") % {"org": organization.name},
                email,
            )
        )
    return account


def employer_confirm(*, organization: Organization, user, password_url=None) -> Organization:
    """组委会办公室确认申报人新填写的工作单位; the unit then gets its account invitation."""
    if not has_role(user, Role.OFFICE):
        raise PermissionDenied(_("只有组委会办公室可以确认单位。"))
    if not organization.needs_confirmation:
        raise ValidationError(_("“%(org)s”已是已登记的单位。") % {"org": organization.name})
    if organization.credit_code:
        clash = Organization.objects.filter(credit_code=organization.credit_code).exclude(pk=organization.pk)
        if clash.exists():
            raise ValidationError(
                _("统一社会信用代码 %(code)s 已属于已登记的单位“%(org)s”。")
                % {"code": organization.credit_code, "org": clash.first().name}
            )
    with transaction.atomic():
        organization.needs_confirmation = False
        organization._change_reason = "confirmed by office"
        organization._history_user = user
        organization.save()
        if password_url is not None:
            unit_invite(
                organization=organization, email=organization.contact_email, password_url=password_url
            )
    return organization


def tell_employer(application: Application) -> None:
    """领军先锋 附件1 二: the employer writes 所在单位推荐意见 whichever the route; its accounts are told."""
    subject = _("%(name)s 申报“%(title)s”，请填写所在单位推荐意见") % {
        "name": application.name or application.applicant.username,
        "title": application.campaign.title,
    }
    tell_unit(
        application.employer, subject, _("请登录推荐机构工作台，为本单位申报人填写“所在单位推荐意见”。")
    )
