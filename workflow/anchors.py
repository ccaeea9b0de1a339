"""Signed checkpoints of the audit chain heads, kept outside the database (docs/security.md §3).

`manage.py anchor_audit` (cron, docs/deployment.md) — and every backup — appends one line per campaign and chain
whose head moved to `AUDIT_ANCHOR_DIR/checkpoints.jsonl`: campaign, chain, length, head hash, time, key id and an
HMAC-SHA256 of those under the audit key (audit/keys.py). For public ballots (not chained, scoring/ballot_mac.py)
the line records the highest ballot id and how many ballots up to it exist. `verify_audit` compares the tables with
the latest checkpoint of each chain: a chain shortened, rewritten or deleted with its head row since a checkpoint
no longer holds the anchored row, and a deleted campaign is still named by its checkpoints. Ship the file
elsewhere (append-only storage, the backups) so that someone who can write the database and this directory cannot
rewrite both.
"""

import datetime
import json
import os
from pathlib import Path

from django.conf import settings
from django.db.models import Max

from audit.keys import current_key_id, mac, mac_matches

FILE_NAME = "checkpoints.jsonl"
BALLOTS = "ballots"
SIGNED = ("campaign", "chain", "length", "head", "at", "key_id")


def anchor_path() -> Path:
    return Path(settings.AUDIT_ANCHOR_DIR) / FILE_NAME


def _signed_text(record: dict) -> str:
    return json.dumps(
        {k: record[k] for k in SIGNED}, sort_keys=True, ensure_ascii=False, separators=(",", ":")
    )


def sign(record: dict) -> dict:
    record = {**record, "key_id": current_key_id()}
    record["mac"] = mac(_signed_text(record), record["key_id"])
    return record


def read_anchors(path: Path | None = None) -> tuple[dict, list[int]]:
    """The latest valid checkpoint per (campaign, chain), and the numbers of the lines whose signature fails."""
    path = path or anchor_path()
    latest, bad = {}, []
    if not path.exists():
        return latest, bad
    with open(path, encoding="utf-8") as f:
        for number, line in enumerate(f, 1):
            if not line.strip():
                continue
            try:
                record = json.loads(line)
                ok = mac_matches(_signed_text(record), record.get("mac", ""), record.get("key_id"))
            except (ValueError, KeyError, LookupError, TypeError):
                ok = False
            if not ok:
                bad.append(number)
                continue
            latest[(record["campaign"], record["chain"])] = record
    return latest, bad


def current_heads(campaign_ids=None) -> dict:
    """(campaign, chain) → (length, head) as the tables hold them now."""
    from scoring.models import Ballot
    from workflow.models import AuditChainHead

    heads = AuditChainHead.objects.all()
    ballots = Ballot.objects.values("campaign_id").annotate(top=Max("id"))
    if campaign_ids is not None:
        heads, ballots = (
            heads.filter(campaign_id__in=campaign_ids),
            ballots.filter(campaign_id__in=campaign_ids),
        )
    found = {(h.campaign_id, h.chain): (h.length, h.last_hash) for h in heads}
    for row in ballots:
        count = Ballot.objects.filter(campaign_id=row["campaign_id"], id__lte=row["top"]).count()
        found[(row["campaign_id"], BALLOTS)] = (count, str(row["top"]))
    return found


def write_checkpoints(campaign_ids=None, *, path: Path | None = None) -> int:
    """Append a signed checkpoint for every chain whose head differs from its latest checkpoint; the count."""
    path = path or anchor_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    latest, _bad = read_anchors(path)
    now = datetime.datetime.now(datetime.UTC).isoformat(timespec="seconds")
    lines = []
    for (campaign, chain), (length, head) in sorted(current_heads(campaign_ids).items()):
        anchored = latest.get((campaign, chain))
        if anchored and (anchored["length"], anchored["head"]) == (length, head):
            continue
        record = sign({"campaign": campaign, "chain": chain, "length": length, "head": head, "at": now})
        lines.append(json.dumps(record, sort_keys=True, ensure_ascii=False) + "\n")
    if lines:
        # One write in append mode: concurrent writers (cron and a backup) never interleave within a line.
        fd = os.open(path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o640)
        try:
            os.write(fd, "".join(lines).encode("utf-8"))
            os.fsync(fd)
        finally:
            os.close(fd)
    return len(lines)
