"""The per-account login limit (issue 21 item 5), next to django-axes' lock of the pair (user name, client).

Axes locks one user name from one client (`config.client_ip.client_key`: an IPv6 client by its /64); someone
guessing one account's password from many addresses never reaches that limit. So the wrong passwords given for
one user name are also counted from every address together (login page, admin, the score sheet's signature
password — everything that goes through `authenticate`): after LOGIN_ACCOUNT_FAILURE_LIMIT of them within
LOGIN_ACCOUNT_WINDOW_MINUTES the account's login pauses for LOGIN_ACCOUNT_PAUSE_MINUTES, doubled for each further
pause within a day up to LOGIN_ACCOUNT_PAUSE_MAX_MINUTES — it slows guessing, it never locks for good — and the
owner is mailed once per pause. A user name that does not exist is counted and paused the same (the page tells
nobody which names exist); only an existing account with an email gets the mail.

Counted in Django's cache (Redis in production: every app server shares it, config/ratelimit.py), by a hash of
the user name. Part of the login lockout: on when AXES_ENABLED is (off in tests unless a test turns it on)."""

import hashlib
import logging
import math
import time

from django.conf import settings
from django.contrib.auth.models import User
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from config.mail import send_plain_mail
from config.ratelimit import count_in_window

log = logging.getLogger("honors.security")
DAY = 24 * 3600


def enabled() -> bool:
    return bool(getattr(settings, "AXES_ENABLED", False) and settings.LOGIN_ACCOUNT_FAILURE_LIMIT > 0)


def _keys(username: str) -> tuple[str, str, str]:
    digest = hashlib.sha256(username.encode()).hexdigest()[:32]
    return f"login:acct:fail:{digest}", f"login:acct:until:{digest}", f"login:acct:pauses:{digest}"


def paused_minutes(username: str | None) -> int:
    """The whole minutes (rounded up) the account's login stays paused; 0 when it is not paused."""
    if not username or not enabled():
        return 0
    until = cache.get(_keys(username)[1])
    remaining = (until or 0) - time.time()
    return math.ceil(remaining / 60) if remaining > 0 else 0


def check_not_paused(username: str | None, request=None) -> None:
    """Before a password is checked at all (the login form, the score sheet's signature): while the account is
    paused, ValidationError with the minutes left, and the request flagged as locked out — axes' middleware then
    answers with the lockout page (429, templates/registration/locked_out.html). The password is not checked,
    so the refusal is nobody's failure: neither this limit nor axes' lock of the pair counts it."""
    minutes = paused_minutes(username)
    if minutes:
        flag(request, minutes)
        raise ValidationError(pause_message(minutes), code="account_paused")


def flag(request, minutes: int) -> None:
    if request is not None:
        request.login_pause_minutes = minutes
        request.axes_locked_out = True


def pause_message(minutes: int) -> str:
    return _("该账号登录失败次数过多，请%(minutes)s分钟后再试。") % {"minutes": minutes}


def _pause_seconds(pauses_today: int) -> int:
    base = settings.LOGIN_ACCOUNT_PAUSE_MINUTES * 60
    return min(base * 2 ** max(pauses_today - 1, 0), settings.LOGIN_ACCOUNT_PAUSE_MAX_MINUTES * 60)


def record_failure(username: str | None, request=None) -> int:
    """Count one wrong password for `username` (from any address). Returns the minutes of the pause this failure
    started, or 0. A failure while the account is paused is not counted (the pause does not grow by itself)."""
    if not username or not enabled() or paused_minutes(username):
        return 0
    failures, until, pauses = _keys(username)
    limit = settings.LOGIN_ACCOUNT_FAILURE_LIMIT
    # `==`: of concurrent failures on several app servers exactly one reaches the limit and starts the pause.
    if count_in_window(failures, settings.LOGIN_ACCOUNT_WINDOW_MINUTES * 60) != limit:
        return 0
    seconds = _pause_seconds(count_in_window(pauses, DAY))
    cache.set(until, time.time() + seconds, timeout=seconds)
    cache.delete(failures)
    minutes = seconds // 60
    log.warning("login paused for an account after %s failures", limit, extra={"pause_minutes": minutes})
    _mail_owner(username, minutes, request)
    return minutes


def _mail_owner(username: str, minutes: int, request) -> None:
    owner = User.objects.filter(username=username, is_active=True).exclude(email="").first()
    if owner is None:
        return
    reset = reverse("password_reset")
    if request is not None:
        reset = request.build_absolute_uri(reset)
    resumes = timezone.localtime(timezone.now() + timezone.timedelta(minutes=minutes)).strftime(
        "%Y-%m-%d %H:%M"
    )
    with translation.override(settings.LANGUAGE_CODE):
        subject = _("账号登录失败次数过多 — 智慧城市荣誉评选")
        body = _(
            "%(user)s，您好：\n\n您的账号在 %(window)s 分钟内累计 %(n)s 次登录密码错误（包括评分表电子签名的密码），"
            "为防止密码被猜中，该账号的登录已暂停 %(minutes)s 分钟，%(resumes)s 后恢复；暂停期间任何人都无法用该账号登录。"
            "\n\n如果不是您本人输错，说明有人在尝试猜测您的密码：请通过“忘记密码”重设为一个更强的新密码：\n%(reset)s"
            "\n\n如有疑问，请联系组委会办公室。"
        ) % {
            "user": owner.get_username(),
            "window": settings.LOGIN_ACCOUNT_WINDOW_MINUTES,
            "n": settings.LOGIN_ACCOUNT_FAILURE_LIMIT,
            "minutes": minutes,
            "resumes": resumes,
            "reset": reset,
        }
    try:
        send_plain_mail(subject, body, [owner.email])
    except Exception:  # a mail server that does not answer must not turn the login page into an error
        log.exception("the mail about a paused login could not be sent")
