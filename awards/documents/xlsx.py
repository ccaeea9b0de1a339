"""The one Excel writer of every export (roster, eligibility, score matrices, ranking, votes, honors, credit
records): a title block (campaign, export, date and time, who exported), a frozen header row with filters,
column widths from the content (CJK characters count double; past MAX_WIDTH the text wraps, and a sheet too wide
to print one page wide narrows its widest columns until it fits), number formats, A4 landscape fitted to one page
wide with the title block repeated on every printed page, the footer "第 N 页 共 M 页", an optional signature
area inside the print area, and the text-safety rule: no text is ever written as a formula (docs/decisions.md,
"Exports").

Usage::

    book = Workbook(campaign=campaign, user=user)
    sheet = book.sheet(_("申报名册"), [Column(_("编号")), Column(_("总分"), SCORE)])
    sheet.row(["ZHGJ-2031-001", 75])
    sheet.signature([_("评议组组长签字："), _("日期：")])
    content = book.to_bytes()
"""

import datetime
import io
import math
import re
import unicodedata
from dataclasses import dataclass
from decimal import Decimal

from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from openpyxl import Workbook as _OpenpyxlWorkbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter

#: Column kinds: the number format each writes.
TEXT, INTEGER, SCORE, DATE, DATETIME = "text", "integer", "score", "date", "datetime"

TITLE_ROW, META_ROW, HEADER_ROW = 1, 2, 3
FIRST_DATA_ROW = HEADER_ROW + 1

#: A value starting with one of these would be read by Excel or LibreOffice as a formula (or DDE) if it were
#: typed in; such a value is written as text and flagged `quotePrefix` so it stays text when the cell is edited.
FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")

#: Widest column (in Excel's character units) before the text wraps inside the cell instead.
MAX_WIDTH = 60
MIN_WIDTH = 6
#: Widest sheet (sum of column widths) that still prints one page wide: Excel and LibreOffice shrink a sheet
#: to fit the page width only down to 10 %, about 940 units on landscape A4 with these margins; past that
#: LibreOffice prints a second, empty page. A wider sheet (申报信息全表's forty-odd fields) narrows its widest
#: columns to the same width, wrapping their text (header included), until it fits this budget.
PRINT_WIDTH = 800
#: No column is narrowed below this to meet PRINT_WIDTH (five CJK characters and the padding).
MIN_WRAP_WIDTH = 12
#: Height (points) of one line of 11-point text, and the tallest row Excel allows.
LINE_HEIGHT = 15
ROW_MAX_HEIGHT = 409
PADDING = 2
#: Bold text (headers, the panel score rows) is about a tenth wider.
BOLD_FACTOR = 1.1
SHEET_NAME_MAX = 31
_SHEET_NAME_FORBIDDEN = re.compile(r"[\[\]:*?/\\]")

_THIN = Side(style="thin", color="808080")
_BORDER = Border(left=_THIN, right=_THIN, top=_THIN, bottom=_THIN)
_HEADER_FILL = PatternFill("solid", fgColor="E8EEF4")


@dataclass(frozen=True)
class Column:
    header: str
    kind: str = TEXT
    decimals: int = 0  # for SCORE: the places the scores carry (criterion points 0, panel scores 3)


def display_width(text: str) -> int:
    """Width of the longest line in Excel's character units: a CJK (wide or full-width) character counts 2."""
    return max(
        (
            sum(2 if unicodedata.east_asian_width(ch) in ("W", "F") else 1 for ch in line)
            for line in text.split("\n")
        ),
        default=0,
    )


def sheet_title(name: str) -> str:
    """A worksheet name Excel accepts: no []:*?/\\ and at most 31 characters."""
    return _SHEET_NAME_FORBIDDEN.sub("", str(name)).strip()[:SHEET_NAME_MAX] or "Sheet"


def is_formula_like(value) -> bool:
    return isinstance(value, str) and value.startswith(FORMULA_TRIGGERS)


def write_text(cell, value: str) -> None:
    """Write `value` as a text cell whatever it starts with (openpyxl would store "=…" as a formula)."""
    cell.value = ILLEGAL_CHARACTERS_RE.sub("", value)
    cell.data_type = "s"
    if is_formula_like(value):
        cell.quotePrefix = True


def _number_format(column: Column, value=None) -> str:
    if column.kind == INTEGER or (column.kind == SCORE and isinstance(value, int)):
        return "0"  # criterion points and an expert's total are whole numbers
    if column.kind == SCORE:
        return "0." + "0" * column.decimals if column.decimals else "0"
    if column.kind == DATE:
        return "yyyy-mm-dd"
    if column.kind == DATETIME:
        return "yyyy-mm-dd hh:mm"
    return "@"


def _shown(value, column: Column) -> str:
    """The text a reader sees in the cell (to size the column)."""
    if value is None:
        return ""
    if isinstance(value, datetime.datetime):
        return value.strftime("%Y-%m-%d %H:%M")
    if isinstance(value, datetime.date):
        return value.strftime("%Y-%m-%d")
    if column.kind == SCORE and isinstance(value, float | Decimal):
        return f"{value:.{column.decimals}f}"
    return str(value)


class Sheet:
    def __init__(self, book: "Workbook", ws, title: str, columns: list[Column]):
        self.book, self.ws, self.columns = book, ws, list(columns)
        self._widths = [display_width(c.header) for c in self.columns]
        self._data_widths = [0] * len(self.columns)
        self._signature_rows: list[list[str]] = []
        self._bold_rows: set[int] = set()
        ws.title = sheet_title(title)
        last = get_column_letter(max(len(self.columns), 1))
        write_text(ws.cell(TITLE_ROW, 1), book.heading(title))
        ws.cell(TITLE_ROW, 1).font = Font(bold=True, size=14)
        write_text(ws.cell(META_ROW, 1), book.meta())
        ws.cell(META_ROW, 1).font = Font(size=9, color="404040")
        if len(self.columns) > 1:
            ws.merge_cells(f"A{TITLE_ROW}:{last}{TITLE_ROW}")
            ws.merge_cells(f"A{META_ROW}:{last}{META_ROW}")
        for i, column in enumerate(self.columns, start=1):
            cell = ws.cell(HEADER_ROW, i)
            write_text(cell, column.header)
            cell.font = Font(bold=True)
            self._widths[i - 1] = math.ceil(self._widths[i - 1] * BOLD_FACTOR)
            cell.fill = _HEADER_FILL
            cell.border = _BORDER
            cell.alignment = Alignment(horizontal="center", vertical="center")

    def row(self, values, *, bold: bool = False) -> None:
        """One data row; text goes through the text-safety rule, numbers and dates get their column's format."""
        r = self.ws.max_row + 1 if self.ws.max_row >= HEADER_ROW else FIRST_DATA_ROW
        for i, (column, value) in enumerate(zip(self.columns, values, strict=True), start=1):
            cell = self.ws.cell(r, i)
            if isinstance(value, datetime.datetime) and timezone.is_aware(value):
                value = timezone.localtime(value).replace(tzinfo=None)
            if isinstance(value, str):
                write_text(cell, value)
            elif isinstance(value, Decimal):
                cell.value = float(value)
            else:
                cell.value = value
            if value is not None and not isinstance(value, str):
                cell.number_format = _number_format(column, value)
            cell.border = _BORDER
            cell.alignment = Alignment(vertical="center", wrap_text=isinstance(value, str) and "\n" in value)
            width = display_width(_shown(value, column))
            if bold:
                cell.font = Font(bold=True)
                width = math.ceil(width * BOLD_FACTOR)
            self._widths[i - 1] = max(self._widths[i - 1], width)
            self._data_widths[i - 1] = max(self._data_widths[i - 1], width)

    def signature(self, lines: list[str]) -> None:
        """A print-ready signature area under the table (e.g. 评议组组长签字、日期), inside the print area."""
        self._signature_rows.append(lines)

    def _fit_row_heights(self, wrapped: list[tuple[int, int]], last_data: int) -> None:
        """Office suites do not grow a row for its wrapped text when they open the file: each row with a wrapped
        cell gets the height of its most lines (up to Excel's largest row, ROW_MAX_HEIGHT)."""
        for r in range(HEADER_ROW, last_data + 1):
            lines = 1
            for i, width in wrapped:
                cell = self.ws.cell(r, i)
                if isinstance(cell.value, str) and cell.alignment.wrap_text:
                    factor = BOLD_FACTOR if cell.font.b else 1
                    room = max(width - PADDING, 1)
                    lines = max(
                        lines,
                        sum(
                            max(math.ceil(display_width(part) * factor / room), 1)
                            for part in cell.value.split("\n")
                        ),
                    )
            if lines > 1:
                self.ws.row_dimensions[r].height = min(lines * LINE_HEIGHT, ROW_MAX_HEIGHT)

    def _finish(self) -> None:
        ws = self.ws
        ncols = max(len(self.columns), 1)
        last = get_column_letter(ncols)
        last_data = max(ws.max_row, HEADER_ROW)
        layout = _column_widths(self.columns, self._widths, self._data_widths)
        wrapped = []
        for i, (width, longest) in enumerate(zip(layout, self._widths, strict=True), start=1):
            ws.column_dimensions[get_column_letter(i)].width = width
            if width < longest + PADDING:  # narrower than its longest text (header or value): it wraps
                for (cell,) in ws.iter_rows(min_row=HEADER_ROW, max_row=last_data, min_col=i, max_col=i):
                    cell.alignment = Alignment(
                        horizontal=cell.alignment.horizontal, vertical="center", wrap_text=True
                    )
                wrapped.append((i, width))
        self._fit_row_heights(wrapped, last_data)
        ws.freeze_panes = f"A{FIRST_DATA_ROW}"
        ws.auto_filter.ref = f"A{HEADER_ROW}:{last}{last_data}"
        r = last_data
        for lines in self._signature_rows:
            r += 1  # a blank row between the table and the signatures
            for line in lines:
                r += 2  # room to sign
                write_text(ws.cell(r, 1), line)
                ws.cell(r, 1).font = Font(bold=True, size=12)
                ws.cell(r, 1).alignment = Alignment(vertical="bottom")
                if ncols > 1:
                    ws.merge_cells(f"A{r}:{last}{r}")
                ws.row_dimensions[r].height = 30
        ws.print_area = f"A1:{last}{max(r, last_data)}"
        ws.print_title_rows = f"{TITLE_ROW}:{HEADER_ROW}"
        ws.page_setup.orientation = "landscape"
        ws.page_setup.paperSize = ws.PAPERSIZE_A4
        ws.page_setup.fitToWidth = 1
        ws.page_setup.fitToHeight = 0
        ws.sheet_properties.pageSetUpPr.fitToPage = True
        ws.print_options.horizontalCentered = True
        ws.page_margins.left = ws.page_margins.right = 0.4
        ws.page_margins.top, ws.page_margins.bottom = 0.5, 0.6
        ws.oddFooter.center.text = _("第 &P 页 共 &N 页")
        ws.oddFooter.center.size = 9


def _column_widths(columns: list[Column], widths: list[int], data_widths: list[int]) -> list[int]:
    """Each column as wide as its longest text (header or value) up to MAX_WIDTH; when the sheet would then be
    wider than PRINT_WIDTH, every column wider than a common cap is narrowed to it (the largest cap that brings
    the sheet within, never below MIN_WRAP_WIDTH). Headers always wrap; numbers and dates keep the width of their
    longest value (a narrowed number prints as ###)."""

    def layout(cap):
        result = []
        for column, width, data_width in zip(columns, widths, data_widths, strict=True):
            width = min(max(width + PADDING, MIN_WIDTH), cap)
            if column.kind != TEXT:
                width = max(width, data_width + PADDING, MIN_WIDTH)
            result.append(width)
        return result

    cap = MAX_WIDTH
    while cap > MIN_WRAP_WIDTH and sum(layout(cap)) > PRINT_WIDTH:
        cap -= 1
    return layout(cap)


class Workbook:
    """One export file: one or more sheets, each with the same title block."""

    def __init__(self, *, campaign=None, user=None, export: str = "", now=None):
        self.campaign, self.user, self.export = campaign, user, export
        self.now = timezone.localtime(now or timezone.now())
        self._book = _OpenpyxlWorkbook()
        self._book.remove(self._book.active)
        self._sheets: list[Sheet] = []

    def heading(self, title: str) -> str:
        parts = [str(self.campaign.title) if self.campaign is not None else "", str(self.export or title)]
        if self.export and str(self.export) != str(title):
            parts.append(str(title))
        return "　".join(p for p in parts if p)

    def meta(self) -> str:
        who = ""
        if self.user is not None:
            who = self.user.get_full_name() or self.user.get_username()
        text = _("导出时间：%(when)s") % {"when": date_format(self.now, "Y-m-d H:i")}
        if who:
            text += "　" + _("导出人：%(who)s") % {"who": who}
        return text

    def sheet(self, title: str, columns: list[Column]) -> Sheet:
        ws = self._book.create_sheet()
        sheet = Sheet(self, ws, title, columns)
        self._sheets.append(sheet)
        return sheet

    def to_bytes(self) -> bytes:
        if not self._sheets:
            self.sheet(self.export or "Sheet", [Column("")])
        for sheet in self._sheets:
            sheet._finish()
        self._book.properties.title = str(self.export)
        buffer = io.BytesIO()
        self._book.save(buffer)
        return buffer.getvalue()
