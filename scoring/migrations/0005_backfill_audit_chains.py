"""Backfill the tamper-evident chains (audit/chain.py) for rows written before they existed:
transition logs and committee votes in the order they were written, and one submission record per sheet that is
submitted today (its signed content as it stands)."""

from django.db import migrations
from django.utils import timezone

from audit.chain import CHAINS, row_digest, row_values


def _chain(Head, model, chain, campaign_id, rows):
    head, _created = Head.objects.get_or_create(campaign_id=campaign_id, chain=chain.name)
    for row in rows:
        row.chain_seq = head.length + 1
        row.prev_hash = head.last_hash
        model.objects.filter(pk=row.pk).update(chain_seq=row.chain_seq, prev_hash=row.prev_hash)
        digest = row_digest(chain, row_values(chain, model.objects.get(pk=row.pk)))
        model.objects.filter(pk=row.pk).update(row_hash=digest)
        head.length += 1
        head.last_hash = digest
    head.save()


def backfill(apps, schema_editor):
    Head = apps.get_model("workflow", "AuditChainHead")
    Campaign = apps.get_model("awards", "Campaign")
    TransitionLog = apps.get_model("workflow", "TransitionLog")
    CommitteeVote = apps.get_model("workflow", "CommitteeVote")
    ScoreSheet = apps.get_model("scoring", "ScoreSheet")
    ScoreEntry = apps.get_model("scoring", "ScoreEntry")
    ScoreSheetLog = apps.get_model("scoring", "ScoreSheetLog")
    for campaign_id in Campaign.objects.order_by("pk").values_list("pk", flat=True):
        submitted = ScoreSheet.objects.filter(application__campaign_id=campaign_id, state="submitted")
        for sheet in submitted.order_by("submitted_at", "pk"):
            entries = ScoreEntry.objects.filter(sheet=sheet).order_by("criterion__code")
            log = ScoreSheetLog.objects.create(
                campaign_id=campaign_id,
                sheet=sheet,
                event="submitted",
                actor_id=sheet.expert_id,
                application_id=sheet.application_id,
                expert_id=sheet.expert_id,
                stage=sheet.stage,
                total=sheet.total,
                entries=dict(entries.values_list("criterion__code", "points")),
                signature_name=sheet.signature_name,
                signed_on=sheet.signed_on,
            )
            ScoreSheetLog.objects.filter(pk=log.pk).update(created_at=sheet.submitted_at or timezone.now())
        for name, model, rows in (
            ("transition", TransitionLog, TransitionLog.objects.filter(campaign_id=campaign_id)),
            ("vote", CommitteeVote, CommitteeVote.objects.filter(decision__campaign_id=campaign_id)),
            ("sheet", ScoreSheetLog, ScoreSheetLog.objects.filter(campaign_id=campaign_id)),
        ):
            rows = list(rows.filter(chain_seq__isnull=True).order_by("created_at", "pk"))
            if rows:
                _chain(Head, model, CHAINS[name], campaign_id, rows)


class Migration(migrations.Migration):
    dependencies = [
        ("scoring", "0004_score_sheet_log"),
        ("workflow", "0004_audit_chain"),
    ]

    operations = [migrations.RunPython(backfill, migrations.RunPython.noop)]
