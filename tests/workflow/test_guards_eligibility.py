"""Guards of submission and eligibility (第十二、十三、十四、十五、十六条; 领军先锋 三): each refuses and allows."""

import datetime

import pytest
from django.utils import timezone

from awards.models import Application, Campaign
from tests.factories import OrganizationFactory, user_with_role
from tests.workflow.builders import application_in, campaign_in
from workflow import guards as g
from workflow.errors import TransitionRefused
from workflow.models import EligibilityReview, Honor

pytestmark = pytest.mark.django_db
S = Application.State
P = Campaign.Phase


def ctx(app, user=None, **extra):
    return g.Context(campaign=app.campaign, user=user or app.applicant, application=app, extra=extra)


def refused(guard, context) -> str:
    with pytest.raises(TransitionRefused) as e:
        guard(context)
    return " ".join(e.value.messages)


@pytest.fixture
def craftsman_app():
    return application_in(campaign_in(P.ELIGIBILITY), S.SUBMITTED)


@pytest.fixture
def pioneer_app():
    return application_in(campaign_in(P.ELIGIBILITY, code="pioneer"), S.SUBMITTED)


# 第十二条 thresholds --------------------------------------------------------------------------------------


def test_craftsman_with_2_years_in_the_industry_is_ineligible(craftsman_app):
    craftsman_app.years_in_industry = 2
    assert "不少于 3 年" in refused(g.meets_thresholds, ctx(craftsman_app))


def test_craftsman_with_3_years_in_the_industry_and_5_in_post_meets_the_thresholds(craftsman_app):
    craftsman_app.years_in_industry, craftsman_app.years_in_post = 3, 5
    assert g.meets_thresholds(ctx(craftsman_app)) is None


def test_craftsman_with_4_years_in_the_post_is_ineligible(craftsman_app):
    craftsman_app.years_in_post = 4
    assert "现岗位或相似岗位" in refused(g.meets_thresholds, ctx(craftsman_app))


def test_craftsman_without_direct_technical_work_is_ineligible(craftsman_app):
    craftsman_app.direct_technical_work = False
    assert "直接从事技术" in refused(g.meets_thresholds, ctx(craftsman_app))


def test_applicant_without_integrity_declaration_is_ineligible(craftsman_app):
    craftsman_app.integrity_declared = False
    assert "守法诚信" in refused(g.meets_thresholds, ctx(craftsman_app))


def test_pioneer_with_2_years_in_management_is_ineligible(pioneer_app):
    pioneer_app.years_in_management = 2
    assert "管理类工作须不少于 3 年" in refused(g.meets_thresholds, ctx(pioneer_app))


def test_pioneer_with_4_years_in_the_industry_is_ineligible(pioneer_app):
    pioneer_app.years_in_industry = 4
    assert "不少于 5 年" in refused(g.meets_thresholds, ctx(pioneer_app))


def test_pioneer_with_5_years_in_industry_and_3_in_management_meets_the_thresholds(pioneer_app):
    pioneer_app.years_in_industry, pioneer_app.years_in_management = 5, 3
    pioneer_app.direct_technical_work = False  # a manager: not required
    assert g.meets_thresholds(ctx(pioneer_app)) is None


# 第十六条 checklist and department opinion ---------------------------------------------------------------

ALL_OK = dict(
    basic_conditions_ok=True, complete_ok=True, authentic_ok=True, person_credit_ok=True, unit_credit_ok=True
)


def test_eligibility_cannot_be_declared_without_a_checklist(craftsman_app):
    assert "尚未填写资格审查清单" in refused(g.eligibility_checklist_passed, ctx(craftsman_app))


def test_eligibility_is_refused_when_the_unit_credit_check_failed(craftsman_app):
    EligibilityReview.objects.create(application=craftsman_app, **{**ALL_OK, "unit_credit_ok": False})
    assert "单位信用" in refused(g.eligibility_checklist_passed, ctx(craftsman_app))


def test_eligibility_is_allowed_when_every_check_passed(craftsman_app):
    EligibilityReview.objects.create(application=craftsman_app, **ALL_OK)
    assert g.eligibility_checklist_passed(ctx(craftsman_app)) is None


def test_ineligibility_needs_every_check_answered(craftsman_app):
    EligibilityReview.objects.create(application=craftsman_app, basic_conditions_ok=False)
    assert "材料完整性" in refused(g.eligibility_checklist_recorded, ctx(craftsman_app))


def test_ineligibility_is_allowed_once_every_check_is_answered(craftsman_app):
    EligibilityReview.objects.create(application=craftsman_app, **{**ALL_OK, "authentic_ok": False})
    assert g.eligibility_checklist_recorded(ctx(craftsman_app)) is None


def test_decision_waits_for_the_written_opinion_of_a_consulted_department(craftsman_app):
    EligibilityReview.objects.create(application=craftsman_app, department_consulted="市人社局", **ALL_OK)
    assert "市人社局" in refused(g.department_opinion_recorded, ctx(craftsman_app))


def test_decision_is_allowed_once_the_department_opinion_is_recorded(craftsman_app):
    EligibilityReview.objects.create(
        application=craftsman_app, department_consulted="市人社局", department_opinion="无异议", **ALL_OK
    )
    assert g.department_opinion_recorded(ctx(craftsman_app)) is None


# 第十三条 five-year ban ------------------------------------------------------------------------------------


def _honored(resident_id: str, year: int, code: str = "craftsman") -> Honor:
    earlier = application_in(campaign_in(P.AWARDED, code=code, year=year), S.AWARDED, resident_id=resident_id)
    return Honor.objects.create(
        application=earlier,
        kind=Honor.Kind.TITLE,
        certificate_number=f"X-{year}-{code}",
        awarded_on=datetime.date(year, 12, 1),
    )


def test_craftsman_honored_4_years_ago_may_not_apply_again():
    app = application_in(campaign_in(P.OPEN, year=2034))
    _honored(app.resident_id, 2030)
    assert "第十三条" in refused(g.not_banned, ctx(app))


def test_craftsman_honored_5_years_ago_may_apply_again():
    app = application_in(campaign_in(P.OPEN, year=2035))
    _honored(app.resident_id, 2030)
    assert g.not_banned(ctx(app)) is None


def test_the_ban_is_per_honor_type():
    app = application_in(campaign_in(P.OPEN, year=2034))
    _honored(app.resident_id, 2032, code="pioneer")
    assert g.not_banned(ctx(app)) is None


# 领军先锋 三: one honor a year, no switching ---------------------------------------------------------------


def test_applying_to_both_honors_in_one_year_is_refused():
    craftsman = application_in(campaign_in(P.OPEN, year=2040), S.SUBMITTED)
    pioneer = application_in(
        campaign_in(P.OPEN, code="pioneer", year=2040), resident_id=craftsman.resident_id
    )
    assert "同一年度不能同时申报" in refused(g.one_honor_per_year, ctx(pioneer))


def test_switching_after_retracting_the_other_honor_is_refused():
    craftsman = application_in(campaign_in(P.OPEN, year=2041), S.RETRACTED)
    pioneer = application_in(
        campaign_in(P.OPEN, code="pioneer", year=2041), resident_id=craftsman.resident_id
    )
    assert "同一年度不能同时申报" in refused(g.one_honor_per_year, ctx(pioneer))


def test_an_unsubmitted_draft_for_the_other_honor_does_not_block():
    craftsman = application_in(campaign_in(P.OPEN, year=2042), S.DRAFT)
    pioneer = application_in(
        campaign_in(P.OPEN, code="pioneer", year=2042), resident_id=craftsman.resident_id
    )
    assert g.one_honor_per_year(ctx(pioneer)) is None


def test_a_second_live_application_in_the_same_campaign_is_refused():
    first = application_in(campaign_in(P.OPEN, year=2043), S.SUBMITTED)
    second = application_in(first.campaign, resident_id=first.resident_id)
    assert "不能重复申报" in refused(g.one_honor_per_year, ctx(second))


def test_a_new_application_after_retracting_in_the_same_campaign_is_allowed():
    first = application_in(campaign_in(P.OPEN, year=2044), S.RETRACTED)
    second = application_in(first.campaign, resident_id=first.resident_id)
    assert g.one_honor_per_year(ctx(second)) is None


# 第十四、十五条 submission ------------------------------------------------------------------------------


def test_submission_after_the_deadline_is_refused():
    app = application_in(campaign_in(P.OPEN, closes_at=timezone.now() - datetime.timedelta(minutes=1)))
    assert "截止" in refused(g.before_deadline, ctx(app))


def test_submission_before_the_deadline_is_allowed():
    app = application_in(campaign_in(P.OPEN))
    assert g.before_deadline(ctx(app)) is None


def test_an_incomplete_application_cannot_be_submitted():
    app = application_in(campaign_in(P.OPEN))
    app.attachments.all().delete()
    assert "证件照" in refused(g.application_complete, ctx(app))


def test_a_complete_application_can_be_submitted():
    app = application_in(campaign_in(P.OPEN))
    assert g.application_complete(ctx(app)) is None


def test_someone_else_cannot_submit_the_application():
    app = application_in(campaign_in(P.OPEN))
    assert "申报人本人或其推荐机构" in refused(
        g.actor_owns_or_recommends, ctx(app, user=user_with_role("applicant"))
    )


def test_the_recommending_unit_may_submit_for_its_applicant():
    unit = OrganizationFactory()
    staff = user_with_role("recommender")
    unit.staff.add(staff)
    app = application_in(campaign_in(P.OPEN), route=Application.Route.UNIT, recommender=unit)
    assert g.actor_owns_or_recommends(ctx(app, user=staff)) is None


def test_only_the_applicant_may_retract():
    app = application_in(campaign_in(P.OPEN), S.SUBMITTED)
    assert "申报人本人" in refused(g.actor_owns, ctx(app, user=user_with_role("office")))
    assert g.actor_owns(ctx(app)) is None


def test_a_unit_recommendation_needs_the_units_confirmation():
    unit = OrganizationFactory()
    app = application_in(campaign_in(P.OPEN), route=Application.Route.UNIT, recommender=unit)
    assert "尚未确认推荐" in refused(g.recommender_confirmed, ctx(app))
    app.recommender_confirmed_at = timezone.now()
    assert g.recommender_confirmed(ctx(app)) is None


def test_a_pioneer_application_needs_the_units_opinion():
    app = application_in(campaign_in(P.OPEN, code="pioneer"))
    assert g.unit_opinion_given(ctx(app)) is None
    app.unit_opinion = ""
    assert "推荐意见" in refused(g.unit_opinion_given, ctx(app))
