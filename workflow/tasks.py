"""Background work of the office (django.tasks): large exports and the certificate zip. The page polls the job's
progress (htmx) and offers the file for download once it is kept in storage.

A job's state lives in the database (`ExportJob`), so every gunicorn worker and the `manage.py db_worker` process
see the same job without a shared cache; its file lives in the default storage under `exports/<job id>/`."""

import datetime
import uuid

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.tasks import task
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from awards.models import AccessLog, Campaign
from awards.services.privacy import log_access, watermark
from workflow.documents import exports
from workflow.documents import pdf as documents
from workflow.models import ExportJob
from workflow.services.states import JOB_STATES

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


#: Exports that carry resident IDs and phone numbers: masked unless the job states a purpose; every one is logged
#: in the access log (awards.AccessLog) with its rows; a full one is watermarked (issue 25 item 4).
PERSONAL_KINDS = {"roster_fields": exports.roster_count}

FIELDS = ("id", "kind", "campaign_id", "user_id", "status", "done", "total", "path", "filename", "error")


def job_get(job_id: str) -> dict | None:
    """The job as a dict (what the pages read), or None when unknown or older than JOB_TTL."""
    cutoff = timezone.now() - datetime.timedelta(seconds=JOB_TTL)
    return ExportJob.objects.filter(pk=str(job_id)[:32], created_at__gte=cutoff).values(*FIELDS).first()


def _move(job: ExportJob, action: str) -> None:
    """The job's status changes only through its table (workflow.services.states.JOB_STATES)."""
    JOB_STATES.apply(job, action)
    job.save()


def job_start(*, kind: str, campaign: Campaign, user, purpose: str = "") -> str:
    """Record a queued job (its starter, only, sees it: `workflow.permissions.may_view_job`), and hand it to the
    task backend; returns the job id.
    `purpose`: a full (unmasked) export of a PERSONAL_KINDS file, for that stated purpose."""
    if kind not in KINDS:
        raise ValueError(kind)
    purpose = purpose.strip() if kind in PERSONAL_KINDS else ""
    job = ExportJob.objects.create(
        id=uuid.uuid4().hex, kind=kind, campaign=campaign, user=user, purpose=purpose
    )
    build_office_file.enqueue(job.pk)
    return job.pk


@task()
def build_office_file(job_id: str) -> str:
    job = ExportJob.objects.select_related("campaign__award_type__rubric", "user").filter(pk=job_id).first()
    if job is None:
        return ""
    label, pattern, builder = KINDS[job.kind]
    _move(job, "run")

    def progress(done, total):
        ExportJob.objects.filter(pk=job.pk).update(done=done, total=total, updated_at=timezone.now())

    personal = PERSONAL_KINDS.get(job.kind)
    extra = {}
    if personal is not None:
        extra = {"full": bool(job.purpose), "watermark": watermark(job.user)}
    try:
        content = builder(job.campaign, progress=progress, user=job.user, **extra)
    except Exception as e:  # noqa: BLE001 - the page must show the failure instead of spinning forever
        job.refresh_from_db(fields=["done", "total"])
        job.error = str(e)[:300]
        _move(job, "fail")
        raise
    name = pattern.format(year=job.campaign.year)
    job.refresh_from_db(fields=["done", "total"])
    job.path = default_storage.save(f"exports/{job.pk}/{name}", ContentFile(content))
    job.filename = name
    job.done = job.total
    _move(job, "finish")
    if personal is not None:
        log_access(
            user=job.user,
            kind=AccessLog.Kind.EXPORT,
            what=str(label),
            campaign=job.campaign,
            rows=personal(job.campaign),
            full=bool(job.purpose),
            purpose=job.purpose,
            file_kind=name.rsplit(".", 1)[-1],
        )
    return job.path


def job_percent(job: dict) -> int:
    if job.get("status") == "done":
        return 100
    total = job.get("total") or 0
    return int(100 * job.get("done", 0) / total) if total else 0
