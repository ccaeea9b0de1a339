"""Reading an export back: the table is the range of its filter (title block above, signatures below)."""

import io

from openpyxl import load_workbook
from openpyxl.utils.cell import range_boundaries


def workbook(content: bytes):
    return load_workbook(io.BytesIO(content))


def table(ws) -> list[tuple]:
    """Header row first, then each data row (values only)."""
    min_col, min_row, max_col, max_row = range_boundaries(ws.auto_filter.ref)
    return list(
        ws.iter_rows(min_row=min_row, max_row=max_row, min_col=min_col, max_col=max_col, values_only=True)
    )


def rows(content: bytes, sheet: str | None = None) -> list[tuple]:
    book = workbook(content)
    return table(book[sheet] if sheet else book.worksheets[0])
