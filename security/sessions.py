"""Each user's sessions (listed on 账号安全, ended there with "sign out everywhere") and the browsers they signed in
from (a sign-in from a new one is mailed to the owner)."""

import hashlib
import logging
import secrets

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext as _

from config.client_ip import client_ip
from security.events import Kind, record_security_event
from security.models import KnownDevice, UserSession

DEVICE_COOKIE = "honors_device"
DEVICE_COOKIE_AGE = 400 * 24 * 3600
log = logging.getLogger(__name__)


def _session_store():
    from importlib import import_module

    return import_module(settings.SESSION_ENGINE).SessionStore


def track_login(request, user) -> None:
    key = request.session.session_key
    if not key:
        request.session.save()
        key = request.session.session_key
    row = UserSession.objects.create(
        user=user,
        session_key=key,
        ip=(client_ip(request) or "")[:64],
        user_agent=request.META.get("HTTP_USER_AGENT", "")[:300],
    )
    request.session["security_session"] = row.pk


def end_session(request) -> None:
    pk = request.session.get("security_session") if hasattr(request, "session") else None
    if pk:
        UserSession.objects.filter(pk=pk, ended_at__isnull=True).update(ended_at=timezone.now())


def open_sessions(user):
    return UserSession.objects.filter(user=user, ended_at__isnull=True)


def end_other_sessions(request) -> int:
    """Sign out every other session of the signed-in user (their session data deleted: the next request there
    is anonymous)."""
    store = _session_store()
    current = request.session.get("security_session")
    ended = 0
    for row in open_sessions(request.user).exclude(pk=current):
        store(session_key=row.session_key).delete()
        ended += 1
    open_sessions(request.user).exclude(pk=current).update(ended_at=timezone.now())
    record_security_event(Kind.SESSIONS_ENDED, request.user, request, sessions=ended)
    return ended


def follow_new_session_key(request) -> None:
    """After Django gave this session a new key (a password change keeps the user signed in under a new key):
    this session's row follows it, so that ending the account's sessions later still finds it."""
    current = request.session.get("security_session")
    if current:
        UserSession.objects.filter(pk=current, user=request.user).update(
            session_key=request.session.session_key
        )


def end_all_sessions(user) -> None:
    """After a second-factor reset: every session of `user` ends."""
    store = _session_store()
    for row in open_sessions(user):
        store(session_key=row.session_key).delete()
    open_sessions(user).update(ended_at=timezone.now())


def forget_in_sessions(user_ids, key: str) -> None:
    """Remove `key` from every open session of these users (their roles after a change of groups)."""
    store = _session_store()
    for session_key in UserSession.objects.filter(user_id__in=user_ids, ended_at__isnull=True).values_list(
        "session_key", flat=True
    ):
        session = store(session_key=session_key)
        if key in session:
            del session[key]
            session.save(must_create=False)


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def check_device(request, user) -> None:
    """Remember this browser for `user`; a sign-in from a browser the user has not used before, when they have
    signed in before, is logged and mailed to them."""
    token = request.COOKIES.get(DEVICE_COOKIE) or ""
    if token and KnownDevice.objects.filter(user=user, token_hash=_hash(token)).exists():
        return
    if not token:
        token = secrets.token_urlsafe(32)
        request._security_device_cookie = token
    seen_before = KnownDevice.objects.filter(user=user).exists()
    KnownDevice.objects.get_or_create(
        user=user,
        token_hash=_hash(token),
        defaults={"user_agent": request.META.get("HTTP_USER_AGENT", "")[:300]},
    )
    if not seen_before:
        return
    record_security_event(Kind.NEW_DEVICE, user, request)
    if user.email:
        from config.mail import MailNotSent, send_plain_mail

        body = _(
            "您的账号 %(username)s 于 %(time)s 在一台新的设备或浏览器上登录（IP地址 %(ip)s，浏览器 %(agent)s）。\n"
            "如果这不是您本人，请立即修改密码，并在“账号安全”页面退出所有其他会话，同时联系组委会办公室。"
        ) % {
            "username": user.get_username(),
            "time": timezone.localtime().strftime("%Y-%m-%d %H:%M"),
            "ip": client_ip(request) or "-",
            "agent": request.META.get("HTTP_USER_AGENT", "-")[:200],
        }
        try:
            send_plain_mail(_("新设备登录提醒"), body, [user.email])
        except MailNotSent:  # the sign-in goes on; the event is in the log
            log.warning("new-device notice to user %s not sent", user.pk)
