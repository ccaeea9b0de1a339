"""Checks of uploaded files by their content, never by their name: the photo must really be a JPEG, the
evidence must really be a PDF of at most EVIDENCE_MAX_PAGES pages (填报说明 3、4).

What is kept is never the client's bytes as sent: images are decoded and re-encoded (no EXIF, no GPS, no
trailing payload), PDFs that are encrypted or carry active content anywhere in the file (JavaScript, XFA forms,
automatic /AA actions, /Launch, /SubmitForm, /ImportData, /URI and remote go-to actions, rich media, embedded
files; `_active_content`, docs/decisions.md 161) are refused with the feature named, and
the stored name's extension and the served type come from the detected type (`config.downloads`)."""

import io
import warnings
from dataclasses import dataclass

import filetype
from django.conf import settings
from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _
from PIL import Image, ImageOps, UnidentifiedImageError
from pypdf import PdfReader
from pypdf.errors import DependencyError, PyPdfError
from pypdf.generic import ArrayObject, DictionaryObject, IndirectObject

from config.downloads import EXTENSIONS, JPEG, PDF, PNG

#: no ID photo or scanned page needs more; larger images are refused before they are decoded
IMAGE_MAX_PIXELS = 40_000_000


@dataclass(frozen=True)
class CheckedFile:
    content: bytes
    content_type: str
    pages: int | None = None
    width: int | None = None
    height: int | None = None

    @property
    def extension(self) -> str:
        return EXTENSIONS[self.content_type]


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


def _reencode(content: bytes, name: str, what: str, fmt: str) -> CheckedFile:
    """Decode the image and write it anew in `fmt` ("JPEG"/"PNG"): metadata (EXIF, GPS, comments) and anything
    appended to the file are dropped; the EXIF orientation is applied first so the picture stays upright."""
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(io.BytesIO(content)) as image:
                width, height = image.size
                if width * height > IMAGE_MAX_PIXELS:
                    raise Image.DecompressionBombError(f"{width}x{height}")
                image.load()
                upright = ImageOps.exif_transpose(image)
                if fmt == "JPEG" and upright.mode not in ("RGB", "L"):
                    upright = upright.convert("RGB")
                upright.info = {}  # no comment, EXIF, XMP or text chunk is carried over by save()
                out = io.BytesIO()
                upright.save(out, format=fmt, **({"quality": 90, "optimize": True} if fmt == "JPEG" else {}))
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        raise ValidationError(
            _("%(what)s“%(name)s”的像素尺寸过大（上限 %(limit)s 万像素），请缩小后重新上传。")
            % {"what": what, "name": name, "limit": IMAGE_MAX_PIXELS // 10_000},
            code="too_many_pixels",
        )
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError):
        raise ValidationError(
            _("%(what)s“%(name)s”已损坏，无法打开，请重新导出后上传。") % {"what": what, "name": name},
            code="broken_image",
        )
    content_type = JPEG if fmt == "JPEG" else PNG
    return CheckedFile(content=out.getvalue(), content_type=content_type, width=width, height=height)


def check_photo(upload) -> CheckedFile:
    """证件照: a real JPEG (content sniffed with filetype, decoded with Pillow and re-encoded)."""
    what = _("照片")
    content = _read(upload, settings.PHOTO_MAX_BYTES, what)
    kind = filetype.guess(content)
    if kind is None or kind.mime != JPEG:
        raise ValidationError(
            _("照片“%(name)s”不是 JPG 图片（文件内容为%(kind)s），请上传 jpg 格式的证件照。")
            % {"name": upload.name, "kind": kind.mime if kind else _("无法识别的格式")},
            code="not_jpeg",
        )
    return _reencode(content, upload.name, what, "JPEG")


#: PDF features that run code, reach out of the file or carry other files: never accepted from outside. A key
#: found on any dictionary of the file (catalog, pages, annotations, form fields, streams' dictionaries) …
_ACTIVE_KEYS = {
    "/JS": "javascript",
    "/JavaScript": "javascript",
    "/XFA": "xfa",
    "/AA": "auto",
    "/EmbeddedFiles": "embedded",
    "/EmbeddedFile": "embedded",
    "/EF": "embedded",
    "/Launch": "launch",
    "/RichMedia": "media",
    "/RichMediaContent": "media",
}
#: … or an action of one of these types (`/S`), wherever it is: /OpenAction, a link's /A, a field, a /Next chain.
#: Only /GoTo (a page of the same file) and the harmless viewer actions (/Named, /Hide, /ResetForm, /Thread,
#: /SetOCGState, /Trans, /GoTo3DView) stay.
_ACTIVE_ACTIONS = {
    "/JavaScript": "javascript",
    "/Launch": "launch",
    "/SubmitForm": "submit",
    "/ImportData": "import",
    "/URI": "uri",
    "/GoToR": "remote",
    "/GoToE": "remote",
    "/Rendition": "media",
    "/Sound": "media",
    "/Movie": "media",
    "/RichMediaExecute": "media",
}
#: …or a dictionary of one of these types/subtypes (an embedded file stream, a rich-media or file annotation).
_ACTIVE_TYPES = {
    "/EmbeddedFile": "embedded",
    "/FileAttachment": "embedded",
    "/RichMedia": "media",
    "/Screen": "media",
    "/Movie": "media",
    "/Sound": "media",
}


def _roots(reader: PdfReader) -> list:
    """Where the walk starts: the trailer, and every object the cross-reference tables list, so that an object
    no longer reachable from the catalog (an older revision, a repaired file) is looked at too."""
    roots: list = [reader.trailer]
    for generation, numbers in (getattr(reader, "xref", None) or {}).items():
        roots.extend(IndirectObject(number, generation, reader) for number in numbers)
    roots.extend(IndirectObject(number, 0, reader) for number in (getattr(reader, "xref_objStm", None) or {}))
    return roots


def _active_content(reader: PdfReader, budget: int = 200_000) -> tuple[str, str] | None:
    """Walk every object of the file (dictionaries and arrays; streams by their dictionary) and return the first
    active feature found as (kind, the PDF name that shows it), e.g. ("submit", "/SubmitForm")."""
    seen: set[tuple[int, int]] = set()
    stack = _roots(reader)
    while stack:
        budget -= 1
        if budget < 0:
            return ("too_complex", "")
        obj = stack.pop()
        if isinstance(obj, IndirectObject):
            key = (obj.idnum, obj.generation)
            if key in seen:
                continue
            seen.add(key)
            obj = obj.get_object()
        if isinstance(obj, DictionaryObject):
            for name, value in obj.items():
                if name in _ACTIVE_KEYS:
                    return (_ACTIVE_KEYS[name], name)
                if name == "/S" and str(value) in _ACTIVE_ACTIONS:
                    return (_ACTIVE_ACTIONS[str(value)], str(value))
                if name in ("/Type", "/Subtype") and str(value) in _ACTIVE_TYPES:
                    return (_ACTIVE_TYPES[str(value)], str(value))
                if name in ("/Parent", "/P") and isinstance(value, IndirectObject):
                    continue  # back-references: the parent is reached from the root anyway
                stack.append(value)
        elif isinstance(obj, ArrayObject):
            stack.extend(obj)
    return None


def _check_pdf(content: bytes, name: str, what: str, max_pages: int | None) -> CheckedFile:
    try:
        reader = PdfReader(io.BytesIO(content))
        encrypted = reader.is_encrypted
        if not encrypted:
            pages = len(reader.pages)
            active = _active_content(reader)
    except DependencyError:  # only encryption needs an optional library (AES); refuse like any encrypted file
        encrypted = True
    except (PyPdfError, ValueError, KeyError, TypeError, AttributeError, OSError, RecursionError):
        raise ValidationError(
            _("%(what)s“%(name)s”已损坏，无法读取页数。") % {"what": what, "name": name}, code="broken_pdf"
        )
    if encrypted:
        raise ValidationError(
            _("%(what)s“%(name)s”已加密或设有密码，无法审阅。请取消密码保护后重新导出为 PDF 上传。")
            % {"what": what, "name": name},
            code="encrypted_pdf",
        )
    if active:
        kind, found = active
        messages = {
            "javascript": _(
                "%(what)s“%(name)s”含有脚本（JavaScript），出于安全考虑不能接收。请“打印为 PDF”后重新上传。"
            ),
            "launch": _(
                "%(what)s“%(name)s”含有启动外部程序的动作，出于安全考虑不能接收。请“打印为 PDF”后重新上传。"
            ),
            "embedded": _(
                "%(what)s“%(name)s”内嵌了其他文件，出于安全考虑不能接收。请将材料合并为普通 PDF 后上传。"
            ),
            "too_complex": _("%(what)s“%(name)s”结构过于复杂，无法完成安全检查。请“打印为 PDF”后重新上传。"),
        }
        features = {
            "xfa": _("XFA 动态表单（可携带脚本）"),
            "auto": _("打开或浏览时自动执行的动作"),
            "submit": _("向外提交表单数据的动作"),
            "import": _("导入外部数据的动作"),
            "uri": _("打开网址的链接动作"),
            "remote": _("打开其他文件的动作"),
            "media": _("多媒体或可执行的嵌入内容"),
        }
        if kind in messages:
            message = messages[kind] % {"what": what, "name": name}
        else:
            message = _(
                "%(what)s“%(name)s”含有%(feature)s（%(key)s），出于安全考虑不能接收。"
                "请去除其中的链接、表单和脚本，扫描或“打印为 PDF”后重新上传。"
            ) % {"what": what, "name": name, "feature": features[kind], "key": found}
        raise ValidationError(message, code=f"pdf_{kind}")
    if max_pages is not None and pages > max_pages:
        raise ValidationError(
            _("%(what)s“%(name)s”共 %(pages)s 页，超过 %(limit)s 页的上限，请精简后上传。")
            % {"what": what, "name": name, "pages": pages, "limit": max_pages},
            code="too_many_pages",
        )
    return CheckedFile(content=content, content_type=PDF, pages=pages)


def check_evidence(upload) -> CheckedFile:
    """证实性材料: a real, safe PDF with at most EVIDENCE_MAX_PAGES pages."""
    what = _("证实性材料")
    content = _read(upload, settings.EVIDENCE_MAX_BYTES, what)
    kind = filetype.guess(content)
    if kind is None or kind.mime != PDF:
        raise ValidationError(
            _("证实性材料“%(name)s”不是 PDF 文件，请将材料扫描或导出为 PDF 后上传。") % {"name": upload.name},
            code="not_pdf",
        )
    return _check_pdf(content, upload.name, what, settings.EVIDENCE_MAX_PAGES)


def check_supporting_file(upload, *, limit: int, what: str) -> CheckedFile:
    """异议证明材料 / 核实材料: a safe PDF, or a JPG/PNG image (re-encoded), detected by content."""
    content = _read(upload, limit, what)
    kind = filetype.guess(content)
    mime = kind.mime if kind else None
    if mime == PDF:
        return _check_pdf(content, upload.name, what, None)
    if mime in (JPEG, PNG):
        return _reencode(content, upload.name, what, "JPEG" if mime == JPEG else "PNG")
    raise ValidationError(
        _("%(what)s“%(name)s”须为 PDF、JPG 或 PNG 文件（按文件内容识别，与文件名无关）。")
        % {"what": what, "name": upload.name},
        code="bad_type",
    )
