"""公众评价 on a 375-px phone: a citizen verifies by code, rates three candidates, changes a rating and sees the
confirmation; the office sees the counts, voids a suspicious burst, and the ranking changes accordingly."""

import re

import pytest
from django.core import mail
from django.core.cache import cache
from django.urls import reverse
from playwright.sync_api import expect

from awards.models import Campaign
from scoring.models import Ballot
from scoring.services import ballots as services
from tests.e2e.browser import login
from tests.factories import UserFactory
from tests.workflow.office.builders import campaign_in, candidate, panel_for, result

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def _fits(page):
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 375, f"{page.url} is {width}px wide"


def test_citizen_votes_on_a_phone_and_the_office_voids_a_burst(page, live_server, reference_data, screenshot):
    cache.clear()
    UserFactory(username="office", roles=["office"])
    # The committee's choice for this small walk: a group's mean counts from one rating (decisions 171).
    campaign = campaign_in(
        Campaign.Phase.PUBLIC_INPUT, public_input_enabled=True, quota=1, public_min_ratings=1
    )
    panel = panel_for(campaign, experts=1)
    apps = {}
    for i, (name, onsite) in enumerate((("甲", 82), ("乙", 80), ("丙", 78))):
        apps[name] = candidate(
            campaign,
            name=name,
            number=f"ZHGJ-{campaign.year}-00{i + 1}",
            public_consent=True,
            public_summary=f"{name}：长期从事城市感知网络建设。",
        )
        result(apps[name], panel, "onsite", onsite)
        result(apps[name], panel, "material", 70)
    for n in range(6):  # a burst for 丙 from one /24 within minutes
        services._store(
            campaign=campaign,
            voter=f"{n:064d}",
            group="public",
            ratings={apps["丙"].pk: 5, apps["甲"].pk: 1, apps["乙"].pk: 1},
            comments={},
            version=0,
            channel=Ballot.Channel.WEB,
            ip=f"198.51.100.{n + 1}",
        )

    # The citizen, on a phone, without an account.
    page.set_viewport_size({"width": 375, "height": 812})
    page.goto(live_server.url + reverse("awards:home"))
    page.click(f"#public-input a:has-text('{campaign.title}')")
    expect(page.locator(f"#candidate-{apps['甲'].pk}")).to_contain_text("长期从事城市感知网络建设")
    _fits(page)
    page.click("#start-vote")
    page.fill("#id_contact", "citizen@example.cn")
    page.click("#send-code")
    expect(page.locator(".messages")).to_contain_text("验证码已发送")
    code = re.search(r"验证码为 (\d{6})", mail.outbox[-1].body).group(1)
    page.fill("#id_code", code)
    page.click("#check-code")
    page.check("input[name=group][value=public]")
    for name, rating in (("甲", 5), ("乙", 4), ("丙", 2)):
        page.check(f"#rate-{apps[name].pk} input[value='{rating}']")
    _fits(page)
    screenshot("public-01-ballot-375")
    page.click("#submit-ballot")
    expect(page.locator("#confirmation")).to_have_text("感谢参与！您的评价已记录。")
    page.click("#change-ballot")
    page.check(f"#rate-{apps['丙'].pk} input[value='3']")
    page.click("#submit-ballot")
    expect(page.locator("#confirmation")).to_be_visible()
    expect(page.locator("#my-ratings")).to_contain_text("丙：3 分")
    _fits(page)
    screenshot("public-02-confirmation-375")
    assert Ballot.objects.filter(campaign=campaign).count() == 7

    # The office: counts, the ranking with the burst, void it, the ranking without it.
    page.set_viewport_size({"width": 1280, "height": 900})
    login(page, live_server.url, "office")
    ranking_url = live_server.url + reverse("workflow:ranking", args=[campaign.pk])
    page.goto(ranking_url)
    page.click("button:has-text('计算综合排名')")
    rows = page.locator("#ranking-table tbody tr[data-rank]")
    expect(rows.nth(0)).to_contain_text("丙")
    expect(rows.nth(0)).to_contain_text("公众 7 · 从业 0 · 单位 0 票")
    page.goto(live_server.url + reverse("public_input:office", args=[campaign.pk]))
    expect(page.locator("#group-counts tr[data-group=public] .counted")).to_have_text("7")
    burst = page.locator(".pattern[data-kind=burst]")
    expect(burst).to_contain_text("198.51.100.0/24")
    burst.locator("input[name=reason]").fill("同一网段十分钟内集中投票，评分完全相同")
    burst.locator("button[value=void]").click()
    expect(page.locator(".messages")).to_contain_text("已作废 6 张选票")
    expect(page.locator("#group-counts tr[data-group=public] .counted")).to_have_text("1")
    expect(page.locator("#group-counts tr[data-group=public] .voided")).to_have_text("6")
    screenshot("public-03-office-voided")
    page.goto(ranking_url)
    page.click("button:has-text('重新计算')")
    expect(rows.nth(0)).to_contain_text("甲")
    expect(rows.nth(2)).to_contain_text("丙")
    expect(rows.nth(0)).to_contain_text("公众 1 · 从业 0 · 单位 0 票")
