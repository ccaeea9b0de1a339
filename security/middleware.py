"""After authentication: the idle timeout of privileged roles, the second factor required by role (or enabled by
the user) before any page, and refused access (403) written to the security log.

What it costs a signed-in request (issue 26 item 1; decisions 300–303): the user's roles come from the session,
read from the database at most once a minute (and again at once after the user's groups change,
security/signals.py); the idle stamp is written at most once a minute; whether the session still needs its
second factor is decided once per session. None of these is a query or a session write on every request."""

import math
import time
from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django_otp.middleware import OTPMiddleware

from awards.permissions import roles_of
from security import policy
from security.events import Kind, record_refusal, record_security_event
from security.generations import kept
from security.sessions import DEVICE_COOKIE, DEVICE_COOKIE_AGE

# Pages an unverified session may still reach: the second-factor pages, sign-out, language, static files.
OPEN_PREFIXES = ("/accounts/2fa/", "/accounts/logout/", "/i18n/", "/static/", "/favicon.ico", "/healthz")

#: The session keys this middleware keeps (security/signals.py writes them at sign-in too).
LAST_ACTIVITY = "security_last_activity"
NEEDS_OTP = "security_needs_otp"
ROLES = "security_roles"  # [user id, time read, [role, ...]]
#: At most this often (seconds) a session's roles are read again and its idle stamp written (decisions 300–301).
REFRESH_SECONDS = 60
#: The response header that tells the page how many seconds its session has left (static/js/idle-timeout.js).
IDLE_LEFT_HEADER = "X-Idle-Seconds-Left"


def session_roles(request, user, now: float) -> None:
    """Give `user` its roles for this request from the session (`roles_of` then asks no query), reading them from
    the database when the session has none, holds another user's, or read them more than REFRESH_SECONDS ago.
    A change of the user's groups removes them from every open session of the user at once
    (security/signals.py); a request in flight at that moment may store the old ones again, for at most
    REFRESH_SECONDS."""
    kept = request.session.get(ROLES)
    if kept and kept[0] == user.pk and 0 <= now - kept[1] < REFRESH_SECONDS:
        user._role_cache = set(kept[2])
        return
    request.session[ROLES] = [user.pk, now, sorted(roles_of(user))]


class SecurityMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        answer = self.check(request)
        response = answer if answer is not None else self.get_response(request)
        if response.status_code == 403:
            record_refusal(request)
        left = getattr(request, "_security_idle_left", None)
        if left is not None:
            response[IDLE_LEFT_HEADER] = str(math.ceil(left))
        token = getattr(request, "_security_device_cookie", None)
        if token:
            response.set_cookie(
                DEVICE_COOKIE,
                token,
                max_age=DEVICE_COOKIE_AGE,
                httponly=True,
                secure=settings.SESSION_COOKIE_SECURE,
                samesite="Lax",
            )
        return response

    def check(self, request):
        user = getattr(request, "user", None)
        if user is None or not user.is_authenticated:
            return None
        now = time.time()
        session_roles(request, user, now)
        idle = self.idle(request, user, now)
        if idle is not None:
            return idle
        if request.path.startswith(OPEN_PREFIXES) or user.is_verified():
            return None
        # Decided at sign-in and kept in the session (enrolling, disabling or resetting the second factor updates
        # it). Asked again only while it says "not needed" and the roles (from the session, no query) now require
        # it: a role given to a signed-in user takes effect at the next request, without a device query.
        needs = request.session.get(NEEDS_OTP)
        if needs is None or (not needs and policy.otp_required(user)):
            needs = policy.needs_second_factor(user)
            request.session[NEEDS_OTP] = needs
        if not needs:
            return None
        name = "security:otp_verify" if policy.has_device(user) else "security:otp_setup"
        return redirect(reverse(name) + "?" + urlencode({"next": request.get_full_path()}))

    def idle(self, request, user, now: float):
        limit = policy.idle_timeout_seconds(user)
        if not limit:
            return None
        last = request.session.get(LAST_ACTIVITY)
        if last is not None and now - last > limit:
            request._security_logout_reason = "idle"
            record_security_event(Kind.IDLE_TIMEOUT, user, request, idle_seconds=int(now - last))
            logout(request)
            messages.info(
                request,
                _("您已%(minutes)s分钟没有操作，为保护账号安全已自动退出，请重新登录。")
                % {"minutes": f"{limit / 60:g}"},
            )
            return redirect(reverse("login") + "?" + urlencode({"next": request.get_full_path()}))
        # Written at most once a minute (every tenth of a shorter limit): not a session write on every request. The
        # page is told what is really left (the stamp may be up to a minute old), so its warning comes in time.
        if last is None or now - last >= min(REFRESH_SECONDS, limit / 10):
            request.session[LAST_ACTIVITY] = last = now
        request._security_idle_left = max(0.0, limit - (now - last))
        return None


class _KnownDevice:
    """The session's second-factor device as `CachedOTPMiddleware` knows it: its owner and whether it is
    confirmed, which is all django-otp asks of it on a request; anything else (its name, its key) is read from
    the database the first time it is asked for."""

    def __init__(self, persistent_id: str, user_id: int, confirmed: bool):
        self.persistent_id, self.user_id, self.confirmed = persistent_id, user_id, confirmed

    def __getattr__(self, name):
        if name.startswith("__") or name == "_device":
            raise AttributeError(name)
        from django_otp.models import Device

        device = self.__dict__.get("_device") or Device.from_persistent_id(self.persistent_id)
        self.__dict__["_device"] = device
        return getattr(device, name)


class CachedOTPMiddleware(OTPMiddleware):
    """django-otp's middleware (request.user.is_verified(): the session passed its second factor) without its
    query on every request of a privileged user (issue 26 item 1; docs/decisions.md 372, 390): the session's
    device — its owner and whether it is confirmed, never its key — is kept in the cache for USER_CACHE_SECONDS
    with the device's generation, which every save or delete of the device replaces, at once and again when it is
    committed (security/signals.py; security/generations.py). A device deleted or unconfirmed is seen at the next
    request, as before."""

    def _device_from_persistent_id(self, persistent_id: str):
        persistent_id = self._normalize_persistent_id(persistent_id)
        read = []

        def from_database():
            device = super(CachedOTPMiddleware, self)._device_from_persistent_id(persistent_id)
            read.append(device)
            return (device.user_id, device.confirmed) if device is not None else ()

        known = kept(f"otp:{persistent_id}", f"otp:device:{persistent_id}", from_database)
        if read:  # just read from the database: the device itself
            return read[0]
        return _KnownDevice(persistent_id, *known) if known else None
