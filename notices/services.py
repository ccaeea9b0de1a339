"""Every write of a notice, and its mail: the rows for the given users, the mail after commit, the mark as read;
and the invitation mail of an account made without a password. Nothing here knows why a person is told — the
caller decides who and in which words (docs/architecture.md §3)."""

import logging
from functools import partial

from django.conf import settings
from django.contrib.auth.tokens import default_token_generator
from django.db import transaction
from django.utils import timezone, translation
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from django.utils.translation import gettext as _

from config.mail import send_plain_mail
from notices.models import Notification

logger = logging.getLogger(__name__)


def mail_quietly(subject: str, body: str, to: str) -> None:
    """Send one readable mail now (config/mail.py); a mail server failure is logged and never undoes the step
    that sent it. Called after commit (see `notify`) or from a step that has already committed."""

    try:
        send_plain_mail(subject, body, [to])
    except Exception:  # noqa: BLE001 — any backend error
        logger.exception("notification email to %s failed", to)


def notify(users, *, subject: str, body: str = "", link: str = "", kind: str = "", mail: bool = True) -> int:
    """A `Notification` on the page of each of `users` (None and repeats skipped) and, with `mail`, a `body` and
    the user's email, the same words by mail once the transaction commits (at once outside one). Returns how many
    people were told."""

    seen = set()
    for user in users:
        if user is None or user.pk in seen:
            continue
        seen.add(user.pk)
        Notification.objects.create(user=user, kind=kind, subject=str(subject)[:200], body=body, link=link)
        if mail and body and user.email:
            transaction.on_commit(partial(mail_quietly, str(subject), body, user.email))
    return len(seen)


def notification_mark_read(*, user, notification_id: int) -> None:
    """The account's own notice is read (a notice of another account is left as it is)."""
    Notification.objects.filter(pk=notification_id, user=user, read_at__isnull=True).update(
        read_at=timezone.now()
    )


def account_invitation_send(account, *, title: str, password_url) -> bool:
    """A new account made by the office (import, invitation) has no password: mail a link to set one (Django's
    password-reset confirmation page). `password_url(uidb64, token)` builds the absolute link."""

    if not account.email:
        return False
    link = password_url(
        urlsafe_base64_encode(force_bytes(account.pk)), default_token_generator.make_token(account)
    )
    with translation.override(settings.LANGUAGE_CODE):
        subject = _("【%(title)s】请设置账号密码") % {"title": title}
        body = _(
            "%(name)s，您好：\n\n组委会办公室已为您建立“%(title)s”的账号（用户名 %(username)s）。"
            "\n请打开以下链接设置密码后登录：\n%(url)s"
        ) % {
            "name": account.first_name or account.username,
            "title": title,
            "username": account.username,
            "url": link,
        }
    mail_quietly(subject, body, account.email)
    return True
