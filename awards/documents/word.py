"""Shared pieces of every Word file (python-docx): the CJK font, fixed column widths that Word and LibreOffice
both honour (grid and cell widths, no autofit), the page-number footer "第 N 页 共 M 页", a signature area."""

import re

from django.utils.translation import gettext as _
from docx.enum.section import WD_ORIENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt, RGBColor

FONT = "Noto Sans CJK SC"


def set_font(document, size: float = 10.5) -> None:
    """The CJK font for the body and the headings; headings in black like the printed forms (python-docx's
    default template colours them blue, issue 23.7)."""
    style = document.styles["Normal"]
    style.font.name = FONT
    style.font.size = Pt(size)
    style.element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), FONT)
    for name in ("Title", "Heading 1", "Heading 2", "Heading 3"):
        heading = document.styles[name]
        heading.font.name = FONT
        heading.font.color.rgb = RGBColor(0, 0, 0)
        heading.element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), FONT)


def a4(document, *, landscape: bool = False) -> None:
    section = document.sections[0]
    width, height = (Mm(297), Mm(210)) if landscape else (Mm(210), Mm(297))
    if landscape:
        section.orientation = WD_ORIENT.LANDSCAPE
    section.page_width, section.page_height = width, height
    section.left_margin = section.right_margin = Mm(18)
    section.top_margin, section.bottom_margin = Mm(20), Mm(18)


def column_widths(table, widths_mm: list[float]) -> None:
    """Fix the table's column widths (the grid for LibreOffice, each cell for Word) and turn autofit off."""
    table.autofit = False
    tbl = table._tbl
    tbl_pr = tbl.tblPr
    layout = OxmlElement("w:tblLayout")
    layout.set(qn("w:type"), "fixed")
    tbl_pr.append(layout)
    grid = tbl.tblGrid
    for col, width in zip(grid.findall(qn("w:gridCol")), widths_mm, strict=False):
        col.set(qn("w:w"), str(int(Mm(width).twips)))
    for row in table.rows:
        for i, cell in enumerate(row.cells):
            if i < len(widths_mm):
                cell.width = Mm(widths_mm[i])


def _field(paragraph, instruction: str) -> None:
    """A Word field (PAGE, NUMPAGES) that the office suite fills in when it lays out the pages."""

    def char(kind):
        el = OxmlElement("w:fldChar")
        el.set(qn("w:fldCharType"), kind)
        return el

    run = paragraph.add_run()
    run._r.append(char("begin"))
    run = paragraph.add_run()
    instr = OxmlElement("w:instrText")
    instr.set(qn("xml:space"), "preserve")
    instr.text = f" {instruction} "
    run._r.append(instr)
    run = paragraph.add_run()
    run._r.append(char("separate"))
    paragraph.add_run("1")
    run = paragraph.add_run()
    run._r.append(char("end"))


def page_number_footer(document) -> None:
    """Centred footer 第 N 页 共 M 页 on every page."""
    paragraph = document.sections[0].footer.paragraphs[0]
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    text = _("第 %(page)s 页 共 %(pages)s 页")
    for part in re.split(r"(%\(pages?\)s)", text):
        if part == "%(page)s":
            _field(paragraph, "PAGE")
        elif part == "%(pages)s":
            _field(paragraph, "NUMPAGES")
        elif part:
            paragraph.add_run(part)


def signature_area(document, lines: list[str], *, stamp: str = "") -> None:
    """Print-ready signature lines on the right, with room to sign; `stamp` draws a box for the seal."""
    document.add_paragraph()
    if stamp:
        box = document.add_table(rows=1, cols=1)
        box.style = "Table Grid"
        box.alignment = 2  # right
        column_widths(box, [50])
        cell = box.rows[0].cells[0]
        cell.text = ""
        p = cell.paragraphs[0]
        p.alignment = WD_ALIGN_PARAGRAPH.CENTER
        for _i in range(3):
            p.add_run().add_break()
        p.add_run(stamp)
        for _i in range(3):
            p.add_run().add_break()
    for line in lines:
        p = document.add_paragraph(line)
        p.alignment = WD_ALIGN_PARAGRAPH.RIGHT
        p.paragraph_format.space_before = Pt(14)
