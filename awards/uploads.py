"""Checks of uploaded files by their content, never by their name: the photo must really be a JPEG, the
evidence must really be a PDF of at most EVIDENCE_MAX_PAGES pages (填报说明 3、4)."""

import io
from dataclasses import dataclass

import filetype
from django.conf import settings
from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _
from PIL import Image, UnidentifiedImageError
from pypdf import PdfReader
from pypdf.errors import PdfReadError


@dataclass(frozen=True)
class CheckedFile:
    content: bytes
    content_type: str
    pages: int | None = None
    width: int | None = None
    height: int | None = None


def _read(upload, limit: int, what: str) -> bytes:
    if upload.size > limit:
        raise ValidationError(
            _("%(what)s“%(name)s”大小为 %(size)s，超过 %(limit)s 的上限。")
            % {
                "what": what,
                "name": upload.name,
                "size": filesizeformat(upload.size),
                "limit": filesizeformat(limit),
            },
            code="too_large",
        )
    upload.seek(0)
    content = upload.read()
    if not content:
        raise ValidationError(
            _("%(what)s“%(name)s”是空文件。") % {"what": what, "name": upload.name}, code="empty"
        )
    return content


def check_photo(upload) -> CheckedFile:
    """证件照: a real JPEG (content sniffed with filetype and opened with Pillow)."""
    what = _("照片")
    content = _read(upload, settings.PHOTO_MAX_BYTES, what)
    kind = filetype.guess(content)
    if kind is None or kind.mime != "image/jpeg":
        raise ValidationError(
            _("照片“%(name)s”不是 JPG 图片（文件内容为%(kind)s），请上传 jpg 格式的证件照。")
            % {"name": upload.name, "kind": kind.mime if kind else _("无法识别的格式")},
            code="not_jpeg",
        )
    try:
        with Image.open(io.BytesIO(content)) as image:
            image.verify()
        with Image.open(io.BytesIO(content)) as image:
            width, height = image.size
    except (UnidentifiedImageError, OSError, SyntaxError):
        raise ValidationError(
            _("照片“%(name)s”已损坏，无法打开，请重新导出后上传。") % {"name": upload.name},
            code="broken_jpeg",
        )
    return CheckedFile(content=content, content_type="image/jpeg", width=width, height=height)


def check_evidence(upload) -> CheckedFile:
    """证实性材料: a real PDF with at most EVIDENCE_MAX_PAGES pages."""
    what = _("证实性材料")
    content = _read(upload, settings.EVIDENCE_MAX_BYTES, what)
    kind = filetype.guess(content)
    if kind is None or kind.mime != "application/pdf":
        raise ValidationError(
            _("证实性材料“%(name)s”不是 PDF 文件，请将材料扫描或导出为 PDF 后上传。") % {"name": upload.name},
            code="not_pdf",
        )
    try:
        pages = len(PdfReader(io.BytesIO(content)).pages)
    except (PdfReadError, ValueError, KeyError, OSError):
        raise ValidationError(
            _("证实性材料“%(name)s”已损坏，无法读取页数。") % {"name": upload.name}, code="broken_pdf"
        )
    limit = settings.EVIDENCE_MAX_PAGES
    if pages > limit:
        raise ValidationError(
            _("证实性材料“%(name)s”共 %(pages)s 页，超过 %(limit)s 页的上限，请精简后上传。")
            % {"name": upload.name, "pages": pages, "limit": limit},
            code="too_many_pages",
        )
    return CheckedFile(content=content, content_type="application/pdf", pages=pages)
