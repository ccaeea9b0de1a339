"""Accounts: registration with email confirmation, its resend, and accounts made for invited people."""

from django.conf import settings
from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import Group, User
from django.core import signing
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from awards.models import AccountProfile
from awards.permissions import Role
from awards.services.mail_limits import check_mail_limits
from config.mail import send_plain_mail
from config.ratelimit import count_in_window

EMAIL_CONFIRM_SALT = "awards.email-confirm"
EMAIL_CONFIRM_MAX_AGE = 3 * 24 * 3600


def email_confirmation_token(user: User) -> str:
    return signing.TimestampSigner(salt=EMAIL_CONFIRM_SALT).sign(f"{user.pk}:{user.email}")


def account_register(
    *,
    username: str,
    email: str,
    phone: str,
    password: str,
    confirm_url,
    absolute=lambda path: path,
    client: str | None = None,
) -> User | None:
    """申报人注册. The account stays inactive until the email link is opened; `confirm_url(token)` builds it.

    The page answers the same whatever exists (no one learns which user names or emails are registered): a
    registered email gets a note to its owner with the login and password-reset links; a user name in use
    gets a note to the given email asking for another name. Returns the new user, or None.

    Registrations are counted per client (`client`, the IP) and per mailbox (`check_mail_limits`), before
    anything is written. The account and its confirmation mail are one transaction: a mail that cannot be sent
    (`MailNotSent`) leaves no account behind (docs/decisions.md 142)."""
    check_mail_limits("register", address=email, client=client)
    owner = User.objects.filter(email__iexact=email).first()
    taken = User.objects.filter(username__iexact=username).exists()
    if owner is None and not taken:
        try:
            with transaction.atomic():
                user = User.objects.create_user(
                    username=username, email=email, password=password, is_active=False
                )
                user.groups.add(Group.objects.get_or_create(name=Role.APPLICANT)[0])
                AccountProfile.objects.create(user=user, phone=phone)
                _send_confirmation(user, confirm_url)  # MailNotSent rolls the account back
            return user
        except IntegrityError:  # the same name registered at the same moment
            taken = True
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
