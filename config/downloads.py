"""Every file the application sends (attachments, photos, objection evidence, application PDF/Word, score
sheets, certificates, notices, exports) goes through `download`: always `attachment` (the browser saves it and
never renders an uploaded file as a page of this site), `nosniff` (the declared type is the only type) and
`Cache-Control: private, no-store` (personal data stays out of shared and browser caches)."""

from django.http import FileResponse, Http404, HttpResponse
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _

PDF = "application/pdf"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
ZIP = "application/zip"
JPEG = "image/jpeg"
PNG = "image/png"

#: the extension stored and offered for each detected type (uploads never keep the client's extension)
EXTENSIONS = {PDF: "pdf", JPEG: "jpg", PNG: "png", DOCX: "docx", XLSX: "xlsx", ZIP: "zip"}
TYPES = {ext: mime for mime, ext in EXTENSIONS.items()}


def content_type_for(name: str) -> str:
    """The type of a file this application stored, by the extension it gave the file itself."""
    ext = name.rsplit(".", 1)[-1].lower() if "." in name else ""
    return TYPES.get(ext, "application/octet-stream")


def download(content, *, filename: str, content_type: str) -> HttpResponse:
    """`content`: bytes, or an open binary file (streamed)."""
    if isinstance(content, (bytes, bytearray)):
        response = HttpResponse(content, content_type=content_type)
    else:
        response = FileResponse(content, content_type=content_type)
    response["Content-Disposition"] = content_disposition_header(True, filename)
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response


def attachment_download(attachment) -> HttpResponse:
    """An uploaded file (an `awards.Attachment`, or None) as a download; 404 when it or its file is gone. The
    stored name carries the detected type (uploads never keep the client's extension)."""
    if attachment is None or not attachment.file:
        raise Http404(_("没有找到该附件。"))
    try:
        handle = attachment.file.open("rb")
    except FileNotFoundError:
        raise Http404(_("没有找到该附件。"))
    name = attachment.file.name.rsplit("/", 1)[-1]
    return download(handle, filename=name, content_type=content_type_for(name))
