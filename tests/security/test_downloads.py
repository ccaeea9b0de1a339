"""Every file download is sent as an attachment with nosniff and `Cache-Control: private, no-store`, through one
helper (config/downloads.py); export jobs are found by any worker (state in the database, not a process's cache)."""

import datetime
import pathlib
import re

import pytest
from django.urls import reverse

from awards.models import Application, Campaign
from tests.factories import complete_application, user_with_role
from tests.workflow.office.builders import campaign_in, candidate
from workflow.models import ExportJob, Honor

pytestmark = pytest.mark.django_db
ROOT = pathlib.Path(__file__).resolve().parents[2]


def _assert_safe_download(response, content_type: str):
    assert response.status_code == 200
    assert response["Content-Type"] == content_type
    assert response["Content-Disposition"].startswith("attachment;")
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Cache-Control"] == "private, no-store"


@pytest.mark.parametrize(
    ("url_name", "content_type"),
    [
        ("awards:application_pdf", "application/pdf"),
        (
            "awards:application_docx",
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        ),
        ("awards:application_photo", "image/jpeg"),
    ],
)
def test_application_documents_and_photo_are_safe_downloads(client, url_name, content_type):
    app = complete_application()
    client.force_login(app.applicant)
    _assert_safe_download(client.get(reverse(url_name, args=[app.pk])), content_type)


def test_certificate_and_publicity_pdfs_are_safe_downloads(client):
    campaign = campaign_in(Campaign.Phase.AWARDED)
    app = candidate(
        campaign, state=Application.State.AWARDED, name="王芳", number=f"ZHGJ-{campaign.year}-001"
    )
    honor = Honor.objects.create(
        application=app, kind="title", certificate_number="ZHGJ-1", awarded_on=datetime.date.today()
    )
    client.force_login(user_with_role("office"))
    _assert_safe_download(client.get(reverse("workflow:certificate_pdf", args=[honor.pk])), "application/pdf")


@pytest.fixture
def office_client(client):
    client.force_login(user_with_role("office"))
    return client


def test_export_job_download_is_safe_and_survives_another_workers_cache(office_client, settings):
    """Each gunicorn worker has its own local-memory cache: a job started by one must be found by the next.
    A cache that keeps nothing stands in for "another worker's memory"."""
    settings.CACHES = {
        **settings.CACHES,
        "default": {"BACKEND": "django.core.cache.backends.dummy.DummyCache"},
    }
    campaign = campaign_in(Campaign.Phase.ELIGIBILITY)
    response = office_client.post(reverse("workflow:export_start", args=[campaign.pk, "roster"]), follow=True)
    assert "已完成。" in response.content.decode()
    job = ExportJob.objects.get()
    assert (job.kind, job.status, job.campaign_id) == ("roster", "done", campaign.pk)
    download = office_client.get(reverse("workflow:job_download", args=[job.pk]))
    _assert_safe_download(download, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    assert b"".join(download.streaming_content)[:2] == b"PK"


def test_another_office_user_does_not_see_the_job(office_client, client):
    from django.test import Client

    campaign = campaign_in(Campaign.Phase.ELIGIBILITY)
    office_client.post(reverse("workflow:export_start", args=[campaign.pk, "roster"]))
    other = Client()
    other.force_login(user_with_role("office", username="office-2"))
    assert other.get(reverse("workflow:job", args=[ExportJob.objects.get().pk])).status_code == 404


def test_every_view_sends_files_through_the_one_helper():
    """No view builds its own file response: FileResponse and Content-Disposition appear only in the helper."""
    offenders = []
    for path in sorted(ROOT.glob("*/**/*.py")):
        rel = path.relative_to(ROOT).as_posix()
        if (
            rel.startswith(("tests/", ".venv/", "bench/"))
            or "/migrations/" in rel
            or rel == "config/downloads.py"
        ):
            continue
        text = path.read_text(encoding="utf-8")
        if re.search(r"FileResponse\(|Content-Disposition|as_attachment=", text):
            offenders.append(rel)
    assert offenders == []
