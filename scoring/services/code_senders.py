"""Who delivers a one-time code (pluggable: `settings.PUBLIC_VOTE_EMAIL_SENDER` / `PUBLIC_VOTE_SMS_SENDER`).

`EmailSender` (the default) sends through Django's mailer. `HttpSmsSender` posts the message to an SMS gateway's
HTTP endpoint (`PUBLIC_VOTE_SMS_URL`, bearer token `PUBLIC_VOTE_SMS_TOKEN`) as JSON `{"phone": …, "text": …}`;
set `PUBLIC_VOTE_SMS_SENDER=scoring.services.code_senders.HttpSmsSender` to use it. Another gateway is one subclass of
`CodeSender` away. A sender raises `ValidationError` with a message for the citizen when it cannot deliver.
"""

import json
import logging
import urllib.request

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.module_loading import import_string
from django.utils.translation import gettext as _

from awards.mail import MailNotSent, send_plain_mail
from scoring.services.voter_identity import EMAIL

logger = logging.getLogger(__name__)


class CodeSender:
    def send(self, *, kind: str, address: str, code: str, campaign, minutes: int) -> None:
        raise NotImplementedError

    @staticmethod
    def text(code: str, campaign, minutes: int) -> str:
        return _("您参加“%(c)s”公众评价的验证码为 %(code)s，%(m)s 分钟内有效。如非本人操作，请忽略。") % {
            "c": campaign.title,
            "code": code,
            "m": minutes,
        }


class EmailSender(CodeSender):
    """Django's mailer; refuses mobile numbers (no SMS gateway configured)."""

    def send(self, *, kind, address, code, campaign, minutes):
        if kind != EMAIL:
            raise ValidationError(_("本次评价暂未开通短信验证码，请使用电子邮箱验证。"), code="no_sms")
        try:
            send_plain_mail(_("公众评价验证码"), self.text(code, campaign, minutes), [address])
        except MailNotSent:  # the caller's transaction drops the code; the page keeps the contact typed
            raise ValidationError(str(MailNotSent.message), code="mail_failed") from None


class HttpSmsSender(CodeSender):
    """An SMS gateway reached over HTTPS (JSON body, bearer token)."""

    def send(self, *, kind, address, code, campaign, minutes):
        if kind == EMAIL:
            return EmailSender().send(
                kind=kind, address=address, code=code, campaign=campaign, minutes=minutes
            )
        body = json.dumps({"phone": address, "text": self.text(code, campaign, minutes)}).encode()
        request = urllib.request.Request(
            settings.PUBLIC_VOTE_SMS_URL,
            data=body,
            headers={
                "Content-Type": "application/json",
                "Authorization": f"Bearer {settings.PUBLIC_VOTE_SMS_TOKEN}",
            },
            method="POST",
        )
        try:
            with urllib.request.urlopen(request, timeout=10) as response:  # noqa: S310 (URL from settings)
                if response.status >= 300:
                    raise OSError(response.status)
        except OSError:
            logger.exception("SMS gateway refused the code message")
            raise ValidationError(_("短信发送失败，请稍后再试或改用电子邮箱。"), code="sms_failed") from None


def sender_for(kind: str) -> CodeSender:
    path = settings.PUBLIC_VOTE_EMAIL_SENDER if kind == EMAIL else settings.PUBLIC_VOTE_SMS_SENDER
    return import_string(path)()
