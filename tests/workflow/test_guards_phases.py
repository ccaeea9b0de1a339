"""A phase cannot be left while work is open (docs/architecture.md §4): each campaign guard refuses and
allows."""

import datetime

import pytest
from django.utils import timezone

from awards.models import Application, Campaign
from scoring.models import Panel
from tests.factories import OrganizationFactory, user_with_role
from tests.workflow.builders import (
    application_in,
    assign,
    campaign_in,
    panel_with_experts,
    ranking,
    submit_sheets,
)
from workflow import guards as g
from workflow.errors import TransitionRefused
from workflow.models import CommitteeDecision, Honor, Objection, Publicity, UnitNotice

pytestmark = pytest.mark.django_db
S = Application.State
P = Campaign.Phase


def ctx(campaign, **kw):
    return g.Context(campaign=campaign, user=None, **kw)


def refused(guard, context) -> str:
    with pytest.raises(TransitionRefused) as e:
        guard(context)
    return " ".join(e.value.messages)


def test_a_campaign_without_panels_cannot_open():
    campaign = campaign_in(P.DRAFT)
    assert "专家评议组" in refused(g.campaign_is_set_up, ctx(campaign))


def test_a_campaign_with_dates_quota_and_a_panel_can_open():
    campaign = campaign_in(P.DRAFT)
    Panel.objects.create(campaign=campaign, name="一组")
    assert g.campaign_is_set_up(ctx(campaign)) is None


def test_applications_cannot_close_before_the_deadline():
    campaign = campaign_in(P.OPEN)
    assert "截止时间" in refused(g.deadline_passed, ctx(campaign))
    assert g.deadline_passed(ctx(campaign, now=campaign.closes_at)) is None


def test_eligibility_cannot_end_with_an_undecided_application():
    campaign = campaign_in(P.ELIGIBILITY)
    app = application_in(campaign, S.RETURNED)
    assert "1 份申报未作出资格审查结论" in refused(g.every_submitted_application_decided, ctx(campaign))
    app.state = S.ELIGIBLE
    app.save()
    assert g.every_submitted_application_decided(ctx(campaign)) is None


def test_material_review_needs_every_eligible_application_assigned_to_a_panel():
    campaign = campaign_in(P.ELIGIBILITY)
    app = application_in(campaign, S.ELIGIBLE)
    assert "未分配专家评议组" in refused(g.panels_cover_eligible, ctx(campaign))
    assign(panel_with_experts(campaign, 1), app)
    assert g.panels_cover_eligible(ctx(campaign)) is None


def test_material_review_cannot_end_with_an_unscored_sheet():
    campaign = campaign_in(P.MATERIAL_REVIEW)
    panel = panel_with_experts(campaign, 2)
    app = application_in(campaign, S.SHORTLISTED)
    assign(panel, app)
    assert "2 张评分表未提交" in refused(g.every_sheet_submitted, ctx(campaign))
    submit_sheets(panel, app, "material")
    assert g.every_sheet_submitted(ctx(campaign)) is None


def test_onsite_cannot_end_with_an_unscored_sheet():
    campaign = campaign_in(P.ONSITE)
    panel = panel_with_experts(campaign, 2)
    app = application_in(campaign, S.SHORTLISTED)
    assign(panel, app)
    assert "第十八条" in refused(g.every_sheet_submitted, ctx(campaign))
    submit_sheets(panel, app, "onsite")
    assert g.every_sheet_submitted(ctx(campaign)) is None


def test_the_shortlist_must_be_fixed_before_onsite():
    campaign = campaign_in(P.MATERIAL_REVIEW)
    app = application_in(campaign, S.ELIGIBLE)
    assert "未确定是否入围" in refused(g.shortlist_fixed, ctx(campaign))
    app.state = S.SHORTLISTED
    app.save()
    assert g.shortlist_fixed(ctx(campaign)) is None


def test_public_input_only_when_the_campaign_plans_it():
    campaign = campaign_in(P.ONSITE, public_input_enabled=False)
    assert "未安排公众评价" in refused(g.public_input_enabled, ctx(campaign))
    campaign.public_input_enabled = True
    assert g.public_input_enabled(ctx(campaign)) is None


def test_composite_waits_until_the_public_input_window_closes():
    campaign = campaign_in(P.PUBLIC_INPUT, public_input_closes_at=timezone.now() + datetime.timedelta(days=1))
    assert "公众评价尚未结束" in refused(g.public_input_done, ctx(campaign))
    assert g.public_input_done(ctx(campaign, now=timezone.now() + datetime.timedelta(days=2))) is None


def test_composite_cannot_skip_planned_public_input():
    campaign = campaign_in(P.ONSITE, public_input_enabled=True)
    assert "须先开展公众评价" in refused(g.public_input_done, ctx(campaign))


def test_publicity_needs_a_computed_ranking():
    campaign = campaign_in(P.COMPOSITE)
    assert "排名" in refused(g.ranking_computed, ctx(campaign))
    ranking(campaign, [])
    assert g.ranking_computed(ctx(campaign)) is None


def test_the_recommended_list_never_exceeds_the_quota():
    campaign = campaign_in(P.COMPOSITE, quota=1)
    application_in(campaign, S.RECOMMENDED)
    assert g.recommended_list_within_rules(ctx(campaign)) is None
    application_in(campaign, S.RECOMMENDED)
    assert "超过名额 1 人" in refused(g.recommended_list_within_rules, ctx(campaign))


def test_publicity_needs_the_committees_confirmation_of_the_list():
    campaign = campaign_in(P.COMPOSITE)
    assert "审核确认建议名单" in refused(g.committee_confirmed_recommended, ctx(campaign))
    CommitteeDecision.objects.create(
        campaign=campaign, kind="confirm_recommended", result="approved", listed=g.current_list(campaign)
    )
    assert g.committee_confirmed_recommended(ctx(campaign)) is None


def test_publicity_cannot_start_in_the_past():
    campaign = campaign_in(P.COMPOSITE)
    yesterday = timezone.localdate() - datetime.timedelta(days=1)
    assert "早于今天" in refused(g.publicity_start_valid, ctx(campaign, extra={"starts_on": yesterday}))
    assert g.publicity_start_valid(ctx(campaign, extra={"starts_on": timezone.localdate()})) is None


def _publicity(campaign, ends_on=None):
    start = timezone.localdate()
    return Publicity.objects.create(
        campaign=campaign, starts_on=start, ends_on=ends_on or start + datetime.timedelta(days=7)
    )


def test_publicity_cannot_be_closed_before_its_end():
    campaign = campaign_in(P.PUBLICITY)
    publicity = _publicity(campaign)
    campaign.refresh_from_db()
    assert "期满前不能结束公示" in refused(g.publicity_period_elapsed, ctx(campaign))
    after = timezone.make_aware(
        datetime.datetime.combine(publicity.ends_on + datetime.timedelta(days=1), datetime.time(9))
    )
    assert g.publicity_period_elapsed(ctx(campaign, now=after)) is None


def test_publicity_cannot_end_before_every_unit_confirmed_its_posting():
    campaign = campaign_in(P.PUBLICITY)
    notice = UnitNotice.objects.create(publicity=_publicity(campaign), organization=OrganizationFactory())
    campaign.refresh_from_db()
    assert "1 个申报人单位未确认内部公示" in refused(g.unit_notices_confirmed, ctx(campaign))
    notice.confirmed_at = timezone.now()
    notice.save()
    assert g.unit_notices_confirmed(ctx(campaign)) is None


def test_publicity_cannot_end_with_an_unresolved_objection():
    campaign = campaign_in(P.PUBLICITY)
    app = application_in(campaign, S.RECOMMENDED)
    objection = Objection.objects.create(
        campaign=campaign, application=app, objector_name="李明", objector_id_or_contact="139", content="不实"
    )
    assert "1 件异议未处理完毕" in refused(g.objections_resolved, ctx(campaign))
    objection.status = Objection.Status.REJECTED
    objection.save()
    assert g.objections_resolved(ctx(campaign)) is None


def test_a_phase_cannot_be_left_while_a_committee_vote_is_open():
    campaign = campaign_in(P.APPROVAL)
    decision = CommitteeDecision.objects.create(campaign=campaign, kind="final_list")
    assert "表决尚未结束" in refused(g.no_pending_decision, ctx(campaign))
    decision.result = "approved"
    decision.save()
    assert g.no_pending_decision(ctx(campaign)) is None


def test_awarding_needs_the_committees_final_list():
    campaign = campaign_in(P.APPROVAL)
    assert "第二十二条" in refused(g.committee_decided_final_list, ctx(campaign))
    CommitteeDecision.objects.create(campaign=campaign, kind="final_list", result="approved")
    assert g.committee_decided_final_list(ctx(campaign)) is None


def test_awarding_waits_until_everyone_on_the_list_is_granted():
    campaign = campaign_in(P.APPROVAL)
    app = application_in(campaign, S.NOMINATED)
    assert "尚未按组委会决定授予" in refused(g.final_list_applications_decided, ctx(campaign))
    app.state = S.NOMINATION_AWARDED
    app.save()
    assert g.final_list_applications_decided(ctx(campaign)) is None


def test_archiving_needs_every_certificate_issued():
    campaign = campaign_in(P.AWARDED)
    app = application_in(campaign, S.AWARDED)
    assert "证书未颁发" in refused(g.certificates_issued, ctx(campaign))
    Honor.objects.create(
        application=app, kind="title", certificate_number="T-1", awarded_on=timezone.localdate()
    )
    assert g.certificates_issued(ctx(campaign)) is None


def test_nobody_but_office_moves_a_campaign(office):
    from django.core.exceptions import PermissionDenied

    from workflow.services.transitions import campaign_transition

    campaign = campaign_in(P.OPEN)
    with pytest.raises(PermissionDenied):
        campaign_transition(campaign=campaign, action="close_applications", user=user_with_role("committee"))
    campaign.refresh_from_db()
    assert campaign.phase == P.OPEN


def test_a_list_changed_after_the_committee_confirmed_it_needs_a_new_confirmation():
    campaign = campaign_in(P.COMPOSITE)
    app = application_in(campaign, S.RECOMMENDED)
    CommitteeDecision.objects.create(
        campaign=campaign, kind="confirm_recommended", result="approved", listed=g.current_list(campaign)
    )
    assert g.committee_confirmed_recommended(ctx(campaign)) is None
    app.state = S.NOT_RECOMMENDED
    app.save()
    assert "须重新提请组委会确认" in refused(g.committee_confirmed_recommended, ctx(campaign))


def test_the_list_does_not_change_while_the_committee_votes_on_it():
    campaign = campaign_in(P.COMPOSITE)
    app = application_in(campaign, S.RECOMMENDED)
    assert g.list_not_under_vote(g.Context(campaign=campaign, user=None, application=app)) is None
    CommitteeDecision.objects.create(campaign=campaign, kind="confirm_recommended")
    assert "表决结束前名单不能变动" in refused(
        g.list_not_under_vote, g.Context(campaign=campaign, user=None, application=app)
    )


def test_a_confirmed_empty_list_does_not_cover_a_later_recommendation():
    campaign = campaign_in(P.COMPOSITE)
    CommitteeDecision.objects.create(
        campaign=campaign, kind="confirm_recommended", result="approved", listed=g.current_list(campaign)
    )
    application_in(campaign, S.RECOMMENDED)
    assert "须重新提请组委会确认" in refused(g.committee_confirmed_recommended, ctx(campaign))
