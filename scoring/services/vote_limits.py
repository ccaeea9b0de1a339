"""Rate limits and the CAPTCHA trigger of 公众评价, counted in Django's cache (Redis in production).

Counters are per hour, keyed by a keyed hash (never a raw address). `hit` counts and refuses when over the
limit. The failures that bring a challenge are counted per client in `scoring.services.captcha`.
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from config.client_ip import group_address
from config.ratelimit import count_in_window, count_many
from scoring.services.voter_identity import keyed_hash

WINDOW = 3600


def limit_key(name: str, value: str) -> str:
    return "pv:" + name + ":" + keyed_hash("limit", value)[:32]


_key = limit_key


def _client(ip: str) -> str:
    """The per-address counters count an IPv6 client by its /64 (config/client_ip.py `group_address`)."""
    return group_address(ip) or ""


def hit(name: str, value: str, message: str, limit: int | None = None) -> None:
    """Count one use of `name` by `value`; ValidationError(message) when over the hourly limit (`limit`, else
    the setting of that name)."""
    if not value:
        return
    if limit is None:
        limit = settings.PUBLIC_VOTE_LIMITS[name]
    if count_in_window(_key(name, value), WINDOW) > limit:
        raise ValidationError(message, code="rate_limited")


def check_code_request(*, ip: str, subnet: str, voter: str, mailbox: str = "") -> None:
    """`mailbox`: the normalised mailbox of an email contact (`config.mail.normalise_mailbox`), so that
    `victim+1@…`, `victim+2@…` share the identity's limit of mails (issue 21 item 6)."""
    hit("code_per_ip", _client(ip), _("此网络地址请求验证码过于频繁，请一小时后再试。"))
    hit("code_per_subnet", subnet, _("您所在网段请求验证码过于频繁，请一小时后再试。"))
    hit("code_per_identity", voter, _("该手机号码或邮箱请求验证码过于频繁，请一小时后再试。"))
    limit = settings.PUBLIC_VOTE_LIMITS["code_per_identity"]
    hit(
        "code_per_mailbox",
        mailbox,
        _("向该邮箱发送的验证码已达上限（每小时最多 %(n)s 封，同一邮箱的不同写法合并计算），请一小时后再试。")
        % {"n": limit},
        limit=limit,
    )


def check_ballot(*, ip: str, subnet: str, voter: str = "") -> None:
    """The three hourly ballot limits, counted in this order and stopping at the first one over (as three `hit`
    calls would), in one round trip to Redis (issue 15)."""
    checks = [
        (name, value, message)
        for name, value, message in (
            ("ballot_per_ip", _client(ip), _("此网络地址提交评价过于频繁，请一小时后再试。")),
            ("ballot_per_subnet", subnet, _("您所在网段提交评价过于频繁，请一小时后再试。")),
            ("ballot_per_identity", voter, _("您修改评价过于频繁，请一小时后再试。")),
        )
        if value
    ]
    over = count_many(
        [(_key(name, value), settings.PUBLIC_VOTE_LIMITS[name]) for name, value, _message in checks], WINDOW
    )
    if over is not None:
        raise ValidationError(checks[over][2], code="rate_limited")
