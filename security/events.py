"""The security event log (网络安全法 第二十一条; GB/T 22239-2019 8.1.4.3 安全审计): what happened to whose account, from
where, kept in a tamper-evident chain.

`record_security_event(kind, user, request, **details)` is the one way to write it (other apps call it too: the
personal-data exports, key rotation). Each row is chained like the audit rows (audit/chain.py): its
`row_hash` is the HMAC, under the audit key, of its canonical content and the hash of the row before it, and the
head (`SecurityLogHead`) holds the length and last hash, so an edited, inserted or deleted row is found by
`verify_security_log()` (and `manage.py export_security_log --verify`). Purging (only rows older than
SECURITY_LOG_RETENTION_DAYS, ≥ 180 days) records where the chain now starts."""

import datetime
import hashlib
import json

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.db.models import F
from django.utils import timezone

from audit.chain import Chain, _plain, row_digest
from audit.keys import current_key_id
from config.client_ip import client_ip
from config.ratelimit import count_many
from security.models import SecurityEvent, SecurityLogHead

CHAIN = Chain(
    name="security",
    model="security.SecurityEvent",
    campaign_path="",
    fields=("kind", "user_id", "username", "ip", "user_agent", "path", "details", "created_at"),
)

Kind = SecurityEvent.Kind


def _values(row) -> dict:
    values = {name: getattr(row, name) for name in (*CHAIN.fields, "id", "chain_seq", "prev_hash")}
    values["key_id"] = row.key_id or ""
    return values


def _head():
    head = SecurityLogHead.objects.select_for_update().filter(pk=1).first()
    if head is None:
        SecurityLogHead.objects.get_or_create(pk=1)
        head = SecurityLogHead.objects.select_for_update().get(pk=1)
    return head


def _append(row: SecurityEvent) -> SecurityEvent:
    head = _head()
    row.chain_seq = head.length + 1
    row.prev_hash = head.last_hash
    row.key_id = current_key_id()
    row.save()
    stored = SecurityEvent.objects.get(pk=row.pk)
    digest = row_digest(CHAIN, _values(stored))
    SecurityEvent.objects.filter(pk=row.pk).update(row_hash=digest)
    row.row_hash = digest
    moved = SecurityLogHead.objects.filter(pk=head.pk, length=head.length).update(
        length=F("length") + 1, last_hash=digest
    )
    if moved != 1:
        raise RuntimeError("the security log's chain moved during an append")
    return row


def record_security_event(kind: str, user=None, request=None, **details) -> SecurityEvent:
    """Append one event. `user`: whose account (None: unknown, e.g. a failed sign-in under a name that does not
    exist — pass `username=` then); `request`: where from (address, browser, path). `details`: JSON-able values
    (no passwords, no codes). A first row written under a new audit key is preceded by a key-rotation event."""
    username = details.pop("username", None)
    if username is None and user is not None and getattr(user, "is_authenticated", False):
        username = user.get_username()
    now = timezone.now()
    row = SecurityEvent(
        kind=str(kind),
        user=user if user is not None and getattr(user, "pk", None) else None,
        username=(username or "")[:150],
        ip=(client_ip(request) or "")[:64] if request is not None else "",
        user_agent=request.META.get("HTTP_USER_AGENT", "")[:300] if request is not None else "",
        path=request.get_full_path()[:500] if request is not None else "",
        details=json.loads(json.dumps(_plain(details), default=str)),
        created_at=now,
    )
    with transaction.atomic():
        last = SecurityEvent.objects.filter(chain_seq__isnull=False).order_by("-chain_seq").first()
        if last is not None and last.key_id and last.key_id != current_key_id() and kind != Kind.KEY_ROTATION:
            _append(
                SecurityEvent(
                    kind=Kind.KEY_ROTATION,
                    details={"key": "audit", "from_key_id": last.key_id, "to_key_id": current_key_id()},
                    created_at=now,
                )
            )
        return _append(row)


#: Refused access is written once per visitor, method and path in a window of this many seconds (decisions 302).
REFUSAL_WINDOW = 60


def record_refusal(request):
    """A 403 answer into the log, without letting a flood of them serialize the application on the chain's lock
    (decisions 302): the first refusal of a visitor (the signed-in user, else the client address) for a method
    and path in a minute is a row of the chain; its repeats in that minute are not, and at most
    SECURITY_REFUSALS_PER_MINUTE first refusals of all visitors together are — once that many are written, one
    more row says so, and the rest of the minute is only in the request log (config/logs.py writes every answer,
    403s included, with its user, address and path). The written row or None."""
    user = getattr(request, "user", None)
    signed_in = user is not None and user.is_authenticated
    who = f"u{user.pk}" if signed_in else f"ip{client_ip(request) or '-'}"
    spot = hashlib.sha256(f"{who} {request.method} {request.path}".encode()).hexdigest()[:32]
    limit = settings.SECURITY_REFUSALS_PER_MINUTE
    over = count_many([(f"security:refusal:{spot}", 1), ("security:refusals", limit)], REFUSAL_WINDOW)
    if over == 0:  # a repeat within the minute
        return None
    details = {"method": request.method}
    if over == 1:  # the minute's ceiling: one row says so, the rest only in the request log
        if not cache.add("security:refusals:ceiling", 1, timeout=REFUSAL_WINDOW):
            return None
        details["ceiling_reached"] = limit
    return record_security_event(Kind.ACCESS_DENIED, user if signed_in else None, request, **details)


def verify_security_log() -> list[str]:
    """The problems found in the chain (empty: intact)."""
    head = SecurityLogHead.objects.filter(pk=1).first()
    problems = []
    expected_seq = (head.purged_through if head else 0) + 1
    prev = head.purged_last_hash if head else ""
    last_hash = ""
    for row in SecurityEvent.objects.order_by("chain_seq", "pk").iterator(2000):
        if row.chain_seq != expected_seq:
            problems.append(f"row {expected_seq} is missing (found {row.chain_seq})")
            break
        if row.prev_hash != prev:
            problems.append(f"row {row.chain_seq} does not follow the row before it")
            break
        if row_digest(CHAIN, _values(row)) != row.row_hash:
            problems.append(f"row {row.chain_seq} was changed after it was written")
            break
        prev = last_hash = row.row_hash
        expected_seq += 1
    if not problems and head is not None:
        if head.length != expected_seq - 1 or (
            head.length > head.purged_through and head.last_hash != last_hash
        ):
            problems.append(f"the log ends at row {expected_seq - 1}, its head records {head.length} rows")
    return problems


def as_json_line(row: SecurityEvent) -> str:
    """One event as a JSON line for the city's log platform (UTC times, the chain's hashes included)."""
    return json.dumps(
        {
            "seq": row.chain_seq,
            "time": _plain(row.created_at) + "Z",
            "kind": row.kind,
            "user_id": row.user_id,
            "username": row.username,
            "ip": row.ip,
            "user_agent": row.user_agent,
            "path": row.path,
            "details": row.details,
            "prev_hash": row.prev_hash,
            "row_hash": row.row_hash,
            "key_id": row.key_id,
            "source": "smartcity-honors",
        },
        ensure_ascii=False,
        sort_keys=True,
    )


@transaction.atomic
def purge_before(cutoff, *, retention_days: int, actor: str = "") -> int:
    """Delete the events older than `cutoff`; refused (ValueError) when that is within the retention period."""
    limit = timezone.now() - datetime.timedelta(days=retention_days)
    if cutoff > limit:
        raise ValueError(retention_days)
    head = _head()
    old = SecurityEvent.objects.filter(created_at__lt=cutoff).order_by("chain_seq")
    last = old.last()
    if last is None:
        return 0
    # Only a prefix of the chain may go: rows are in time order, so every row up to the last old one is old.
    count = SecurityEvent.objects.filter(chain_seq__lte=last.chain_seq).delete()[0]
    SecurityLogHead.objects.filter(pk=head.pk).update(
        purged_through=last.chain_seq, purged_last_hash=last.row_hash
    )
    _append(
        SecurityEvent(
            kind=Kind.LOG_PURGED,
            username=actor[:150],
            details={"before": cutoff.isoformat(), "rows": count, "through_seq": last.chain_seq},
            created_at=timezone.now(),
        )
    )
    return count
