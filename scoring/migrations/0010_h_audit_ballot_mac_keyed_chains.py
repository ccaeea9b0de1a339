"""Audit evidence (issue 21 item 4, docs/security.md §3): ballots get a keyed MAC, score-sheet logs a key id, and
existing data is brought under the audit key:

- every chain (transition, vote, sheet) is re-hashed with HMAC-SHA256 under the current audit key, row by row in
  chain order, but only as far as its old SHA-256 hashes still verify: a chain already broken stays broken from
  that row on, so that verify_audit reports it instead of the migration laundering it;
- every record that decides an outcome (workflow/seals.py) is sealed as it stands;
- every ballot gets its MAC (scoring/ballot_mac.py).
"""

import hashlib
import json

from django.db import migrations, models

from scoring.ballot_mac import ballot_content, ballot_mac
from audit.chain import CHAINS, canonical_json, row_digest, row_values
from audit.keys import current_key_id
from workflow.seals import SEALED, campaign_of, sealed_content


def _legacy_digest(chain, values) -> str:
    content = json.loads(canonical_json(chain, values))
    content.pop("key_id", None)
    text = json.dumps(content, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def _rekey(apps):
    Head = apps.get_model("workflow", "AuditChainHead")
    key_id = current_key_id()
    for head in Head.objects.order_by("pk"):
        chain = CHAINS.get(head.chain)
        if chain is None or chain.name == "seal":
            continue
        model = apps.get_model(chain.model)
        rows = model._base_manager.filter(**{chain.campaign_path: head.campaign_id}, chain_seq__isnull=False)
        old_previous, new_previous = "", ""
        for row in rows.order_by("chain_seq", "pk"):
            if (
                row.key_id
                or row.prev_hash != old_previous
                or _legacy_digest(chain, row_values(chain, row)) != row.row_hash
            ):
                break  # already keyed, or broken before the migration: left for verify_audit to report
            old_previous = row.row_hash
            row.prev_hash, row.key_id = new_previous, key_id
            digest = row_digest(chain, row_values(chain, row))
            model._base_manager.filter(pk=row.pk).update(
                prev_hash=new_previous, key_id=key_id, row_hash=digest
            )
            if head.last_hash == old_previous:
                Head.objects.filter(pk=head.pk).update(last_hash=digest)
            new_previous = digest


def _seal_existing(apps):
    Head = apps.get_model("workflow", "AuditChainHead")
    RecordSeal = apps.get_model("workflow", "RecordSeal")
    chain = CHAINS["seal"]
    key_id = current_key_id()
    for sealed in SEALED.values():
        model = apps.get_model(sealed.model)
        for record in model._base_manager.order_by("pk").iterator(2000):
            campaign_id = campaign_of(sealed, record)
            head, _created = Head.objects.get_or_create(campaign_id=campaign_id, chain=chain.name)
            seal = RecordSeal.objects.create(
                campaign_id=campaign_id,
                kind=sealed.kind,
                object_id=record.pk,
                content=sealed_content(sealed, record),
                chain_seq=head.length + 1,
                prev_hash=head.last_hash,
                key_id=key_id,
            )
            seal = RecordSeal.objects.get(pk=seal.pk)
            digest = row_digest(chain, row_values(chain, seal))
            RecordSeal.objects.filter(pk=seal.pk).update(row_hash=digest)
            head.length += 1
            head.last_hash = digest
            head.save(update_fields=["length", "last_hash"])


def _mac_ballots(apps):
    Ballot = apps.get_model("scoring", "Ballot")
    PublicVote = apps.get_model("scoring", "PublicVote")
    for ballot in Ballot.objects.order_by("pk").iterator(2000):
        ratings = dict(PublicVote.objects.filter(ballot_id=ballot.pk).values_list("application_id", "rating"))
        Ballot.objects.filter(pk=ballot.pk).update(mac=ballot_mac(**ballot_content(ballot, ratings)))


def forwards(apps, schema_editor):
    _rekey(apps)
    _seal_existing(apps)
    _mac_ballots(apps)


class Migration(migrations.Migration):
    dependencies = [
        ("scoring", "0009_panel_grants"),
        ("workflow", "0008_h_audit_keyed_chains"),
    ]

    operations = [
        migrations.AddField(
            model_name="ballot",
            name="mac",
            field=models.CharField(blank=True, editable=False, max_length=90, verbose_name="选票校验码"),
        ),
        migrations.AddField(
            model_name="scoresheetlog",
            name="key_id",
            field=models.CharField(blank=True, editable=False, max_length=20, verbose_name="审计密钥编号"),
        ),
        migrations.RunPython(forwards, migrations.RunPython.noop),
    ]
