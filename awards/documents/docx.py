"""申报表 Word (.docx): the same content and order as the PDF (填报说明 4: the electronic form is a Word file),
with the annex's column proportions (an 18-digit ID number fits on one line), the 填报说明 after the cover, and
page numbers in the footer."""

import io

from django.utils import translation
from django.utils.translation import gettext as _
from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK
from docx.shared import Mm, Pt

from awards.documents.content import form_content
from awards.documents.word import a4, column_widths, page_number_footer, set_font
from awards.models import Application
from config.text import aside, labelled

#: 一、个人基本情况: label, value, label, value, photo (mm, 174 in all). The second value column holds the
#: 18-digit ID number on one line; the photo column fits a 1-inch photo (25 × 33 mm).
PERSONAL_COLUMNS = [26, 40, 24, 50, 34]
#: The rows below it: label, text.
REST_COLUMNS = [26, 148]


def _cell(cell, text: str, bold: bool = False) -> None:
    cell.text = ""
    lines = (text or "").split("\n")
    paragraph = cell.paragraphs[0]
    for i, line in enumerate(lines):
        run = paragraph.add_run(line)
        run.bold = bold
        if i < len(lines) - 1:
            run.add_break()


def application_docx(
    application: Application, *, for_office: bool, language: str = "zh-hans", reveal: bool = True
) -> bytes:
    """The Word form in Chinese (the regulation's official form) unless `language` asks for English; `reveal`
    False masks the ID number and phone (issue 25 item 4)."""
    with translation.override(language):
        return _build(application, for_office=for_office, reveal=reveal)


def _build(application: Application, *, for_office: bool, reveal: bool = True) -> bytes:
    c = form_content(application, for_office=for_office, reveal=reveal)
    doc = Document()
    set_font(doc)
    a4(doc)
    page_number_footer(doc)

    # Cover 封面
    doc.add_paragraph(_("编号：%(n)s") % {"n": c.number or "________"})
    for _i in range(4):
        doc.add_paragraph()
    title = doc.add_paragraph()
    title.alignment = WD_ALIGN_PARAGRAPH.CENTER
    run = title.add_run(c.title)
    run.bold = True
    run.font.size = Pt(20)
    doc.add_paragraph()
    for label, value in c.cover:
        p = doc.add_paragraph()
        p.paragraph_format.left_indent = Mm(25)
        p.add_run(labelled(label, "")).font.size = Pt(13)
        r = p.add_run(value or "")
        r.font.size = Pt(13)
        r.underline = True
    p = doc.add_paragraph()
    p.paragraph_format.left_indent = Mm(25)
    p.add_run(_("技术领域：")).font.size = Pt(13)
    for name, on in c.domains:
        d = doc.add_paragraph(("☑ " if on else "☐ ") + name)
        d.paragraph_format.left_indent = Mm(50)
    printed = doc.add_paragraph(c.printed_by)
    printed.alignment = WD_ALIGN_PARAGRAPH.CENTER
    printed.add_run().add_break(WD_BREAK.PAGE)

    # 填报说明 (the same text as the PDF: awards.documents.annex.instructions)
    heading = doc.add_paragraph()
    heading.alignment = WD_ALIGN_PARAGRAPH.CENTER
    heading_run = heading.add_run(_("填报说明"))
    heading_run.bold = True
    heading_run.font.size = Pt(16)
    for number, line in enumerate(c.instructions, start=1):
        p = doc.add_paragraph(f"{number}. {line}")
        p.paragraph_format.first_line_indent = Pt(24)
    doc.paragraphs[-1].add_run().add_break(WD_BREAK.PAGE)

    # 一、个人基本情况
    doc.add_heading(_("一、个人基本情况"), level=2)
    table = doc.add_table(rows=0, cols=5)
    table.style = "Table Grid"
    for i, (l1, v1, l2, v2) in enumerate(c.personal):
        cells = table.add_row().cells
        _cell(cells[0], l1, bold=True)
        if i < 3:
            _cell(cells[1], v1)
            _cell(cells[2], l2, bold=True)
            _cell(cells[3], v2)
        elif l2:
            _cell(cells[1], v1)
            _cell(cells[2], l2, bold=True)
            cells[3].merge(cells[4])
            _cell(cells[3], v2)
        else:
            merged = cells[1].merge(cells[4])
            _cell(merged, v1)
    column_widths(table, PERSONAL_COLUMNS)
    photo = table.cell(0, 4).merge(table.cell(2, 4))
    photo.text = ""
    if c.photo_bytes:
        try:
            photo.paragraphs[0].add_run().add_picture(io.BytesIO(c.photo_bytes), width=Mm(25), height=Mm(33))
        except Exception:  # noqa: BLE001 — a photo python-docx cannot embed still leaves the box labelled
            _cell(photo, _("照片（正面1寸免冠彩色证件照）"))
    else:
        _cell(photo, _("照片（正面1寸免冠彩色证件照）"))

    rest = doc.add_table(rows=0, cols=2)
    rest.style = "Table Grid"

    def row(label: str, text: str) -> None:
        cells = rest.add_row().cells
        _cell(cells[0], label, bold=True)
        _cell(cells[1], text)

    row(_("教育经历（从高中起）"), "\n".join(c.education))
    row(_("工作经历"), "\n".join(c.work))
    for label, text in c.blocks:
        row(label, text or _("无"))
    parts = []
    for heading, hint, text in c.achievements:
        parts.append(f"{heading}\n{aside(hint).strip()}\n{text}")
    row(c.achievements_label, "\n\n".join(parts))
    row(c.representative[0], f"{aside(c.representative_hint).strip()}\n{c.representative[1]}")
    column_widths(rest, REST_COLUMNS)

    if c.unit_opinion:
        doc.add_heading(_("二、所在单位推荐意见"), level=2)
        unit = doc.add_table(rows=0, cols=2)
        unit.style = "Table Grid"
        cells = unit.add_row().cells
        _cell(cells[0], _("单位联系人及联系电话、邮箱"), bold=True)
        _cell(cells[1], c.unit_opinion["contact"])
        cells = unit.add_row().cells
        _cell(cells[0], _("推荐意见"), bold=True)
        sign = _("工作单位（盖章）：\n负责人（签字）：%(name)s\n%(date)s") % {
            "name": "　" * 8,  # signed by hand on the printed form: never pre-typed (issue 23.7)
            "date": c.unit_opinion["date"] or _("　　年　　月　　日"),
        }
        hint = _("（围绕申报人日常工作情况、工作业绩、申报材料真实性等展开）")
        _cell(cells[1], f"{hint}\n{c.unit_opinion['opinion']}\n\n{sign}")
        column_widths(unit, REST_COLUMNS)

    doc.core_properties.title = c.title
    doc.core_properties.author = application.name
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()
