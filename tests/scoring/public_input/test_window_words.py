"""Issue 23.8: before the 公众评价 window opens a visitor is told when it opens, not that it no longer accepts
ratings; after it closes, that it is closed."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from awards.models import Campaign
from scoring.services.ballots import require_open, window_state
from tests.scoring.public_input.builders import public_campaign

pytestmark = pytest.mark.django_db
P = Campaign.Phase


def test_a_window_that_opens_later_says_when(client):
    opens = timezone.now() + datetime.timedelta(days=2)
    campaign, _apps = public_campaign(public_input_opens_at=opens)
    assert window_state(campaign) == "before"
    html = client.get(reverse("public_input:candidates", args=[campaign.pk])).content.decode()
    when = timezone.localtime(opens).strftime("%Y-%m-%d %H:%M")
    assert f"将于 {when} 开始" in html and "不再接受评价" not in html
    with pytest.raises(ValidationError, match=f"将于 {when} 开始"):
        require_open(campaign)


def test_an_earlier_phase_says_it_has_not_started_and_a_later_one_that_it_is_closed():
    campaign, _apps = public_campaign()
    Campaign.objects.filter(pk=campaign.pk).update(phase=P.ONSITE)
    campaign.refresh_from_db()
    assert window_state(campaign) == "before"
    with pytest.raises(ValidationError, match="尚未开始"):
        require_open(campaign)
    Campaign.objects.filter(pk=campaign.pk).update(phase=P.COMPOSITE)
    campaign.refresh_from_db()
    assert window_state(campaign) == "after"
    with pytest.raises(ValidationError, match="不再接受评价"):
        require_open(campaign)
