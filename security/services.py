"""Enrolment, verification and reset of the second factor (django-otp: TOTP devices and static backup codes)."""

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from django_otp import login as otp_login
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from awards.permissions import Role, require_role
from security import policy
from security.events import Kind, record_security_event

APP_DEVICE = "authenticator"
BACKUP_DEVICE = "backup"


def pending_device(user) -> TOTPDevice:
    """The unconfirmed authenticator of an enrolment under way (made once, shown as a QR code until confirmed)."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False).order_by("-pk").first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name=APP_DEVICE, confirmed=False)
    return device


def config_url(device: TOTPDevice) -> str:
    """The otpauth:// address the authenticator app reads (issuer: OTP_TOTP_ISSUER)."""
    return device.config_url


def new_backup_codes(user) -> list[str]:
    """Replace the user's backup codes with OTP_BACKUP_CODES new single-use ones (shown once)."""
    device, _created = StaticDevice.objects.get_or_create(
        user=user, name=BACKUP_DEVICE, defaults={"confirmed": True}
    )
    device.token_set.all().delete()
    codes = [StaticToken.random_token() for _i in range(settings.OTP_BACKUP_CODES)]
    StaticToken.objects.bulk_create([StaticToken(device=device, token=code) for code in codes])
    return codes


def confirm_enrolment(request, token: str) -> list[str]:
    """The first code from the app confirms the device; the session is verified; returns the backup codes."""
    user = request.user
    device = pending_device(user)
    if not device.verify_is_allowed()[0]:
        raise ValidationError(_("验证码错误次数过多，请稍候几秒再试（每次错误后等待时间加倍）。"))
    if not device.verify_token((token or "").replace(" ", "")):
        record_security_event(Kind.OTP_FAILED, user, request, step="enrolment")
        raise ValidationError(_("验证码不正确：请输入身份验证器中当前显示的6位数字（注意手机时间须准确）。"))
    with transaction.atomic():
        return _confirm(request, device)


def _confirm(request, device) -> list[str]:
    user = request.user
    TOTPDevice.objects.filter(user=user, confirmed=True).delete()
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    codes = new_backup_codes(user)
    otp_login(request, device)
    request.session["security_needs_otp"] = True
    record_security_event(Kind.OTP_ENROLLED, user, request, device="totp", backup_codes=len(codes))
    return codes


def verify(request, token: str):
    """A code from the app or a backup code (used up): the session is verified. ValidationError otherwise
    (django-otp slows repeated failures down: each failure doubles the wait before the next try)."""
    user = request.user
    token = (token or "").replace(" ", "").strip()
    throttled = False
    # Six digits are the app's code, anything else a backup code: a backup code does not count as a wrong code
    # of the app (whose wait after failures would grow), nor the reverse.
    app_code = len(token) == 6 and token.isdigit()
    for device in TOTPDevice.objects.filter(user=user, confirmed=True) if app_code else ():
        if not device.verify_is_allowed()[0]:
            throttled = True
        elif device.verify_token(token):
            otp_login(request, device)
            record_security_event(Kind.OTP_VERIFIED, user, request, device="totp")
            return device
    for device in () if app_code else StaticDevice.objects.filter(user=user, confirmed=True):
        if not device.verify_is_allowed()[0]:
            throttled = True
        elif device.verify_token(token.lower()):
            otp_login(request, device)
            left = device.token_set.count()
            record_security_event(Kind.BACKUP_CODE_USED, user, request, backup_codes_left=left)
            return device
    if throttled:
        record_security_event(Kind.OTP_FAILED, user, request, throttled=True)
        raise ValidationError(_("验证码错误次数过多，请稍候几秒再试（每次错误后等待时间加倍）。"))
    record_security_event(Kind.OTP_FAILED, user, request)
    raise ValidationError(_("验证码不正确：请输入身份验证器中的6位数字，或一个未用过的备用码。"))


def devices_of(user):
    return {
        "totp": TOTPDevice.objects.filter(user=user, confirmed=True).first(),
        "backup_left": StaticToken.objects.filter(device__user=user, device__confirmed=True).count(),
    }


@transaction.atomic
def reset_devices(actor, member, reason: str, request=None) -> None:
    """组委会办公室 resets a member's second factor (a lost phone): every device and backup code removed, every
    session of the member ended; the member enrols again at the next sign-in. The reason is logged."""
    require_role(actor, Role.OFFICE, _("重置他人的第二因素"))
    if member.pk == actor.pk:
        raise PermissionDenied(_("不能重置自己的第二因素：请另一位办公室人员或系统管理员办理。"))
    reason = (reason or "").strip()
    if len(reason) < 4:
        raise ValidationError(_("请写明重置原因（至少4个字），例如“手机丢失，已电话核实本人身份”。"))
    from security.sessions import end_all_sessions

    removed = TOTPDevice.objects.filter(user=member).delete()[0]
    StaticDevice.objects.filter(user=member).delete()
    end_all_sessions(member)
    record_security_event(
        Kind.OTP_RESET,
        actor,
        request,
        member_id=member.pk,
        member=member.get_username(),
        reason=reason[:500],
        devices_removed=removed,
    )


@transaction.atomic
def disable(request) -> None:
    """An applicant or unit turns the second factor off again (refused where the role requires it)."""
    user = request.user
    if policy.otp_required(user):
        raise PermissionDenied(_("您的角色必须使用两步验证，不能停用。"))
    TOTPDevice.objects.filter(user=user).delete()
    StaticDevice.objects.filter(user=user).delete()
    request.session["security_needs_otp"] = False
    record_security_event(Kind.OTP_DISABLED, user, request)


def secret_of(device: TOTPDevice) -> str:
    """The device's secret in base32 groups of four, for typing into an app that cannot read the QR code."""
    from base64 import b32encode

    text = b32encode(device.bin_key).decode()
    return " ".join(text[i : i + 4] for i in range(0, len(text), 4))
