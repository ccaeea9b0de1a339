"""Background work of the office (django.tasks): large exports and the certificate zip. The page polls the job's
progress (htmx) and offers the file for download once it is kept in storage.

A job's state lives in the database (`ExportJob`), so every gunicorn worker and the `manage.py db_worker` process
see the same job without a shared cache; its file lives in the default storage under `exports/<job id>/`."""

import datetime
import uuid

from django.contrib.auth import get_user_model
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.tasks import task
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from awards.models import Campaign
from workflow.documents import exports
from workflow.documents import pdf as documents
from workflow.models import ExportJob
from workflow.permissions import job_owner_grant

JOB_TTL = 7 * 24 * 3600

#: kind → (label, file name pattern, builder(campaign, progress, user) -> bytes)
KINDS = {
    "roster": (_("申报名册"), "roster-{year}.xlsx", exports.roster_xlsx),
    "roster_fields": (_("申报信息全表"), "applications-{year}.xlsx", exports.roster_fields_xlsx),
    "eligibility": (_("资格审查结果"), "eligibility-{year}.xlsx", exports.eligibility_xlsx),
    "matrix_material": (
        _("材料评议评分矩阵"),
        "scores-material-{year}.xlsx",
        lambda c, progress, user=None: exports.score_matrix_xlsx(c, "material", progress, user),
    ),
    "matrix_onsite": (
        _("现场展示评分矩阵"),
        "scores-onsite-{year}.xlsx",
        lambda c, progress, user=None: exports.score_matrix_xlsx(c, "onsite", progress, user),
    ),
    "ranking": (_("综合排名"), "ranking-{year}.xlsx", exports.ranking_xlsx),
    "votes": (_("组委会表决汇总"), "votes-{year}.xlsx", exports.votes_xlsx),
    "honors": (_("获荣名单"), "honors-{year}.xlsx", exports.honors_xlsx),
    "ballots": (_("公众评价"), "public-input-{year}.xlsx", exports.ballots_xlsx),
    "credit_records": (_("信用记录"), "credit-records-{year}.xlsx", exports.credit_records_xlsx),
    "certificates": (_("全部荣誉证书"), "certificates-{year}.zip", documents.certificates_zip),
}


FIELDS = ("id", "kind", "campaign_id", "user_id", "status", "done", "total", "path", "filename", "error")


def job_get(job_id: str) -> dict | None:
    """The job as a dict (what the pages read), or None when unknown or older than JOB_TTL."""
    cutoff = timezone.now() - datetime.timedelta(seconds=JOB_TTL)
    row = ExportJob.objects.filter(pk=str(job_id)[:32], created_at__gte=cutoff).values(*FIELDS).first()
    return row


def _job_set(job_id: str, **changes) -> dict | None:
    changes.pop("id", None)
    if not ExportJob.objects.filter(pk=job_id).update(**changes, updated_at=timezone.now()):
        ExportJob.objects.create(id=job_id, **changes)
    return job_get(job_id)


def job_start(*, kind: str, campaign: Campaign, user) -> str:
    """Record a queued job and hand it to the task backend; returns the job id."""
    if kind not in KINDS:
        raise ValueError(kind)
    job_id = uuid.uuid4().hex
    _job_set(
        job_id,
        id=job_id,
        kind=kind,
        campaign_id=campaign.pk,
        user_id=user.pk,
        status="queued",
        done=0,
        total=0,
        path="",
        error="",
    )
    job_owner_grant(user, ExportJob.objects.get(pk=job_id))
    build_office_file.enqueue(job_id)
    return job_id


@task()
def build_office_file(job_id: str) -> str:
    job = job_get(job_id)
    if job is None:
        return ""
    _label, pattern, builder = KINDS[job["kind"]]
    campaign = Campaign.objects.select_related("award_type__rubric").get(pk=job["campaign_id"])
    _job_set(job_id, status="running")

    def progress(done, total):
        _job_set(job_id, done=done, total=total)

    try:
        content = builder(campaign, progress=progress, user=_user(job))
    except Exception as e:  # noqa: BLE001 - the page must show the failure instead of spinning forever
        _job_set(job_id, status="failed", error=str(e)[:300])
        raise
    name = pattern.format(year=campaign.year)
    path = default_storage.save(f"exports/{job_id}/{name}", ContentFile(content))
    job = job_get(job_id) or {}
    total = job.get("total") or 0
    _job_set(job_id, status="done", path=path, filename=name, done=total, total=total)
    return path


def _user(job: dict):
    return get_user_model().objects.filter(pk=job.get("user_id")).first()


def job_percent(job: dict) -> int:
    if job.get("status") == "done":
        return 100
    total = job.get("total") or 0
    return int(100 * job.get("done", 0) / total) if total else 0
