"""组委会 pages: waiting matters, evidence, one vote per member with comment, result against the quorum."""

import pytest
from django.urls import reverse

from awards.models import Application, Campaign
from scoring.services.ranking import compute_ranking
from tests.factories import user_with_role
from tests.workflow.office.builders import campaign_in, candidate, panel_for, result
from workflow.models import CommitteeDecision, Objection

pytestmark = pytest.mark.django_db
S = Application.State


@pytest.fixture
def members():
    return [user_with_role("committee") for _i in range(3)]


@pytest.fixture
def office():
    return user_with_role("office")


@pytest.fixture
def listed_campaign():
    campaign = campaign_in(Campaign.Phase.COMPOSITE, quota=1, nomination_quota=0, public_input_enabled=False)
    panel = panel_for(campaign, experts=1)
    best = candidate(campaign, name="第一名", number=f"ZHGJ-{campaign.year}-001")
    other = candidate(campaign, name="第二名", number=f"ZHGJ-{campaign.year}-002")
    result(best, panel, "onsite", 88, totals=[{"expert": 1, "total": 88}])
    result(other, panel, "onsite", 70, totals=[{"expert": 1, "total": 70}])
    result(best, panel, "material", 80)
    result(other, panel, "material", 70)
    compute_ranking(campaign=campaign)
    Application.objects.filter(pk=best.pk).update(state=S.RECOMMENDED)
    Application.objects.filter(pk=other.pk).update(state=S.NOT_RECOMMENDED)
    return campaign


def _open(client, office, campaign):
    client.force_login(office)
    client.post(
        reverse("workflow:decision_open", args=[campaign.pk]),
        {"kind": "confirm_recommended", "summary": "请审核"},
    )
    return CommitteeDecision.objects.get(campaign=campaign)


def test_office_puts_the_recommended_list_to_the_committee(client, office, listed_campaign, members):
    decision = _open(client, office, listed_campaign)
    assert (decision.kind, decision.result) == ("confirm_recommended", "pending")


def test_committee_member_sees_what_waits_for_their_vote(client, office, listed_campaign, members):
    decision = _open(client, office, listed_campaign)
    client.force_login(members[0])
    page = client.get(reverse("workflow:committee_home")).content.decode()
    assert f'data-decision="{decision.pk}"' in page
    assert "待表决" in page


def test_decision_page_shows_the_ranking_and_objections_as_evidence(client, office, listed_campaign, members):
    decision = _open(client, office, listed_campaign)
    best = listed_campaign.applications.get(name="第一名")
    Objection.objects.create(
        campaign=listed_campaign,
        application=best,
        objector_name="李四",
        objector_id_or_contact="13900000000",
        content="论文署名存疑",
        status="rejected",
        outcome="经核实署名无误",
    )
    client.force_login(members[0])
    page = client.get(reverse("workflow:decision", args=[decision.pk])).content.decode()
    assert "第一名" in page and "88.000" in page
    assert "现场展示：各专家总分 88，取平均 = 88.000" in page
    assert "经核实署名无误" in page
    # the rules the ranking applied, in words (issue 22)
    assert "综合得分相同者名次并列；并列跨越名额线或提名名额线时" in page


def test_each_member_votes_once_with_a_comment(client, office, listed_campaign, members):
    decision = _open(client, office, listed_campaign)
    client.force_login(members[0])
    url = reverse("workflow:decision_vote", args=[decision.pk])
    client.post(url, {"choice": "approve", "comment": "同意"})
    again = client.post(url, {"choice": "reject"}, follow=True)
    assert "每位委员只能表决一次" in again.content.decode()
    vote = decision.votes.get()
    assert (vote.member, vote.choice, vote.comment) == (members[0], "approve", "同意")


def test_closing_without_quorum_is_refused_and_says_how_many_voted(client, office, listed_campaign, members):
    decision = _open(client, office, listed_campaign)
    client.force_login(members[0])
    client.post(reverse("workflow:decision_vote", args=[decision.pk]), {"choice": "approve"})
    client.force_login(office)
    page = client.post(
        reverse("workflow:decision_close", args=[decision.pk]),
        {"confirmed": "1", "document_number": "沪智城〔2031〕1号"},
        follow=True,
    ).content.decode()
    assert "已表决 1 人，未达到法定人数 2 人" in page
    decision.refresh_from_db()
    assert decision.result == "pending"


def test_approved_decision_unblocks_publicity_and_shows_the_result(client, office, listed_campaign, members):
    decision = _open(client, office, listed_campaign)
    for m in members[:2]:
        client.force_login(m)
        client.post(reverse("workflow:decision_vote", args=[decision.pk]), {"choice": "approve"})
    client.force_login(office)
    page = client.post(
        reverse("workflow:decision_close", args=[decision.pk]),
        {"confirmed": "1", "document_number": "沪智城〔2031〕1号"},
        follow=True,
    ).content.decode()
    decision.refresh_from_db()
    assert decision.result == "approved"
    assert "同意 2，不同意 0，弃权 0；已表决 2 人 / 法定人数 2 人（委员 3 人）" in page
    dashboard = client.get(reverse("workflow:campaign_dashboard", args=[listed_campaign.pk])).content.decode()
    assert "组委会尚未审核确认建议名单" not in dashboard


def test_committee_pages_are_refused_to_experts(client):
    client.force_login(user_with_role("expert"))
    assert client.get(reverse("workflow:committee_home")).status_code == 403


def test_the_decision_page_shows_only_approved_public_comments(client, office, members, listed_campaign):
    from scoring.models import Ballot, PublicVote

    best = listed_campaign.applications.get(name="第一名")
    for key, comment, status in (
        ("a" * 64, "技术扎实，服务市民", "approved"),
        ("b" * 64, "待审核的意见", "pending"),
    ):
        ballot = Ballot.objects.create(campaign=listed_campaign, voter_key=key, group="practitioner")
        PublicVote.objects.create(
            campaign=listed_campaign,
            application=best,
            voter_key=key,
            rating=5,
            comment=comment,
            comment_status=status,
            ballot=ballot,
        )
    _open(client, office, listed_campaign)
    decision = CommitteeDecision.objects.get(campaign=listed_campaign)
    client.force_login(members[0])
    page = client.get(reverse("workflow:decision", args=[decision.pk])).content.decode()
    section = page[page.index('id="public-comments"') :]
    assert "技术扎实，服务市民" in section
    assert "从业人员" in section
    assert "待审核的意见" not in page
