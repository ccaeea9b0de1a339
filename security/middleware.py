"""After authentication: the idle timeout of privileged roles, the second factor required by role (or enabled by
the user) before any page, and refused access (403) written to the security log."""

import time
from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _

from security import policy
from security.events import Kind, record_security_event
from security.sessions import DEVICE_COOKIE, DEVICE_COOKIE_AGE

# Pages an unverified session may still reach: the second-factor pages, sign-out, language, static files.
OPEN_PREFIXES = ("/accounts/2fa/", "/accounts/logout/", "/i18n/", "/static/", "/favicon.ico", "/healthz")


class SecurityMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        answer = self.check(request)
        response = answer if answer is not None else self.get_response(request)
        if response.status_code == 403:
            user = getattr(request, "user", None)
            record_security_event(
                Kind.ACCESS_DENIED,
                user if user is not None and user.is_authenticated else None,
                request,
                method=request.method,
            )
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
        idle = self.idle(request, user)
        if idle is not None:
            return idle
        if request.path.startswith(OPEN_PREFIXES) or user.is_verified():
            return None
        needs = request.session.get("security_needs_otp")
        if needs is None or policy.otp_required(user):
            needs = policy.needs_second_factor(user)
            request.session["security_needs_otp"] = needs
        if not needs:
            return None
        name = "security:otp_verify" if policy.has_device(user) else "security:otp_setup"
        return redirect(reverse(name) + "?" + urlencode({"next": request.get_full_path()}))

    def idle(self, request, user):
        limit = policy.idle_timeout_seconds(user)
        if not limit:
            return None
        now = time.time()
        last = request.session.get("security_last_activity")
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
        # Written at most every tenth of the limit (30 s at most): not a session write on every request.
        if last is None or now - last >= min(30, limit / 10):
            request.session["security_last_activity"] = now
        return None
