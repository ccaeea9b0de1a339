"""第八条（二）: the committee approves the campaign's rules before the call is published; approved rules are
frozen and a change takes effect only with a new approval."""

import re
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from awards.models import Campaign
from tests.factories import user_with_role
from tests.workflow.office.builders import campaign_in, panel_for
from workflow.errors import TransitionRefused
from workflow.models import CommitteeDecision
from workflow.services.committee import decision_close, decision_open, decision_vote
from workflow.services.transitions import campaign_transition

pytestmark = pytest.mark.django_db


@pytest.fixture
def office():
    return user_with_role("office")


@pytest.fixture
def committee():
    return [user_with_role("committee") for _ in range(3)]


def _approve(campaign, office, committee, rules=None, number="沪智城组〔2030〕1号"):
    decision = decision_open(campaign=campaign, user=office, kind="rules", rules=rules)
    for member in committee:
        decision_vote(decision=decision, user=member, choice="approve")
    return decision_close(decision=decision, user=office, document_number=number)


def test_the_call_cannot_be_published_before_the_committee_approved_the_rules(office, committee):
    campaign = campaign_in(Campaign.Phase.DRAFT)
    panel_for(campaign)
    with pytest.raises(
        TransitionRefused, match="第八条（二）：评议规则.*须经组委会审议通过后才能发布申报通知"
    ):
        campaign_transition(campaign=campaign, action="open", user=office)
    _approve(campaign, office, committee)
    campaign.refresh_from_db()
    campaign_transition(campaign=campaign, action="open", user=office)
    campaign.refresh_from_db()
    assert campaign.phase == Campaign.Phase.OPEN
    assert campaign.rules_approved["weight_material"] == 30


def test_approved_rules_are_frozen_in_the_campaign_form(client, office, committee):
    campaign = campaign_in(Campaign.Phase.DRAFT)
    _approve(campaign, office, committee)
    client.force_login(office)
    from tests.workflow.office.test_campaign_pages import _form_data

    data = _form_data(
        award_type=campaign.award_type_id, year=campaign.year, weight_material=20, weight_onsite=60
    )
    response = client.post(reverse("workflow:campaign_edit", args=[campaign.pk]), data, follow=True)
    page = response.content.decode()
    message = re.search(r"第八条（二）：评议规则已经组委会审议通过并冻结，([^<]*) 不能直接修改", page).group(
        1
    )
    assert "材料评议权重" in message and "现场展示权重" in message
    campaign.refresh_from_db()
    assert (campaign.weight_material, campaign.weight_onsite) == (30, 50)


def test_a_rule_change_is_proposed_from_the_form_and_applies_only_when_approved(client, office, committee):
    campaign = campaign_in(Campaign.Phase.ONSITE)
    _approve(campaign, office, committee)
    client.force_login(office)
    from tests.workflow.office.test_campaign_pages import _form_data

    data = _form_data(award_type=campaign.award_type_id, year=campaign.year, min_composite_score="70")
    data["propose_rules"] = "1"
    response = client.post(reverse("workflow:campaign_edit", args=[campaign.pk]), data)
    decision = CommitteeDecision.objects.get(kind="rules", result="pending")
    assert response.url == reverse("workflow:decision", args=[decision.pk])
    campaign.refresh_from_db()
    assert campaign.min_composite_score == Decimal("0")
    page = client.get(reverse("workflow:decision", args=[decision.pk])).content.decode()
    assert "提请审议的评议规则" in page and "<strong>70.00</strong>" in page
    for member in committee:
        decision_vote(decision=decision, user=member, choice="approve")
    decision_close(decision=decision, user=office, document_number="沪智城组〔2030〕4号")
    campaign.refresh_from_db()
    assert campaign.min_composite_score == Decimal("70")
    assert campaign.rules_approved["min_composite_score"] == "70.00"


def test_a_rejected_rule_change_changes_nothing(office, committee):
    campaign = campaign_in(Campaign.Phase.DRAFT)
    _approve(campaign, office, committee)
    decision = decision_open(campaign=campaign, user=office, kind="rules", rules={"quota": 3})
    for member in committee:
        decision_vote(decision=decision, user=member, choice="reject")
    decision_close(decision=decision, user=office)
    campaign.refresh_from_db()
    assert campaign.quota == 10


def test_an_invalid_proposal_is_refused(office):
    campaign = campaign_in(Campaign.Phase.DRAFT)
    with pytest.raises(ValidationError, match="权重之和须为 100%"):
        decision_open(campaign=campaign, user=office, kind="rules", rules={"weight_public": 40})


def test_rules_cannot_change_once_the_composite_began(office):
    campaign = campaign_in(Campaign.Phase.COMPOSITE)
    with pytest.raises(ValidationError, match="综合评价开始后不能再修改评议规则"):
        decision_open(campaign=campaign, user=office, kind="rules")


def test_the_rules_decision_page_shows_yes_and_no_not_true_and_false(client, office, committee):
    """Issue 23.8: the rules table showed raw True/False (去掉最高最低分, 开展公众评价)."""
    import re as _re

    campaign = campaign_in(Campaign.Phase.DRAFT, use_trimmed_mean=True, public_input_enabled=True)
    decision = decision_open(campaign=campaign, user=office, kind="rules")
    client.force_login(committee[0])
    page = client.get(reverse("workflow:decision", args=[decision.pk])).content.decode()
    cells = " ".join(_re.findall(r"<td[^>]*>(.*?)</td>", page, _re.S))
    assert "去掉一个最高分和一个最低分" in page
    assert "True" not in cells and "False" not in cells
    assert "<strong>是</strong>" in cells
