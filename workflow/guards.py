"""Guards of the procedure table: each one is a rule of the regulation; it returns nothing or raises
`TransitionRefused` with a message that names the rule (第X条) in the user's language."""

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _

from awards.models import Application, Campaign
from workflow.errors import TransitionRefused

S = Application.State


@dataclass
class Context:
    campaign: Campaign
    user: Any
    application: Application | None = None
    reason: str = ""
    now: datetime = field(default_factory=timezone.now)
    extra: dict = field(default_factory=dict)


def refuse(message: str, rule: str) -> None:
    raise TransitionRefused(message, rule=rule)


# --- campaign -------------------------------------------------------------------------------------------------


def campaign_is_set_up(ctx: Context) -> None:
    c = ctx.campaign
    missing = []
    if not c.opens_at or not c.closes_at:
        missing.append(_("申报起止时间"))
    if not c.quota:
        missing.append(_("名额"))
    if not c.panels.exists():
        missing.append(_("专家评议组"))
    if missing:
        refuse(_("第十四条：发布申报通知前须设定：%(items)s。") % {"items": "、".join(missing)}, "第十四条")
    if c.opens_at and c.closes_at and c.closes_at <= c.opens_at:
        refuse(_("第十四条：申报截止时间须晚于开始时间。"), "第十四条")


def deadline_passed(ctx: Context) -> None:
    if ctx.campaign.closes_at and ctx.now < ctx.campaign.closes_at:
        refuse(
            _("第十四条：申报截止时间（%(deadline)s）未到，不能结束申报。")
            % {"deadline": timezone.localtime(ctx.campaign.closes_at).strftime("%Y-%m-%d %H:%M")},
            "第十四条",
        )


def every_submitted_application_decided(ctx: Context) -> None:
    open_count = ctx.campaign.applications.filter(state__in=[S.SUBMITTED, S.RETURNED]).count()
    if open_count:
        refuse(
            _("第十六条：还有 %(n)s 份申报未作出资格审查结论（含退回补正中的申报）。") % {"n": open_count},
            "第十六条",
        )


def panels_cover_eligible(ctx: Context) -> None:
    from scoring.models import PanelAssignment

    eligible = ctx.campaign.applications.filter(state=S.ELIGIBLE)
    unassigned = eligible.exclude(pk__in=PanelAssignment.objects.values("application_id")).count()
    if unassigned:
        refuse(_("第十条：还有 %(n)s 份合格申报未分配专家评议组。") % {"n": unassigned}, "第十条")


def _open_sheets(ctx: Context, stage: str) -> int:
    from scoring.models import ConflictOfInterest, PanelAssignment, PanelMember, ScoreSheet

    states = [S.ELIGIBLE, S.SHORTLISTED, S.NOT_SHORTLISTED] if stage == "material" else [S.SHORTLISTED]
    assignments = PanelAssignment.objects.filter(
        application__campaign=ctx.campaign, application__state__in=states
    )
    members = {}
    for m in PanelMember.objects.filter(panel__campaign=ctx.campaign).values_list("panel_id", "expert_id"):
        members.setdefault(m[0], set()).add(m[1])
    conflicts = set(
        ConflictOfInterest.objects.filter(application__campaign=ctx.campaign).values_list(
            "expert_id", "application_id"
        )
    )
    submitted = set(
        ScoreSheet.objects.filter(
            application__campaign=ctx.campaign, stage=stage, state=ScoreSheet.State.SUBMITTED
        ).values_list("expert_id", "application_id")
    )
    missing = 0
    for a in assignments.values_list("panel_id", "application_id"):
        for expert_id in members.get(a[0], ()):
            if (expert_id, a[1]) not in conflicts and (expert_id, a[1]) not in submitted:
                missing += 1
    return missing


def every_sheet_submitted(ctx: Context) -> None:
    stage = "material" if ctx.campaign.phase == Campaign.Phase.MATERIAL_REVIEW else "onsite"
    if ctx.campaign.phase == Campaign.Phase.PUBLIC_INPUT:
        return
    missing = _open_sheets(ctx, stage)
    if missing:
        article = "第十七条" if stage == "material" else "第十八条"
        refuse(_("%(article)s：还有 %(n)s 张评分表未提交。") % {"article": article, "n": missing}, article)


def shortlist_fixed(ctx: Context) -> None:
    left = ctx.campaign.applications.filter(state=S.ELIGIBLE).count()
    if left:
        refuse(_("第十七条：还有 %(n)s 份合格申报未确定是否入围。") % {"n": left}, "第十七条")
    if not ctx.campaign.applications.filter(state=S.SHORTLISTED).exists():
        refuse(_("第十七条：入围者名单为空。"), "第十七条")


def public_input_enabled(ctx: Context) -> None:
    if not ctx.campaign.public_input_enabled:
        refuse(_("第十九条：本活动方案未安排公众评价。"), "第十九条")


def public_input_done(ctx: Context) -> None:
    c = ctx.campaign
    if c.public_input_enabled and c.phase == Campaign.Phase.ONSITE:
        refuse(_("第十九条：本活动方案安排了公众评价，须先开展公众评价。"), "第十九条")
    if (
        c.phase == Campaign.Phase.PUBLIC_INPUT
        and c.public_input_closes_at
        and ctx.now < c.public_input_closes_at
    ):
        refuse(_("第十九条：公众评价尚未结束。"), "第十九条")


def ranking_computed(ctx: Context) -> None:
    if not ctx.campaign.rankings.filter(is_current=True).exists():
        refuse(_("第二十条：尚未形成综合评价结果（排名）。"), "第二十条")


def recommended_list_within_rules(ctx: Context) -> None:
    c = ctx.campaign
    recommended = c.applications.filter(state=S.RECOMMENDED).count()
    nominated = c.applications.filter(state=S.NOMINATED).count()
    if recommended > c.quota:
        refuse(
            _("第三条：建议名单 %(n)s 人，超过名额 %(q)s 人。") % {"n": recommended, "q": c.quota}, "第三条"
        )
    if nominated > c.nomination_quota:
        refuse(
            _("第三条：提名名单 %(n)s 人，超过提名名额 %(q)s 人。")
            % {"n": nominated, "q": c.nomination_quota},
            "第三条",
        )
    if c.applications.filter(state=S.SHORTLISTED).exists():
        refuse(_("第二十条：还有入围者未确定是否列入名单。"), "第二十条")


def current_list(campaign: Campaign) -> list[list]:
    """The recommended and nominated applications as [[id, state], …] — what the committee votes on."""
    rows = campaign.applications.filter(state__in=[S.RECOMMENDED, S.NOMINATED]).values_list("pk", "state")
    return sorted([pk, state] for pk, state in rows)


def list_not_under_vote(ctx: Context) -> None:
    """第二十、二十二条: while the committee votes on the list, the list does not change."""
    from workflow.models import CommitteeDecision

    if ctx.campaign.committee_decisions.filter(
        kind__in=[CommitteeDecision.Kind.CONFIRM_RECOMMENDED, CommitteeDecision.Kind.FINAL_LIST],
        result=CommitteeDecision.Result.PENDING,
    ).exists():
        refuse(_("第二十条：组委会正在对名单表决，表决结束前名单不能变动。"), "第二十条")


def committee_confirmed_recommended(ctx: Context) -> None:
    """第二十条: the committee confirmed the list as it stands now (a later change needs a new confirmation)."""
    from workflow.models import CommitteeDecision

    decision = (
        CommitteeDecision.objects.filter(
            campaign=ctx.campaign,
            kind=CommitteeDecision.Kind.CONFIRM_RECOMMENDED,
            result=CommitteeDecision.Result.APPROVED,
        )
        .order_by("-closed_at", "-pk")
        .first()
    )
    if decision is None:
        refuse(_("第二十条：组委会尚未审核确认建议名单。"), "第二十条")
    if decision.listed != current_list(ctx.campaign):
        refuse(_("第二十条：建议名单在组委会确认后有变动，须重新提请组委会确认。"), "第二十条")


def publicity_start_valid(ctx: Context) -> None:
    """第二十一条: the office gives the first day of publicity; it cannot lie in the past."""
    starts_on = ctx.extra.get("starts_on")
    if starts_on is None:
        refuse(_("第二十一条：请指定公示开始日期。"), "第二十一条")
    if starts_on < timezone.localdate(ctx.now):
        refuse(
            _("第二十一条：公示开始日期 %(start)s 早于今天，不能补开公示。")
            % {"start": starts_on.isoformat()},
            "第二十一条",
        )
    if hasattr(ctx.campaign, "publicity"):
        refuse(_("第二十一条：本活动已经公示过。"), "第二十一条")


def publicity_period_elapsed(ctx: Context) -> None:
    publicity = getattr(ctx.campaign, "publicity", None)
    if publicity is None:
        refuse(_("第二十一条：尚未公示。"), "第二十一条")
    today = timezone.localdate(ctx.now)
    if today <= publicity.ends_on:
        refuse(
            _("第二十一条：公示期至 %(end)s 结束（不少于 %(n)s 个工作日），期满前不能结束公示。")
            % {"end": publicity.ends_on.isoformat(), "n": ctx.campaign.publicity_working_days},
            "第二十一条",
        )


def unit_notices_confirmed(ctx: Context) -> None:
    publicity = getattr(ctx.campaign, "publicity", None)
    if publicity is None:
        return
    pending = publicity.unit_notices.filter(confirmed_at__isnull=True).count()
    if pending:
        refuse(_("第二十一条：还有 %(n)s 个申报人单位未确认内部公示。") % {"n": pending}, "第二十一条")


def objections_resolved(ctx: Context) -> None:
    from workflow.models import Objection

    pending = ctx.campaign.objections.filter(
        status__in=[Objection.Status.RECEIVED, Objection.Status.INVESTIGATING]
    ).count()
    if pending:
        refuse(_("第二十一条：还有 %(n)s 件异议未处理完毕。") % {"n": pending}, "第二十一条")


def committee_decided_final_list(ctx: Context) -> None:
    from workflow.models import CommitteeDecision

    decision = (
        CommitteeDecision.objects.filter(
            campaign=ctx.campaign,
            kind=CommitteeDecision.Kind.FINAL_LIST,
            result=CommitteeDecision.Result.APPROVED,
        )
        .order_by("-closed_at", "-pk")
        .first()
    )
    if decision is None:
        refuse(_("第二十二条：组委会尚未决定荣誉称号名单。"), "第二十二条")


def final_list_applications_decided(ctx: Context) -> None:
    """第二十三条: everyone on the list has been granted (or taken off it) before the list is published."""
    left = ctx.campaign.applications.filter(state__in=[S.RECOMMENDED, S.NOMINATED]).count()
    if left:
        refuse(
            _("第二十二条：还有 %(n)s 人在名单上但尚未按组委会决定授予或不予授予。") % {"n": left},
            "第二十二条",
        )


def no_pending_decision(ctx: Context) -> None:
    """A phase cannot be left while a committee vote of the campaign is still open."""
    from workflow.models import CommitteeDecision

    pending = ctx.campaign.committee_decisions.filter(result=CommitteeDecision.Result.PENDING)
    pending = pending.exclude(kind=CommitteeDecision.Kind.REVOCATION).count()
    if pending:
        refuse(_("第八条：还有 %(n)s 项组委会表决尚未结束。") % {"n": pending}, "第八条")


def certificates_issued(ctx: Context) -> None:
    from workflow.models import Honor

    awarded = ctx.campaign.applications.filter(state__in=[S.AWARDED, S.NOMINATION_AWARDED]).count()
    issued = Honor.objects.filter(application__campaign=ctx.campaign).count()
    if awarded > issued:
        refuse(_("第二十三条：还有 %(n)s 人的荣誉证书未颁发。") % {"n": awarded - issued}, "第二十三条")


# --- application ----------------------------------------------------------------------------------------------


def actor_owns(ctx: Context) -> None:
    if ctx.application.applicant_id != getattr(ctx.user, "pk", None):
        refuse(_("只有申报人本人可以进行此操作。"), "第十四条")


def actor_owns_or_recommends(ctx: Context) -> None:
    app = ctx.application
    if app.applicant_id == getattr(ctx.user, "pk", None):
        return
    if app.recommender_id and app.recommender.staff.filter(pk=ctx.user.pk).exists():
        return
    refuse(_("只有申报人本人或其推荐机构可以提交此申报。"), "第十五条")


def before_deadline(ctx: Context) -> None:
    c = ctx.campaign
    if c.closes_at and ctx.now >= c.closes_at:
        refuse(
            _("第十四条：申报已于 %(deadline)s 截止。")
            % {"deadline": timezone.localtime(c.closes_at).strftime("%Y-%m-%d %H:%M")},
            "第十四条",
        )
    if c.opens_at and ctx.now < c.opens_at:
        refuse(_("第十四条：申报尚未开始。"), "第十四条")


def application_complete(ctx: Context) -> None:
    from awards.completeness import missing_items

    problems = missing_items(ctx.application)
    if problems:
        refuse(
            _("申报表不完整，不能提交：%(items)s") % {"items": "；".join(str(p.message) for p in problems)},
            "第十四条",
        )


def not_banned(ctx: Context) -> None:
    """第十三条: a person who received this honor may not apply again within N years."""
    from workflow.models import Honor

    app = ctx.application
    award_type = ctx.campaign.award_type
    since_year = ctx.campaign.year - award_type.reapply_ban_years
    earlier = (
        Honor.objects.filter(
            application__resident_id=app.resident_id,
            application__campaign__award_type=award_type,
            application__campaign__year__gt=since_year,
            kind=Honor.Kind.TITLE,
        )
        .exclude(application__state__in=[S.REVOKED, S.CANCELLED])
        .select_related("application__campaign")
        .first()
    )
    if app.resident_id and earlier:
        refuse(
            _("第十三条：申报人已于 %(year)s 年获得“%(honor)s”荣誉称号，%(n)s 年内不得重复申报。")
            % {
                "year": earlier.application.campaign.year,
                "honor": award_type.name,
                "n": award_type.reapply_ban_years,
            },
            "第十三条",
        )


def one_honor_per_year(ctx: Context) -> None:
    """领军先锋 三: not both honors in one year; no switching after submission (a retracted application to
    the other honor still counts: the person has chosen). In the same campaign one live application only."""
    app = ctx.application
    if not app.resident_id:
        return
    others = (
        Application.objects.filter(resident_id__iexact=app.resident_id, campaign__year=ctx.campaign.year)
        .exclude(pk=app.pk)
        .exclude(state=S.DRAFT)
        .select_related("campaign__award_type")
    )
    same = others.filter(campaign=ctx.campaign).exclude(state=S.RETRACTED).first()
    if same:
        refuse(
            _("第十四条：申报人在本届活动中已有一份申报（%(state)s），不能重复申报。")
            % {"state": same.get_state_display()},
            "第十四条",
        )
    other = others.exclude(campaign=ctx.campaign).first()
    if other:
        refuse(
            _("领军先锋评选办法三：同一年度不能同时申报两项荣誉，申报人已申报“%(honor)s”。")
            % {"honor": other.campaign.award_type.name},
            "领军先锋办法三",
        )


def recommender_confirmed(ctx: Context) -> None:
    app = ctx.application
    if app.route != Application.Route.SELF:
        if not app.recommender_id:
            refuse(_("第十五条：单位推荐须指定推荐机构。"), "第十五条")
        if not app.recommender_confirmed_at:
            refuse(_("第十五条：推荐机构“%(org)s”尚未确认推荐。") % {"org": app.recommender.name}, "第十五条")


def unit_opinion_given(ctx: Context) -> None:
    app = ctx.application
    if ctx.campaign.award_type.requires_unit_opinion and not (
        app.unit_opinion.strip()
        and app.unit_responsible.strip()
        and app.unit_opinion_date
        and app.unit_contact.strip()
    ):
        refuse(_("领军先锋申报表二：所在单位尚未填写推荐意见，不能提交。"), "领军先锋附件1")


def _checklist_labels() -> dict:
    return {
        "basic_conditions_ok": _("基本条件"),
        "complete_ok": _("材料完整性"),
        "authentic_ok": _("材料真实性"),
        "person_credit_ok": _("个人信用"),
        "unit_credit_ok": _("单位信用"),
    }


def _review(ctx: Context):
    from workflow.models import EligibilityReview

    review = EligibilityReview.objects.filter(application=ctx.application).first()
    if review is None:
        refuse(_("第十六条：尚未填写资格审查清单。"), "第十六条")
    return review


def eligibility_checklist_recorded(ctx: Context) -> None:
    """第十六条: an ineligibility decision also records every check, and at least one of them failed."""
    review = _review(ctx)
    labels = _checklist_labels()
    unanswered = [str(label) for name, label in labels.items() if getattr(review, name) is None]
    if unanswered:
        refuse(
            _("第十六条：以下审查项尚未给出结论：%(items)s。") % {"items": "、".join(unanswered)}, "第十六条"
        )


def department_opinion_recorded(ctx: Context) -> None:
    """第十六条: when the office asked a department in writing, its written opinion is recorded first."""
    from workflow.models import EligibilityReview

    review = EligibilityReview.objects.filter(application=ctx.application).first()
    if review and review.department_consulted and not review.department_opinion.strip():
        refuse(
            _("第十六条：已书面征求“%(dept)s”意见，须记录其书面意见后再作结论。")
            % {"dept": review.department_consulted},
            "第十六条",
        )


def eligibility_checklist_passed(ctx: Context) -> None:
    review = _review(ctx)
    labels = _checklist_labels()
    not_ok = [str(label) for name, label in labels.items() if getattr(review, name) is not True]
    if not_ok:
        refuse(_("第十六条：以下审查项未确认合格：%(items)s。") % {"items": "、".join(not_ok)}, "第十六条")


def meets_thresholds(ctx: Context) -> None:
    from awards.eligibility import threshold_problems

    problems = threshold_problems(ctx.application)
    if problems:
        refuse("；".join(problems), "第十二条")


def material_review_scored(ctx: Context) -> None:
    from scoring.models import PanelResult

    if not PanelResult.objects.filter(application=ctx.application, stage="material").exists():
        refuse(_("第十七条：该申报尚无材料评议结果。"), "第十七条")


def shortlist_has_room(ctx: Context) -> None:
    c = ctx.campaign
    if c.applications.filter(state=S.SHORTLISTED).count() >= c.shortlist_size:
        refuse(_("第十七条：入围人数已达 %(n)s 人的上限。") % {"n": c.shortlist_size}, "第十七条")


def _current_entry(ctx: Context):
    ranking = ctx.campaign.rankings.filter(is_current=True).first()
    if ranking is None:
        refuse(_("第二十条：尚未形成综合评价结果（排名）。"), "第二十条")
    entry = ranking.entries.filter(application=ctx.application).first()
    if entry is None:
        refuse(_("第二十条：该申报不在综合排名中。"), "第二十条")
    return entry


def ranked_within_quota(ctx: Context) -> None:
    c = ctx.campaign
    entry = _current_entry(ctx)
    if entry.composite < c.min_composite_score:
        refuse(
            _("第四条（宁缺毋滥）：综合得分 %(score)s 低于最低分 %(min)s。")
            % {"score": entry.composite, "min": c.min_composite_score},
            "第四条",
        )
    if c.applications.filter(state=S.RECOMMENDED).count() >= c.quota:
        refuse(_("第三条：建议名单已达名额 %(q)s 人。") % {"q": c.quota}, "第三条")


def ranked_in_order(ctx: Context) -> None:
    """第二十条: the lists follow the composite ranking — a better-ranked finalist is decided first."""
    entry = _current_entry(ctx)
    better = (
        entry.ranking.entries.filter(rank__lt=entry.rank, application__state=S.SHORTLISTED)
        .select_related("application")
        .order_by("rank")
        .first()
    )
    if better:
        refuse(
            _("第二十条：排名第 %(rank)s 位的“%(name)s”尚未确定，须按综合排名顺序确定名单。")
            % {"rank": better.rank, "name": better.application.name},
            "第二十条",
        )


def no_nominations_yet(ctx: Context) -> None:
    """第三条: nominations come after the recommended list; once one is nominated, the list is closed."""
    if ctx.campaign.applications.filter(state=S.NOMINATED).exists():
        refuse(_("第三条：已开始确定提名名单，建议名单不能再增加。"), "第三条")


def recommended_list_complete(ctx: Context) -> None:
    """第三条: nominations come after the recommended list is complete (full, or nobody else qualifies)."""
    c = ctx.campaign
    if c.applications.filter(state=S.RECOMMENDED).count() >= c.quota:
        return
    ranking = c.rankings.filter(is_current=True).first()
    waiting = ranking.entries.filter(
        application__state=S.SHORTLISTED, composite__gte=c.min_composite_score
    ).exclude(application=ctx.application)
    if waiting.exists():
        refuse(_("第三条：建议名单尚未确定完毕，不能先确定提名名单。"), "第三条")


def ranked_within_nomination_quota(ctx: Context) -> None:
    c = ctx.campaign
    entry = _current_entry(ctx)
    if entry.composite < c.min_composite_score:
        refuse(
            _("第四条（宁缺毋滥）：综合得分 %(score)s 低于最低分 %(min)s。")
            % {"score": entry.composite, "min": c.min_composite_score},
            "第四条",
        )
    if c.applications.filter(state=S.NOMINATED).count() >= c.nomination_quota:
        refuse(_("第三条：提名名单已达提名名额 %(q)s 人。") % {"q": c.nomination_quota}, "第三条")


def upheld_objection_exists(ctx: Context) -> None:
    from workflow.models import Objection

    if not ctx.application.objections.filter(status=Objection.Status.UPHELD).exists():
        refuse(_("第二十一条：只有异议成立时才能撤销推荐。"), "第二十一条")


def revocation_approved(ctx: Context) -> None:
    """第二十九、三十条: the honor is revoked or cancelled only after the committee approved the proposal."""
    from workflow.models import Revocation

    revocation = ctx.extra.get("revocation")
    expected = Revocation.Kind.REVOKE if ctx.extra.get("action") == "revoke" else Revocation.Kind.CANCEL
    if (
        revocation is None
        or revocation.status != Revocation.Status.APPROVED
        or revocation.kind != expected
        or revocation.honor.application_id != ctx.application.pk
    ):
        refuse(_("第二十九、三十条：须经组委会批准撤销/取消的决定后执行。"), "第三十条")


def within_revocation_period(ctx: Context) -> None:
    honor = getattr(ctx.application, "honor", None)
    if honor is None:
        refuse(_("第三十条：该申报没有荣誉记录。"), "第三十条")
    revocation = ctx.extra.get("revocation")
    # The misconduct is measured when the office proposes the revocation; the committee may approve later.
    today = timezone.localdate(revocation.proposed_at if revocation is not None else ctx.now)
    try:
        limit = honor.awarded_on.replace(year=honor.awarded_on.year + 2)
    except ValueError:  # 29 February
        limit = honor.awarded_on.replace(year=honor.awarded_on.year + 2, day=28)
    if today > limit:
        refuse(
            _("第三十条：撤销须在获荣起2年内（%(limit)s 前）；超过期限只能依第二十九条因虚假材料取消。")
            % {"limit": limit.isoformat()},
            "第三十条",
        )
