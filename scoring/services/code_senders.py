"""Who delivers a one-time code: email through Django's mailer, a mobile number through the SMS provider chosen by
`settings.SMS_BACKEND` (docs/deployment.md, "SMS"; decisions 250).

- `alibaba`: Alibaba Cloud SMS (阿里云短信服务, SDK `alibabacloud-dysmsapi20170525`, API `SendSms`);
- `tencent`: Tencent Cloud SMS (腾讯云短信, SDK `tencentcloud-sdk-python-sms`, API `SendSms` 2021-01-11);
- `http`: a generic HTTP gateway: JSON `{"phone": …, "text": …}` posted to `SMS_ENDPOINT` with a bearer token;
- `none` (the default): no SMS; the pages then offer email only (`channels()`).

`SMS_ENDPOINT` overrides the provider's host (a private endpoint, or the local stand-in server of the tests). A
sender raises `ValidationError` with a message for the citizen when it cannot deliver; the mobile number is used
only for this one call and never stored (the ballot keeps its keyed hash, `voter_identity.voter_key`).
"""

import json
import logging
import urllib.request
from urllib.parse import urlsplit

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from config.mail import MailNotSent, send_plain_mail
from scoring.services.voter_identity import EMAIL, PHONE

logger = logging.getLogger(__name__)

SMS_BACKENDS = ("alibaba", "tencent", "http", "none")


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

    @staticmethod
    def failed() -> ValidationError:
        return ValidationError(_("短信发送失败，请稍后再试或改用电子邮箱。"), code="sms_failed")


class EmailSender(CodeSender):
    """Django's mailer."""

    def send(self, *, kind, address, code, campaign, minutes):
        if kind != EMAIL:
            raise ValidationError(no_sms_message(), code="no_sms")
        try:
            send_plain_mail(_("公众评价验证码"), self.text(code, campaign, minutes), [address])
        except MailNotSent:  # the caller's transaction drops the code; the page keeps the contact typed
            raise ValidationError(str(MailNotSent.message), code="mail_failed") from None


def _endpoint() -> tuple[str, str]:
    """(scheme, host[:port]) of `SMS_ENDPOINT` ("" when unset). A bare host means HTTPS."""
    raw = (settings.SMS_ENDPOINT or "").strip()
    if not raw:
        return "https", ""
    if "://" not in raw:
        return "https", raw.rstrip("/")
    parts = urlsplit(raw)
    return parts.scheme or "https", parts.netloc


class HttpSmsSender(CodeSender):
    """A generic SMS gateway reached over HTTP(S): JSON body `{"phone", "text"}`, bearer `SMS_HTTP_TOKEN`."""

    def send(self, *, kind, address, code, campaign, minutes):
        body = json.dumps({"phone": address, "text": self.text(code, campaign, minutes)}).encode()
        request = urllib.request.Request(
            settings.SMS_ENDPOINT,
            data=body,
            headers={
                "Content-Type": "application/json",
                "Authorization": f"Bearer {settings.SMS_HTTP_TOKEN}",
            },
            method="POST",
        )
        try:
            with urllib.request.urlopen(request, timeout=settings.SMS_TIMEOUT) as response:  # noqa: S310
                if response.status >= 300:
                    raise OSError(response.status)
        except OSError:
            logger.exception("SMS gateway refused the code message")
            raise self.failed() from None


class AlibabaSmsSender(CodeSender):
    """Alibaba Cloud SMS: template `SMS_TEMPLATE_CODE` with the variable `${code}`, signed `SMS_SIGN_NAME`."""

    def send(self, *, kind, address, code, campaign, minutes):
        from alibabacloud_dysmsapi20170525 import models as sms_models
        from alibabacloud_dysmsapi20170525.client import Client
        from alibabacloud_tea_openapi import models as api_models
        from alibabacloud_tea_util import models as util_models

        scheme, host = _endpoint()
        config = api_models.Config(
            access_key_id=settings.SMS_ACCESS_KEY_ID,
            access_key_secret=settings.SMS_ACCESS_KEY_SECRET,
            endpoint=host or "dysmsapi.aliyuncs.com",
            protocol=scheme.upper(),
        )
        request = sms_models.SendSmsRequest(
            phone_numbers=address,
            sign_name=settings.SMS_SIGN_NAME,
            template_code=settings.SMS_TEMPLATE_CODE,
            template_param=json.dumps({"code": code}),
        )
        timeout_ms = int(settings.SMS_TIMEOUT * 1000)
        runtime = util_models.RuntimeOptions(
            read_timeout=timeout_ms, connect_timeout=timeout_ms, autoretry=False, max_attempts=1
        )
        try:
            response = Client(config).send_sms_with_options(request, runtime)
        except Exception:  # the SDK raises its own TeaException / OS errors
            logger.exception("Alibaba Cloud SMS refused the code message")
            raise self.failed() from None
        if (response.body.code or "") != "OK":
            logger.error("Alibaba Cloud SMS: %s %s", response.body.code, response.body.message)
            raise self.failed()


class TencentSmsSender(CodeSender):
    """Tencent Cloud SMS: application `SMS_SDK_APP_ID`, template `SMS_TEMPLATE_CODE` with one parameter `{1}` (the
    code), signed `SMS_SIGN_NAME`, region `SMS_REGION`."""

    def send(self, *, kind, address, code, campaign, minutes):
        from tencentcloud.common import credential
        from tencentcloud.common.profile.client_profile import ClientProfile
        from tencentcloud.common.profile.http_profile import HttpProfile
        from tencentcloud.sms.v20210111 import models, sms_client

        scheme, host = _endpoint()
        http = HttpProfile(
            protocol=scheme, endpoint=host or "sms.tencentcloudapi.com", reqTimeout=int(settings.SMS_TIMEOUT)
        )
        client = sms_client.SmsClient(
            credential.Credential(settings.SMS_ACCESS_KEY_ID, settings.SMS_ACCESS_KEY_SECRET),
            settings.SMS_REGION,
            ClientProfile(httpProfile=http),
        )
        request = models.SendSmsRequest()
        request.PhoneNumberSet = [f"+86{address}"]
        request.SmsSdkAppId = settings.SMS_SDK_APP_ID
        request.SignName = settings.SMS_SIGN_NAME
        request.TemplateId = settings.SMS_TEMPLATE_CODE
        request.TemplateParamSet = [code]
        try:
            response = client.SendSms(request)
        except Exception:  # TencentCloudSDKException, OS errors
            logger.exception("Tencent Cloud SMS refused the code message")
            raise self.failed() from None
        statuses = response.SendStatusSet or []
        if not statuses or (statuses[0].Code or "") != "Ok":
            logger.error("Tencent Cloud SMS: %s", statuses[0].Code if statuses else "no status")
            raise self.failed()


SMS_SENDERS = {"alibaba": AlibabaSmsSender, "tencent": TencentSmsSender, "http": HttpSmsSender}


def sms_enabled() -> bool:
    return settings.SMS_BACKEND in SMS_SENDERS


def channels() -> tuple[str, ...]:
    """The channels the pages offer: email always, mobile numbers only with an SMS provider configured."""
    return (PHONE, EMAIL) if sms_enabled() else (EMAIL,)


def no_sms_message() -> str:
    return _("本次评价只接受电子邮箱验证（未开通短信），请填写电子邮箱。")


def sender_for(kind: str) -> CodeSender:
    if kind == EMAIL:
        return EmailSender()
    sender = SMS_SENDERS.get(settings.SMS_BACKEND)
    return sender() if sender else EmailSender()


#: What each backend needs set (the system check names the missing variables).
REQUIRED = {
    "alibaba": ("SMS_ACCESS_KEY_ID", "SMS_ACCESS_KEY_SECRET", "SMS_SIGN_NAME", "SMS_TEMPLATE_CODE"),
    "tencent": (
        "SMS_ACCESS_KEY_ID",
        "SMS_ACCESS_KEY_SECRET",
        "SMS_SIGN_NAME",
        "SMS_TEMPLATE_CODE",
        "SMS_SDK_APP_ID",
        "SMS_REGION",
    ),
    "http": ("SMS_ENDPOINT",),
    "none": (),
}


def check_sms(app_configs=None, **kwargs):
    """System check: a known `SMS_BACKEND` with the variables it needs, so a misconfigured provider stops
    `migrate`/`check` instead of failing the first citizen."""
    from django.core import checks

    backend = settings.SMS_BACKEND
    if backend not in REQUIRED:
        return [
            checks.Error(
                f"SMS_BACKEND={backend!r} is not one of {', '.join(SMS_BACKENDS)}.",
                hint="docs/deployment.md, 'SMS'.",
                id="honors.E111",
            )
        ]
    missing = [name for name in REQUIRED[backend] if not str(getattr(settings, name, "") or "").strip()]
    if missing:
        return [
            checks.Error(
                f"SMS_BACKEND={backend} but {', '.join(missing)} is not set.",
                hint="Set it in the environment (docs/deployment.md, 'SMS'), or SMS_BACKEND=none.",
                id="honors.E112",
            )
        ]
    return []


def refuse_broken_sms() -> None:
    """For the app servers (config/wsgi.py), which run no system checks: ImproperlyConfigured when the SMS backend
    lacks what it needs, so the server does not start rather than fail the first citizen."""
    from django.core.exceptions import ImproperlyConfigured

    errors = check_sms()
    if errors:
        raise ImproperlyConfigured("; ".join(f"{error.msg} {error.hint}" for error in errors))
