"""The lists (第三、四、十七、二十、二十一条) and revocation (第二十九、三十条) guards: refuse and allow."""

import datetime

import pytest
from django.utils import timezone

from awards.models import Application, Campaign
from tests.workflow.builders import application_in, campaign_in, panel_with_experts, ranking, submit_sheets
from workflow import guards as g
from workflow.errors import TransitionRefused
from workflow.models import Honor, Objection, Revocation

pytestmark = pytest.mark.django_db
S = Application.State
P = Campaign.Phase


def ctx(app, **extra):
    return g.Context(campaign=app.campaign, user=None, application=app, extra=extra)


def refused(guard, context) -> str:
    with pytest.raises(TransitionRefused) as e:
        guard(context)
    return " ".join(e.value.messages)


def test_shortlisting_needs_a_material_review_result():
    campaign = campaign_in(P.MATERIAL_REVIEW)
    app = application_in(campaign, S.ELIGIBLE)
    assert "材料评议结果" in refused(g.material_review_scored, ctx(app))
    submit_sheets(panel_with_experts(campaign, 1), app, "material")
    assert g.material_review_scored(ctx(app)) is None


def test_the_shortlist_never_exceeds_its_size():
    campaign = campaign_in(P.MATERIAL_REVIEW, shortlist_size=1)
    app = application_in(campaign, S.ELIGIBLE)
    assert g.shortlist_has_room(ctx(app)) is None
    application_in(campaign, S.SHORTLISTED)
    assert "上限" in refused(g.shortlist_has_room, ctx(app))


def test_a_score_below_the_minimum_is_not_recommended_even_with_room():
    campaign = campaign_in(P.COMPOSITE, quota=3, min_composite_score=80)
    low = application_in(campaign, S.SHORTLISTED)
    ranking(campaign, [(low, "79.5")])
    assert "宁缺毋滥" in refused(g.ranked_within_quota, ctx(low))


def test_a_score_at_the_minimum_is_recommended():
    campaign = campaign_in(P.COMPOSITE, quota=3, min_composite_score=80)
    app = application_in(campaign, S.SHORTLISTED)
    ranking(campaign, [(app, "80")])
    assert g.ranked_within_quota(ctx(app)) is None


def test_recommending_beyond_the_quota_is_refused():
    campaign = campaign_in(P.COMPOSITE, quota=1)
    application_in(campaign, S.RECOMMENDED)
    app = application_in(campaign, S.SHORTLISTED)
    ranking(campaign, [(app, "90")])
    assert "已达名额 1 人" in refused(g.ranked_within_quota, ctx(app))


def test_the_list_follows_the_ranking():
    campaign = campaign_in(P.COMPOSITE)
    first, second = application_in(campaign, S.SHORTLISTED), application_in(campaign, S.SHORTLISTED)
    ranking(campaign, [(first, "90"), (second, "85")])
    assert "排名第 1 位" in refused(g.ranked_in_order, ctx(second))
    assert g.ranked_in_order(ctx(first)) is None


def test_nothing_is_recommended_once_nominations_started():
    campaign = campaign_in(P.COMPOSITE)
    app = application_in(campaign, S.SHORTLISTED)
    assert g.no_nominations_yet(ctx(app)) is None
    application_in(campaign, S.NOMINATED)
    assert "已开始确定提名名单" in refused(g.no_nominations_yet, ctx(app))


def test_nominations_come_after_the_recommended_list_is_complete():
    campaign = campaign_in(P.COMPOSITE, quota=1)
    first, second = application_in(campaign, S.SHORTLISTED), application_in(campaign, S.SHORTLISTED)
    ranking(campaign, [(first, "90"), (second, "85")])
    assert "建议名单尚未确定完毕" in refused(g.recommended_list_complete, ctx(second))
    first.state = S.RECOMMENDED
    first.save()
    assert g.recommended_list_complete(ctx(second)) is None


def test_nominations_respect_the_nomination_quota_and_minimum():
    campaign = campaign_in(P.COMPOSITE, nomination_quota=1, min_composite_score=60)
    app = application_in(campaign, S.SHORTLISTED)
    ranking(campaign, [(app, "59")])
    assert "宁缺毋滥" in refused(g.ranked_within_nomination_quota, ctx(app))
    ranking(campaign, [(app, "61")])
    assert g.ranked_within_nomination_quota(ctx(app)) is None
    application_in(campaign, S.NOMINATED)
    assert "提名名额 1 人" in refused(g.ranked_within_nomination_quota, ctx(app))


def test_withdrawal_from_the_list_needs_an_upheld_objection():
    campaign = campaign_in(P.PUBLICITY)
    app = application_in(campaign, S.RECOMMENDED)
    objection = Objection.objects.create(
        campaign=campaign, application=app, objector_name="李明", objector_id_or_contact="139", content="不实"
    )
    assert "异议成立" in refused(g.upheld_objection_exists, ctx(app))
    objection.status = Objection.Status.UPHELD
    objection.save()
    assert g.upheld_objection_exists(ctx(app)) is None


def _honor(awarded_on):
    app = application_in(campaign_in(P.AWARDED), S.AWARDED)
    return Honor.objects.create(
        application=app, kind="title", certificate_number=f"C-{app.pk}", awarded_on=awarded_on
    )


def test_revocation_needs_the_committees_approval():
    honor = _honor(timezone.localdate())
    revocation = Revocation.objects.create(honor=honor, kind="revoke", reason="违法")
    assert "组委会批准" in refused(
        g.revocation_approved, ctx(honor.application, action="revoke", revocation=revocation)
    )
    revocation.status = Revocation.Status.APPROVED
    assert g.revocation_approved(ctx(honor.application, action="revoke", revocation=revocation)) is None


def test_an_approved_revocation_does_not_authorise_a_cancellation():
    honor = _honor(timezone.localdate())
    revocation = Revocation.objects.create(honor=honor, kind="revoke", reason="违法", status="approved")
    with pytest.raises(TransitionRefused):
        g.revocation_approved(ctx(honor.application, action="cancel", revocation=revocation))


def test_revocation_is_refused_more_than_2_years_after_the_award():
    honor = _honor(timezone.localdate() - datetime.timedelta(days=2 * 366 + 1))
    assert "2年内" in refused(g.within_revocation_period, ctx(honor.application))


def test_revocation_is_allowed_within_2_years_of_the_award():
    honor = _honor(timezone.localdate() - datetime.timedelta(days=700))
    assert g.within_revocation_period(ctx(honor.application)) is None
