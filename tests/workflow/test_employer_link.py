"""The applicant's employer (工作单位) as a first-class link: choosing it, 第十五条 recommenders, the employer's
opinion (领军先锋 附件1 二), in-unit publicity (第二十一条) and conflicts of interest — through the services."""

import datetime

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from awards.models import Application, Campaign, Organization
from awards.services import applications as services
from awards.services import employers as employer_services
from awards.services import recommenders as recommender_services
from scoring.models import ConflictOfInterest, ExpertProfile
from tests.factories import ApplicationFactory, OrganizationFactory, complete_application, user_with_role
from tests.workflow.builders import application_in, assign, campaign_in, panel_with_experts, ranking
from workflow.calendar import publicity_end
from workflow.errors import TransitionRefused
from workflow.guards import current_list
from workflow.models import CommitteeDecision
from workflow.selectors.publicity import unit_notice_runs_until
from workflow.services.eligibility import eligibility_decide, eligibility_review_save
from workflow.services.panels import conflicts_detect
from workflow.services.publicity import publicity_close, publicity_open, unit_notice_confirm
from workflow.services.transitions import application_transition

pytestmark = pytest.mark.django_db
S = Application.State
P = Campaign.Phase
ALL_OK = dict(
    basic_conditions_ok=True, complete_ok=True, authentic_ok=True, person_credit_ok=True, unit_credit_ok=True
)


def password_url(uid, token):
    return f"https://honors.example.cn/accounts/reset/{uid}/{token}/"


def _save_employer(app, name="", code="", email="", with_invite=True):
    return services.application_save_draft(
        application=app,
        user=app.applicant,
        fields={"employer_name": name, "employer_credit_code": code, "employer_email": email},
        password_url=password_url if with_invite else None,
    )


# --- choosing the employer ----------------------------------------------------------------------------------------


def test_a_new_application_starts_with_the_employer_named_last_time():
    earlier = ApplicationFactory(campaign=campaign_in(P.ARCHIVED))
    campaign = campaign_in(P.OPEN)
    app = services.application_start(campaign=campaign, user=earlier.applicant)
    assert app.employer == earlier.employer and app.unit_name == earlier.employer.name


def test_the_applicant_picks_a_registered_unit_by_credit_code_or_by_name():
    unit = OrganizationFactory(name="上海城市大脑有限公司")
    app = ApplicationFactory(campaign=campaign_in(P.OPEN), employer=None, unit_name="")
    saved = _save_employer(app, code=unit.credit_code.lower())
    assert saved.employer == unit and saved.unit_name == "上海城市大脑有限公司"
    saved = _save_employer(saved, name="")
    assert saved.employer is None
    saved = _save_employer(saved, name="上海城市大脑有限公司")
    assert saved.employer == unit
    assert not Organization.objects.filter(needs_confirmation=True).exists()


def test_a_new_unit_waits_for_the_office_and_retyping_updates_the_same_proposal(office):
    app = ApplicationFactory(campaign=campaign_in(P.OPEN), employer=None, unit_name="")
    _save_employer(app, name="上海新", with_invite=False)
    saved = _save_employer(app, name="上海新锐智能科技有限公司", email="HR@xinrui.example.cn")
    proposals = Organization.objects.filter(needs_confirmation=True)
    assert list(proposals) == [saved.employer]
    unit = saved.employer
    assert unit.name == "上海新锐智能科技有限公司" and unit.proposed_by == app.applicant
    assert unit.contact_email == "hr@xinrui.example.cn"
    assert not unit.staff.exists() and not mail.outbox  # no invitation before the office confirmed the unit
    with pytest.raises(PermissionDenied):
        employer_services.employer_confirm(organization=unit, user=app.applicant, password_url=password_url)
    employer_services.employer_confirm(organization=unit, user=office, password_url=password_url)
    unit.refresh_from_db()
    account = unit.staff.get()
    assert not unit.needs_confirmation and account.email == "hr@xinrui.example.cn"
    assert account.groups.filter(name="recommender").exists() and not account.has_usable_password()


def test_a_registered_unit_without_an_account_is_invited_once(django_capture_on_commit_callbacks):
    unit = OrganizationFactory(contact_email="")
    app = ApplicationFactory(campaign=campaign_in(P.OPEN), employer=None, unit_name="")
    with django_capture_on_commit_callbacks(execute=True):
        _save_employer(app, name=unit.name, email="office@unit.example.cn")
        _save_employer(app, name=unit.name, email="office@unit.example.cn")
    assert unit.staff.count() == 1
    invitations = [m for m in mail.outbox if "/accounts/reset/" in m.body]
    assert len(invitations) == 1 and invitations[0].to == ["office@unit.example.cn"]


def test_the_office_cannot_declare_eligible_while_the_new_unit_is_unconfirmed(office):
    campaign = campaign_in(P.ELIGIBILITY)
    unit = OrganizationFactory(needs_confirmation=True, name="待确认单位")
    app = application_in(campaign, S.SUBMITTED, employer=unit)
    eligibility_review_save(application=app, user=office, **ALL_OK)
    with pytest.raises(TransitionRefused) as refused:
        eligibility_decide(application=app, user=office, eligible=True)
    assert refused.value.rule == "第十六条" and "待确认单位" in str(refused.value)
    employer_services.employer_confirm(organization=unit, user=office)
    eligibility_decide(application=app, user=office, eligible=True)
    app.refresh_from_db()
    assert app.state == S.ELIGIBLE


# --- 第十五条: who may recommend ----------------------------------------------------------------------------------


def test_another_organisation_cannot_recommend_and_the_refusal_cites_article_15():
    employer = OrganizationFactory(name="上海甲公司")
    stranger = OrganizationFactory(name="上海乙公司")
    app = complete_application(
        campaign=campaign_in(P.OPEN), employer=employer, route="unit", recommender=stranger
    )
    staff = user_with_role("recommender")
    stranger.staff.add(staff)
    with pytest.raises(ValidationError) as refused:
        recommender_services.recommender_confirm(application=app, user=staff)
    assert "第十五条" in refused.value.messages[0] and "上海乙公司" in refused.value.messages[0]
    app.recommender_confirmed_at = timezone.now()
    app.save()
    with pytest.raises(TransitionRefused) as refused:
        application_transition(application=app, action="submit", user=app.applicant)
    assert refused.value.rule == "第十五条"


def test_the_industry_association_the_unit_belongs_to_may_recommend():
    association = OrganizationFactory(kind=Organization.Kind.ASSOCIATION, name="上海市信息服务业行业协会")
    employer = OrganizationFactory()
    app = complete_application(
        campaign=campaign_in(P.OPEN), employer=employer, route="association", recommender=association
    )
    staff = user_with_role("recommender")
    association.staff.add(staff)
    with pytest.raises(ValidationError):
        recommender_services.recommender_confirm(application=app, user=staff)  # not (yet) a member
    employer.member_of.add(association)
    recommender_services.recommender_confirm(application=app, user=staff)
    application_transition(application=app, action="submit", user=app.applicant)
    app.refresh_from_db()
    assert app.state == S.SUBMITTED


# --- 领军先锋 附件1 二: the employer writes the opinion, whichever the route --------------------------------------


def test_the_employer_not_the_recommending_association_writes_the_pioneer_opinion():
    association = OrganizationFactory(kind=Organization.Kind.ASSOCIATION)
    employer = OrganizationFactory()
    employer.member_of.add(association)
    app = ApplicationFactory(
        campaign=campaign_in(P.OPEN, code="pioneer"),
        employer=employer,
        route="association",
        recommender=association,
    )
    assoc_staff, employer_staff = user_with_role("recommender"), user_with_role("recommender")
    association.staff.add(assoc_staff)
    employer.staff.add(employer_staff)
    opinion = {
        "unit_contact": "李老师 021-64001234",
        "unit_opinion": "工作业绩突出，材料真实。",
        "unit_responsible": "王总",
        "unit_opinion_date": timezone.localdate(),
    }
    with pytest.raises(PermissionDenied):
        recommender_services.unit_opinion_save(application=app, user=assoc_staff, data=opinion)
    recommender_services.unit_opinion_save(application=app, user=employer_staff, data=opinion)
    app.refresh_from_db()
    assert app.unit_opinion_by == employer_staff


def test_a_self_recommended_pioneer_submits_once_the_employer_gave_its_opinion(
    django_capture_on_commit_callbacks,
):
    from notices.models import Notification

    employer = OrganizationFactory(name="上海智城科技有限公司")
    staff = user_with_role("recommender")
    employer.staff.add(staff)
    app = complete_application(campaign=campaign_in(P.OPEN, code="pioneer"), employer=None, unit_name="")
    Application.objects.filter(pk=app.pk).update(
        unit_opinion="", unit_responsible="", unit_contact="", unit_opinion_date=None
    )
    app.refresh_from_db()
    with pytest.raises(TransitionRefused) as refused:
        application_transition(application=app, action="submit", user=app.applicant)
    assert "所在单位" in str(refused.value)
    with django_capture_on_commit_callbacks(execute=True):
        app = _save_employer(app, name="上海智城科技有限公司")
    assert Notification.objects.filter(user=staff, subject__contains="所在单位推荐意见").exists()
    with pytest.raises(TransitionRefused) as refused:
        application_transition(application=app, action="submit", user=app.applicant)
    assert refused.value.rule == "领军先锋附件1二" and "上海智城科技有限公司" in str(refused.value)
    recommender_services.unit_opinion_save(
        application=app,
        user=staff,
        data={
            "unit_contact": "李老师 021-64001234",
            "unit_opinion": "带领团队建成城市运行管理平台，材料真实。",
            "unit_responsible": "王总",
            "unit_opinion_date": timezone.localdate(),
        },
    )
    application_transition(application=app, action="submit", user=app.applicant)
    app.refresh_from_db()
    assert app.state == S.SUBMITTED and app.route == Application.Route.SELF


# --- 第二十一条: in-unit publicity ---------------------------------------------------------------------------------


def _listed(*employers, days=5):
    campaign = campaign_in(P.COMPOSITE, publicity_working_days=days)
    apps = [application_in(campaign, S.RECOMMENDED, employer=e) for e in employers]
    ranking(campaign, [(a, str(90 - i)) for i, a in enumerate(apps)])
    CommitteeDecision.objects.create(
        campaign=campaign, kind="confirm_recommended", result="approved", listed=current_list(campaign)
    )
    return campaign, apps


def test_publicity_cannot_open_while_a_listed_candidate_has_no_employer(office):
    campaign, (with_unit, without) = _listed(OrganizationFactory(), None)
    with pytest.raises(TransitionRefused) as refused:
        publicity_open(campaign=campaign, user=office, starts_on=timezone.localdate())
    assert refused.value.rule == "第二十一条" and without.name in str(refused.value)


def test_every_listed_candidate_gets_an_in_unit_notice_at_their_employer(office):
    first, second = OrganizationFactory(), OrganizationFactory()
    campaign, _apps = _listed(first, second, first)
    publicity = publicity_open(campaign=campaign, user=office, starts_on=timezone.localdate())
    assert set(publicity.unit_notices.values_list("organization_id", flat=True)) == {first.pk, second.pk}


def test_a_late_in_unit_posting_is_flagged_and_must_run_its_own_five_working_days(office, client):
    unit = OrganizationFactory(name="上海迟贴公司")
    campaign, _apps = _listed(unit)
    start = timezone.localdate()
    publicity = publicity_open(campaign=campaign, user=office, starts_on=start)
    notice = publicity.unit_notices.get()
    posted = start + datetime.timedelta(days=3)
    later = timezone.make_aware(datetime.datetime.combine(posted, datetime.time(10)))
    unit_notice_confirm(notice=notice, user=office, posted_on=posted, place="公告栏", now=later)
    notice.refresh_from_db()
    assert notice.late and unit_notice_runs_until(notice) == publicity_end(posted, 5) > publicity.ends_on
    client.force_login(office)  # the office's publicity page flags it with the last day of its own posting
    page = client.get(reverse("workflow:publicity", args=[campaign.pk])).content.decode()
    assert f"晚于社会公示开始，须公示至 {publicity_end(posted, 5):%Y-%m-%d}" in page
    after_public_end = timezone.make_aware(
        datetime.datetime.combine(publicity.ends_on + datetime.timedelta(days=1), datetime.time(9))
    )
    with pytest.raises(TransitionRefused) as refused:
        publicity_close(campaign=campaign, user=office, now=after_public_end)
    assert refused.value.rule == "第二十一条" and "上海迟贴公司" in str(refused.value)
    after_unit_end = timezone.make_aware(
        datetime.datetime.combine(
            unit_notice_runs_until(notice) + datetime.timedelta(days=1), datetime.time(9)
        )
    )
    publicity_close(campaign=campaign, user=office, now=after_unit_end)
    campaign.refresh_from_db()
    assert campaign.phase == P.APPROVAL


def test_an_in_time_posting_is_not_flagged(office):
    campaign, _apps = _listed(OrganizationFactory())
    publicity = publicity_open(campaign=campaign, user=office, starts_on=timezone.localdate())
    notice = publicity.unit_notices.get()
    unit_notice_confirm(notice=notice, user=office, posted_on=publicity.starts_on, place="公告栏")
    notice.refresh_from_db()
    assert not notice.late


# --- conflicts of interest ----------------------------------------------------------------------------------------


def test_an_expert_employed_by_or_related_to_the_employer_or_recommender_is_excluded():
    campaign = campaign_in(P.ELIGIBILITY)
    employer, association = OrganizationFactory(name="上海甲公司"), OrganizationFactory(name="上海协会")
    app = application_in(
        campaign, S.ELIGIBLE, employer=employer, route="association", recommender=association
    )
    other = application_in(campaign, S.ELIGIBLE)
    panel = panel_with_experts(campaign, 4)
    employed, related_employer, related_recommender, free = [m.expert for m in panel.members.order_by("id")]
    ExpertProfile.objects.create(user=employed, organization=employer)
    ExpertProfile.objects.create(user=related_employer).related_organizations.add(employer)
    ExpertProfile.objects.create(user=related_recommender).related_organizations.add(association)
    ExpertProfile.objects.create(user=free, organization=OrganizationFactory())
    assign(panel, app, other)
    conflicts_detect(campaign=campaign)
    conflicts = {c.expert_id: c for c in ConflictOfInterest.objects.filter(application=app)}
    assert set(conflicts) == {employed.pk, related_employer.pk, related_recommender.pk}
    assert all(c.source == ConflictOfInterest.Source.AUTO for c in conflicts.values())
    assert (
        "上海甲公司" in conflicts[related_employer.pk].reason
        and "利害关系" in conflicts[related_employer.pk].reason
    )
    assert "上海协会" in conflicts[related_recommender.pk].reason
    assert not ConflictOfInterest.objects.filter(application=other).exists()
