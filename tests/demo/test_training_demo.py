"""`seed_demo --training` (decisions 260): the demo's 培训演练 campaign, in the call phase, with a movable clock."""

import datetime
import io

import pytest
from django.utils import timezone

from awards.models import Campaign
from awards.selectors.campaigns import campaign_public_list
from config import clock
from demo.build import build_training_demo

pytestmark = pytest.mark.django_db


def test_the_demo_training_campaign_is_marked_off_the_public_list_and_its_clock_moves(advance_clock):
    out = io.StringIO()
    campaign = build_training_demo(stdout=out)
    assert campaign.is_training and campaign.title.startswith("【培训演练】")
    assert campaign.phase == Campaign.Phase.OPEN
    assert campaign.applications.count() == 4
    assert campaign not in list(campaign_public_list())
    assert build_training_demo().pk == campaign.pk  # idempotent
    advance_clock(campaign, to=timezone.localdate(campaign.closes_at) + datetime.timedelta(days=1))
    assert clock.now(campaign) > campaign.closes_at > timezone.now()
