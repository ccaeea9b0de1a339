"""Issue 22 in the browser, on the demo: the ranking page of the demo campaign with a harsh and a lenient panel
shows each panel's severity, and the side-by-side view of the places without and with the panel normalisation
(who moves across the quota line) — computed, not stored, not adopted."""

import io

import pytest
from django.core.management import call_command
from django.urls import reverse
from playwright.sync_api import expect

from awards.models import Campaign
from scoring.models import Ranking
from tests.e2e.browser import login

pytestmark = [pytest.mark.e2e, pytest.mark.slow, pytest.mark.django_db(transaction=True)]


def test_the_side_by_side_normalisation_view_on_the_demo(page, live_server, screenshot, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    call_command("seed_demo", "--force", stdout=io.StringIO())
    campaign = Campaign.objects.get(year=2020)  # 第一评议组 harsh, 第二评议组 lenient (demo/campaigns.py)
    rankings = Ranking.objects.filter(campaign=campaign).count()
    login(page, live_server.url, "office", next_path=reverse("workflow:ranking", args=[campaign.pk]))
    panels = page.locator("table.fairness-panels[data-stage=onsite] tbody tr")
    expect(panels).to_have_count(2)
    offsets = [
        float(t) for t in page.locator("table.fairness-panels[data-stage=onsite] td.offset").all_inner_texts()
    ]
    assert min(offsets) < 0 < max(offsets)  # one harsh, one lenient
    expect(page.locator("#fairness-adopted")).to_contain_text("不标准化")
    page.select_option("#id_normalise", "panel")
    page.click("#fairness-form button")
    table = page.locator("#fairness-table")
    expect(table).to_be_visible()
    expect(table).to_contain_text("进入建议名单")
    expect(table).to_contain_text("退出建议名单")
    expect(page.locator("#fairness-summary")).to_contain_text("有 2 人跨越名额线")
    page.locator("#fairness").scroll_into_view_if_needed()
    screenshot("fairness-side-by-side")
    assert Ranking.objects.filter(campaign=campaign).count() == rankings  # nothing stored
    campaign.refresh_from_db()
    assert campaign.score_normalisation == "none"  # nothing adopted
