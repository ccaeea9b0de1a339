"""资料的保存 (第三十一条): `purge_expired_materials` removes files of campaigns archived over 5 years ago."""

import datetime
import io

import pytest
from django.core.management import call_command
from django.utils import timezone

from awards.models import Application, Attachment, Campaign
from tests.workflow.builders import application_in, campaign_in
from workflow.models import TransitionLog
from workflow.services.retention import materials_purge_expired

pytestmark = pytest.mark.django_db
P = Campaign.Phase


def _archived(years_ago: float):
    campaign = campaign_in(P.ARCHIVED)
    campaign.archived_at = timezone.now() - datetime.timedelta(days=int(365.25 * years_ago))
    campaign.save()
    app = application_in(campaign, Application.State.AWARDED)
    TransitionLog.objects.create(
        subject="application",
        campaign=campaign,
        application=app,
        action="grant_title",
        from_state="recommended",
        to_state="awarded",
        role="system",
    )
    return app


def test_files_of_a_campaign_archived_6_years_ago_are_deleted_and_rows_kept():
    app = _archived(6)
    paths = [a.file.path for a in app.attachments.all()]
    report = materials_purge_expired()
    assert len(report.files) == 2
    assert all(not __import__("os").path.exists(p) for p in paths)
    rows = list(Attachment.objects.filter(application=app))
    assert len(rows) == 2 and all(a.purged_at is not None and not a.file for a in rows)
    assert TransitionLog.objects.filter(application=app).exists()
    app.refresh_from_db()
    assert app.state == Application.State.AWARDED


def test_files_of_a_campaign_archived_4_years_ago_are_kept():
    app = _archived(4)
    report = materials_purge_expired()
    assert report.files == []
    assert not Attachment.objects.filter(application=app, purged_at__isnull=False).exists()


def test_a_dry_run_lists_without_deleting():
    app = _archived(6)
    report = materials_purge_expired(dry_run=True)
    assert len(report.files) == 2
    assert all(a.file and a.purged_at is None for a in app.attachments.all())


def test_the_command_reports_what_it_removed():
    _archived(6)
    out = io.StringIO()
    call_command("purge_expired_materials", stdout=out)
    assert "已清除 1 份申报的个人资料，2 个文件" in out.getvalue()
    assert "photo" in out.getvalue()


def test_the_command_with_dry_run_says_what_it_would_remove():
    app = _archived(6)
    out = io.StringIO()
    call_command("purge_expired_materials", "--dry-run", stdout=out)
    assert "将清除 1 份申报的个人资料，2 个文件" in out.getvalue()
    assert app.attachments.filter(purged_at__isnull=True).count() == 2
