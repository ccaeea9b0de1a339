"""Office pages at 375 px: no page wider than the screen (tables scroll inside their frame), keyboard reachable."""

import pytest
from django.urls import reverse

from awards.models import Application, Campaign
from scoring.services.ranking import compute_ranking
from tests.e2e.browser import login
from tests.factories import UserFactory
from tests.workflow.office.builders import campaign_in, candidate, panel_for, result

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_office_pages_fit_a_375px_screen(page, live_server, reference_data, screenshot):
    UserFactory(username="office", roles=["office"])
    campaign = campaign_in(Campaign.Phase.COMPOSITE, quota=1)
    panel = panel_for(campaign, experts=1)
    for i, name in enumerate(("甲", "乙")):
        app = candidate(campaign, name=name, number=f"ZHGJ-2099-00{i + 1}")
        result(app, panel, "onsite", 80 - i * 10)
        result(app, panel, "material", 70)
    candidate(campaign, state=Application.State.SUBMITTED, name="丙")
    compute_ranking(campaign=campaign)
    page.set_viewport_size({"width": 375, "height": 800})
    login(page, live_server.url, "office")
    for name, args in (
        ("campaign_dashboard", []),
        ("eligibility_queue", []),
        ("panels", []),
        ("stage", ["material"]),
        ("ranking", []),
        ("office_decisions", []),
        ("publicity", []),
        ("exports", []),
    ):
        page.goto(live_server.url + reverse(f"workflow:{name}", args=[campaign.pk, *args]))
        width = page.evaluate("document.documentElement.scrollWidth")
        assert width <= 375, f"{name} is {width}px wide"
    screenshot("office-narrow-exports")
