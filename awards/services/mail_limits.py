"""How many mails the public pages send (issue 21 item 6): per recipient mailbox and per client, for each kind of
mail (registration, password reset), counted in the cache (Redis in production) by `config.ratelimit`.

A mailbox is counted under `config.mail.normalise_mailbox` (case, `+tags`, Gmail's dots), so `victim+1@gmail.com`,
`Vic.Tim@gmail.com` … share one count. Keys are keyed hashes: the cache never holds an address. The limits and the
refusal say their numbers (docs/decisions.md 141)."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.crypto import salted_hmac
from django.utils.translation import gettext as _

from config.mail import normalise_mailbox
from config.ratelimit import count_many


def _key(kind: str, what: str, value: str) -> str:
    return (
        f"mail:{kind}:{what}:" + salted_hmac("awards.mail-limit", value, algorithm="sha256").hexdigest()[:32]
    )


def check_mail_limits(kind: str, *, address: str, client: str | None) -> None:
    """Count one request of `kind` that mails `address`, from `client` (the IP of `config.client_ip`);
    ValidationError saying which limit, and its number, when over (nothing is sent then)."""
    per_client = settings.MAIL_LIMITS["per_client"]
    per_address = settings.MAIL_LIMITS["per_address"]
    minutes = settings.MAIL_LIMITS["window"] // 60
    checks = []
    if client:
        checks.append(
            (
                (_key(kind, "client", client), per_client),
                _("您的网络地址提交次数过多（每 %(m)s 分钟最多 %(n)s 次），请稍后再试。")
                % {"n": per_client, "m": minutes},
            )
        )
    checks.append(
        (
            (_key(kind, "mailbox", normalise_mailbox(address)), per_address),
            _("向该邮箱发送的邮件已达上限（每 %(m)s 分钟最多 %(n)s 封），请稍后再试或检查垃圾邮件箱。")
            % {"n": per_address, "m": minutes},
        )
    )
    over = count_many([limit for limit, _message in checks], settings.MAIL_LIMITS["window"])
    if over is not None:
        raise ValidationError(checks[over][1], code="rate_limited")


def mail_limits() -> dict:
    """The limits in words' numbers, for the pages that state them: per mailbox, per client, window in minutes."""
    limits = settings.MAIL_LIMITS
    return {
        "per_address": limits["per_address"],
        "per_client": limits["per_client"],
        "minutes": limits["window"] // 60,
    }
