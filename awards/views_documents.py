"""申报表下载: PDF and Word in the regulation's layout, for the applicant, the recommender and the office."""

from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404
from django.utils import translation

from awards import selectors
from awards.models import Application, Attachment
from awards.permissions import Role, has_role
from config.downloads import DOCX, JPEG, PDF, download


def _application(request, pk: int) -> Application:
    if not request.user.is_authenticated:
        raise PermissionDenied
    return selectors.viewable_application(request.user, pk)


def _filename(application: Application, ext: str) -> str:
    base = f"{application.campaign.award_type.name}申报表-{application.number or application.pk}-{application.name or ''}"
    return f"{base}.{ext}"


def application_pdf(request, pk: int):
    from awards.documents.pdf import application_pdf as render_pdf

    application = _application(request, pk)
    data = render_pdf(
        application, for_office=has_role(request.user, Role.OFFICE), language=translation.get_language()
    )
    return download(data, filename=_filename(application, "pdf"), content_type=PDF)


def application_docx(request, pk: int):
    from awards.documents.docx import application_docx as render_docx

    application = _application(request, pk)
    data = render_docx(
        application, for_office=has_role(request.user, Role.OFFICE), language=translation.get_language()
    )
    return download(data, filename=_filename(application, "docx"), content_type=DOCX)


def application_photo(request, pk: int):
    application = _application(request, pk)
    photo = get_object_or_404(
        Attachment, application=application, kind=Attachment.Kind.PHOTO, purged_at__isnull=True
    )
    return download(photo.file.read(), filename=f"photo-{application.pk}.jpg", content_type=JPEG)
