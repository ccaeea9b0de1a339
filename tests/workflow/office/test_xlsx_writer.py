"""The export writer streams its rows as SpreadsheetML (awards/documents/xlsx.py, decision 117): what it writes
reads back as the values given — text with markup characters, spaces, line breaks and control characters, numbers,
booleans, dates — with the styles and layout of every export."""

import datetime
from decimal import Decimal

import pytest

from awards.documents.xlsx import DATE, DATETIME, SCORE, Column, Workbook
from tests.xlsx import table, workbook

TEXTS = [
    "a<b&c>\"'",
    " leading",
    "trailing ",
    "two\nlines",
    "cr\r\nlf",
    "bell\x07gone",
    "=1+1",
    "中文全角　空格",
    "",
]


def test_every_kind_of_value_reads_back_as_given():
    book = Workbook(export="导出")
    sheet = book.sheet(
        "表",
        [
            Column("文本"),
            Column("分", SCORE),
            Column("得分", SCORE, 3),
            Column("日", DATE),
            Column("时", DATETIME),
        ],
    )
    day, moment = datetime.date(2026, 1, 2), datetime.datetime(2026, 3, 4, 5, 6)
    for text in TEXTS:
        sheet.row([text, 7, Decimal("82.333"), day, moment])
    sheet.row([None, None, 1.5, None, None], bold=True)
    sheet.row(["是", True, 0, None, None])
    ws = workbook(book.to_bytes()).worksheets[0]
    rows = table(ws)
    assert rows[0] == ("文本", "分", "得分", "日", "时")
    expected = [t.replace("\x07", "") or None for t in TEXTS]
    assert [r[0] for r in rows[1 : len(TEXTS) + 1]] == expected
    assert rows[1][1:] == (7, 82.333, datetime.datetime(2026, 1, 2), moment)
    assert rows[-2] == (None, None, 1.5, None, None) and rows[-1][:3] == ("是", True, 0)
    formula = ws.cell(1 + 3 + TEXTS.index("=1+1"), 1)
    assert formula.data_type == "s" and formula.quotePrefix
    assert ws.cell(4, 2).number_format == "0" and ws.cell(4, 3).number_format == "0.000"
    assert ws.cell(4, 4).number_format == "yyyy-mm-dd" and ws.cell(4, 5).number_format == "yyyy-mm-dd hh:mm"
    bold = ws.cell(4 + len(TEXTS), 3)
    assert bold.font.b and bold.border.left.style == "thin"
    assert ws.cell(4 + TEXTS.index("two\nlines"), 1).alignment.wrap_text


def test_a_long_sheet_keeps_every_row_and_sizes_columns_by_the_longest_value():
    book = Workbook(export="长表")
    sheet = book.sheet("长表", [Column("编号"), Column("分", SCORE)])
    for i in range(3000):
        sheet.row([f"N-{i:05d}" + ("-最长的一个" if i == 2999 else ""), i])
    sheet.signature(["签字："])
    ws = workbook(book.to_bytes()).worksheets[0]
    rows = table(ws)
    assert len(rows) == 3001 and rows[-1] == ("N-02999-最长的一个", 2999)
    assert ws.column_dimensions["A"].width == len("N-02999-") + 2 * 5 + 2
    assert ws.cell(3004 + 2, 1).value == "签字：" and ws.row_dimensions[3006].height == 30
    assert "A3006:B3006" in {str(r) for r in ws.merged_cells.ranges}


@pytest.mark.django_db
def test_a_training_campaigns_export_says_so_in_its_title_row():
    """decisions 260: every export of a 培训演练 campaign carries the mark in its printed title."""
    from tests.factories import CampaignFactory

    for training in (True, False):
        book = Workbook(campaign=CampaignFactory(is_training=training), export="申报汇总")
        book.sheet("表", [Column("文本")]).row(["一"])
        ws = workbook(book.to_bytes()).worksheets[0]
        titles = [c.value for row in ws.iter_rows(max_row=3) for c in row if isinstance(c.value, str)]
        assert any("【培训演练】" in t for t in titles) is training, titles
