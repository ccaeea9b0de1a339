"""Two-factor sign-in in Chromium (issue 25 items 1 and 5): enrolment with the QR code on first sign-in, sign-in
with the app's code, with a backup code, the office's reset of a lost device, the idle timeout's warning and
sign-out."""

import base64
import re

import pytest
from django.urls import reverse
from django_otp.plugins.otp_totp.models import TOTPDevice
from playwright.sync_api import expect

from security.models import SecurityEvent
from tests.e2e.browser import PASSWORD, accepted_totp_code, login, totp_code
from tests.factories import user_with_role

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def required(settings):
    settings.OTP_REQUIRED_ROLES = ["office", "committee", "expert", "admin"]


def _enrol_through_the_pages(page, base, username, screenshot=None) -> tuple[bytes, list[str]]:
    login(page, base, username, next_path="/expert/")
    assert "/accounts/2fa/setup/" in page.url
    qr = page.locator("#otp-qr")
    expect(qr).to_be_visible()
    page.wait_for_function("document.getElementById('otp-qr').complete")
    assert page.evaluate("document.getElementById('otp-qr').naturalWidth") > 100  # the SVG loaded and drew
    secret = page.locator("#otp-secret").inner_text().replace(" ", "")
    key = base64.b32decode(secret)
    if screenshot:
        screenshot("2fa-enrolment")
    page.fill("#id_token", "000000")
    page.click("main button[type=submit]")
    expect(page.locator(".error-summary")).to_contain_text("验证码不正确")
    page.wait_for_timeout(1100)  # django-otp's wait after a wrong code
    page.fill("#id_token", totp_code(key))
    page.click("main button[type=submit]")
    page.wait_for_url(re.compile(r"/accounts/2fa/backup-codes/"))
    codes = page.locator("#backup-codes code").all_inner_texts()
    assert len(codes) == 10
    page.click("#continue")
    page.wait_for_url(re.compile(r"/expert/$"))
    return key, codes


def test_enrolment_then_sign_in_with_the_app_and_with_a_backup_code(page, live_server, required, screenshot):
    user_with_role("expert", username="e2e-expert")
    key, codes = _enrol_through_the_pages(page, live_server.url, "e2e-expert", screenshot)
    page.click("header form[action='/accounts/logout/'] button")
    # The app's code
    login(page, live_server.url, "e2e-expert", next_path="/expert/")
    assert "/accounts/2fa/verify/" in page.url
    page.fill("#id_token", accepted_totp_code(key, "e2e-expert"))
    page.click("main button[type=submit]")
    page.wait_for_url(re.compile(r"/expert/$"))
    page.click("header form[action='/accounts/logout/'] button")
    # A backup code, once
    login(page, live_server.url, "e2e-expert", next_path="/expert/")
    page.fill("#id_token", codes[0])
    page.click("main button[type=submit]")
    page.wait_for_url(re.compile(r"/expert/$"))
    page.goto(live_server.url + reverse("security:account"))
    expect(page.locator("#otp-status")).to_contain_text("剩余 9 个备用码")
    screenshot("2fa-account-security")
    page.click("header form[action='/accounts/logout/'] button")
    login(page, live_server.url, "e2e-expert", next_path="/expert/")
    page.fill("#id_token", codes[0])
    page.click("main button[type=submit]")
    expect(page.locator(".error-summary")).to_contain_text("验证码不正确")
    kinds = set(SecurityEvent.objects.values_list("kind", flat=True))
    assert {"login_ok", "otp_enrolled", "otp_verified", "backup_code_used", "otp_failed", "logout"} <= kinds


def test_the_office_resets_a_lost_device_and_the_member_enrols_again(
    browser, live_server, required, screenshot
):
    office = user_with_role("office", username="e2e-office", is_staff=True)
    expert = user_with_role("expert", username="e2e-lost", first_name="丢手机")
    office_key = TOTPDevice.objects.create(user=office, name="authenticator", confirmed=True).bin_key
    TOTPDevice.objects.create(user=expert, name="authenticator", confirmed=True)
    page = browser.new_page(locale="zh-CN")
    login(page, live_server.url, "e2e-office", otp_key=office_key)
    page.goto(live_server.url + reverse("security:office_members") + "?q=e2e-lost")
    row = page.locator("#member-e2e-lost")
    expect(row).to_contain_text("已绑定")
    row.locator("input[name=reason]").fill("手机丢失，已电话核实本人身份")
    screenshot_page = page
    row.locator("button").click()
    expect(page.locator(".messages")).to_contain_text("已重置")
    expect(page.locator("#member-e2e-lost")).to_contain_text("未绑定")
    screenshot_page.screenshot(path=str(_artifact("2fa-office-reset")), full_page=True)
    event = SecurityEvent.objects.get(kind="otp_reset")
    assert event.details["reason"] == "手机丢失，已电话核实本人身份" and event.username == "e2e-office"
    page.close()

    member = browser.new_page(locale="zh-CN")
    login(member, live_server.url, "e2e-lost", next_path="/expert/")
    assert "/accounts/2fa/setup/" in member.url  # enrols a new phone
    member.close()


def _artifact(name):
    from tests.e2e.conftest import ARTIFACTS

    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    return ARTIFACTS / f"{name}.png"


def test_idle_timeout_warns_then_signs_out(page, live_server, settings, screenshot):
    settings.SESSION_IDLE_TIMEOUT_MINUTES = 0.1  # 6 seconds
    settings.SESSION_IDLE_WARNING_SECONDS = 4
    user_with_role("committee", username="e2e-idle")
    login(page, live_server.url, "e2e-idle", PASSWORD, next_path="/committee/")
    warning = page.locator("#idle-warning")
    expect(warning).to_be_hidden()
    expect(warning).to_be_visible(timeout=5000)
    expect(warning).to_contain_text("自动退出")
    screenshot("idle-timeout-warning")
    page.click("#idle-stay")  # 继续使用: the timer starts again
    expect(warning).to_be_hidden()
    expect(warning).to_be_visible(timeout=5000)
    page.wait_for_url(re.compile(r"/accounts/login/"), timeout=10000)
    expect(page.locator(".messages")).to_contain_text("自动退出")
    screenshot("idle-timeout-signed-out")
    assert SecurityEvent.objects.filter(kind="idle_timeout", username="e2e-idle").exists()
