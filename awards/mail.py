"""Mail as readable UTF-8 text (8bit), never base64: the console backend of `make demo` prints the links as
they are, and mail clients show the same text."""

import email.policy

from django.core.mail import EmailMessage, EmailMultiAlternatives

# RFC 5322's hard limit: a body whose lines fit is sent 8bit; Python's default (78) turns CJK text into base64.
LINE_LIMIT = 998


class PlainTextEmail(EmailMessage):
    def message(self, *, policy=email.policy.default):
        return super().message(policy=policy.clone(max_line_length=LINE_LIMIT))


class PlainTextMultiAlternatives(EmailMultiAlternatives):
    def message(self, *, policy=email.policy.default):
        return super().message(policy=policy.clone(max_line_length=LINE_LIMIT))


def send_plain_mail(subject: str, body: str, to: list[str], from_email: str | None = None) -> None:
    PlainTextEmail(str(subject), body, from_email, to).send()
