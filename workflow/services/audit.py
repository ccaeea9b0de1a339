"""Appending to a campaign's tamper-evident chain (audit/chain.py)."""

from django.db import transaction
from django.db.models import F

from audit.chain import CHAIN_OF_MODEL, row_digest, row_values
from audit.keys import current_key_id
from workflow.models import AuditChainHead

LOCK_CHAIN = "transition"


def chain_append(record, *, campaign_id: int):
    """Save `record` (an unsaved `ChainedRecord`) as the next row of its campaign's chain.

    The chain head's row lock serializes appends per chain and campaign; the compare-and-set on the head's
    length refuses a fork even where SELECT … FOR UPDATE is a no-op (SQLite). The hash is taken over the values
    as read back from the database, so that what `verify_audit` recomputes later is what was hashed."""
    chain = CHAIN_OF_MODEL[record._meta.label]
    with transaction.atomic():
        if chain.name != LOCK_CHAIN:
            # One lock order for every chain of a campaign: a transaction that appends to two chains (a
            # transition whose effect writes a sealed record) takes the campaign's first head before its own, so
            # two such transactions never wait on each other's heads in opposite orders.
            AuditChainHead.objects.select_for_update().get_or_create(
                campaign_id=campaign_id, chain=LOCK_CHAIN
            )
        head, _created = AuditChainHead.objects.select_for_update().get_or_create(
            campaign_id=campaign_id, chain=chain.name
        )
        record.chain_seq = head.length + 1
        record.prev_hash = head.last_hash
        record.key_id = current_key_id()
        record.save()
        stored = type(record)._base_manager.get(pk=record.pk)
        digest = row_digest(chain, row_values(chain, stored))
        type(record)._base_manager.filter(pk=record.pk).update(row_hash=digest)
        record.row_hash = digest
        moved = AuditChainHead.objects.filter(pk=head.pk, length=head.length).update(
            length=F("length") + 1, last_hash=digest
        )
        if moved != 1:
            raise RuntimeError(f"audit chain {chain.name} of campaign {campaign_id} moved during an append")
    return record
