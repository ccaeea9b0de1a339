"""The secret behind the audit evidence (docs/security.md §3): HMAC-SHA256 keys kept outside the database.

`AUDIT_HMAC_KEY` (environment) is the current key, named by `AUDIT_HMAC_KEY_ID`; every chained row stores the id
of the key it was hashed with, so that a rotated key keeps old rows verifiable when it is listed in
`AUDIT_HMAC_RETIRED_KEYS` ("id=key,id=key"). In DEBUG/TESTING without a key, one derived from SECRET_KEY is used;
in production the system check `audit.E001` refuses to start without `AUDIT_HMAC_KEY`.
"""

import hashlib
import hmac

from django.conf import settings
from django.core.checks import Error, register

DEV_KEY_PREFIX = "smart-city-honors audit dev key:"


class UnknownAuditKey(LookupError):
    pass


def current_key_id() -> str:
    return settings.AUDIT_HMAC_KEY_ID


def _current_key() -> bytes:
    key = settings.AUDIT_HMAC_KEY
    if not key:
        if not (settings.DEBUG or getattr(settings, "TESTING", False)):
            raise UnknownAuditKey("AUDIT_HMAC_KEY is not set")
        key = hashlib.sha256((DEV_KEY_PREFIX + settings.SECRET_KEY).encode()).hexdigest()
    return key.encode("utf-8")


def keys() -> dict[str, bytes]:
    found = {}
    for item in (settings.AUDIT_HMAC_RETIRED_KEYS or "").split(","):
        if "=" in item:
            key_id, key = item.split("=", 1)
            if key_id.strip() and key.strip():
                found[key_id.strip()] = key.strip().encode("utf-8")
    found[current_key_id()] = _current_key()
    return found


def key_for(key_id: str | None) -> bytes:
    """The key named `key_id` ("" or None: the current key)."""
    if not key_id:
        return _current_key()
    try:
        return keys()[key_id]
    except KeyError:
        raise UnknownAuditKey(key_id) from None


def mac(text: str, key_id: str | None = None) -> str:
    return hmac.new(key_for(key_id), text.encode("utf-8"), hashlib.sha256).hexdigest()


def mac_matches(text: str, digest: str, key_id: str | None = None) -> bool:
    return hmac.compare_digest(mac(text, key_id), digest or "")


@register("security")
def audit_key_configured(app_configs=None, **kwargs):
    if settings.AUDIT_HMAC_KEY or settings.DEBUG or getattr(settings, "TESTING", False):
        return []
    return [
        Error(
            "AUDIT_HMAC_KEY is not set: the audit chains and their checkpoints cannot be signed.",
            hint="Set AUDIT_HMAC_KEY (a random secret of 32+ bytes kept outside the database and its backups); "
            "see docs/deployment.md.",
            id="audit.E001",
        )
    ]
