"""Every Excel export comes out of the one writer: title block with who exported and when, frozen header with a
filter, A4 landscape one page wide, header rows on every printed page, 第 N 页 共 M 页, sheet names in Chinese
within 31 characters, number formats by kind."""

import datetime
from decimal import Decimal

import pytest
from django.urls import reverse

from awards.documents.xlsx import SCORE, Column, Workbook, display_width, sheet_title
from awards.models import Campaign
from tests.factories import user_with_role
from tests.office.builders import campaign_in
from tests.xlsx import workbook
from workflow import tasks

pytestmark = pytest.mark.django_db


def _check_layout(ws, *, campaign, who: str):
    assert campaign.title in ws["A1"].value
    assert f"导出人：{who}" in ws["A2"].value and "导出时间：" in ws["A2"].value
    assert ws.freeze_panes == "A4" and ws.auto_filter.ref.startswith("A3:")
    assert ws.print_title_rows == "$1:$3"
    assert ws.page_setup.orientation == "landscape" and int(ws.page_setup.paperSize) == int(ws.PAPERSIZE_A4)
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
