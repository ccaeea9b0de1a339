"""Word versions (python-docx) of the office's documents for the 报批 file: the publicity notice (公示公告) with the
place for the committee's seal, and the honors list with the director's signature and the seal. Same content as
the PDF / the honors page; page numbers in the footer."""

import io

from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Pt

from awards.documents.word import a4, column_widths, page_number_footer, set_font, signature_area
from workflow.models import Honor
from workflow.selectors.honors import in_list_order
from workflow.selectors.publicity import listed_applications


def _document():
    doc = Document()
    set_font(doc)
    a4(doc)
    page_number_footer(doc)
    return doc


def _title(doc, text: str) -> None:
    p = doc.add_paragraph()
    p.alignment = WD_ALIGN_PARAGRAPH.CENTER
    run = p.add_run(text)
    run.bold = True
    run.font.size = Pt(16)


def _table(doc, header: list[str], rows: list[list[str]], widths: list[float]) -> None:
    table = doc.add_table(rows=1, cols=len(header))
    table.style = "Table Grid"
    for cell, text in zip(table.rows[0].cells, header, strict=True):
        cell.text = ""
        cell.paragraphs[0].add_run(text).bold = True
    for values in rows:
        for cell, text in zip(table.add_row().cells, values, strict=True):
            cell.text = text
    column_widths(table, widths)
    # The header row repeats on every page the table runs onto.

    tr_pr = table.rows[0]._tr.get_or_add_trPr()
    header_mark = OxmlElement("w:tblHeader")
    header_mark.set(qn("w:val"), "true")
    tr_pr.append(header_mark)


def _bytes(doc, title: str) -> bytes:
    doc.core_properties.title = title
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()


def _kind(app) -> str:
    return _("提名") if app.publicity_kind == "nomination" else _("荣誉称号")


def publicity_notice_docx(campaign) -> bytes:
    """公示公告 in Word: the same text and list as the PDF, then the office's name, the date and the seal box."""
    publicity = campaign.publicity
    with translation.override("zh-hans"):
        doc = _document()
        title = _("关于%(t)s建议名单的公示") % {"t": campaign.title}
        _title(doc, title)
        doc.add_paragraph(
            _("根据评选活动办法第二十一条，现将建议名单予以公示，公示期为 %(s)s 至 %(e)s（%(n)s 个工作日）。")
            % {
                "s": date_format(publicity.starts_on, "DATE_FORMAT"),
                "e": date_format(publicity.ends_on, "DATE_FORMAT"),
                "n": campaign.publicity_working_days,
            }
        )
        if publicity.notice_text:
            doc.add_paragraph(publicity.notice_text)
        rows = [
            [str(i), a.name, a.unit_name, a.tech_domain.label() if a.tech_domain else "", _kind(a)]
            for i, a in enumerate(listed_applications(campaign), start=1)
        ]
        _table(
            doc,
            [_("序号"), _("姓名"), _("所在单位"), _("技术领域"), _("类别")],
            rows,
            [14, 26, 72, 38, 24],
        )
        doc.add_paragraph(
            _(
                "公示期间，任何单位和个人对公示对象有异议的，可以实名方式（提供真实姓名、身份证号或联系方式）"
                "向组委会办公室提出，并提供必要的证明材料。"
            )
        )
        signature_area(
            doc,
            [_("上海智慧城市建设荣誉评选组委会办公室"), date_format(publicity.starts_on, "DATE_FORMAT")],
            stamp=_("（组委会盖章处）"),
        )
        return _bytes(doc, title)


def honors_list_docx(campaign) -> bytes:
    """获荣名单 (报批用): every valid honor by kind, the director's signature and the committee's seal."""
    honors = list(
        in_list_order(
            Honor.objects.filter(
                application__campaign=campaign, certificate_recalled_at__isnull=True
            ).select_related("application__tech_domain")
        )
    )
    with translation.override("zh-hans"):
        doc = _document()
        title = _("%(t)s获荣名单") % {"t": campaign.title}
        _title(doc, title)
        doc.add_paragraph(_("（报批稿）")).alignment = WD_ALIGN_PARAGRAPH.CENTER
        rows = [
            [
                str(i),
                h.certificate_number,
                h.application.name,
                h.application.unit_name,
                h.application.tech_domain.label() if h.application.tech_domain else "",
                h.get_kind_display(),
                h.verify_code,
            ]
            for i, h in enumerate(honors, start=1)
        ]
        _table(
            doc,
            [_("序号"), _("证书编号"), _("姓名"), _("所在单位"), _("技术领域"), _("类别"), _("核验码")],
            rows,
            [10, 32, 20, 46, 26, 18, 22],
        )
        doc.add_paragraph(_("共 %(n)s 人。") % {"n": len(honors)})
        signature_area(
            doc,
            [
                _("主任委员签字：　　　　　　　　　　"),
                _("日期：　　　　年　　月　　日"),
            ],
            stamp=_("（组委会盖章处）"),
        )
        doc.add_paragraph(_("导出时间：%(when)s") % {"when": date_format(timezone.localtime(), "Y-m-d H:i")})
        return _bytes(doc, title)
