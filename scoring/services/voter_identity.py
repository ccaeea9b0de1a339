"""Identities of public raters, kept only as keyed hashes (HMAC-SHA256 with `settings.PUBLIC_VOTE_HMAC_KEY`).

A mobile number or email is normalised before hashing, so the same person always gets the same key: a mobile number
without spaces, dashes or +86; an email as the mailbox it reaches (`canonical_mailbox`: case folded, and where the
provider ignores them the dots and +tags of the local part dropped, decisions 240). Disposable mail domains are
refused (`disposable_domain`, decisions 241). Only the mail domain is kept in clear (`mail_domain`), for the
office's count of identities per domain. IP addresses and device cookies are hashed the same way;
only the /24 network (IPv4) or /48 (IPv6) is kept in clear for the office's report of suspicious patterns.
"""

import hashlib
import hmac
import ipaddress
import re

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.utils.translation import gettext as _

from config.client_ip import client_ip as trusted_client_ip

MOBILE = re.compile(r"^1[3-9]\d{9}$")
EMAIL, PHONE = "email", "mobile"


def keyed_hash(kind: str, value: str) -> str:
    return hmac.new(
        settings.PUBLIC_VOTE_HMAC_KEY.encode(), f"{kind}:{value}".encode(), hashlib.sha256
    ).hexdigest()


def normalise_contact(raw: str) -> tuple[str, str]:
    """(kind, normalised value) of a mobile number or email address; ValidationError otherwise."""
    value = (raw or "").strip()
    if "@" in value:
        value = value.lower()
        try:
            validate_email(value)
        except ValidationError:
            raise ValidationError(_("电子邮箱格式不正确，例如 name@example.cn。"), code="contact") from None
        return EMAIL, value
    digits = re.sub(r"[\s-]", "", value)
    if digits.startswith("+86"):
        digits = digits[3:]
    elif digits.startswith("0086"):
        digits = digits[4:]
    if not MOBILE.match(digits):
        raise ValidationError(_("请填写 11 位手机号码或电子邮箱。"), code="contact")
    return PHONE, digits


def masked(raw: str) -> str:
    """A contact as the page may show it back: 139****5678, ci***@example.cn."""
    try:
        kind, value = normalise_contact(raw)
    except ValidationError:
        return ""
    if kind == PHONE:
        return f"{value[:3]}****{value[-4:]}"
    local, _at, domain = value.partition("@")
    return f"{local[:2]}***@{domain}"


def voter_key(kind: str, value: str) -> str:
    """The keyed hash of an identity as given (`identity_key` normalises an email first)."""
    return keyed_hash("voter", f"{kind}:{value}")


#: Mail providers that deliver `name.with.dots@` to `namewithdots@` (and the domain each is an alias of).
DOTLESS_DOMAINS = {"gmail.com": "gmail.com", "googlemail.com": "gmail.com"}
#: Mail providers that deliver `name+tag@` to `name@` (sub-addressing, RFC 5233), decisions 240. Elsewhere a `+`
#: may be part of a real mailbox name and is kept.
PLUS_TAG_DOMAINS = frozenset(
    {
        "gmail.com",
        "googlemail.com",
        "outlook.com",
        "hotmail.com",
        "live.com",
        "msn.com",
        "icloud.com",
        "me.com",
        "mac.com",
        "proton.me",
        "protonmail.com",
        "pm.me",
        "fastmail.com",
        "yandex.com",
        "yandex.ru",
    }
)


def canonical_mailbox(address: str) -> str:
    """The mailbox an (already lower-cased) address reaches, for the voter key: googlemail.com read as
    gmail.com, the dots of a Gmail local part dropped, the +tag dropped where the provider ignores it."""
    local, at, domain = (address or "").strip().lower().rpartition("@")
    if not at:
        return address
    if domain in PLUS_TAG_DOMAINS:
        local = local.split("+", 1)[0]
    if domain in DOTLESS_DOMAINS:
        domain = DOTLESS_DOMAINS[domain]
        local = local.replace(".", "")
    return f"{local}@{domain}"


def mail_domain(address: str) -> str:
    """The domain of an email address as the voter key reads it (googlemail.com → gmail.com); "" otherwise."""
    local, at, domain = (address or "").strip().lower().rpartition("@")
    if not at:
        return ""
    return DOTLESS_DOMAINS.get(domain, domain)[:253]


def disposable_domain(domain: str) -> bool:
    """A throw-away mail domain (the `disposable-email-domains` list, plus `PUBLIC_VOTE_BLOCKED_MAIL_DOMAINS`),
    the domain itself or any domain above it (x.mailinator.com), decisions 241."""
    from disposable_email_domains import blocklist

    extra = set(settings.PUBLIC_VOTE_BLOCKED_MAIL_DOMAINS)
    parts = (domain or "").lower().split(".")
    for i in range(len(parts) - 1):
        candidate = ".".join(parts[i:])
        if candidate in blocklist or candidate in extra:
            return True
    return False


def identity_key(kind: str, value: str) -> str:
    """The voter key of a normalised contact: an email by its canonical mailbox (decisions 240)."""
    return voter_key(kind, canonical_mailbox(value) if kind == EMAIL else value)


def organisation_voter(organization) -> str:
    """The ballot key of an organisation voting through its unit accounts (one ballot per organisation)."""
    return keyed_hash("organisation", str(organization.pk))


def client_ip(request) -> str:
    """The client's address as the login lockout and the audit trail see it (config/client_ip.py: X-Forwarded-For
    only from `TRUSTED_PROXIES`)."""
    return trusted_client_ip(request) or "0.0.0.0"


def subnet_of(ip: str) -> str:
    """The /24 (IPv4) or /48 (IPv6) network of an address, e.g. 203.0.113.0/24."""
    try:
        address = ipaddress.ip_address(ip)
    except ValueError:
        return ""
    prefix = 24 if address.version == 4 else 48
    return str(ipaddress.ip_network(f"{address}/{prefix}", strict=False))


DEVICE_COOKIE = "pv_device"


def device_key(request) -> str:
    token = request.COOKIES.get(DEVICE_COOKIE, "")
    return keyed_hash("device", token) if token else ""
