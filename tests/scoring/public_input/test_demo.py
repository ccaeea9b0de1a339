"""The demo: the campaign in 公众评价 has ballots of every group, comments and a suspicious burst to show, and
every stored demo ranking reproduces from its sheets and ballots."""

import pytest

from awards.models import Campaign
from scoring.models import Ballot, Ranking
from scoring.selectors.public import group_counts, public_candidates, suspicious_patterns
from scoring.selectors.ranking import verify_ranking


@pytest.fixture
def demo(demo_world):
    """The demo world, seeded once for every test that reads it (tests/conftest.py)."""
    return demo_world


pytestmark = pytest.mark.django_db


def test_the_public_input_campaign_has_ballots_of_every_group_and_a_burst(demo):
    campaign = Campaign.objects.get(phase=Campaign.Phase.PUBLIC_INPUT)
    counts = {g["group"]: g["counted"] for g in group_counts(campaign)}
    assert all(counts[g] > 0 for g in ("public", "practitioner", "organisation"))
    assert Ballot.objects.filter(campaign=campaign, channel="office", source="行业协会纸质问卷").exists()
    assert any(p["kind"] == "burst" for p in suspicious_patterns(campaign))
    profiles = public_candidates(campaign)
    assert any(p["summary"] for p in profiles) and any(not p["consent"] for p in profiles)


def test_every_demo_ranking_reproduces_from_its_sheets_and_ballots(demo):
    rankings = Ranking.objects.filter(is_current=True)
    assert rankings.exists()
    for ranking in rankings:
        assert verify_ranking(ranking) == [], ranking.campaign
