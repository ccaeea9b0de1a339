"""Writes of the applicant and recommender pages: accounts, drafts, uploads, submission, recommendation.

Every function runs in one transaction, checks who may do it and raises ValidationError / PermissionDenied
with a message the user can read. State changes go through workflow.services.transitions only.
"""

from django.contrib.auth.models import Group, User
from django.core import signing
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from awards.mail import send_plain_mail
from awards.models import (
    AccountProfile,
    Application,
    Attachment,
    Campaign,
    Organization,
)
from awards.permissions import Role, has_role
from awards.uploads import CheckedFile
from workflow.notifications import mail_quietly

EMAIL_CONFIRM_SALT = "awards.email-confirm"
EMAIL_CONFIRM_MAX_AGE = 3 * 24 * 3600
EDITABLE_STATES = (Application.State.DRAFT, Application.State.RETURNED)


# --- accounts ---------------------------------------------------------------------------------------------------


def email_confirmation_token(user: User) -> str:
    return signing.TimestampSigner(salt=EMAIL_CONFIRM_SALT).sign(f"{user.pk}:{user.email}")


def account_register(
    *, username: str, email: str, phone: str, password: str, confirm_url, absolute=lambda path: path
) -> User | None:
    """申报人注册. The account stays inactive until the email link is opened; `confirm_url(token)` builds it.

    The page answers the same whatever exists (no one learns which user names or emails are registered): a
    registered email gets a note to its owner with the login and password-reset links; a user name in use
    gets a note to the given email asking for another name. Returns the new user, or None."""
    from django.contrib.auth.hashers import make_password
    from django.db import IntegrityError
    from django.urls import reverse

    owner = User.objects.filter(email__iexact=email).first()
    taken = User.objects.filter(username__iexact=username).exists()
    user = None
    if owner is None and not taken:
        try:
            with transaction.atomic():
                user = User.objects.create_user(
                    username=username, email=email, password=password, is_active=False
                )
                user.groups.add(Group.objects.get_or_create(name=Role.APPLICANT)[0])
                AccountProfile.objects.create(user=user, phone=phone)
        except IntegrityError:  # the same name registered at the same moment
            taken = True
    if user is not None:
        _send_confirmation(user, confirm_url)
        return user
    make_password(password)  # the same work as a real registration: the answer's timing tells nothing either
    if owner is not None:
        body = _(
            "您好：\n\n有人（可能是您本人）刚刚使用本邮箱注册智慧城市荣誉评选账号。本邮箱已有账号（用户名 %(username)s），"
            "无需重新注册。\n登录：%(login)s\n忘记密码：%(reset)s\n\n如非本人操作，请忽略本邮件，您的账号未受影响。"
        ) % {
            "username": owner.username,
            "login": absolute(reverse("login")),
            "reset": absolute(reverse("password_reset")),
        }
    else:
        body = _(
            "您好：\n\n您申请注册的用户名“%(username)s”已被他人使用，账号未建立。请换一个用户名重新注册：\n%(url)s"
            "\n\n如非本人操作，请忽略本邮件。"
        ) % {"username": username, "url": absolute(reverse("awards:register"))}
    send_plain_mail(_("注册申请 — 智慧城市荣誉评选"), body, [email])
    return None


def _send_confirmation(user: User, confirm_url) -> None:
    url = confirm_url(email_confirmation_token(user))
    send_plain_mail(
        _("请确认您的邮箱 — 智慧城市荣誉评选"),
        _(
            "%(user)s，您好：\n\n请在3天内打开以下链接确认邮箱并激活账号：\n%(url)s\n\n如非本人操作，请忽略本邮件。"
        )
        % {"user": user.username, "url": url},
        [user.email],
    )


RESEND_SALT = "awards.resend-confirmation"


def resend_token(user: User) -> str:
    """Given on the login page to the owner of an unconfirmed account who typed the right password."""
    return signing.TimestampSigner(salt=RESEND_SALT).sign(str(user.pk))


def account_resend_confirmation(*, token: str, confirm_url) -> User:
    """重新发送确认邮件 (from the login page): at most CONFIRMATION_RESEND_LIMIT per account and hour."""
    from django.conf import settings

    from config.ratelimit import count_in_window

    try:
        pk = signing.TimestampSigner(salt=RESEND_SALT).unsign(token, max_age=3600)
    except signing.BadSignature:
        raise ValidationError(_("重新发送链接已失效，请重新登录后再试。"))
    user = User.objects.filter(pk=pk, is_active=False).first()
    if user is None:
        raise ValidationError(_("该账号已确认邮箱，请直接登录。"))
    key = f"confirm-resend:{user.pk}"
    if count_in_window(key, 3600) > settings.CONFIRMATION_RESEND_LIMIT:
        raise ValidationError(_("确认邮件已多次发送，请1小时后再试，或检查垃圾邮件箱。"))
    _send_confirmation(user, confirm_url)
    return user


def unconfirmed_account(username: str, password: str) -> User | None:
    """The account behind a refused login that only lacks its email confirmation — None unless the password
    is right, so the login page tells nothing more than the password proves."""
    user = User.objects.filter(username=username, is_active=False).select_related("profile").first()
    if user is None or not user.has_usable_password() or not user.check_password(password):
        return None
    profile = getattr(user, "profile", None)
    if profile is None or profile.email_confirmed_at is not None:
        return None  # deactivated by the office, not waiting for a confirmation
    return user


def account_confirm_email(*, token: str) -> User:
    """Open the link from the registration email: activates the account."""
    try:
        value = signing.TimestampSigner(salt=EMAIL_CONFIRM_SALT).unsign(token, max_age=EMAIL_CONFIRM_MAX_AGE)
    except signing.SignatureExpired:
        raise ValidationError(_("确认链接已过期（有效期3天），请重新注册或联系组委会办公室。"))
    except signing.BadSignature:
        raise ValidationError(_("确认链接无效，请检查邮件中的链接是否完整。"))
    pk, _sep, email = value.partition(":")
    user = User.objects.filter(pk=pk, email=email).first()
    if user is None:
        raise ValidationError(_("确认链接对应的账号不存在。"))
    with transaction.atomic():
        user.is_active = True
        user.save(update_fields=["is_active"])
        profile, _created = AccountProfile.objects.get_or_create(user=user)
        if profile.email_confirmed_at is None:
            profile.email_confirmed_at = timezone.now()
            profile.save(update_fields=["email_confirmed_at"])
    return user


# --- the applicant's draft ---------------------------------------------------------------------------------------


def _check_can_edit(application: Application, user) -> None:
    if application.applicant_id != user.pk:
        raise PermissionDenied(_("只有申报人本人可以修改申报表。"))
    if application.state not in EDITABLE_STATES:
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
    if campaign.closes_at and timezone.now() >= campaign.closes_at:
        raise ValidationError(_("“%(title)s”已截止申报。") % {"title": campaign.title})
    profile = getattr(user, "profile", None)
    employer = _last_employer(user)
    application = Application(
        campaign=campaign,
        applicant=user,
        email=user.email,
        phone=profile.phone if profile else "",
        applied_on=timezone.localdate(),
        employer=employer,
        unit_name=employer.name if employer else "",
        unit_address=employer.address if employer else "",
        unit_postcode=employer.postcode if employer else "",
    )
    _prefill_identity(application, user)
    application.save()
    return application


IDENTITY_FIELDS = ("name", "resident_id", "gender", "political_status", "title_level", "education", "degree")


def _prefill_identity(application: Application, user) -> None:
    """A returning applicant (an earlier application linked the account to a person) starts with that identity."""
    from awards.models import Person

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


# --- the applicant's employer (工作单位) -------------------------------------------------------------------------


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
    from workflow.notifications import account_invitation_send

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
        for formset in formsets:
            formset.instance = locked
            formset.save()
        if newly_named:
            transaction.on_commit(lambda: _tell_recommender(locked))
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
            transaction.on_commit(lambda: _tell_employer(locked))
    return locked


def _tell_employer(application: Application) -> None:
    """领军先锋 附件1 二: the employer writes 所在单位推荐意见 whichever the route; its accounts are told."""
    from django.urls import reverse

    from workflow.models import Notification

    subject = _("%(name)s 申报“%(title)s”，请填写所在单位推荐意见") % {
        "name": application.name or application.applicant.username,
        "title": application.campaign.title,
    }
    body = _("请登录推荐机构工作台，为本单位申报人填写“所在单位推荐意见”。")
    for user in application.employer.staff.all():
        Notification.objects.create(
            user=user, subject=subject, body=body, link=reverse("awards:recommender_home")
        )
        if user.email:
            mail_quietly(subject, body, user.email)


def _tell_recommender(application: Application) -> None:
    """An applicant named a recommender (第十五条): its accounts are told in the page and by email."""
    from django.urls import reverse

    from workflow.models import Notification

    subject = _("%(name)s 申请由贵单位推荐参加“%(title)s”") % {
        "name": application.name or application.applicant.username,
        "title": application.campaign.title,
    }
    body = _("请登录推荐机构工作台确认推荐%(opinion)s。") % {
        "opinion": _("并填写所在单位推荐意见")
        if application.campaign.award_type.requires_unit_opinion
        else ""
    }
    for user in application.recommender.staff.all():
        Notification.objects.create(
            user=user, subject=subject, body=body, link=reverse("awards:recommender_home")
        )
        if user.email:
            mail_quietly(subject, body, user.email)


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
    from workflow.services.transitions import application_transition

    action = "resubmit" if application.state == Application.State.RETURNED else "submit"
    return application_transition(application=application, action=action, user=user, ip=ip)


def application_retract(
    *, application: Application, user, reason: str = "", ip: str | None = None
) -> Application:
    from workflow.services.transitions import application_transition

    return application_transition(application=application, action="retract", user=user, reason=reason, ip=ip)


# --- recommenders (第十五条; 领军先锋 附件1 二) -------------------------------------------------------------------


def _staff_org_ids(user) -> set[int]:
    return set(user.organizations.values_list("pk", flat=True))


def recommender_confirm(*, application: Application, user) -> Application:
    """推荐机构确认推荐 — only the applicant's own unit or the association that unit belongs to (第十五条)."""
    if not application.recommender_id or application.recommender_id not in _staff_org_ids(user):
        raise PermissionDenied(_("只有申报表所列推荐机构的账号可以确认推荐。"))
    if application.state not in EDITABLE_STATES:
        raise ValidationError(_("申报已提交，无需再确认。"))
    problem = recommender_problem(application)
    if problem:
        raise ValidationError(problem)
    with transaction.atomic():
        application.recommender_confirmed_at = timezone.now()
        application._change_reason = "recommender confirmed"
        application.save(update_fields=["recommender_confirmed_at", "updated_at"])
    return application


def recommender_problem(application: Application) -> str:
    """第十五条: the recommender is the applicant's own unit (所在单位) or the industry association that unit belongs
    to. Returns the refusal, or "" when the recommender may recommend (or there is none)."""
    if application.route == Application.Route.SELF or not application.recommender_id:
        return ""
    recommender = application.recommender
    if not application.employer_id:
        return _("第十五条：请先填写所在单位，推荐机构须为所在单位或其所属行业协会。")
    if recommender.may_recommend_staff_of(application.employer):
        return ""
    return _(
        "第十五条：推荐机构须为申报人所在单位或所在单位所属的行业协会；“%(org)s”不是“%(employer)s”，"
        "也不是其所属的行业协会。"
    ) % {"org": recommender.name, "employer": application.employer.name}


def unit_opinion_save(*, application: Application, user, data: dict) -> Application:
    """所在单位推荐意见 (领军先锋): written by an account of the applicant's employer, never by the applicant nor by
    an association that recommends them."""
    org_ids = _staff_org_ids(user)
    if not application.employer_id or application.employer_id not in org_ids:
        raise PermissionDenied(_("只有申报人所在单位（工作单位）的账号可以填写所在单位推荐意见。"))
    if application.state not in EDITABLE_STATES:
        raise ValidationError(_("申报已提交，推荐意见不能再修改。"))
    with transaction.atomic():
        for name, value in data.items():
            setattr(application, name, value)
        application.unit_opinion_by = user
        application._change_reason = "unit opinion"
        application.save()
    return application


def notification_mark_read(*, user, notification_id: int) -> None:
    from workflow.models import Notification

    Notification.objects.filter(pk=notification_id, user=user, read_at__isnull=True).update(
        read_at=timezone.now()
    )


def account_without_password(email: str, *, name: str, role: str | None, fallback: str):
    """A new account for an invited person (an applicant a unit recommends, a unit's staff, an expert the office
    invites): user name from the email's local part (`fallback` when empty; a number added while taken), no
    usable password — the person sets one through the emailed link — and `role` when given."""
    base = email.split("@")[0][:20] or fallback
    username, n = base, 1
    while User.objects.filter(username=username).exists():
        n += 1
        username = f"{base}{n}"
    account = User.objects.create_user(username=username, email=email, first_name=name[:150])
    account.set_unusable_password()
    account.save()
    if role:
        account.groups.add(Group.objects.get_or_create(name=role)[0])
    return account
