"""申报表下载: PDF and Word in the regulation's layout, and the photo, for whoever may read the application
(`awards.permissions.may_view_application`)."""

import time

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import render
from django.utils import translation
from django.utils.translation import gettext as _

from awards.documents.docx import application_docx as render_docx
from awards.documents.pdf import application_pdf_full as render_full_pdf
from awards.documents.pdf import application_pdf_or_job as pdf_or_job
from awards.forms import PurposeForm
from awards.models import AccessLog, Application
from awards.permissions import Role, has_role, owns_application
from awards.selectors import applications as selectors
from awards.services.privacy import log_access, watermark
from config.downloads import DOCX, JPEG, PDF, download


def _application(request, pk: int) -> Application:
    if not request.user.is_authenticated:
        raise PermissionDenied
    return selectors.viewable_application(request.user, pk)


def _filename(application: Application, ext: str) -> str:
    base = f"{application.campaign.award_type.name}申报表-{application.number or application.pk}-{application.name or ''}"
    return f"{base}.{ext}"


def _render_args(request, application) -> dict:
    """The applicant reads their own form in full; everybody else gets the ID number and phone masked."""
    return {
        "for_office": has_role(request.user, Role.OFFICE),
        "language": translation.get_language(),
        "reveal": owns_application(request.user, application),
    }


def _log(request, application, kind, file_kind) -> None:
    """Every download of the form by somebody other than the applicant is logged (issue 25 item 4)."""
    if not owns_application(request.user, application):
        log_access(
            user=request.user,
            kind=kind,
            what=_filename(application, file_kind),
            campaign=application.campaign,
            rows=1,
            file_kind=file_kind,
            application=application,
        )


def application_pdf(request, pk: int):
    """The form as PDF; a large one not yet rendered is rendered by the task worker while this page shows its
    progress and asks again every few seconds (202 until the file is ready)."""
    application = _application(request, pk)
    data, job = pdf_or_job(application, **_render_args(request, application))
    if data is None:
        elapsed = int(time.time() - (job.get("rendering_since") or job.get("since") or time.time()))
        response = render(
            request,
            "awards/application_pdf_pending.html",
            {"application": application, "job": job, "elapsed": max(elapsed, 0), "refresh": 3},
            status=503 if job.get("state") == "failed" else 202,
        )
        response["Cache-Control"] = "private, no-store"
        return response
    _log(request, application, AccessLog.Kind.APPLICATION_PDF, "pdf")
    return download(data, filename=_filename(application, "pdf"), content_type=PDF)


def application_pdf_full(request, pk: int):
    """组委会办公室: the form with the ID number and phone in full, for a stated purpose — logged, and the PDF
    carries who asked and when at the foot of every page (issue 25 item 4)."""
    application = _application(request, pk)
    if not has_role(request.user, Role.OFFICE):
        raise PermissionDenied(_("只有组委会办公室可以导出完整的申报表。"))
    form = PurposeForm(request.POST or None)
    if request.method == "POST":
        if form.is_valid():
            mark = watermark(request.user)
            data = render_full_pdf(
                application,
                for_office=True,
                language=translation.get_language(),
                watermark=mark,
            )
            log_access(
                user=request.user,
                kind=AccessLog.Kind.APPLICATION_PDF,
                what=_filename(application, "pdf"),
                campaign=application.campaign,
                rows=1,
                full=True,
                purpose=form.cleaned_data["purpose"],
                file_kind="pdf",
                application=application,
            )
            return download(data, filename=_filename(application, "pdf"), content_type=PDF)
        for error in form.errors.get("purpose", []):
            messages.error(request, error)
    return render(request, "awards/application_pdf_full.html", {"application": application, "form": form})


def application_docx(request, pk: int):
    application = _application(request, pk)
    data = render_docx(application, **_render_args(request, application))
    _log(request, application, AccessLog.Kind.APPLICATION_DOCX, "docx")
    return download(data, filename=_filename(application, "docx"), content_type=DOCX)


def application_photo(request, pk: int):
    application = _application(request, pk)
    photo = selectors.photo_or_404(application)
    return download(photo.file.read(), filename=f"photo-{application.pk}.jpg", content_type=JPEG)
