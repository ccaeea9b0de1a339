"""Tamper-evident audit chains: the canonical content of a chained row and its SHA-256 (docs/security.md).

Three kinds of rows are chained, one chain per kind and campaign: transition logs, committee votes and score
sheet submissions (`CHAINS`). Each row stores `chain_seq` (1, 2, 3 … within its chain), `prev_hash` (the
`row_hash` of the row before it, "" for the first) and `row_hash` = SHA-256 of the canonical JSON of the fields
named here plus those three. A row edited, inserted or deleted behind the application's back no longer hashes
to what its successor (or the chain head, `AuditChainHead`) recorded: `manage.py verify_audit` reports it.

Pure functions over plain values: the data migration that backfilled the chains imports them too.
"""

import datetime
import hashlib
import json
from dataclasses import dataclass
from decimal import Decimal


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
        chain=chain.name, id=values["id"], chain_seq=values["chain_seq"], prev_hash=values["prev_hash"] or ""
    )
    return json.dumps(content, sort_keys=True, ensure_ascii=False, separators=(",", ":"))


def row_digest(chain: Chain, values: dict) -> str:
    return hashlib.sha256(canonical_json(chain, values).encode("utf-8")).hexdigest()


def row_values(chain: Chain, row) -> dict:
    """The hashed values of a model instance (as read back from the database)."""
    names = (*chain.fields, "id", "chain_seq", "prev_hash")
    return {name: getattr(row, name) for name in names}
