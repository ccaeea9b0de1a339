"""资格审查 services (第十六条): the checklist, written consultation, decision and 补正."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from awards.models import Application, Campaign
from tests.workflow.builders import application_in, campaign_in
from workflow.errors import TransitionRefused
from workflow.models import EligibilityReview, SupplementRequest
from workflow.services.eligibility import (
    eligibility_decide,
    eligibility_department_consult,
    eligibility_department_opinion_record,
    eligibility_review_save,
    supplement_request,
)
from workflow.services.transitions import application_transition

pytestmark = pytest.mark.django_db
S = Application.State
P = Campaign.Phase
ALL_OK = dict(
    basic_conditions_ok=True, complete_ok=True, authentic_ok=True, person_credit_ok=True, unit_credit_ok=True
)


@pytest.fixture
def submitted():
    return application_in(campaign_in(P.ELIGIBILITY), S.SUBMITTED)


def test_the_office_records_each_check(submitted, office):
    review = eligibility_review_save(application=submitted, user=office, notes="材料齐全", **ALL_OK)
    assert review.reviewed_by == office and review.history.latest().history_user == office
    assert EligibilityReview.objects.get(application=submitted).unit_credit_ok is True


def test_an_applicant_cannot_fill_the_checklist(submitted):
    with pytest.raises(PermissionDenied):
        eligibility_review_save(application=submitted, user=submitted.applicant, **ALL_OK)


def test_an_eligible_decision_assigns_the_campaign_number(submitted, office):
    eligibility_review_save(application=submitted, user=office, **ALL_OK)
    eligibility_decide(application=submitted, user=office, eligible=True)
    submitted.refresh_from_db()
    assert submitted.state == S.ELIGIBLE
    assert submitted.number == f"ZHGJ-{submitted.campaign.year}-001"


def test_a_written_consultation_blocks_the_decision_until_the_opinion_is_recorded(submitted, office):
    eligibility_review_save(application=submitted, user=office, **ALL_OK)
    eligibility_department_consult(
        application=submitted, user=office, department="市人社局", requested_on=timezone.localdate()
    )
    with pytest.raises(TransitionRefused):
        eligibility_decide(application=submitted, user=office, eligible=True)
    eligibility_department_opinion_record(
        application=submitted, user=office, opinion="未发现不良记录", received_on=timezone.localdate()
    )
    eligibility_decide(application=submitted, user=office, eligible=True)
    submitted.refresh_from_db()
    assert submitted.state == S.ELIGIBLE
    assert submitted.eligibility_review.department_opinion == "未发现不良记录"


def test_an_opinion_without_a_consultation_is_refused(submitted, office):
    with pytest.raises(ValidationError):
        eligibility_department_opinion_record(
            application=submitted, user=office, opinion="意见", received_on=timezone.localdate()
        )


def test_ineligibility_needs_a_reason(submitted, office):
    eligibility_review_save(application=submitted, user=office, **{**ALL_OK, "authentic_ok": False})
    with pytest.raises(TransitionRefused):
        eligibility_decide(application=submitted, user=office, eligible=False)
    eligibility_decide(application=submitted, user=office, eligible=False, reason="材料不真实")
    submitted.refresh_from_db()
    assert submitted.state == S.INELIGIBLE


def test_a_decided_application_cannot_be_reviewed_again(submitted, office):
    eligibility_review_save(application=submitted, user=office, **ALL_OK)
    eligibility_decide(application=submitted, user=office, eligible=True)
    with pytest.raises(ValidationError):
        eligibility_review_save(application=submitted, user=office, **{**ALL_OK, "complete_ok": False})


def test_a_supplement_request_is_recorded_and_answered_on_resubmission(submitted, office):
    supplement_request(
        application=submitted, user=office, message="请补充学历证书", deadline=timezone.localdate()
    )
    request = SupplementRequest.objects.get()
    assert (request.message, request.requested_by, request.answered_at) == ("请补充学历证书", office, None)
    application_transition(application=submitted, action="resubmit", user=submitted.applicant)
    request.refresh_from_db()
    assert request.answered_at is not None
