"""The committee's own standing rules — quorum and majority (issue 22 item 5, docs/decisions.md 201): adopted by
the committee's own vote under the rules in force, within sane bounds, never edited by the office."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from awards.models import Application, Campaign
from tests.workflow.builders import application_in, campaign_in
from workflow.forms import CampaignForm
from workflow.models import CommitteeDecision
from workflow.services.committee import decision_close, decision_open, decision_vote
from workflow.services.honors import create_honor_for
from workflow.services.revocation import revocation_propose, revocation_record_consent

pytestmark = pytest.mark.django_db
S = Application.State
P = Campaign.Phase
RULES = "standing_rules"


def _vote(decision, members, choices):
    for member, choice in zip(members, choices, strict=False):
        decision_vote(decision=decision, user=member, choice=choice)


def test_the_office_cannot_set_the_quorum_or_the_majority_on_the_plan_page():
    assert "committee_quorum" not in CampaignForm.base_fields
    assert "committee_majority_percent" not in CampaignForm.base_fields


def test_the_plan_page_ignores_a_posted_quorum_and_majority(client, office):
    campaign = campaign_in(P.DRAFT)
    client.force_login(office)
    page = client.get(reverse("workflow:campaign_edit", args=[campaign.pk])).content.decode()
    assert 'name="committee_quorum"' not in page and 'name="committee_majority_percent"' not in page


def test_the_committee_adopts_its_standing_rules_by_its_own_vote(office, committee):
    campaign = campaign_in(P.OPEN)
    # 第八条 reading: before any adoption the default applies — more than half of the members, more than half
    decision = decision_open(
        campaign=campaign,
        user=committee[0],  # a member may put the committee's own rules to its vote
        kind=RULES,
        rules={"committee_quorum": 4, "committee_majority_percent": 60},
    )
    _vote(decision, committee, ["approve", "approve"])
    with pytest.raises(ValidationError) as e:  # the first adoption needs the default quorum: 3 of 5
        decision_close(decision=decision, user=office, document_number="沪智组〔2030〕11号")
    assert "法定人数 3 人" in e.value.messages[0]
    _vote(decision, committee[2:], ["reject"])
    closed = decision_close(decision=decision, user=office, document_number="沪智组〔2030〕11号")
    assert (closed.result, closed.quorum, closed.majority_percent) == ("approved", 3, 50)
    campaign.refresh_from_db()
    assert (campaign.committee_quorum, campaign.committee_majority_percent) == (4, 60)
    # the next change is voted under the rules now in force: 4 present, more than 60 %
    again = decision_open(
        campaign=campaign,
        user=office,
        kind=RULES,
        rules={"committee_quorum": 0, "committee_majority_percent": 50},
    )
    _vote(again, committee, ["approve", "approve", "approve"])
    with pytest.raises(ValidationError) as e:
        decision_close(decision=again, user=office, document_number="12号")
    assert "法定人数 4 人" in e.value.messages[0]
    _vote(again, committee[3:], ["reject", "reject"])  # 3 of 5 = 60 %: not more than 60 %
    assert decision_close(decision=again, user=office, document_number="12号").result == "rejected"
    campaign.refresh_from_db()
    assert campaign.committee_quorum == 4


@pytest.mark.parametrize(
    ("rules", "field", "words"),
    [
        ({"committee_quorum": 1, "committee_majority_percent": 50}, "committee_quorum", "可填 3 到 5"),
        ({"committee_quorum": 2, "committee_majority_percent": 50}, "committee_quorum", "超过委员总数的一半"),
        ({"committee_quorum": 6, "committee_majority_percent": 50}, "committee_quorum", "不超过委员总数"),
        ({"committee_quorum": 0, "committee_majority_percent": 1}, "committee_majority_percent", "50 到 99"),
        (
            {"committee_quorum": 0, "committee_majority_percent": 100},
            "committee_majority_percent",
            "永远不能通过",
        ),
        ({"committee_quorum": "x", "committee_majority_percent": 50}, "committee_quorum", "整数"),
    ],
)
def test_standing_rules_out_of_bounds_are_refused_with_a_specific_message(
    office, committee, rules, field, words
):
    campaign = campaign_in(P.OPEN)
    with pytest.raises(ValidationError) as e:
        decision_open(campaign=campaign, user=office, kind=RULES, rules=rules)
    assert words in " ".join(e.value.message_dict[field])
    assert not campaign.committee_decisions.exists()


def test_others_cannot_put_standing_rules_to_the_vote(committee):
    from tests.factories import user_with_role

    with pytest.raises(PermissionDenied):
        decision_open(
            campaign=campaign_in(P.OPEN),
            user=user_with_role("expert"),
            kind=RULES,
            rules={"committee_quorum": 0, "committee_majority_percent": 60},
        )


def test_standing_rules_are_not_changed_while_another_vote_is_open(office, committee):
    campaign = campaign_in(P.AWARDED)
    honor = create_honor_for(application_in(campaign, S.AWARDED), awarded_on=timezone.localdate())
    revocation_propose(
        honor=honor, user=office, kind="revoke", reason="严重违法违规", misconduct_on=timezone.localdate()
    )
    with pytest.raises(ValidationError) as e:
        decision_open(
            campaign=campaign,
            user=office,
            kind=RULES,
            rules={"committee_quorum": 0, "committee_majority_percent": 60},
        )
    assert "正在进行的表决" in e.value.messages[0]


def test_a_stored_majority_of_1_percent_never_passes_a_revocation_with_1_approval_and_4_rejections(
    office, committee
):
    """The case of issue 22 item 5: quorum 1 and majority 1 % were stored; the vote still needs more than half."""
    campaign = campaign_in(P.AWARDED)
    Campaign.objects.filter(pk=campaign.pk).update(committee_quorum=1, committee_majority_percent=1)
    honor = create_honor_for(application_in(campaign, S.AWARDED), awarded_on=timezone.localdate())
    revocation = revocation_propose(
        honor=honor, user=office, kind="revoke", reason="严重违法违规", misconduct_on=timezone.localdate()
    )
    revocation_record_consent(
        revocation=revocation,
        user=office,
        document_number="沪总工〔2030〕3号",
        consent_on=timezone.localdate(),
    )
    decision = CommitteeDecision.objects.get(revocation=revocation)
    _vote(decision, committee[:1], ["approve"])
    with pytest.raises(ValidationError):  # quorum: more than half of the members, whatever was stored
        decision_close(decision=decision, user=office, document_number="沪智组9号")
    _vote(decision, committee[1:], ["reject"] * 4)
    closed = decision_close(decision=decision, user=office, document_number="沪智组9号")
    assert (closed.result, closed.quorum, closed.majority_percent) == ("rejected", 3, 50)
    honor.refresh_from_db()
    assert honor.application.state == S.AWARDED


def test_the_standing_rules_page_shows_the_rules_in_words_and_a_member_proposes_there(
    client, office, committee
):
    campaign = campaign_in(P.OPEN)
    client.force_login(committee[0])
    url = reverse("workflow:standing_rules", args=[campaign.pk])
    page = client.get(url).content.decode()
    assert (
        "尚未由组委会表决通过" in page
        and "过半数委员参加表决" in page
        and "超过参加表决委员（含弃权）的 50%" in page
    )
    response = client.post(
        reverse("workflow:standing_rules_propose", args=[campaign.pk]),
        {"committee_quorum": "1", "committee_majority_percent": "50", "summary": "试行"},
        follow=True,
    )
    assert "法定人数须超过委员总数的一半" in response.content.decode()
    response = client.post(
        reverse("workflow:standing_rules_propose", args=[campaign.pk]),
        {"committee_quorum": "4", "committee_majority_percent": "60", "summary": "重要事项须四人以上"},
    )
    decision = campaign.committee_decisions.get(kind=RULES)
    assert response.url == reverse("workflow:decision", args=[decision.pk])
    detail = client.get(response.url).content.decode()
    assert "至少 4 名委员参加表决" in detail and "超过参加表决委员（含弃权）的 60%" in detail


def test_the_office_decisions_page_links_to_the_committees_standing_rules(client, office):
    campaign = campaign_in(P.OPEN)
    client.force_login(office)
    page = client.get(reverse("workflow:office_decisions", args=[campaign.pk])).content.decode()
    assert reverse("workflow:standing_rules", args=[campaign.pk]) in page
    page = client.get(reverse("workflow:standing_rules", args=[campaign.pk])).content.decode()
    assert "组委会办公室不能修改" in page and 'id="standing-rules-propose"' in page
