"""组委会决定 (第八、二十、二十二条): one vote per member, quorum and majority from the campaign, 发文号."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from awards.models import Application, Campaign
from tests.factories import user_with_role
from tests.workflow.builders import application_in, campaign_in, ranking
from workflow.models import CommitteeDecision, Honor
from workflow.selectors.committee import decision_tally
from workflow.services.committee import decision_close, decision_open, decision_vote

pytestmark = pytest.mark.django_db
S = Application.State
P = Campaign.Phase


@pytest.fixture
def confirm(office, committee):
    campaign = campaign_in(P.COMPOSITE, quota=2)
    app = application_in(campaign, S.RECOMMENDED)
    ranking(campaign, [(app, "90")])
    return decision_open(campaign=campaign, user=office, kind="confirm_recommended", summary="建议名单")


def _votes(decision, committee, choices):
    for member, choice in zip(committee, choices, strict=False):
        decision_vote(decision=decision, user=member, choice=choice, comment="")


def test_a_member_votes_once_and_a_second_vote_is_refused(confirm, committee):
    decision_vote(decision=confirm, user=committee[0], choice="approve", comment="同意")
    with pytest.raises(ValidationError) as e:
        decision_vote(decision=confirm, user=committee[0], choice="reject")
    assert "只能表决一次" in e.value.messages[0]
    assert confirm.votes.get().choice == "approve"


def test_only_committee_members_vote(confirm, office):
    with pytest.raises(PermissionDenied):
        decision_vote(decision=confirm, user=office, choice="approve")


def test_closing_without_quorum_is_refused(confirm, committee, office):
    _votes(confirm, committee, ["approve", "approve"])
    with pytest.raises(ValidationError) as e:
        decision_close(decision=confirm, user=office, document_number="1号")
    assert "未达到法定人数 3 人（委员共 5 人）" in e.value.messages[0]
    confirm.refresh_from_db()
    assert confirm.result == "pending"


def test_more_than_half_approving_passes_and_records_the_document_number(confirm, committee, office):
    _votes(confirm, committee, ["approve", "approve", "reject"])
    decision = decision_close(decision=confirm, user=office, document_number="沪智组〔2030〕1号")
    assert (decision.result, decision.approvals, decision.rejections, decision.quorum) == (
        "approved",
        2,
        1,
        3,
    )
    assert decision.document_number == "沪智组〔2030〕1号" and decision.decided_on is not None


def test_exactly_half_approving_does_not_pass(confirm, committee, office):
    _votes(confirm, committee, ["approve", "approve", "reject", "abstain"])
    assert decision_close(decision=confirm, user=office).result == "rejected"


def test_the_campaigns_majority_setting_is_applied(confirm, committee, office):
    confirm.campaign.committee_majority_percent = 67  # 2 of 3 is 66.7%: not more than 67%
    confirm.campaign.save()
    _votes(confirm, committee, ["approve", "approve", "reject"])
    assert decision_close(decision=confirm, user=office).result == "rejected"


def test_the_campaigns_quorum_setting_is_applied_but_never_below_more_than_half(confirm, committee, office):
    confirm.campaign.committee_quorum = 4
    confirm.campaign.save()
    _votes(confirm, committee, ["approve", "approve", "approve"])
    assert decision_tally(confirm).quorum == 4
    confirm.campaign.committee_quorum = 2  # below more than half of 5 (decisions 201): 3 count
    confirm.campaign.save()
    assert decision_tally(confirm).quorum == 3
    assert decision_close(decision=confirm, user=office, document_number="2号").result == "approved"


def test_an_approved_decision_needs_a_document_number(confirm, committee, office):
    _votes(confirm, committee, ["approve"] * 3)
    with pytest.raises(ValidationError) as e:
        decision_close(decision=confirm, user=office)
    assert "document_number" in e.value.message_dict


def test_votes_after_closing_are_refused(confirm, committee, office):
    _votes(confirm, committee, ["approve"] * 3)
    decision_close(decision=confirm, user=office, document_number="3号")
    with pytest.raises(ValidationError):
        decision_vote(decision=confirm, user=committee[4], choice="reject")


def test_the_final_list_can_only_be_put_in_the_approval_phase(office):
    campaign = campaign_in(P.COMPOSITE)
    application_in(campaign, S.RECOMMENDED)
    with pytest.raises(ValidationError) as e:
        decision_open(campaign=campaign, user=office, kind="final_list")
    assert "报批" in e.value.messages[0]


def test_an_approved_final_list_grants_titles_and_nominations_with_certificates(office, committee):
    campaign = campaign_in(P.APPROVAL)
    title, nomination = application_in(campaign, S.RECOMMENDED), application_in(campaign, S.NOMINATED)
    decision = decision_open(campaign=campaign, user=office, kind="final_list")
    _votes(decision, committee, ["approve"] * 4)
    decision = decision_close(decision=decision, user=office, document_number="沪智组〔2030〕8号")
    title.refresh_from_db()
    nomination.refresh_from_db()
    assert (title.state, nomination.state) == (S.AWARDED, S.NOMINATION_AWARDED)
    assert (
        title.honor.document_number == "沪智组〔2030〕8号" and title.honor.awarded_on == decision.decided_on
    )
    assert (
        title.honor.certificate_number.startswith("ZHGJ-") and "-TM-" in nomination.honor.certificate_number
    )


def test_a_rejected_final_list_grants_nothing(office, committee):
    campaign = campaign_in(P.APPROVAL)
    app = application_in(campaign, S.RECOMMENDED)
    decision = decision_open(campaign=campaign, user=office, kind="final_list")
    _votes(decision, committee, ["reject"] * 3)
    decision_close(decision=decision, user=office)
    app.refresh_from_db()
    assert app.state == S.RECOMMENDED and not Honor.objects.exists()


def test_a_second_open_vote_on_the_same_matter_is_refused(confirm, office):
    with pytest.raises(ValidationError):
        decision_open(campaign=confirm.campaign, user=office, kind="confirm_recommended")
    assert CommitteeDecision.objects.count() == 1


def test_a_list_over_the_quota_cannot_be_put_to_the_committee(office):
    campaign = campaign_in(P.COMPOSITE, quota=1)
    a, b = application_in(campaign, S.RECOMMENDED), application_in(campaign, S.RECOMMENDED)
    ranking(campaign, [(a, "90"), (b, "85")])
    with pytest.raises(ValidationError) as e:
        decision_open(campaign=campaign, user=office, kind="confirm_recommended")
    assert "超过名额" in e.value.messages[0]


def test_committee_members_are_notified_of_a_new_matter(
    office, committee, django_capture_on_commit_callbacks
):
    campaign = campaign_in(P.COMPOSITE)
    app = application_in(campaign, S.RECOMMENDED)
    ranking(campaign, [(app, "90")])
    with django_capture_on_commit_callbacks(execute=True):
        decision_open(campaign=campaign, user=office, kind="confirm_recommended", summary="请审核")
    assert all(m.notifications.filter(kind="decision_opened").exists() for m in committee)
    assert not user_with_role("expert").notifications.exists()


def test_a_changed_list_can_be_put_to_the_committee_again(confirm, committee, office):
    _votes(confirm, committee, ["approve"] * 3)
    decision_close(decision=confirm, user=office, document_number="1号")
    with pytest.raises(ValidationError):
        decision_open(campaign=confirm.campaign, user=office, kind="confirm_recommended")
    from workflow.services.transitions import application_transition

    app = confirm.campaign.applications.get()
    application_transition(application=app, action="not_recommend", user=office, reason="组委会要求复核")
    newcomer = application_in(confirm.campaign, S.RECOMMENDED)
    ranking(confirm.campaign, [(newcomer, "88")])
    again = decision_open(campaign=confirm.campaign, user=office, kind="confirm_recommended")
    assert again.result == "pending"


def test_a_publicly_listed_candidate_is_dropped_in_the_approval_phase_only_by_a_committee_decision(
    office, committee
):
    """Issue 22 item 3 (第二十二条): after 公示 the office cannot take a listed candidate off the list by itself;
    only a closed, approved committee decision naming that candidate does."""
    from workflow.errors import TransitionRefused
    from workflow.services.transitions import application_transition

    campaign = campaign_in(P.APPROVAL, quota=2)
    listed, other = application_in(campaign, S.RECOMMENDED), application_in(campaign, S.RECOMMENDED)
    with pytest.raises(TransitionRefused) as e:
        application_transition(
            application=listed, action="not_recommend", user=office, reason="办公室认为不妥"
        )
    assert "第二十二条" in e.value.messages[0] and "组委会" in e.value.messages[0]
    listed.refresh_from_db()
    assert listed.state == S.RECOMMENDED
    # a pending or rejected decision naming the candidate is not enough
    decision = CommitteeDecision.objects.create(
        campaign=campaign, kind="final_list", opened_by=office, withdrawn=[listed.pk], result="rejected"
    )
    with pytest.raises(TransitionRefused):
        application_transition(application=listed, action="not_recommend", user=office, reason="组委会决定")
    decision.result = "approved"
    decision.document_number = "沪智组〔2030〕5号"
    decision.save()
    with pytest.raises(TransitionRefused):  # the approved decision names another candidate only
        application_transition(application=other, action="not_recommend", user=office, reason="组委会决定")
    application_transition(application=listed, action="not_recommend", user=office, reason="组委会决定")
    listed.refresh_from_db()
    assert listed.state == S.NOT_RECOMMENDED
