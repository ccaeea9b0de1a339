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
from lxml import etree
from openpyxl import Workbook as _OpenpyxlWorkbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE, Cell
from openpyxl.compat import safe_string
from openpyxl.packaging.custom import StringProperty
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter
from openpyxl.utils.datetime import to_excel
from openpyxl.worksheet.worksheet import Worksheet as _Worksheet

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
    """One worksheet. Rows are kept as values until the book is written: openpyxl's write-only mode streams each row
    once, so everything that depends on every row (column widths, wrapping, row heights) is settled first (issue 15:
    the city-scale score matrix, 63,000 rows)."""

    def __init__(self, book: "Workbook", title: str, columns: list[Column]):
        self.book, self.title, self.columns = book, title, list(columns)
        self._widths = [math.ceil(display_width(c.header) * BOLD_FACTOR) for c in self.columns]
        self._data_widths = [0] * len(self.columns)
        self._signature_rows: list[list[str]] = []
        self._rows: list[tuple[list, bool]] = []  # (values as written, bold)
        #: A sheet too wide for one page prints across several pages at full size, these first columns repeated
        #: on each (issue 23.7: 申报信息全表 shrunk to one page wide printed at ~2 pt). 0: one page wide.
        self.repeat_columns = 0

    def row(self, values, *, bold: bool = False) -> None:
        """One data row; text goes through the text-safety rule, numbers and dates get their column's format."""
        written = []
        widths, data_widths = self._widths, self._data_widths
        for i, (column, value) in enumerate(zip(self.columns, values, strict=True)):
            kind = type(value)
            if kind is str:  # the common cases first (a city-scale matrix has ~900,000 cells)
                width = len(value) if value.isascii() and "\n" not in value else display_width(value)
            elif value is None:
                width = 0
            elif kind is int:
                width = len(str(value))
            else:
                if isinstance(value, datetime.datetime) and timezone.is_aware(value):
                    value = timezone.localtime(value).replace(tzinfo=None)
                width = display_width(_shown(value, column))
                if isinstance(value, Decimal):
                    value = float(value)
            written.append(value)
            if bold:
                width = math.ceil(width * BOLD_FACTOR)
            if width > widths[i]:
                widths[i] = width
            if width > data_widths[i]:
                data_widths[i] = width
        self._rows.append((written, bold))

    def signature(self, lines: list[str]) -> None:
        """A print-ready signature area under the table (e.g. 评议组组长签字、日期), inside the print area."""
        self._signature_rows.append(lines)

    def _row_heights(self, wrapped: list[tuple[int, int]]) -> dict[int, float]:
        """Office suites do not grow a row for its wrapped text when they open the file: each row with a wrapped
        cell gets the height of its most lines (up to Excel's largest row, ROW_MAX_HEIGHT)."""
        heights = {}
        if not wrapped:
            return heights
        rows = [([c.header for c in self.columns], True), *self._rows]
        for r, (values, bold) in enumerate(rows, start=HEADER_ROW):
            lines = 1
            factor = BOLD_FACTOR if bold else 1
            for i, width in wrapped:
                value = values[i - 1]
                if isinstance(value, str):
                    room = max(width - PADDING, 1)
                    lines = max(
                        lines,
                        sum(
                            max(math.ceil(display_width(part) * factor / room), 1)
                            for part in _clean(value).split("\n")
                        ),
                    )
            if lines > 1:
                heights[r] = min(lines * LINE_HEIGHT, ROW_MAX_HEIGHT)
        return heights

    def _write(self, ws) -> None:
        """Write the sheet into `ws`, a write-only worksheet: layout first, then the rows in order."""
        ws.title = sheet_title(self.title)
        ncols = max(len(self.columns), 1)
        last = get_column_letter(ncols)
        last_data = HEADER_ROW + len(self._rows)
        layout = _column_widths(self.columns, self._widths, self._data_widths)
        wrapped = []
        for i, (width, longest) in enumerate(zip(layout, self._widths, strict=True), start=1):
            ws.column_dimensions[get_column_letter(i)].width = width
            if width < longest + PADDING:  # narrower than its longest text (header or value): it wraps
                wrapped.append((i, width))
        heights = self._row_heights(wrapped)
        wrap_columns = {i for i, _width in wrapped}
        ws.freeze_panes = f"A{FIRST_DATA_ROW}"
        ws.auto_filter.ref = f"A{HEADER_ROW}:{last}{last_data}"
        if len(self.columns) > 1:
            ws.merged_cells.add(f"A{TITLE_ROW}:{last}{TITLE_ROW}")
            ws.merged_cells.add(f"A{META_ROW}:{last}{META_ROW}")
        r = last_data
        signature_rows = []
        for lines in self._signature_rows:
            r += 1  # a blank row between the table and the signatures
            signature_rows.append(None)
            for line in lines:
                r += 2  # room to sign
                signature_rows += [None, line]
                if ncols > 1:
                    ws.merged_cells.add(f"A{r}:{last}{r}")
                heights[r] = 30
        ws.print_area = f"A1:{last}{max(r, last_data)}"
        ws.print_title_rows = f"{TITLE_ROW}:{HEADER_ROW}"
        ws.page_setup.orientation = "landscape"
        ws.page_setup.paperSize = _Worksheet.PAPERSIZE_A4
        if self.repeat_columns:
            ws.print_title_cols = f"A:{get_column_letter(self.repeat_columns)}"
            ws.page_setup.scale = 100
            ws.sheet_properties.pageSetUpPr.fitToPage = False
        else:
            ws.page_setup.fitToWidth = 1
            ws.page_setup.fitToHeight = 0
            ws.sheet_properties.pageSetUpPr.fitToPage = True
        ws.print_options.horizontalCentered = True
        ws.page_margins.left = ws.page_margins.right = 0.4
        ws.page_margins.top, ws.page_margins.bottom = 0.5, 0.6
        ws.oddFooter.center.text = _("第 &P 页 共 &N 页")
        ws.oddFooter.center.size = 9
        if self.book.watermark:
            ws.oddHeader.center.text = self.book.watermark.replace("&", "&&")
            ws.oddHeader.center.size = 9
            ws.oddFooter.left.text = self.book.watermark.replace("&", "&&")
            ws.oddFooter.left.size = 8

        styles = _Styles(ws)
        text = styles.text
        signed = {"font": Font(bold=True, size=12), "alignment": Alignment(vertical="bottom")}
        row = _RowXml(ws, heights, ncols)
        rows = [
            row(TITLE_ROW, [text(self.book.heading(self.title), font=Font(bold=True, size=14))]),
            row(META_ROW, [text(self.book.meta(), font=Font(size=9, color="404040"))]),
            row(
                HEADER_ROW,
                [
                    text(
                        c.header,
                        font=_BOLD,
                        fill=_HEADER_FILL,
                        border=_BORDER,
                        alignment=Alignment(
                            horizontal="center", vertical="center", wrap_text=i in wrap_columns
                        ),
                    )
                    for i, c in enumerate(self.columns, start=1)
                ],
            ),
        ]
        data_row = _DataRows(row, styles, self.columns, wrap_columns)
        rows += (
            data_row(r, values, bold) for r, (values, bold) in enumerate(self._rows, start=FIRST_DATA_ROW)
        )
        rows += (
            row(r, [] if line is None else [text(line, **signed)])
            for r, line in enumerate(signature_rows, start=last_data + 1)
        )
        _write_sheet_data(ws, rows)


_BOLD = Font(bold=True)


def _clean(value: str) -> str:
    return ILLEGAL_CHARACTERS_RE.sub("", value)


class _Styles:
    """The cell styles (openpyxl's cellXfs ids) `Sheet` writes: each combination registered in the workbook once,
    through a template cell, not cell by cell."""

    def __init__(self, ws):
        self.ws = ws
        self._ids = {}

    def _id(self, key, styles) -> int:
        """The style id of `key`; `styles()` gives the cell attributes the first time the key is asked for."""
        found = self._ids.get(key)
        if found is None:
            template = Cell(self.ws, 1, 1)
            for name, value in styles().items():
                setattr(template, name, value)
            found = self._ids[key] = template.style_id
        return found

    def text_style(self, **styles) -> int:
        return self._id(("text", *sorted((k, repr(v)) for k, v in styles.items())), lambda: styles)

    def text(self, value: str, **styles) -> tuple[str, int]:
        """(value, style id) of a text cell of the title block, headers or signatures (text-safety rule too)."""
        if is_formula_like(value):
            styles["quotePrefix"] = True
        return value, self.text_style(**styles)

    def data_style(self, value, column: Column, wrap_column: bool, bold: bool) -> int:
        if isinstance(value, str):
            wrap = wrap_column or "\n" in value
            formula_like = is_formula_like(value)
            return self._id(
                ("s", wrap, bold, formula_like), lambda: _data_cell(wrap, bold, quotePrefix=formula_like)
            )
        number_format = _number_format(column, value) if value is not None else None
        return self._id(
            (number_format, wrap_column, bold),
            lambda: _data_cell(wrap_column, bold, number_format=number_format),
        )


def _data_cell(wrap: bool, bold: bool, **extra) -> dict:
    """A data cell's attributes: bordered, centred vertically, bold in a total row; `extra` where set."""
    styles = {"border": _BORDER, "alignment": Alignment(vertical="center", wrap_text=wrap)}
    if bold:
        styles["font"] = _BOLD
    styles.update((name, value) for name, value in extra.items() if value)
    return styles


class _DataRows:
    """The data rows' SpreadsheetML: each cell's style id looked up once per column, value type and flags."""

    def __init__(self, row, styles, columns, wrap_columns):
        self.row, self.styles, self.columns = row, styles, columns
        self.wraps = [i in wrap_columns for i in range(1, len(columns) + 1)]
        self._ids = {}

    def __call__(self, r: int, values: list, bold: bool) -> str:
        ids, cells = self._ids, []
        for i, value in enumerate(values):
            kind = type(value)
            key = (i, kind, bold, "\n" in value, is_formula_like(value)) if kind is str else (i, kind, bold)
            style = ids.get(key)
            if style is None:
                style = ids[key] = self.styles.data_style(value, self.columns[i], self.wraps[i], bold)
            cells.append((value, style))
        return self.row(r, cells)


_XML_ESCAPES = str.maketrans({"&": "&amp;", "<": "&lt;", ">": "&gt;", "\r": "&#13;"})


class _RowXml:
    """One row of SpreadsheetML (`<row>` with its `<c>` cells) from (value, style id) pairs, as openpyxl writes
    them: text as an inline string (never a formula), numbers, booleans, dates as Excel serial numbers."""

    def __init__(self, ws, heights: dict[int, float], ncols: int):
        self.heights = heights
        self.epoch = ws.parent.epoch
        self.letters = [get_column_letter(i) for i in range(1, ncols + 1)]

    def __call__(self, r: int, cells: list[tuple]) -> str:
        height = self.heights.get(r)
        parts = [f'<row r="{r}" customHeight="1" ht="{height:g}">' if height else f'<row r="{r}">']
        letters = self.letters
        for i, (value, style) in enumerate(cells):
            ref = f"{letters[i]}{r}"
            kind = type(value)
            if kind is int:
                parts.append(f'<c r="{ref}" s="{style}" t="n"><v>{safe_string(value)}</v></c>')
            elif value is None:
                parts.append(f'<c r="{ref}" s="{style}"/>')
            elif value == "":
                parts.append(f'<c r="{ref}" s="{style}" t="inlineStr"/>')
            elif kind is str:
                text = _clean(value) if not value.isprintable() else value
                space = ' xml:space="preserve"' if text != text.strip() else ""
                parts.append(
                    f'<c r="{ref}" s="{style}" t="inlineStr"><is><t{space}>{text.translate(_XML_ESCAPES)}</t></is></c>'
                )
            elif isinstance(value, bool):
                parts.append(f'<c r="{ref}" s="{style}" t="b"><v>{safe_string(value)}</v></c>')
            elif isinstance(value, int | float):
                parts.append(f'<c r="{ref}" s="{style}" t="n"><v>{safe_string(value)}</v></c>')
            elif isinstance(value, datetime.date | datetime.time | datetime.timedelta):
                parts.append(
                    f'<c r="{ref}" s="{style}" t="n"><v>{safe_string(to_excel(value, self.epoch))}</v></c>'
                )
            else:
                raise ValueError(f"Cannot convert {value!r} to Excel")
        parts.append("</row>")
        return "".join(parts)


def _write_sheet_data(ws, rows) -> None:
    """Stream the rows (SpreadsheetML strings, in order) into the write-only worksheet `ws` and close it. This is
    what openpyxl's `WriteOnlyWorksheet.append` + `close` do (openpyxl 3.1), without building a Cell object and
    writing it element by element for each of the ~900,000 cells of a city-scale score matrix (issue 15)."""
    ws._get_writer()  # the sheet's head: properties, views, column widths
    writer = ws._writer
    xf = writer.xf.send(True)
    with xf.element("sheetData"):
        for row in rows:
            xf.write(etree.fromstring(row))
    writer.xf.send(None)
    writer.write_tail()  # filter, merged cells, print set-up, page set-up, footer
    writer.close()
    ws._WriteOnlyWorksheet__saved = True  # closed: the workbook's writer takes the file as it is


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
    """One export file: one or more sheets, each with the same title block. Written in openpyxl's write-only mode
    (every feature the exports use is kept: merged title and signature rows, column widths, row heights, frozen
    header, filter, print set-up)."""

    def __init__(self, *, campaign=None, user=None, export: str = "", now=None, watermark: str = ""):
        self.campaign, self.user, self.export = campaign, user, export
        #: A full (unmasked) export of personal data: this line (who, when) goes into every sheet's printed
        #: header and footer and under the title on screen (issue 25 item 4).
        self.watermark = watermark
        self.now = timezone.localtime(now or timezone.now())
        self._sheets: list[Sheet] = []
        # Custom document properties (name → text): carried in the file, never printed (the audit checkpoints).
        self.properties: dict[str, str] = {}

    def heading(self, title: str) -> str:
        parts = [str(self.campaign.title) if self.campaign is not None else "", str(self.export or title)]
        if getattr(self.campaign, "is_training", False):  # decisions 260: a rehearsal's file says so
            parts.insert(0, f"【{_('培训演练')}】")
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
        if self.watermark:
            text += "　" + self.watermark
        return text

    def sheet(self, title: str, columns: list[Column]) -> Sheet:
        sheet = Sheet(self, title, columns)
        self._sheets.append(sheet)
        return sheet

    def to_bytes(self) -> bytes:
        if not self._sheets:
            self.sheet(self.export or "Sheet", [Column("")])
        book = _OpenpyxlWorkbook(write_only=True)
        for sheet in self._sheets:
            sheet._write(book.create_sheet())
        book.properties.title = str(self.export)
        for name, value in self.properties.items():
            book.custom_doc_props.append(StringProperty(name=name, value=value))
        buffer = io.BytesIO()
        book.save(buffer)
        return buffer.getvalue()
