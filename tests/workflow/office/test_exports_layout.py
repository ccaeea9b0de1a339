"""Every Excel export comes out of the one writer: title block with who exported and when, frozen header with a
filter, A4 landscape one page wide, header rows on every printed page, 第 N 页 共 M 页, sheet names in Chinese
within 31 characters, number formats by kind."""

import datetime
import math
from decimal import Decimal

import pytest
from django.urls import reverse
from openpyxl.utils import get_column_letter

from awards.documents.xlsx import (
    LINE_HEIGHT,
    MIN_WRAP_WIDTH,
    PADDING,
    PRINT_WIDTH,
    SCORE,
    Column,
    Workbook,
    display_width,
    sheet_title,
)
from awards.models import Campaign
from tests.factories import user_with_role
from tests.workflow.office.builders import campaign_in
from tests.xlsx import workbook
from workflow import tasks

pytestmark = pytest.mark.django_db


def _check_layout(ws, *, campaign, who: str):
    assert campaign.title in ws["A1"].value
    assert f"导出人：{who}" in ws["A2"].value and "导出时间：" in ws["A2"].value
    assert ws.freeze_panes == "A4" and ws.auto_filter.ref.startswith("A3:")
    assert ws.print_title_rows == "$1:$3"
    assert ws.page_setup.orientation == "landscape" and int(ws.page_setup.paperSize) == int(ws.PAPERSIZE_A4)
    if ws.title == "申报信息全表":
        # Issue 23.7: 46 columns shrunk to one page wide printed at ~2 pt; it prints across pages at full size,
        # the number and the name repeated on each.
        assert not ws.sheet_properties.pageSetUpPr.fitToPage and int(ws.page_setup.scale) == 100
        assert ws.print_title_cols == "$A:$B" and [ws["A3"].value, ws["B3"].value] == ["编号", "姓名"]
    else:
        assert ws.sheet_properties.pageSetUpPr.fitToPage
        assert (ws.page_setup.fitToWidth, ws.page_setup.fitToHeight) == (1, 0)
    assert ws.oddFooter.center.text == "第 &P 页 共 &N 页"
    assert 0 < len(ws.title) <= 31


def test_every_export_kind_has_the_title_block_and_the_print_set_up():
    campaign = campaign_in(Campaign.Phase.COMPOSITE)
    office = user_with_role("office", username="zhouwen")
    for kind, (label, _name, builder) in tasks.KINDS.items():
        if kind == "certificates":
            continue
        ws = workbook(builder(campaign, progress=None, user=office)).worksheets[0]
        _check_layout(ws, campaign=campaign, who="zhouwen")
        assert str(label) in ws["A1"].value, kind


def test_the_background_job_names_the_office_user_who_started_it(client):
    campaign = campaign_in(Campaign.Phase.ELIGIBILITY)
    client.force_login(user_with_role("office", username="lina", first_name="娜", last_name="李"))
    response = client.post(reverse("workflow:export_start", args=[campaign.pk, "roster"]), follow=True)
    job_id = response.redirect_chain[-1][0].rstrip("/").split("/")[-1]
    content = b"".join(client.get(reverse("workflow:job_download", args=[job_id])).streaming_content)
    _check_layout(workbook(content).worksheets[0], campaign=campaign, who="娜 李")


def test_widths_count_cjk_double_and_numbers_carry_their_formats():
    assert (
        display_width("ZHGJ-2031-001") == 13
        and display_width("张伟") == 4
        and display_width("a\n张伟伟") == 6
    )
    assert sheet_title("材料评议/现场展示:[评分]矩阵*?" * 3) == ("材料评议现场展示评分矩阵" * 3)[:31]
    book = Workbook(export="测试")
    sheet = book.sheet(
        "测试", [Column("日期", "date"), Column("评议组得分", SCORE, 3), Column("总分", SCORE)]
    )
    sheet.row([datetime.date(2031, 9, 1), Decimal("88.6667"), 94])
    ws = workbook(book.to_bytes()).worksheets[0]
    assert ws["A4"].is_date and ws["A4"].number_format == "yyyy-mm-dd"
    assert ws["B4"].number_format == "0.000" and ws["C4"].number_format == "0"
    assert ws.column_dimensions["B"].width >= display_width("评议组得分") * 1.1 + 2


def test_a_sheet_too_wide_for_one_printed_page_narrows_its_widest_text_columns_and_wraps_them():
    """Office suites shrink a sheet to one page wide only down to 10 %: forty-odd long columns (申报信息全表) are
    narrowed to fit PRINT_WIDTH; the narrowed headers and texts wrap, their rows grow to show every line, and
    numbers and dates keep the width of their values."""
    long_header = "岗位内容为直接从事技术或技能型相关工作"
    long_text = "上海市智慧城市建设发展研究中心（上海市信息化发展研究协会）"
    columns = [Column(f"{long_header}{i}") for i in range(40)]
    columns += [Column("在智慧城市建设相关行业单位工作年限", "integer"), Column("提交时间", "datetime")]
    book = Workbook(export="测试")
    sheet = book.sheet("测试", columns)
    sheet.row([long_text] * 40 + [12345678, datetime.datetime(2031, 9, 1, 8, 30)])
    sheet.row(["短"] * 40 + [8, datetime.datetime(2031, 9, 1, 8, 30)])
    ws = workbook(book.to_bytes()).worksheets[0]
    widths = [ws.column_dimensions[get_column_letter(i)].width for i in range(1, len(columns) + 1)]
    assert sum(widths) <= PRINT_WIDTH
    text_width = widths[0]
    assert MIN_WRAP_WIDTH <= text_width < display_width(long_text) + PADDING
    assert all(ws.cell(r, 1).alignment.wrap_text for r in (3, 4, 5))  # header and values
    lines = math.ceil(display_width(long_text) / (text_width - PADDING))
    assert lines > 1 and ws.row_dimensions[4].height >= lines * LINE_HEIGHT
    assert ws.row_dimensions[5].height is None  # a row of short values keeps the default height
    assert ws.row_dimensions[3].height > LINE_HEIGHT  # the wrapped bold header is taller than one line
    assert (
        widths[40] >= display_width("12345678") + PADDING and widths[41] >= len("2031-09-01 08:30") + PADDING
    )


def test_a_sheet_that_fits_keeps_every_column_as_wide_as_its_longest_text():
    book = Workbook(export="测试")
    sheet = book.sheet("测试", [Column("所在单位"), Column("总分", SCORE)])
    sheet.row(["上海市智慧城市建设发展研究中心（上海市信息化发展研究协会）", 94])
    ws = workbook(book.to_bytes()).worksheets[0]
    assert ws.column_dimensions["A"].width == 58 + PADDING and not ws["A4"].alignment.wrap_text
    assert ws.row_dimensions[4].height is None
