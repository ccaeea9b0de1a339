"""A person's deletion request and the office's answer in Chromium (issue 25 item 3; decisions 295–299): the person
asks on /me/privacy/, the office finds it on its page of requests, refuses it — the materials are under the 5-year
retention of 第三十一条 — after the confirmation page, and the person sees the refusal with the reason and the date."""

import datetime
import re

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from awards.models import Application, Campaign, DataRequest
from security.models import SecurityEvent
from tests.e2e.browser import login
from tests.factories import user_with_role
from tests.workflow.builders import application_in, campaign_in

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_a_deletion_under_retention_is_refused_with_the_date_and_the_person_sees_it(
    page, live_server, screenshot
):
    campaign = campaign_in(Campaign.Phase.ARCHIVED)
    campaign.archived_at = timezone.now() - datetime.timedelta(days=400)
    campaign.save()
    app = application_in(campaign, Application.State.SUBMITTED)
    app.applicant.username = "e2e-person"
    app.applicant.save()
    user_with_role("office", username="e2e-office")
    base = live_server.url

    # the person asks for the deletion and is told at once that it waits for the retention
    login(page, base, "e2e-person", next_path="/me/privacy/")
    page.fill("#id_deletion_text", "我不再参加评选，请删除我的资料。")
    page.click("#deletion-form button[type=submit]")
    expect(page.locator(".messages")).to_contain_text("第三十一条")
    made = DataRequest.objects.get(user=app.applicant)
    honour_on = made.honour_on.isoformat()
    expect(page.locator(f"#my-request-{made.pk} .request-state")).to_contain_text(honour_on)
    page.click("header form[action='/accounts/logout/'] button")

    # the office finds it from its home, sees the retention date, and refuses it after the confirmation page
    login(page, base, "e2e-office", next_path="/office/")
    page.click("#data-requests-link")
    row = page.locator(f"#request-{made.pk}")
    expect(row).to_contain_text("我不再参加评选")
    expect(row).to_contain_text(honour_on)
    row.get_by_role("link").click()
    expect(page.locator("#request-retention")).to_contain_text(honour_on)
    page.click("#act-complete")  # deleting now is refused: the retention has not ended
    expect(page.locator(".messages")).to_contain_text("保存期未满")
    page.fill("#id_reply", "申报材料是评选档案，保存期内不能删除；到期后将全部删除。")
    page.click("#act-refuse")
    expect(page.locator("#confirm")).to_contain_text("拒绝请求")
    screenshot("data-request-refuse-confirm")
    page.click("#confirm-button")
    page.wait_for_url(re.compile(rf"/office/data-requests/{made.pk}/$"))
    expect(page.locator("#request-state")).to_have_text("拒绝")
    expect(page.locator("#act-form")).to_have_count(0)
    page.click("header form[action='/accounts/logout/'] button")

    # the person sees the state, the office's reason and the date
    login(page, base, "e2e-person", next_path="/me/privacy/")
    mine = page.locator(f"#my-request-{made.pk}")
    expect(mine.locator(".request-state")).to_contain_text("拒绝")
    expect(mine.locator(".request-reply")).to_contain_text("保存期内不能删除")
    expect(mine.locator(".request-reply")).to_contain_text(honour_on)
    screenshot("data-request-refused-person")
    assert SecurityEvent.objects.filter(kind=SecurityEvent.Kind.DATA_REQUEST).count() == 1
