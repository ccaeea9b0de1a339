"""Issue 24 items 5–7 in Chromium, each page checked by axe-core (0 violations): the public rules page (during and
after the window), a voided voter's pages, the office's public-input page with the domain counts, its ballot list,
and the ranking page's stale banner."""

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.core.cache import cache
from django.urls import reverse
from playwright.sync_api import expect

from awards.models import Campaign
from scoring.models import Ballot
from scoring.services import ballots as services
from scoring.services.ranking import compute_ranking
from scoring.services.voter_identity import voter_key
from scoring.views.public import VERIFIED
from tests.e2e.browser import login
from tests.factories import UserFactory
from tests.workflow.office.builders import campaign_in, candidate, panel_for, result

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

AXE = Axe()


def _axe(page, name):
    results = AXE.run(page)
    assert results.violations_count == 0, f"{name}: {results.generate_report()}"


def _session_voter(page, live_server, campaign, voter):
    from importlib import import_module

    from django.conf import settings

    store = import_module(settings.SESSION_ENGINE).SessionStore()
    store[VERIFIED] = {str(campaign.pk): voter}
    store.create()
    page.context.add_cookies([{"name": "sessionid", "value": store.session_key, "url": live_server.url}])


def test_rules_voided_voter_office_ballots_and_stale_ranking_are_axe_clean(
    page, live_server, reference_data, screenshot
):
    cache.clear()
    office = UserFactory(username="office", roles=["office"])
    campaign = campaign_in(
        Campaign.Phase.PUBLIC_INPUT, public_input_enabled=True, quota=1, public_min_ratings=1
    )
    panel = panel_for(campaign, experts=1)
    apps = []
    for i, onsite in enumerate((82, 80)):
        app = candidate(campaign, name=f"候选{i + 1}", number=f"ZHGJ-{campaign.year}-00{i + 1}")
        result(app, panel, "onsite", onsite)
        result(app, panel, "material", 70)
        apps.append(app)
    for n in range(12):
        services._store(
            campaign=campaign,
            voter=voter_key("email", f"u{n}@catchall.example"),
            group="public",
            ratings={apps[1].pk: 5, apps[0].pk: 1},
            comments={},
            version=0,
            channel=Ballot.Channel.WEB,
            ip=f"10.{n}.0.7",
            domain="catchall.example",
        )

    # The public rules page, linked from the candidates page.
    page.set_viewport_size({"width": 375, "height": 812})
    page.goto(live_server.url + reverse("public_input:candidates", args=[campaign.pk]))
    page.click("#rules-link")
    expect(page.locator("#min-sample")).to_contain_text("少于 1 份")
    expect(page.locator("#stored")).to_contain_text("HMAC-SHA256")
    _axe(page, "rules")
    screenshot("public-rules")

    # A voided voter: told, with the reason; no form.
    mine = Ballot.objects.order_by("pk").first()
    services.ballots_void(campaign=campaign, ballot_ids=[mine.pk], reason="全收邮箱域名批量身份", user=office)
    _session_voter(page, live_server, campaign, mine.voter_key)
    page.goto(live_server.url + reverse("public_input:done", args=[campaign.pk]))
    expect(page.locator("#voided")).to_contain_text("全收邮箱域名批量身份")
    _axe(page, "done (voided)")
    page.goto(live_server.url + reverse("public_input:ballot", args=[campaign.pk]))
    expect(page.locator("#voided")).to_contain_text("如有异议")
    expect(page.locator("#ballot-form")).to_have_count(0)
    _axe(page, "ballot (voided)")
    screenshot("public-voided")

    # The office: domain counts, the ballot list filtered by the domain, void the rest from the list.
    page.context.clear_cookies()
    page.set_viewport_size({"width": 1280, "height": 900})
    login(page, live_server.url, "office")
    page.goto(live_server.url + reverse("public_input:office", args=[campaign.pk]))
    expect(page.locator('[data-domain="catchall.example"] .ballots')).to_have_text("12")
    _axe(page, "office public input")
    page.click('[data-domain="catchall.example"] a')
    expect(page.locator("#ballot-total")).to_contain_text("共 12 张选票")
    _axe(page, "office ballots")
    Campaign.objects.filter(pk=campaign.pk).update(phase=Campaign.Phase.COMPOSITE)
    compute_ranking(campaign=campaign, user=office)
    page.fill("#void-page input[name=reason]", "同一全收邮箱域名")
    page.click("#void-page button.button")
    expect(page.locator('tr[data-status="voided"]')).to_have_count(12)
    screenshot("office-ballots")

    # The stored ranking is stale: banner, no apply button.
    page.goto(live_server.url + reverse("workflow:ranking", args=[campaign.pk]))
    expect(page.locator("#ranking-stale")).to_contain_text("排名已过期，请重新计算")
    _axe(page, "ranking (stale)")

    # After the window: the rules page lists counted and voided ratings.
    page.goto(live_server.url + reverse("public_input:rules", args=[campaign.pk]))
    expect(page.locator("#results")).to_contain_text("0 / 12")
    _axe(page, "rules after the window")
