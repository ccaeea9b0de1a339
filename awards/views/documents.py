"""申报表下载: PDF and Word in the regulation's layout, and the photo, for whoever may read the application
(`awards.permissions.may_view_application`)."""

import time

from django.core.exceptions import PermissionDenied
from django.shortcuts import render
from django.utils import translation

from awards.documents.docx import application_docx as render_docx
from awards.documents.pdf import application_pdf_or_job as pdf_or_job
from awards.models import Application
from awards.permissions import Role, has_role
from awards.selectors import applications as selectors
from config.downloads import DOCX, JPEG, PDF, download


def _application(request, pk: int) -> Application:
    if not request.user.is_authenticated:
        raise PermissionDenied
    return selectors.viewable_application(request.user, pk)


def _filename(application: Application, ext: str) -> str:
    base = f"{application.campaign.award_type.name}申报表-{application.number or application.pk}-{application.name or ''}"
    return f"{base}.{ext}"


def _render_args(request) -> dict:
    return {"for_office": has_role(request.user, Role.OFFICE), "language": translation.get_language()}


def application_pdf(request, pk: int):
    """The form as PDF; a large one not yet rendered is rendered by the task worker while this page shows its
    progress and asks again every few seconds (202 until the file is ready)."""
    application = _application(request, pk)
    data, job = pdf_or_job(application, **_render_args(request))
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
    return download(data, filename=_filename(application, "pdf"), content_type=PDF)


def application_docx(request, pk: int):
    application = _application(request, pk)
    data = render_docx(application, **_render_args(request))
    return download(data, filename=_filename(application, "docx"), content_type=DOCX)


def application_photo(request, pk: int):
    application = _application(request, pk)
    photo = selectors.photo_or_404(application)
    return download(photo.file.read(), filename=f"photo-{application.pk}.jpg", content_type=JPEG)
