"""组委会办公室: Excel exports (run as background jobs with a progress bar) and imports."""

from django.contrib import messages
from django.core.files.storage import default_storage
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from awards.permissions import office_required
from awards.selectors.campaigns import campaign_or_404
from config.actions import REFUSED, attempt
from config.downloads import content_type_for, download
from workflow import permissions, tasks
from workflow.forms import FullExportForm, ImportUploadForm
from workflow.selectors.campaigns import organizations
from workflow.services import imports


@office_required
def exports(request, pk: int):
    campaign = campaign_or_404(pk)
    return render(
        request,
        "workflow/office/exports.html",
        {
            "campaign": campaign,
            "kinds": [(k, v[0]) for k, v in tasks.KINDS.items()],
            "personal_kinds": [(k, tasks.KINDS[k][0]) for k in tasks.PERSONAL_KINDS],
            "full_form": FullExportForm(),
            "units": organizations(),
            "expert_header": imports.EXPERT_HEADER,
            "applicant_header": imports.APPLICANT_HEADER,
        },
    )


@office_required
@require_POST
def export_start(request, pk: int, kind: str):
    campaign = campaign_or_404(pk)
    if kind not in tasks.KINDS:
        raise Http404
    purpose = ""
    if request.POST.get("full") and kind in tasks.PERSONAL_KINDS:
        form = FullExportForm(request.POST)
        if not form.is_valid():
            for error in form.errors.get("purpose", []):
                messages.error(request, error)
            return redirect(reverse("workflow:exports", args=[pk]) + "#full-export")
        purpose = form.cleaned_data["purpose"]
    job_id = tasks.job_start(kind=kind, campaign=campaign, user=request.user, purpose=purpose)
    return redirect("workflow:job", job_id=job_id)


def _job_or_404(request, job_id: str) -> dict:
    job = tasks.job_get(job_id)
    if job is None or not permissions.may_view_job(request.user, job):
        raise Http404
    return job


@office_required
def job(request, job_id: str):
    job = _job_or_404(request, job_id)
    context = {
        "job": job,
        "label": tasks.KINDS[job["kind"]][0],
        "percent": tasks.job_percent(job),
        "campaign": campaign_or_404(job["campaign_id"]),
    }
    template = "workflow/office/_job_progress.html" if request.htmx else "workflow/office/job.html"
    return render(request, template, context)


@office_required
def job_download(request, job_id: str):
    job = _job_or_404(request, job_id)
    if job.get("status") != "done" or not job.get("path"):
        raise Http404
    return download(
        default_storage.open(job["path"], "rb"),
        filename=job["filename"],
        content_type=content_type_for(job["filename"]),
    )


@office_required
@require_POST
def import_upload(request, pk: int, kind: str):
    campaign = campaign_or_404(pk)
    form = ImportUploadForm(request.POST, request.FILES)
    form.is_valid()  # each field is judged on its own below: no file, or no such unit
    upload = form.cleaned_data.get("file")
    if upload is None:
        messages.error(request, _("请选择要导入的 Excel 文件。"))
        return redirect("workflow:exports", pk=pk)
    if kind == "experts":
        report = attempt(request, imports.experts_import, campaign=campaign, upload=upload, user=request.user)
    elif kind == "applicants":
        unit = form.cleaned_data.get("unit")
        if unit is None:
            raise Http404
        report = attempt(
            request,
            imports.applicants_preregister,
            campaign=campaign,
            unit=unit,
            upload=upload,
            user=request.user,
        )
    else:
        raise Http404
    if report is REFUSED:
        return redirect("workflow:exports", pk=pk)
    if report.ok:
        invited = imports.invite_new_accounts(
            report,
            campaign=campaign,
            password_url=lambda uid, token: request.build_absolute_uri(
                reverse("password_reset_confirm", args=[uid, token])
            ),
        )
        if invited:
            messages.info(request, _("已向 %(n)s 个新账号发送设置密码的邮件。") % {"n": invited})
    return render(
        request, "workflow/office/import_result.html", {"campaign": campaign, "report": report, "kind": kind}
    )
