"""The public verification page in Chromium at 375 px (issue 22, “Outcomes anyone can verify”): a phone that
scanned the certificate's QR code, or a visitor typing the code loosely, sees the result without scrolling
sideways; an unknown code shows the form again."""

import pytest
from django.urls import reverse

from tests.workflow.verify.helpers import honor as make_honor
from workflow.verify_codes import grouped

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def no_sideways_scroll(page) -> None:
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 375, f"{page.url} is {width}px wide"


def test_verification_page_on_a_375px_phone(page, live_server, screenshot):
    honor = make_honor(name="欧阳明远")
    refused = []
    page.on("console", lambda m: refused.append(m.text) if "Content Security Policy" in m.text else None)
    page.set_viewport_size({"width": 375, "height": 740})
    # the address the QR code holds
    page.goto(live_server.url + reverse("verify:certificate", kwargs={"code": honor.verify_code}))
    result = page.locator("#verify-result")
    assert result.get_attribute("data-status") == "valid"
    assert page.get_by_test_id("verify-name").inner_text() == "欧阳明远"
    assert "证书有效" in result.inner_text()
    no_sideways_scroll(page)
    screenshot("verify-375-valid")

    # the same page in English
    page.click("form.lang button")
    page.wait_for_function("document.documentElement.lang === 'en'")
    assert "Valid certificate" in page.locator("#verify-result").inner_text()
    no_sideways_scroll(page)
    screenshot("verify-375-valid-en")
    page.click("form.lang button")
    page.wait_for_function("document.documentElement.lang === 'zh-CN'")

    # typed by hand, in lower case with the hyphen: the form finds it
    page.goto(live_server.url + reverse("verify:form"))
    no_sideways_scroll(page)
    page.fill("#id_code", grouped(honor.verify_code).lower())
    page.click("main button[type=submit]")
    page.wait_for_url(f"**/verify/{honor.verify_code}/")
    assert page.locator("#verify-result").is_visible()

    # an unknown code: 未找到该证书, the form again with what was typed
    page.goto(live_server.url + reverse("verify:form"))
    page.fill("#id_code", "ABCDE-23456")
    page.click("main button[type=submit]")
    page.wait_for_url("**/verify/ABCDE23456/")
    assert page.locator("h1").inner_text() == "未找到该证书"
    assert page.locator("#id_code").is_visible()
    no_sideways_scroll(page)
    screenshot("verify-375-not-found")
    assert refused == []
