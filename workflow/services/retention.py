"""资料的保存 (第三十一条): application materials are kept 5 years after the campaign is archived; then the
files are deleted while the rows, scores, decisions and logs stay."""

import datetime
from dataclasses import dataclass, field

from django.db import transaction
from django.utils import timezone

from awards.models import Attachment, Campaign

RETENTION_YEARS = 5


@dataclass
class PurgeReport:
    campaigns: list = field(default_factory=list)
    files: list = field(default_factory=list)  # (campaign title, attachment id, file name, size)
    bytes: int = 0
    dry_run: bool = False


def _cutoff(now: datetime.datetime) -> datetime.datetime:
    try:
        return now.replace(year=now.year - RETENTION_YEARS)
    except ValueError:  # 29 February
        return now.replace(year=now.year - RETENTION_YEARS, day=28)


def expired_campaigns(*, now=None):
    """Campaigns archived more than 5 years ago."""
    now = now or timezone.now()
    return Campaign.objects.filter(
        phase=Campaign.Phase.ARCHIVED, archived_at__isnull=False, archived_at__lt=_cutoff(now)
    ).order_by("archived_at")


def materials_purge_expired(*, now=None, dry_run: bool = False) -> PurgeReport:
    """Delete the attachment files of expired campaigns, stamp `Attachment.purged_at`; report what went."""
    now = now or timezone.now()
    report = PurgeReport(dry_run=dry_run)
    for campaign in expired_campaigns(now=now):
        attachments = Attachment.objects.filter(
            application__campaign=campaign, purged_at__isnull=True
        ).order_by("id")
        report.campaigns.append(campaign.title)
        for att in attachments:
            name = att.file.name if att.file else ""
            report.files.append((campaign.title, att.pk, name or att.original_name, att.size))
            report.bytes += att.size
            if dry_run:
                continue
            with transaction.atomic():
                if att.file:
                    att.file.delete(save=False)
                att.file = None
                att.purged_at = now
                att._change_reason = "第三十一条：保存期满清除"
                att.save(update_fields=["file", "purged_at"])
    return report
