"""One craftsman and one pioneer campaign, from 筹备 to 归档, through the services only (docs/architecture.md §4).

Between them the applications end in every terminal state; the transition log and the history of each
application tell the whole story."""

import datetime

import pytest
from django.core import mail
from django.utils import timezone

from awards.models import Application, Campaign
from notices.models import Notification
from scoring.models import PublicVote
from scoring.services.shortlist import shortlist_confirm
from tests.factories import (
    CampaignFactory,
    OrganizationFactory,
    approve_rules,
    award_type,
    complete_application,
    user_with_role,
)
from tests.workflow.builders import assign, panel_with_experts, ranking, submit_sheets
from workflow.audit_verify import verify_audit
from workflow.models import CreditRecord, Honor, Revocation, TransitionLog
from workflow.seals import SEALED
from workflow.selectors.publicity import unit_notice_runs_until
from workflow.services.committee import decision_close, decision_open, decision_vote
from workflow.services.eligibility import (
    eligibility_decide,
    eligibility_department_consult,
    eligibility_department_opinion_record,
    eligibility_review_save,
    supplement_request,
)
from workflow.services.objections import objection_decide, objection_file, objection_investigate
from workflow.services.publicity import publicity_close, publicity_open, unit_notice_confirm
from workflow.services.revocation import revocation_propose, revocation_record_consent
from workflow.services.transitions import application_transition, campaign_transition

pytestmark = pytest.mark.django_db
S = Application.State
P = Campaign.Phase
ALL_OK = dict(
    basic_conditions_ok=True, complete_ok=True, authentic_ok=True, person_credit_ok=True, unit_credit_ok=True
)


def _vote_all(decision, committee, choice="approve"):
    for member in committee:
        decision_vote(decision=decision, user=member, choice=choice, comment="同意")


def _campaign(code, **kwargs):
    now = timezone.now()
    return approve_rules(
        CampaignFactory(
            award_type=award_type(code),
            year=2030,
            opens_at=now - datetime.timedelta(days=1),
            closes_at=now + datetime.timedelta(days=30),
            **kwargs,
        )
    )


def _submit(app, user=None):
    application_transition(application=app, action="submit", user=user or app.applicant, ip="10.0.0.1")


def _eligible(app, office):
    eligibility_review_save(application=app, user=office, **ALL_OK)
    eligibility_decide(application=app, user=office, eligible=True)


def _grant_list(campaign, office, committee, document_number):
    decision = decision_open(campaign=campaign, user=office, kind="final_list", summary="获荣名单")
    _vote_all(decision, committee)
    return decision_close(decision=decision, user=office, document_number=document_number)


def _confirm_list(campaign, office, committee):
    decision = decision_open(campaign=campaign, user=office, kind="confirm_recommended", summary="建议名单")
    _vote_all(decision, committee)
    return decision_close(decision=decision, user=office, document_number="沪智组〔2030〕1号")


def _story(app):
    return list(TransitionLog.objects.filter(application=app).values_list("action", flat=True))


def _history_states(app):
    """The states the application's history records, consecutive repeats (field saves) folded."""
    states = []
    for h in app.history.order_by("history_date", "history_id"):
        if not states or states[-1] != h.state:
            states.append(h.state)
    return states


def test_craftsman_campaign_walks_every_phase_and_every_terminal_state(
    office, committee, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        campaign = _campaign(
            "craftsman", quota=4, nomination_quota=1, shortlist_size=6, public_input_enabled=False
        )
        panel = panel_with_experts(campaign, 3)
        now = timezone.now()

        # 筹备 → 申报 (第十四条)
        campaign_transition(campaign=campaign, action="open", user=office, reason="发布申报通知")

        # 申报: nine applications; one by unit recommendation, one returned for supplements, one retracted
        names = [
            "awarded",
            "revoked",
            "cancelled",
            "withdrawn",
            "nominee",
            "not_rec",
            "not_short",
            "inelig",
            "retract",
        ]
        apps = {name: complete_application(campaign=campaign) for name in names}
        unit = OrganizationFactory()
        recommender = user_with_role("recommender")
        unit.staff.add(recommender)
        for name in ("awarded", "withdrawn"):
            apps[name].employer = unit
            apps[name].save()
        for app in apps.values():
            _submit(app)
        application_transition(application=apps["retract"], action="retract", user=apps["retract"].applicant)
        supplement_request(
            application=apps["not_short"],
            user=office,
            message="请补充近三年成果证明。",
            deadline=timezone.localdate(now),
        )
        application_transition(
            application=apps["not_short"], action="resubmit", user=apps["not_short"].applicant
        )

        # 申报截止 → 资格审查 (第十六条)
        campaign_transition(
            campaign=campaign,
            action="close_applications",
            user=office,
            now=campaign.closes_at + datetime.timedelta(hours=1),
        )
        eligibility_department_consult(
            application=apps["inelig"],
            user=office,
            department="市市场监管局",
            requested_on=timezone.localdate(now),
        )
        eligibility_department_opinion_record(
            application=apps["inelig"],
            user=office,
            opinion="该人员所在单位存在严重失信记录。",
            received_on=timezone.localdate(now),
        )
        eligibility_review_save(
            application=apps["inelig"], user=office, **{**ALL_OK, "unit_credit_ok": False}
        )
        eligibility_decide(
            application=apps["inelig"], user=office, eligible=False, reason="所属单位信用不良（第十六条）"
        )
        live = [a for n, a in apps.items() if n not in ("inelig", "retract")]
        for app in live:
            _eligible(app, office)

        # 材料评议 (第十七条)
        assign(panel, *live)
        campaign_transition(campaign=campaign, action="start_material_review", user=office)
        for app in live:
            submit_sheets(panel, app, "material")
        for app in live:
            if app is apps["not_short"]:
                application_transition(application=app, action="not_shortlist", user=office)
            else:
                application_transition(application=app, action="shortlist", user=office)

        # 第十七条: the panel (its chair) confirms the shortlist the office prepared
        shortlist_confirm(
            panel=panel,
            user=panel.members.get(is_chair=True).expert,
            shortlisted_ids=[a.pk for a in live if a is not apps["not_short"]],
        )

        # 现场展示 (第十八条) → 综合评价 (第二十条)
        campaign_transition(campaign=campaign, action="start_onsite", user=office)
        finalists = [apps[n] for n in ("awarded", "revoked", "cancelled", "withdrawn", "nominee", "not_rec")]
        for app in finalists:
            submit_sheets(panel, app, "onsite")
        campaign_transition(campaign=campaign, action="start_composite", user=office)
        ranking(campaign, [(a, str(90 - i)) for i, a in enumerate(finalists)])
        for app in finalists[:4]:
            application_transition(application=app, action="recommend", user=office)
        application_transition(application=apps["nominee"], action="nominate", user=office)
        application_transition(
            application=apps["not_rec"], action="not_recommend", user=office, reason="名额已满"
        )
        _confirm_list(campaign, office, committee)

        # 公示 (第二十一条): objections, in-unit postings
        publicity = publicity_open(
            campaign=campaign, user=office, starts_on=timezone.localdate(now), notice_text="公示名单"
        )
        rejected = objection_file(
            application=apps["awarded"],
            objector_name="李明",
            objector_id_or_contact="13900001111",
            objector_email="liming@example.cn",
            content="成果不实",
        )
        objection_decide(
            objection=rejected,
            user=office,
            upheld=False,
            outcome="经核实成果属实",
            investigation="查阅专利证书",
        )
        upheld = objection_file(
            application=apps["withdrawn"],
            objector_name="王芳",
            objector_id_or_contact="13900002222",
            objector_email="wangfang@example.cn",
            content="工作年限不实",
        )
        objection_investigate(objection=upheld, user=office, investigation="调取社保记录")
        objection_decide(objection=upheld, user=office, upheld=True, outcome="工作年限不足，异议成立")
        for notice in publicity.unit_notices.all():
            staff = notice.organization.staff.first() or user_with_role("recommender")
            notice.organization.staff.add(staff)
            unit_notice_confirm(
                notice=notice, user=staff, posted_on=timezone.localdate(now), place="单位公告栏"
            )
        after_end = timezone.make_aware(
            datetime.datetime.combine(publicity.ends_on, datetime.time(9))
        ) + datetime.timedelta(days=1)
        publicity_close(campaign=campaign, user=office, reason="公示期满", now=after_end)

        # 报批 (第二十二条) → 表彰 (第二十三条)
        final = _grant_list(campaign, office, committee, "沪智组〔2030〕8号")
        campaign_transition(campaign=campaign, action="award", user=office, reason="发文公布")

        # 撤销 (第三十条) while awarded, then archive, then 取消 (第二十九条) at any time
        revoke = revocation_propose(
            honor=apps["revoked"].honor,
            user=office,
            kind="revoke",
            reason="严重违法违规",
            misconduct_on=timezone.localdate(now),
        )
        revocation_record_consent(
            revocation=revoke,
            user=office,
            document_number="沪总工〔2030〕5号",
            consent_on=timezone.localdate(now),
        )
        _vote_all(revoke.decision, committee)
        decision_close(decision=revoke.decision, user=office, document_number="沪智组〔2030〕9号")
        campaign_transition(campaign=campaign, action="archive", user=office)
        cancel = revocation_propose(
            honor=apps["cancelled"].honor, user=office, kind="cancel", reason="提供虚假材料"
        )
        revocation_record_consent(
            revocation=cancel,
            user=office,
            document_number="沪总工〔2031〕1号",
            consent_on=timezone.localdate(now),
        )
        _vote_all(cancel.decision, committee)
        decision_close(decision=cancel.decision, user=office, document_number="沪智组〔2031〕2号")

    for app in apps.values():
        app.refresh_from_db()
    campaign.refresh_from_db()
    assert campaign.phase == P.ARCHIVED and campaign.archived_at is not None
    assert {n: a.state for n, a in apps.items()} == {
        "awarded": S.AWARDED,
        "revoked": S.REVOKED,
        "cancelled": S.CANCELLED,
        "withdrawn": S.WITHDRAWN,
        "nominee": S.NOMINATION_AWARDED,
        "not_rec": S.NOT_RECOMMENDED,
        "not_short": S.NOT_SHORTLISTED,
        "inelig": S.INELIGIBLE,
        "retract": S.RETRACTED,
    }
    # the campaign's log lists every phase in order
    assert list(
        TransitionLog.objects.filter(campaign=campaign, subject="campaign").values_list("to_state", flat=True)
    ) == [
        P.OPEN,
        P.ELIGIBILITY,
        P.MATERIAL_REVIEW,
        P.ONSITE,
        P.COMPOSITE,
        P.PUBLICITY,
        P.APPROVAL,
        P.AWARDED,
        P.ARCHIVED,
    ]
    # each application's log and history tell its story
    assert _story(apps["not_short"]) == [
        "submit",
        "return_for_supplement",
        "resubmit",
        "declare_eligible",
        "not_shortlist",
    ]
    assert _story(apps["revoked"]) == [
        "submit",
        "declare_eligible",
        "shortlist",
        "recommend",
        "grant_title",
        "revoke",
    ]
    assert _story(apps["withdrawn"])[-1] == "withdraw"
    assert _history_states(apps["revoked"]) == [
        S.DRAFT,
        S.SUBMITTED,
        S.ELIGIBLE,
        S.SHORTLISTED,
        S.RECOMMENDED,
        S.AWARDED,
        S.REVOKED,
    ]
    withdraw_log = TransitionLog.objects.get(application=apps["withdrawn"], action="withdraw")
    assert "工作年限不足" in withdraw_log.reason and withdraw_log.actor == office
    assert TransitionLog.objects.get(application=apps["awarded"], action="submit").ip == "10.0.0.1"
    # honors, certificates, recalls and the credit record
    assert final.result == "approved" and final.document_number == "沪智组〔2030〕8号"
    assert apps["awarded"].honor.certificate_number == "ZHGJ-2030-001"
    assert apps["nominee"].honor.kind == Honor.Kind.NOMINATION
    assert apps["revoked"].honor.certificate_recalled_at is not None
    assert Revocation.objects.get(pk=revoke.pk).status == Revocation.Status.APPROVED
    credit = CreditRecord.objects.get()
    assert (credit.person, credit.organization, credit.reason) == (
        apps["cancelled"].person,
        apps["cancelled"].employer,
        cancel.reason + "（组委会决定 沪智组〔2031〕2号）",
    )
    # the original award decision stays visible in history after the revocation
    assert TransitionLog.objects.filter(application=apps["revoked"], action="grant_title").exists()
    assert apps["revoked"].history.filter(state=S.AWARDED).exists()
    # people concerned were told
    assert Notification.objects.filter(user=apps["not_short"].applicant, kind="returned").exists()
    assert Notification.objects.filter(user=apps["awarded"].applicant, kind="awarded").exists()
    assert Notification.objects.filter(user=apps["cancelled"].applicant, kind="cancelled").exists()
    assert any("wangfang@example.cn" in m.to for m in mail.outbox)
    # every decision, honor, revocation, review, objection and panel result the procedure wrote is sealed as it
    # stands (workflow/seals.py): the legitimate path leaves nothing for verify_audit to report
    sealed = [p for p in verify_audit([campaign.pk]) if p.check in SEALED or p.check in ("seal", "anchor")]
    assert sealed == []


def test_pioneer_campaign_with_public_input_walks_every_phase(office, committee):
    campaign = _campaign("pioneer", quota=1, nomination_quota=0, shortlist_size=2, public_input_enabled=True)
    panel = panel_with_experts(campaign, 3)
    now = timezone.now()
    campaign_transition(campaign=campaign, action="open", user=office)
    winner, runner, weak = (complete_application(campaign=campaign) for _ in range(3))
    weak.years_in_management = 1
    weak.save()
    for app in (winner, runner, weak):
        _submit(app)
    campaign_transition(
        campaign=campaign,
        action="close_applications",
        user=office,
        now=campaign.closes_at + datetime.timedelta(hours=1),
    )
    for app in (winner, runner):
        _eligible(app, office)
    eligibility_review_save(application=weak, user=office, **{**ALL_OK, "basic_conditions_ok": False})
    eligibility_decide(application=weak, user=office, eligible=False, reason="管理类工作不足3年")
    assign(panel, winner, runner)
    campaign_transition(campaign=campaign, action="start_material_review", user=office)
    for app in (winner, runner):
        submit_sheets(panel, app, "material")
        application_transition(application=app, action="shortlist", user=office)
    shortlist_confirm(
        panel=panel, user=panel.members.get(is_chair=True).expert, shortlisted_ids=[winner.pk, runner.pk]
    )
    campaign_transition(campaign=campaign, action="start_onsite", user=office)
    for app in (winner, runner):
        submit_sheets(panel, app, "onsite", [100, 110, 120])
    campaign_transition(campaign=campaign, action="start_public_input", user=office)
    PublicVote.objects.create(campaign=campaign, application=winner, voter_key="a" * 64, rating=5)
    campaign.public_input_closes_at = now - datetime.timedelta(minutes=1)
    campaign.save(update_fields=["public_input_closes_at"])
    campaign_transition(campaign=campaign, action="start_composite", user=office)
    ranking(campaign, [(winner, "120"), (runner, "110")])
    application_transition(application=winner, action="recommend", user=office)
    application_transition(application=runner, action="not_recommend", user=office, reason="名额已满")
    _confirm_list(campaign, office, committee)
    publicity = publicity_open(campaign=campaign, user=office, starts_on=timezone.localdate(now))
    notice = publicity.unit_notices.get()
    staff = user_with_role("recommender")
    notice.organization.staff.add(staff)
    unit_notice_confirm(notice=notice, user=staff, posted_on=timezone.localdate(now), place="内网公告")
    after_end = timezone.make_aware(
        datetime.datetime.combine(publicity.ends_on, datetime.time(9))
    ) + datetime.timedelta(days=1)
    publicity_close(campaign=campaign, user=office, now=after_end)
    _grant_list(campaign, office, committee, "沪智组〔2030〕18号")
    campaign_transition(campaign=campaign, action="award", user=office)
    campaign_transition(campaign=campaign, action="archive", user=office)

    campaign.refresh_from_db()
    assert campaign.phase == P.ARCHIVED
    assert [
        a.state for a in Application.objects.filter(pk__in=[winner.pk, runner.pk, weak.pk]).order_by("pk")
    ] == [
        S.AWARDED,
        S.NOT_RECOMMENDED,
        S.INELIGIBLE,
    ]
    assert P.PUBLIC_INPUT in TransitionLog.objects.filter(campaign=campaign).values_list(
        "to_state", flat=True
    )
    assert Honor.objects.get(application=winner).certificate_number == "LJXF-2030-001"
    assert _story(winner) == ["submit", "declare_eligible", "shortlist", "recommend", "grant_title"]


def test_a_self_recommended_pioneer_from_registration_to_the_award(
    office, committee, django_capture_on_commit_callbacks
):
    """个人自荐的领军先锋: registers, names a new employer (the office confirms it, the unit is invited), the
    employer writes 所在单位推荐意见 (附件1 二), and posts the in-unit publicity (第二十一条) at the same time as the
    public list."""
    from awards.services import accounts as account_services
    from awards.services import applications as application_services
    from awards.services import employers as employer_services
    from awards.services import recommenders as recommender_services
    from tests.factories import add_rows_and_files

    campaign = _campaign("pioneer", quota=1, nomination_quota=0, shortlist_size=1, public_input_enabled=False)
    panel = panel_with_experts(campaign, 3)
    campaign_transition(campaign=campaign, action="open", user=office)
    now = timezone.now()

    def password_url(uid, token):
        return f"https://honors.example.cn/accounts/reset/{uid}/{token}/"

    with django_capture_on_commit_callbacks(execute=True):
        # 注册 → 确认邮箱 → 开始申报
        user = account_services.account_register(
            username="leader01",
            email="leader01@example.cn",
            phone="13800001111",
            password="S3cure-pass-2030",
            confirm_url=lambda token: f"https://honors.example.cn/accounts/confirm/{token}/",
        )
        token = mail.outbox[-1].body.split("/accounts/confirm/")[1].split("/")[0]
        user = account_services.account_confirm_email(token=token)
        app = application_services.application_start(campaign=campaign, user=user)
        assert app.employer is None and app.route == Application.Route.SELF

        # the form: a new employer, named by the applicant, with the unit's e-mail for the invitation
        from awards.models import IndustrySubcategory
        from tests.factories import make_resident_id

        fields = dict(
            resident_id=make_resident_id(4242),
            gender="1",
            political_status="13",
            title_level="senior",
            title_name="高级工程师",
            education="21",
            degree="4",
            position="运营总监",
            years_in_industry=12,
            years_in_post=8,
            years_in_management=6,
            union_member=True,
            phone="13800001111",
            unit_address="上海市黄浦区中山东一路1号",
            unit_postcode="200002",
            tech_domain=campaign.award_type.tech_domains.order_by("order").first(),
            industry_subcategory=IndustrySubcategory.objects.filter(is_other=False).first(),
            section_basic="近三年负责全市城市运行管理平台的建设与运营。",
            section_second="爱岗敬业，带头攻关，坚持学习创新。",
            section_third="带领60人团队实现跨部门数据共享，团队获市级荣誉。",
            representative_achievements="城市运行“一网统管”平台（2029年市科技进步一等奖）。",
            integrity_declared=True,
        )
        fields.update(
            name="陈领航",
            employer_name="上海数智城市运营有限公司",
            employer_credit_code="",
            employer_email="hr@shuzhi.example.cn",
        )
        app = application_services.application_save_draft(
            application=app, user=user, fields=fields, password_url=password_url
        )
        add_rows_and_files(app)
        employer = app.employer
        assert employer.needs_confirmation and not employer.staff.exists()

        # the office confirms the unit; the unit gets its account invitation
        employer_services.employer_confirm(organization=employer, user=office, password_url=password_url)
        unit_account = employer.staff.get()
        assert unit_account.email == "hr@shuzhi.example.cn"

        # 所在单位推荐意见 by the employer, then the applicant submits (个人自荐)
        recommender_services.unit_opinion_save(
            application=Application.objects.get(pk=app.pk),
            user=unit_account,
            data={
                "unit_contact": "人力资源部 李老师 021-64001234",
                "unit_opinion": "该同志带领团队建成城市运行“一网统管”平台，申报材料真实。",
                "unit_responsible": "王总",
                "unit_opinion_date": timezone.localdate(now),
            },
        )
        app = Application.objects.get(pk=app.pk)
        _submit(app)

        campaign_transition(
            campaign=campaign,
            action="close_applications",
            user=office,
            now=campaign.closes_at + datetime.timedelta(hours=1),
        )
        _eligible(app, office)
        assign(panel, app)
        campaign_transition(campaign=campaign, action="start_material_review", user=office)
        submit_sheets(panel, app, "material", [110, 112, 114])
        application_transition(application=app, action="shortlist", user=office)
        shortlist_confirm(panel=panel, user=panel.members.get(is_chair=True).expert, shortlisted_ids=[app.pk])
        campaign_transition(campaign=campaign, action="start_onsite", user=office)
        submit_sheets(panel, app, "onsite", [118, 120, 122])
        campaign_transition(campaign=campaign, action="start_composite", user=office)
        ranking(campaign, [(app, "120")])
        application_transition(application=app, action="recommend", user=office)
        _confirm_list(campaign, office, committee)

        # 公示: the employer posts the in-unit publicity on the first day (同时), for the same working days
        publicity = publicity_open(campaign=campaign, user=office, starts_on=timezone.localdate(now))
        notice = publicity.unit_notices.get()
        assert notice.organization == employer
        unit_notice_confirm(
            notice=notice, user=unit_account, posted_on=publicity.starts_on, place="公司内网及一楼公告栏"
        )
        notice.refresh_from_db()
        assert not notice.late and unit_notice_runs_until(notice) == publicity.ends_on
        after_end = timezone.make_aware(
            datetime.datetime.combine(publicity.ends_on, datetime.time(9))
        ) + datetime.timedelta(days=1)
        publicity_close(campaign=campaign, user=office, now=after_end)
        _grant_list(campaign, office, committee, "沪智组〔2030〕28号")
        campaign_transition(campaign=campaign, action="award", user=office)

    app.refresh_from_db()
    assert app.state == S.AWARDED and app.route == Application.Route.SELF
    assert app.employer == employer and app.unit_name == "上海数智城市运营有限公司"
    assert app.unit_opinion_by == unit_account
    assert app.honor.certificate_number == "LJXF-2030-001"
    invitations = [
        m for m in mail.outbox if m.to == ["hr@shuzhi.example.cn"] and "/accounts/reset/" in m.body
    ]
    assert len(invitations) == 1
    assert _story(app) == [
        "submit",
        "declare_eligible",
        "shortlist",
        "recommend",
        "grant_title",
    ]
