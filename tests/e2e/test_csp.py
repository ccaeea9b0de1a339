"""The pages' scripts work under the Content-Security-Policy (no inline script, no inline style): the
application form autosaves and previews the photo, the score sheet totals and autosaves, and Chromium reports
no policy violation on the way."""

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from scoring import rubrics
from tests.awards.applicant_support import jpeg_bytes
from tests.e2e.browser import PASSWORD, login
from tests.scoring.builders import PIONEER_EXAMPLE, scoring_world

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

RECORD_VIOLATIONS = """
window.__csp = [];
document.addEventListener("securitypolicyviolation", (e) => {
  window.__csp.push(e.violatedDirective + " " + e.blockedURI + " " + (e.sourceFile || "") + ":" + e.lineNumber);
});
"""


@pytest.fixture
def watched(page):
    page.add_init_script(RECORD_VIOLATIONS)
    refused = []
    page.on("console", lambda m: refused.append(m.text) if "Content Security Policy" in m.text else None)
    return refused


def _violations(page, refused):
    return page.evaluate("window.__csp || []") + refused


def test_application_form_autosaves_and_previews_the_photo_under_the_policy(
    page, live_server, reference_data, watched, tmp_path
):
    from tests.awards.applicant_support import open_campaign
    from tests.factories import ApplicationFactory

    app = ApplicationFactory(campaign=open_campaign())
    base = live_server.url
    response = page.goto(base + reverse("awards:home"))
    assert "script-src 'self'" in response.headers["content-security-policy"]
    login(
        page,
        base,
        app.applicant.username,
        "demo-pass-2026",
        next_path=reverse("awards:application_edit", args=[app.pk]),
    )
    expect(page.locator("#application-form[data-ready='1']")).to_be_attached()
    page.fill("#id_section_third", "在内容安全策略下自动保存。")
    expect(page.locator("#autosave-status")).to_contain_text("已自动保存", timeout=10000)
    photo = tmp_path / "photo.jpg"
    photo.write_bytes(jpeg_bytes())
    page.set_input_files("#id_photo", str(photo))
    expect(page.locator("#photo-ratio")).to_contain_text("3:4")
    app.refresh_from_db()
    assert app.section_third == "在内容安全策略下自动保存。"
    assert _violations(page, watched) == []


def test_score_sheet_totals_and_autosaves_under_the_policy(page, live_server, reference_data, watched):
    world = scoring_world(code="pioneer", experts=1, apps=1)
    base = live_server.url
    login(page, base, world.experts[0].username, PASSWORD)
    page.goto(base + reverse("scoring:sheet", args=[world.apps[0].pk, "material"]))
    for code, (points, level) in zip(rubrics.criterion_codes("pioneer-150"), PIONEER_EXAMPLE, strict=True):
        page.locator(f'tr.criterion[data-code="{code}"] input[name="{code}-level"]').nth(level - 1).check()
        page.fill(f"#{code}-points", str(points))
    expect(page.get_by_test_id("running-total")).to_have_text("104")
    expect(page.locator("#autosave-status")).to_contain_text("已自动保存", timeout=10000)
    assert _violations(page, watched) == []
