"""Issue 23 item 9 in Chromium: the office advances a 培训演练 campaign's clock and the 公众评价 window opens on
the simulated date; the banner with the simulated date is on every page of that campaign."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import expect

from awards.models import Campaign
from tests.e2e.browser import login
from tests.factories import UserFactory
from tests.workflow.office.builders import campaign_in

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_the_office_advances_the_training_clock_and_the_window_opens(
    page, live_server, reference_data, screenshot
):
    UserFactory(username="office", roles=["office"])
    real = timezone.localdate()
    training = campaign_in(
        Campaign.Phase.PUBLIC_INPUT,
        is_training=True,
        title="【培训演练】智慧工匠评选",
        public_input_enabled=True,
        public_input_opens_at=timezone.now() + datetime.timedelta(days=5),
        public_input_closes_at=timezone.now() + datetime.timedelta(days=20),
    )
    live = campaign_in(
        Campaign.Phase.PUBLIC_INPUT,
        award_type=training.award_type,
        year=training.year,
        public_input_enabled=True,
        public_input_opens_at=timezone.now() + datetime.timedelta(days=5),
        public_input_closes_at=timezone.now() + datetime.timedelta(days=20),
    )
    public = live_server.url + reverse("public_input:candidates", args=[training.pk])
    login(page, live_server.url, "office")

    page.goto(public)
    banner = page.locator("#training-banner")
    expect(banner).to_be_visible()
    expect(banner).to_contain_text(real.isoformat())
    expect(page.locator("#window")).to_have_attribute("data-window", "before")

    page.goto(live_server.url + reverse("workflow:campaign_dashboard", args=[training.pk]))
    expect(page.locator("#training-banner")).to_be_visible()
    page.click("#clock-link")
    expect(page.locator("#clock-simulated")).to_contain_text(real.isoformat())
    target = real + datetime.timedelta(days=6)
    page.check("input[name=mode][value=date]")
    page.fill("#id_target", target.isoformat())
    page.fill("#id_reason", "演示公众评价阶段")
    page.click("#clock-form button[type=submit]")
    expect(page.locator(".messages")).to_contain_text(f"模拟日期已推进到 {target.isoformat()}")
    expect(page.locator("#clock-simulated")).to_contain_text(target.isoformat())
    expect(page.locator("#clock-history")).to_contain_text(target.isoformat())
    screenshot("training-clock-advanced")

    # the clock never goes back
    page.check("input[name=mode][value=date]")
    page.fill("#id_target", real.isoformat())
    page.click("#clock-form button[type=submit]")
    expect(page.locator(".messages")).to_contain_text("只能向后推进")
    expect(page.locator("#clock-simulated")).to_contain_text(target.isoformat())

    page.goto(public)
    expect(page.locator("#window")).to_have_attribute("data-window", "open")
    expect(page.locator("#start-vote")).to_be_visible()
    expect(page.locator("#training-banner")).to_contain_text(target.isoformat())
    screenshot("training-window-open")

    # the live campaign of the same year keeps real time: its window has not opened, and it has no banner
    page.goto(live_server.url + reverse("public_input:candidates", args=[live.pk]))
    expect(page.locator("#window")).to_have_attribute("data-window", "before")
    expect(page.locator("#training-banner")).to_have_count(0)
