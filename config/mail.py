"""Mail as readable UTF-8 text (8bit), never base64: the console backend of `make demo` prints the links as
they are, and mail clients show the same text. A mail that cannot be sent raises `MailNotSent` (never a bare
500: the page says so in the layout, config/middleware.py), and `normalise_mailbox` names the mailbox an
address reaches, for the limits on mails per address."""

import email.policy
import logging

from django.core.exceptions import ImproperlyConfigured
from django.core.mail import EmailMessage, EmailMultiAlternatives
from django.utils.translation import gettext_lazy as _

logger = logging.getLogger(__name__)

#: Mail providers that ignore dots in the local part (and the domain they are an alias of).
DOTLESS_DOMAINS = {"gmail.com": "gmail.com", "googlemail.com": "gmail.com"}


def normalise_mailbox(address: str) -> str:
    """The mailbox `address` delivers to, for counting mails per recipient: case folded, the `+tag` of
    sub-addressing dropped (RFC 5233: `name+1@x` reaches `name@x`), and for Gmail the dots of the local part
    dropped and googlemail.com read as gmail.com. Not for storing or sending — only for telling that two
    addresses reach one person."""
    value = (address or "").strip().lower()
    local, at, domain = value.rpartition("@")
    if not at:
        return value
    local = local.split("+", 1)[0]
    if domain in DOTLESS_DOMAINS:
        domain = DOTLESS_DOMAINS[domain]
        local = local.replace(".", "")
    return f"{local}@{domain}"


class MailNotSent(Exception):
    """The mail server refused the message or could not be reached (or the mailer is misconfigured)."""

    message = _("邮件发送失败，请稍后再试。")


def send_or_fail(message: EmailMessage) -> None:
    """Send one message; `MailNotSent` when the mailer or the server fails (the cause goes to the log)."""
    try:
        message.send()
    except (OSError, ImproperlyConfigured) as error:  # smtplib.SMTPException is an OSError; InvalidMailer too
        logger.exception("mail to %s not sent", ", ".join(message.to))
        raise MailNotSent(str(error)) from error


# RFC 5322's hard limit: a body whose lines fit is sent 8bit; Python's default (78) turns CJK text into base64.
LINE_LIMIT = 998


class PlainTextEmail(EmailMessage):
    def message(self, *, policy=email.policy.default):
        return super().message(policy=policy.clone(max_line_length=LINE_LIMIT))


class PlainTextMultiAlternatives(EmailMultiAlternatives):
    def message(self, *, policy=email.policy.default):
        return super().message(policy=policy.clone(max_line_length=LINE_LIMIT))


def send_plain_mail(subject: str, body: str, to: list[str], from_email: str | None = None) -> None:
    """Send a readable text mail; `MailNotSent` when it cannot be sent."""
    send_or_fail(PlainTextEmail(str(subject), body, from_email, to))
