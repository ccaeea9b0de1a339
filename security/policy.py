"""Who must give a second factor, and who is signed out when idle (settings OTP_REQUIRED_ROLES, SESSION_IDLE_*)."""

from django.conf import settings
from django_otp import devices_for_user

from awards.permissions import roles_of


def account_roles(user) -> set[str]:
    """The user's roles, with "admin" for staff and superusers (who may use the admin site)."""
    if user is None or not user.is_authenticated:
        return set()
    roles = set(roles_of(user))
    if user.is_staff or user.is_superuser:
        roles.add("admin")
    return roles


def otp_required(user) -> bool:
    return bool(account_roles(user) & set(settings.OTP_REQUIRED_ROLES))


def has_device(user) -> bool:
    return any(True for _d in devices_for_user(user, confirmed=True))


def needs_second_factor(user) -> bool:
    """Signed in with a password and must still give a code: required by role, or enabled by the user."""
    return otp_required(user) or has_device(user)


def idle_timeout_seconds(user) -> int:
    """0: no idle timeout for this user (applicants and units keep the normal session age)."""
    if account_roles(user) & set(settings.SESSION_IDLE_ROLES):
        return int(settings.SESSION_IDLE_TIMEOUT_MINUTES * 60)
    return 0
