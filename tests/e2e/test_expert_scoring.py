"""Browser tests of the expert's score sheet (Playwright, Debian Chromium, live_server)."""

import io
import re

import pytest
from django.urls import reverse
from openpyxl import load_workbook
from playwright.sync_api import expect
from pypdf import PdfReader

from scoring import rubrics
from tests.e2e.browser import PASSWORD, login
from tests.scoring.builders import (
    CRAFTSMAN_EXAMPLE,
    PIONEER_EXAMPLE,
    expert,
    scoring_world,
)
from tests.xlsx import table

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def craftsman(db):
    world = scoring_world(code="craftsman", experts=1, apps=1)
    from tests.factories import user_with_role

    world.office = user_with_role("office", username="office-e2e")
    return world


@pytest.fixture
def pioneer(db):
    return scoring_world(code="pioneer", experts=1, apps=1)


def logout(page):
    page.click("header button:has-text('退出')")


def row(page, code):
    return page.locator(f'tr.criterion[data-code="{code}"]')


def sign_and_submit(page, name):
    page.click("summary:has-text('提交并签名')")
    page.fill("#id_signature_name", name)
    page.fill("#id_password", PASSWORD)
    page.click("#submit-sheet")


def test_expert_scores_a_craftsman_application_signs_and_it_is_locked(
    page, live_server, craftsman, screenshot
):
    base = live_server.url
    app, person = craftsman.apps[0], craftsman.experts[0]
    codes = rubrics.criterion_codes("craftsman-100")
    login(page, base, person.username)
    page.goto(base + reverse("scoring:expert_home"))
    page.click(f'tr[data-application="{app.pk}"] a:has-text("评分")')
    # the annex's title (附件3) and the stage
    expect(page.locator("h1")).to_have_text("上海智慧城市建设“智慧工匠”选树活动评分表 · 材料评议")

    # The band follows the checkboxes and 显著/一般.
    first = row(page, codes[0])
    band = page.locator(f"#{codes[0]}-band")
    first.locator("label:has-text('显著') input").check()
    expect(band).to_have_text("1~3")
    first.locator(f'input[name="{codes[0]}-aspect"][value="1"]').check()
    first.locator(f'input[name="{codes[0]}-aspect"][value="2"]').check()
    expect(band).to_have_text("6~8")
    first.locator(f'input[name="{codes[0]}-aspect"][value="3"]').check()
    expect(band).to_have_text("6~10")  # 全部 and 大部分 (至少两个方面) both hold (decisions 176)
    first.locator("label:has-text('一般') input").check()
    expect(band).to_have_text("4~5")
    first.locator(f'input[name="{codes[0]}-aspect"][value="3"]').uncheck()
    first.locator("label:has-text('显著') input").check()
    expect(band).to_have_text("6~8")

    # An out-of-band number is refused on the page.
    page.fill(f"#{codes[0]}-points", "9")
    expect(page.locator(f"#{codes[0]}-error")).to_contain_text("不在允许的分数段 6~8 内")
    page.click("button:has-text('保存草稿')")
    expect(page.locator(f"#{codes[0]}-points")).to_be_focused()

    # Sent directly, the server refuses it too.
    token = page.locator("input[name=csrfmiddlewaretoken]").first.input_value()
    response = page.request.post(
        page.url,
        form={
            "csrfmiddlewaretoken": token,
            "action": "save",
            f"{codes[0]}-aspect": "1",
            f"{codes[0]}-significant": "1",
            f"{codes[0]}-points": "9",
        },
        headers={"Accept": "application/json", "Referer": page.url},
    )
    assert response.status == 400
    assert "1~3" in response.json()["errors"][codes[0]][0]

    # The worked example 6+8+9+6+14+16+16 = 75, typed row by row.
    for code, (points, shown, significant) in zip(codes, CRAFTSMAN_EXAMPLE, strict=True):
        r = row(page, code)
        for order in (1, 2, 3):
            box = r.locator(f'input[name="{code}-aspect"][value="{order}"]')
            box.check() if order <= shown else box.uncheck()
        r.locator(f"label:has-text('{'显著' if significant else '一般'}') input").check()
        page.fill(f"#{code}-points", str(points))
    page.fill(f"#{codes[1]}-comment", "爱岗敬业，事迹突出")
    expect(page.get_by_test_id("running-total")).to_have_text("75")
    expect(page.locator("#autosave-status")).to_contain_text("已自动保存", timeout=10000)
    screenshot("expert-craftsman-sheet")

    sign_and_submit(page, "专家1")
    expect(page.get_by_test_id("locked")).to_contain_text("提交并签名")
    expect(page.get_by_test_id("running-total")).to_have_text("75")
    expect(page.locator(f"#{codes[0]}-points")).to_be_disabled()
    expect(page.locator("#submit-sheet")).to_have_count(0)

    pdf = page.request.get(base + page.get_by_role("link", name="下载评分表 PDF").get_attribute("href"))
    text = "".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf.body())).pages)
    assert "75" in text and "专家1" in text and app.name in text

    # The office sees it in the score matrix.
    logout(page)
    login(page, base, craftsman.office.username)
    matrix = page.request.get(base + reverse("scoring:panel_matrix", args=[craftsman.panel.pk, "material"]))
    ws = load_workbook(io.BytesIO(matrix.body())).active
    expert_row = next(r for r in table(ws)[1:] if r[2] == "专家1")
    assert list(expert_row[3:11]) == [6, 8, 9, 6, 14, 16, 16, 75]


def test_expert_scores_a_pioneer_application_by_keyboard(page, live_server, pioneer, screenshot):
    base = live_server.url
    app = pioneer.apps[0]
    codes = rubrics.criterion_codes("pioneer-150")
    login(page, base, pioneer.experts[0].username)
    page.goto(base + reverse("scoring:sheet", args=[app.pk, "material"]))
    for code, (points, level) in zip(codes, PIONEER_EXAMPLE, strict=True):
        row(page, code).locator(f'input[name="{code}-level"]').first.focus()
        page.keyboard.press("Space")
        for _ in range(level - 1):
            page.keyboard.press("ArrowRight")
        page.keyboard.press("Tab")
        expect(page.locator(f"#{code}-points")).to_be_focused()
        page.keyboard.type(str(points))
    expect(page.get_by_test_id("running-total")).to_have_text("104")
    expect(page.locator(f"#{codes[-1]}-band")).to_have_text("23~30")
    viewport_fits = page.evaluate(
        "document.querySelector('.sheet-table').getBoundingClientRect().width <= 1280"
    )
    assert viewport_fits
    screenshot("expert-pioneer-sheet")
    sign_and_submit(page, "专家1")
    expect(page.get_by_test_id("locked")).to_be_visible()
    expect(page.get_by_test_id("running-total")).to_have_text("104")
    pdf = page.request.get(base + page.get_by_role("link", name="下载评分表 PDF").get_attribute("href"))
    text = "".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf.body())).pages)
    assert re.search(r"104", text)


def test_another_expert_cannot_open_the_application_or_its_sheet(page, live_server, craftsman):
    base = live_server.url
    outsider = expert("外组专家", username="outsider")
    app = craftsman.apps[0]
    login(page, base, outsider.username)
    for path in (
        reverse("scoring:application_read", args=[app.pk]),
        reverse("scoring:sheet", args=[app.pk, "material"]),
        reverse("scoring:attachment", args=[app.pk, app.attachments.first().pk]),
    ):
        assert page.goto(base + path).status == 404
    page.goto(base + reverse("scoring:expert_home"))
    expect(page.locator("main")).not_to_contain_text(app.name)
