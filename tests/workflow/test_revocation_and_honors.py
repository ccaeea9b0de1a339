"""Honors (第二十三条), revocation (第三十条) and cancellation (第二十九条)."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from awards.models import Application, Campaign
from tests.workflow.builders import application_in, campaign_in
from workflow.models import CommitteeDecision, CreditRecord, Honor, Revocation, TransitionLog
from workflow.services.committee import decision_close, decision_vote
from workflow.services.honors import (
    create_honor_for,
    honor_may_day_check,
    honors_may_day_list,
    honors_shanghai_craftsman_priority_list,
)
from workflow.services.revocation import revocation_propose, revocation_record_consent

pytestmark = pytest.mark.django_db
S = Application.State
P = Campaign.Phase


def _honor(year=2030, union_member=True, awarded_on=None, state=S.AWARDED):
    campaign = Campaign.objects.filter(year=year, award_type__code="craftsman").first() or campaign_in(
        P.AWARDED, year=year
    )
    app = application_in(campaign, state, union_member=union_member)
    return create_honor_for(app, awarded_on=awarded_on or timezone.localdate(), document_number="沪智组8号")


def _approve(revocation, committee, office, doc="沪智组9号"):
    revocation_record_consent(
        revocation=revocation,
        user=office,
        document_number="沪总工〔2030〕3号",
        consent_on=timezone.localdate(),
    )
    decision = CommitteeDecision.objects.get(revocation=revocation)
    for member in committee[:3]:
        decision_vote(decision=decision, user=member, choice="approve")
    return decision_close(decision=decision, user=office, document_number=doc)


def test_certificates_are_numbered_per_campaign_and_kind():
    first, second = _honor(), _honor()
    nomination = _honor(state=S.NOMINATION_AWARDED)
    assert [first.certificate_number, second.certificate_number, nomination.certificate_number] == [
        "ZHGJ-2030-001",
        "ZHGJ-2030-002",
        "ZHGJ-TM-2030-001",
    ]


def test_union_member_honorees_are_on_the_may_day_medal_list_once_the_office_checked_them(office):
    member, non_member = _honor(union_member=True), _honor(union_member=False)
    assert not honors_may_day_list(year=2030).exists()  # 第二十三条: 综合条件 checked per person first
    honor_may_day_check(honor=member, user=office, ok=True)
    assert list(honors_may_day_list(year=2030)) == [member]
    assert non_member not in honors_may_day_list(year=2030)


def test_next_years_shanghai_craftsman_priority_list_holds_last_years_union_member_honorees(office):
    member = _honor(year=2030)
    _honor(year=2031)
    honor_may_day_check(honor=member, user=office, ok=True)
    assert list(honors_shanghai_craftsman_priority_list(year=2031)) == [member]


def test_shanghai_craftsman_priority_needs_the_same_composite_check_as_the_may_day_list(office):
    """第二十三条 sets one condition (符合综合条件且为工会会员) for both follow-ups (issue 22 item 8): a union
    member the office has not checked, or found not to meet the 综合条件, is on neither list."""
    unchecked, failed, passed = _honor(year=2030), _honor(year=2030), _honor(year=2030)
    honor_may_day_check(honor=failed, user=office, ok=False, note="受到行政处分")
    honor_may_day_check(honor=passed, user=office, ok=True)
    assert list(honors_may_day_list(year=2030)) == [passed]
    assert list(honors_shanghai_craftsman_priority_list(year=2031)) == [passed]
    assert unchecked not in honors_shanghai_craftsman_priority_list(year=2031)


def test_nomination_honors_are_not_on_the_may_day_list():
    _honor(state=S.NOMINATION_AWARDED)
    assert not honors_may_day_list(year=2030).exists()


def test_revocation_within_2_years_runs_after_the_committee_approves(office, committee):
    honor = _honor()
    revocation = revocation_propose(
        honor=honor, user=office, kind="revoke", reason="严重违法违规", misconduct_on=timezone.localdate()
    )
    app = honor.application
    app.refresh_from_db()
    assert app.state == S.AWARDED  # not before the committee decides
    _approve(revocation, committee, office)
    app.refresh_from_db()
    honor.refresh_from_db()
    revocation.refresh_from_db()
    assert app.state == S.REVOKED and honor.certificate_recalled_at is not None
    assert revocation.status == Revocation.Status.APPROVED and revocation.executed_at is not None
    assert TransitionLog.objects.get(application=app, action="revoke").reason.startswith("严重违法违规")
    assert not CreditRecord.objects.exists()


def test_a_revoked_honor_leaves_the_may_day_list(office, committee):
    honor = _honor()
    honor_may_day_check(honor=honor, user=office, ok=True)
    _approve(
        revocation_propose(
            honor=honor, user=office, kind="revoke", reason="违法", misconduct_on=timezone.localdate()
        ),
        committee,
        office,
    )
    assert not honors_may_day_list(year=2030).exists()


def test_revocation_more_than_2_years_after_the_award_is_refused():
    honor = _honor(awarded_on=timezone.localdate() - datetime.timedelta(days=800))
    from tests.factories import user_with_role

    with pytest.raises(ValidationError) as e:
        revocation_propose(
            honor=honor,
            user=user_with_role("office"),
            kind="revoke",
            reason="违法",
            misconduct_on=timezone.localdate(),
        )
    assert "第二十九条" in e.value.messages[0]
    assert not Revocation.objects.exists()


def test_cancellation_for_fraud_is_possible_at_any_time_and_writes_a_credit_record(office, committee):
    honor = _honor(awarded_on=timezone.localdate() - datetime.timedelta(days=2000))
    app = honor.application
    cancel = revocation_propose(honor=honor, user=office, kind="cancel", reason="提供虚假专利证明")
    _approve(cancel, committee, office, doc="沪智组12号")
    app.refresh_from_db()
    assert app.state == S.CANCELLED
    record = CreditRecord.objects.get()
    assert (record.person, record.organization, record.revocation) == (app.person, app.employer, cancel)
    assert "提供虚假专利证明" in record.reason and record.recorded_on == timezone.localdate()


def test_a_rejected_revocation_leaves_the_honor(office, committee):
    honor = _honor()
    revocation = revocation_propose(
        honor=honor, user=office, kind="revoke", reason="违法", misconduct_on=timezone.localdate()
    )
    decision = CommitteeDecision.objects.get(revocation=revocation)
    for member in committee[:3]:
        decision_vote(decision=decision, user=member, choice="reject")
    decision_close(decision=decision, user=office)
    honor.refresh_from_db()
    revocation.refresh_from_db()
    assert revocation.status == Revocation.Status.REJECTED and honor.certificate_recalled_at is None
    assert honor.application.state == S.AWARDED


def test_a_second_pending_proposal_for_the_same_honor_is_refused(office):
    honor = _honor()
    revocation_propose(
        honor=honor, user=office, kind="revoke", reason="违法", misconduct_on=timezone.localdate()
    )
    with pytest.raises(ValidationError):
        revocation_propose(honor=honor, user=office, kind="cancel", reason="虚假")


def test_the_honor_keeps_its_award_decision_in_history_after_revocation(office, committee):
    honor = _honor()
    _approve(
        revocation_propose(
            honor=honor, user=office, kind="revoke", reason="违法", misconduct_on=timezone.localdate()
        ),
        committee,
        office,
    )
    history = list(Honor.history.filter(id=honor.pk).order_by("history_date"))
    assert history[0].certificate_recalled_at is None and history[-1].certificate_recalled_at is not None
    assert history[0].document_number == "沪智组8号"
