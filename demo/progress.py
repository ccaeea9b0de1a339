"""Move a demo campaign to its target phase through the procedure table (workflow.services.transitions),
recording on the way what each guard asks for: panels, eligibility checklists, score sheets, panel results,
the composite ranking, committee decisions, publicity and in-unit notices."""

import datetime

from django.utils import timezone

from awards.models import Application, Campaign
from demo.campaigns import PHASE_ORDER, CampaignPlan, at
from demo.scores import cast_public_votes, compute_results, score_stage, write_opinions
from demo.world import applicant_rows, create_application
from scoring.models import Panel, PanelAssignment, PanelMember
from scoring.services.ranking import compute_ranking
from scoring.services.shortlist import panel_shortlist_state, shortlist_confirm
from workflow.models import CommitteeDecision, CommitteeVote, Publicity, UnitNotice
from workflow.services.committee import decision_close, decision_open, decision_vote
from workflow.services.eligibility import eligibility_decide, eligibility_review_save, supplement_request
from workflow.services.objections import objection_decide, objection_file, objection_investigate
from workflow.services.publicity import publicity_close, publicity_open, unit_notice_confirm
from workflow.services.transitions import application_transition, campaign_transition

P = Campaign.Phase
S = Application.State


def reached(plan: CampaignPlan, phase: str) -> bool:
    return PHASE_ORDER.index(plan.target) >= PHASE_ORDER.index(phase)


def create_panels(campaign: Campaign, index: int, users) -> list[Panel]:
    """Two panels of five experts; expert1 chairs the first panel of every campaign."""
    pool = [f"expert{i}" for i in range(2, 21)]
    shift = (index * 3) % len(pool)
    pool = pool[shift:] + pool[:shift]
    domains = list(campaign.award_type.tech_domains.order_by("order"))
    groups = [(["expert1", *pool[:4]], domains[:3]), (pool[4:9], domains[3:])]
    panels = []
    for n, (members, panel_domains) in enumerate(groups, start=1):
        panel = Panel.objects.create(
            campaign=campaign, name=f"第{'一二'[n - 1]}评议组（{'、'.join(d.name for d in panel_domains)}）"
        )
        panel.tech_domains.set(panel_domains)
        for i, username in enumerate(members):
            PanelMember.objects.create(panel=panel, expert=users[username], is_chair=i == 0)
        panels.append(panel)
    return panels


def _submit(app: Application, users, when) -> None:
    actor = app.applicant
    if app.route == Application.Route.UNIT and app.recommender_id:
        actor = app.recommender.staff.order_by("id").first() or actor
    application_transition(application=app, action="submit", user=actor, now=when)


def _return(app: Application, office, when, reason: str) -> None:
    supplement_request(
        application=app, user=office, message=reason, deadline=(when + datetime.timedelta(days=10)).date()
    )


def _review(app: Application, office, ok: bool) -> None:
    eligibility_review_save(
        application=app,
        user=office,
        basic_conditions_ok=ok,
        complete_ok=True,
        authentic_ok=True,
        person_credit_ok=True,
        unit_credit_ok=True,
        notes="经审查，申报人符合基本条件，材料完整、真实，信用良好。"
        if ok
        else "申报人在现岗位或相似岗位工作年限不足5年，不符合第十二条规定。",
    )


def _decide(campaign, kind, office, committee, when, *, votes: int = 5, close: bool = True) -> None:
    """A matter put to the committee, voted and (with `close`) closed; closing an approved final list grants
    the honors through the procedure's system rows (workflow.services.committee)."""
    final = kind == CommitteeDecision.Kind.FINAL_LIST
    rules = kind == CommitteeDecision.Kind.RULES
    summaries = {
        CommitteeDecision.Kind.FINAL_LIST: "公示期满，异议已处理完毕，提请组委会决定荣誉称号获得者名单。",
        CommitteeDecision.Kind.RULES: "提请组委会审议本届评议规则（权重、最低分、名额、入围人数、公众评价权重）。",
    }
    decision = decision_open(
        campaign=campaign,
        user=office,
        kind=kind,
        summary=summaries.get(kind, "提请组委会审核确认综合评价形成的建议名单和提名名单。"),
    )
    for member in committee[:votes]:
        decision_vote(
            decision=decision,
            user=member,
            choice=CommitteeVote.Choice.APPROVE,
            comment="同意，名单符合办法规定的程序和名额。" if member == committee[0] else "同意。",
        )
    if close:
        decision_close(
            decision=decision,
            user=office,
            document_number=f"沪智城组〔{campaign.year}〕{3 if final else 1 if rules else 2}号",
            decided_on=timezone.localdate(when),
            now=when,
        )


def build_campaign(campaign: Campaign, plan: CampaignPlan, index: int, users, orgs, now) -> None:
    office = users["office"]
    committee = [users[f"committee{i}"] for i in range(1, 6)]
    create_panels(campaign, index, users)
    if plan.target == P.DRAFT:
        return
    _decide(campaign, CommitteeDecision.Kind.RULES, office, committee, campaign.opens_at)  # 第八条（二）
    campaign.refresh_from_db()
    campaign_transition(campaign=campaign, action="open", user=office, now=campaign.opens_at)

    rows = {number: row for number, row, _award in applicant_rows()}
    y = campaign.year
    current = plan.target == P.OPEN
    apps = []
    for k, number in enumerate(plan.applicants):
        when = now - datetime.timedelta(days=10 - k) if current else at(y, 4, 8 + k)
        row = rows[number]
        short_post = number in plan.ineligible
        apps.append(
            create_application(
                campaign=campaign,
                number=number,
                row=row,
                users=users,
                orgs=orgs,
                route=plan.routes.get(number, Application.Route.SELF),
                applied_on=when.date(),
                years_in_post=3
                if short_post
                else (row[14] + (2 if current else 0) if number == 20 else None),
            )
        )
    if current:
        # 21, 22 submitted; 23 returned for supplement; 24 and the re-applicant 20 still drafting.
        for app, k in zip(apps[:3], range(3), strict=True):
            _submit(app, users, now - datetime.timedelta(days=8 - k))
        _return(
            apps[2],
            office,
            now - datetime.timedelta(days=2),
            "证实性材料中专利证书复印件不清晰，请重新扫描上传，并补充近三年主要项目的验收证明。",
        )
        return
    for k, app in enumerate(apps):
        _submit(app, users, at(y, 4, 20 + k))

    campaign_transition(campaign=campaign, action="close_applications", user=office, now=at(y, 5, 6))
    if plan.target == P.ELIGIBILITY:
        # Two decided, one returned for supplement, one still to be reviewed.
        for app in apps[:2]:
            _review(app, office, ok=True)
            eligibility_decide(application=app, user=office, eligible=True)
        _return(apps[2], office, at(y, 5, 16), "请补充单位出具的现岗位工作年限证明。")
        _review(apps[3], office, ok=False)
        return
    for app in apps:
        ok = app.applicant.username.removeprefix("applicant") not in {str(n) for n in plan.ineligible}
        _review(app, office, ok=ok)
        eligibility_decide(
            application=app,
            user=office,
            eligible=ok,
            reason="" if ok else "在现岗位或相似岗位工作年限不足5年，不符合第十二条规定的基本条件。",
        )
    _assign_panels(campaign, split=plan.split_panels)
    campaign_transition(campaign=campaign, action="start_material_review", user=office, now=at(y, 5, 20))

    material_states = [S.ELIGIBLE]
    if plan.target == P.MATERIAL_REVIEW:
        score_stage(
            campaign=campaign, stage="material", states=material_states, when=at(y, 6, 5), complete=False
        )
        return
    score_stage(
        campaign=campaign, stage="material", states=material_states, when=at(y, 6, 5), bias=plan.panel_bias
    )
    compute_results(campaign=campaign, stage="material")
    _shortlist(campaign, office, at(y, 6, 10))
    _chairs_confirm_shortlist(campaign)
    write_opinions(campaign=campaign, stage="material", recommended_states=[S.SHORTLISTED])
    campaign_transition(campaign=campaign, action="start_onsite", user=office, now=at(y, 6, 12))
    _schedule_onsite(campaign, datetime.date(y, 7, 6))

    if plan.target == P.ONSITE:
        score_stage(
            campaign=campaign, stage="onsite", states=[S.SHORTLISTED], when=at(y, 7, 6), complete=False
        )
        return
    score_stage(
        campaign=campaign, stage="onsite", states=[S.SHORTLISTED], when=at(y, 7, 6), bias=plan.panel_bias
    )
    compute_results(campaign=campaign, stage="onsite")
    if campaign.public_input_enabled:
        when = now if plan.target == P.PUBLIC_INPUT else at(y, 7, 10, 9)
        campaign_transition(campaign=campaign, action="start_public_input", user=office, now=when)
        if plan.target == P.PUBLIC_INPUT:
            cast_public_votes(campaign=campaign, fraction=0.4, suspicious=True)
            return
        cast_public_votes(campaign=campaign)
    campaign_transition(campaign=campaign, action="start_composite", user=office, now=at(y, 7, 28))
    _rank_and_list(campaign, office, at(y, 8, 5))
    write_opinions(campaign=campaign, stage="onsite", recommended_states=[S.RECOMMENDED, S.NOMINATED])
    if plan.target == P.COMPOSITE:
        _decide(
            campaign,
            CommitteeDecision.Kind.CONFIRM_RECOMMENDED,
            office,
            committee,
            now,
            votes=2,
            close=False,
        )
        return
    _decide(campaign, CommitteeDecision.Kind.CONFIRM_RECOMMENDED, office, committee, at(y, 8, 20))

    publicity_now = now if plan.target == P.PUBLICITY else at(y, 9, 1, 9)
    _open_publicity(campaign, office, publicity_now)
    if plan.target == P.PUBLICITY:
        _confirm_notices(campaign, users, publicity_now, all_of_them=False)
        _objection(campaign, publicity_now, resolved=False, office=office)
        return
    _confirm_notices(campaign, users, publicity_now, all_of_them=True)
    _objection(campaign, publicity_now, resolved=True, office=office)
    ends_on = Publicity.objects.get(campaign=campaign).ends_on
    after = timezone.make_aware(
        datetime.datetime.combine(ends_on + datetime.timedelta(days=3), datetime.time(10))
    )
    publicity_close(campaign=campaign, user=office, now=after)
    if plan.target == P.APPROVAL:
        _decide(campaign, CommitteeDecision.Kind.FINAL_LIST, office, committee, now, votes=3, close=False)
        return
    decided = after + datetime.timedelta(days=14)
    _decide(campaign, CommitteeDecision.Kind.FINAL_LIST, office, committee, decided)
    campaign_transition(campaign=campaign, action="award", user=office, now=decided)
    if plan.target == P.AWARDED:
        return
    campaign_transition(campaign=campaign, action="archive", user=office, now=at(y + 1, 3, 1))


def _assign_panels(campaign: Campaign, split: bool = False) -> None:
    """By technical domain; `split`: alternately, as the office may override (both panels then rank some)."""
    panels = list(campaign.panels.prefetch_related("tech_domains").order_by("id"))
    for i, app in enumerate(campaign.applications.filter(state=S.ELIGIBLE).order_by("id")):
        panel = next((p for p in panels if app.tech_domain in p.tech_domains.all()), panels[0])
        if split:
            panel = panels[i % len(panels)]
        PanelAssignment.objects.create(panel=panel, application=app)


def _shortlist(campaign: Campaign, office, when) -> None:
    """入围: the best material-review scores up to the shortlist size."""
    eligible = sorted(
        campaign.applications.filter(state=S.ELIGIBLE).prefetch_related("panel_results"),
        key=lambda a: -max(r.score for r in a.panel_results.all() if r.stage == "material"),
    )
    for i, app in enumerate(eligible):
        action = "shortlist" if i < campaign.shortlist_size else "not_shortlist"
        application_transition(application=app, action=action, user=office, now=when)


def _chairs_confirm_shortlist(campaign: Campaign) -> None:
    """第十七条: each panel's chair confirms the shortlist the office prepared."""
    for panel in campaign.panels.order_by("id"):
        chair = panel.members.filter(is_chair=True).first()
        _apps, prepared, _undecided = panel_shortlist_state(panel)
        if chair and _apps:
            shortlist_confirm(panel=panel, user=chair.expert, shortlisted_ids=prepared)


def _schedule_onsite(campaign: Campaign, day: datetime.date) -> None:
    for order, assignment in enumerate(
        PanelAssignment.objects.filter(
            application__campaign=campaign, application__state=S.SHORTLISTED
        ).order_by("panel_id", "application_id"),
        start=1,
    ):
        assignment.onsite_date = day
        assignment.onsite_room = f"市智慧城市展示中心 第{assignment.panel.name[1]}会议室"
        assignment.onsite_order = order
        assignment.onsite_slot = f"{8 + order}:00–{8 + order}:30"
        assignment.save()


def _rank_and_list(campaign: Campaign, office, when):
    """综合评价: the composite ranking (scoring.ranking) and the lists in ranking order."""
    ranking = compute_ranking(campaign=campaign, user=office)
    entries = list(ranking.entries.select_related("application").order_by("rank", "id"))
    for outcome, action in (("recommended", "recommend"), ("nominated", "nominate")):
        for entry in entries:
            if entry.outcome == outcome:
                application_transition(application=entry.application, action=action, user=office, now=when)
    for entry in entries:
        entry.application.refresh_from_db()
        if entry.application.state == S.SHORTLISTED:
            application_transition(
                application=entry.application,
                action="not_recommend",
                user=office,
                reason=f"综合排名第{entry.rank}位，未进入建议名单和提名名单。",
                now=when,
            )
    return ranking


def _open_publicity(campaign: Campaign, office, when) -> None:
    publicity_open(
        campaign=campaign,
        user=office,
        starts_on=timezone.localdate(when),
        notice_text=(
            f"经专家评议、综合评价和组委会审核，现将{campaign.title}建议名单予以公示。公示期间，"
            "任何单位和个人如有异议，可实名向组委会办公室反映。"
        ),
        now=when,
    )


def _confirm_notices(campaign: Campaign, users, when, *, all_of_them: bool) -> None:
    """单位内部公示: a unit with a recommender account confirms itself; for a unit without one the office records
    the confirmation it received on paper."""
    publicity = Publicity.objects.get(campaign=campaign)
    notices = list(UnitNotice.objects.filter(publicity=publicity).select_related("organization"))
    for i, notice in enumerate(notices):
        if not all_of_them and i % 2:
            continue
        staff = notice.organization.staff.order_by("id").first()
        posted_on = publicity.starts_on
        unit_notice_confirm(
            notice=notice,
            user=staff if staff is not None else users["office"],
            posted_on=posted_on,
            place="单位公告栏及内部办公系统" if staff is not None else "单位公告栏（书面回执由办公室录入）",
            now=max(when, timezone.make_aware(datetime.datetime.combine(posted_on, datetime.time(16)))),
        )


def _objection(campaign: Campaign, when, *, resolved: bool, office) -> None:
    app = campaign.applications.filter(state__in=[S.RECOMMENDED, S.NOMINATED]).order_by("number").last()
    if app is None:
        return
    objection = objection_file(
        application=app,
        objector_name="杨先生",
        objector_id_or_contact="13900001234",
        objector_phone="13900001234",
        content=f"反映申报人{app.name}申报材料中所列代表性成果系团队完成，个人贡献表述可能夸大。",
        now=when,
    )
    if not resolved:
        objection_investigate(
            objection=objection, user=office, investigation="已向申报人所在单位发函核实，等待书面回复。"
        )
        return
    objection_decide(
        objection=objection,
        user=office,
        upheld=False,
        investigation="办公室调阅项目验收资料并向申报人所在单位书面核实，申报人为项目技术负责人，材料属实。",
        outcome="经调查，异议不成立，已告知异议人。",
        now=when + datetime.timedelta(days=2),
    )
