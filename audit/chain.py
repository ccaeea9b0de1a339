"""Tamper-evident audit chains: the canonical content of a chained row and its HMAC (docs/security.md §3).

Four kinds of rows are chained, one chain per kind and campaign: transition logs, committee votes, score sheet
submissions and record seals (`CHAINS`; a seal is the content of a record that decides an outcome — a committee
decision and its result, an honor, a revocation, an eligibility review, an objection, a panel result, a ballot's
voiding — as it was written, workflow/seals.py). Each row stores `chain_seq` (1, 2, 3 … within its chain),
`prev_hash` (the `row_hash` of the row before it, "" for the first), `key_id` (which audit key) and `row_hash` =
HMAC-SHA256 under that key (audit/keys.py, a secret outside the database) of the canonical JSON of the
fields named here plus those. A row edited, inserted or deleted behind the application's back no longer hashes to
what its successor (or the chain head, `AuditChainHead`, itself compared with the signed checkpoints outside the
table, workflow/anchors.py) recorded, and without the key the hashes cannot be recomputed: `manage.py
verify_audit` reports it.

Pure functions over plain values: the data migration that backfilled the chains imports them too.
"""

import datetime
import json
from dataclasses import dataclass
from decimal import Decimal

from audit.keys import current_key_id, mac


@dataclass(frozen=True)
class Chain:
    name: str
    model: str  # "app_label.ModelName"
    campaign_path: str  # lookup from the row to its campaign id
    fields: tuple[str, ...]  # attnames hashed, besides id, chain_seq and prev_hash


CHAINS = {
    "transition": Chain(
        name="transition",
        model="workflow.TransitionLog",
        campaign_path="campaign_id",
        fields=(
            "subject",
            "campaign_id",
            "application_id",
            "action",
            "from_state",
            "to_state",
            "actor_id",
            "role",
            "reason",
            "ip",
            "article",
            "created_at",
        ),
    ),
    "vote": Chain(
        name="vote",
        model="workflow.CommitteeVote",
        campaign_path="decision__campaign_id",
        fields=("decision_id", "member_id", "choice", "comment", "created_at"),
    ),
    "sheet": Chain(
        name="sheet",
        model="scoring.ScoreSheetLog",
        campaign_path="campaign_id",
        fields=(
            "campaign_id",
            "sheet_id",
            "event",
            "actor_id",
            "application_id",
            "expert_id",
            "stage",
            "total",
            "entries",
            "signature_name",
            "signed_on",
            "reason",
            "created_at",
        ),
    ),
    "seal": Chain(
        name="seal",
        model="workflow.RecordSeal",
        campaign_path="campaign_id",
        fields=("campaign_id", "kind", "object_id", "content", "deleted", "created_at"),
    ),
}

CHAIN_OF_MODEL = {chain.model: chain for chain in CHAINS.values()}


def _plain(value):
    if isinstance(value, datetime.datetime):
        if value.tzinfo is not None:
            value = value.astimezone(datetime.UTC)
        return value.replace(tzinfo=None).isoformat(timespec="microseconds")
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    return value


def canonical_json(chain: Chain, values: dict) -> str:
    """The canonical form: sorted keys, no spaces, UTF-8 text, datetimes in UTC with microseconds."""
    content = {name: _plain(values.get(name)) for name in chain.fields}
    content.update(
        chain=chain.name,
        id=values["id"],
        chain_seq=values["chain_seq"],
        prev_hash=values["prev_hash"] or "",
        key_id=values.get("key_id") or current_key_id(),
    )
    return json.dumps(content, sort_keys=True, ensure_ascii=False, separators=(",", ":"))


def row_digest(chain: Chain, values: dict) -> str:
    """HMAC-SHA256 of the row's canonical form under the key its `key_id` names ("": the current key)."""
    return mac(canonical_json(chain, values), values.get("key_id") or None)


def row_values(chain: Chain, row) -> dict:
    """The hashed values of a model instance (as read back from the database)."""
    names = (*chain.fields, "id", "chain_seq", "prev_hash")
    values = {name: getattr(row, name) for name in names}
    values["key_id"] = getattr(row, "key_id", "") or ""
    return values
