"""Campaign guards: a phase cannot be left while work is open (docs/architecture.md §4, 第十四–二十三条)."""

from django.utils import timezone
from django.utils.translation import gettext as _

from awards.articles import article_label
from awards.models import Application, Campaign
from awards.quota import effective_quota
from awards.wording import cite
from config.text import series
from scoring.models import ConflictOfInterest, PanelAssignment, PanelMember, ScoreSheet
from scoring.selectors.panels import panels_needing_confirmation  # a read: no cycle through the procedure
from workflow.calendar import publicity_end
from workflow.guards.base import Context, refuse
from workflow.models import CommitteeDecision, Honor, Objection
from workflow.services.rules import rules_are_approved

S = Application.State


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
        refuse(_("第十四条：发布申报通知前须设定：%(items)s。") % {"items": series(missing)}, "第十四条")
    if c.opens_at and c.closes_at and c.closes_at <= c.opens_at:
        refuse(_("第十四条：申报截止时间须晚于开始时间。"), "第十四条")


def rules_approved(ctx: Context) -> None:
    """第八条（二）: the committee approved the campaign's rules, and they are unchanged since."""

    if not rules_are_approved(ctx.campaign):
        refuse(
            _(
                "第八条（二）：评议规则（权重、最低分、名额、提名名额、入围人数、去掉最高最低分、公众评价权重）须经组委会审议通过后才能发布申报通知。"
            ),
            "第八条",
        )


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

    eligible = ctx.campaign.applications.filter(state=S.ELIGIBLE)
    unassigned = eligible.exclude(pk__in=PanelAssignment.objects.values("application_id")).count()
    if unassigned:
        refuse(_("第十条：还有 %(n)s 份合格申报未分配专家评议组。") % {"n": unassigned}, "第十条")


def _open_sheets(ctx: Context, stage: str) -> int:

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
        refuse(
            _("%(article)s：还有 %(n)s 张评分表未提交。") % {"article": article_label(article), "n": missing},
            article,
        )


def shortlist_fixed(ctx: Context) -> None:
    left = ctx.campaign.applications.filter(state=S.ELIGIBLE).count()
    if left:
        refuse(_("第十七条：还有 %(n)s 份合格申报未确定是否入围。") % {"n": left}, "第十七条")
    if not ctx.campaign.applications.filter(state=S.SHORTLISTED).exists():
        refuse(_("第十七条：入围者名单为空。"), "第十七条")


def shortlist_confirmed_by_panels(ctx: Context) -> None:
    """第十七条: each panel (its chair) confirmed the shortlist as it now stands."""

    waiting = panels_needing_confirmation(ctx.campaign)
    if waiting:
        refuse(
            _("第十七条：入围名单由专家评议组确定，以下评议组组长尚未确认当前的入围名单：%(panels)s。")
            % {"panels": series(p.name for p in waiting)},
            "第十七条",
        )


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
    quota = effective_quota(c)
    if recommended > quota:
        refuse(
            _("%(rule)s：建议名单 %(n)s 人，超过名额 %(q)s 人。")
            % {"n": recommended, "q": quota, "rule": cite(c.award_type, "第三条")},
            "第三条",
        )
    if nominated > c.nomination_quota:
        refuse(
            _("%(rule)s：提名名单 %(n)s 人，超过提名名额 %(q)s 人。")
            % {"n": nominated, "q": c.nomination_quota, "rule": cite(c.award_type, "第三条")},
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

    if ctx.campaign.committee_decisions.filter(
        kind__in=[CommitteeDecision.Kind.CONFIRM_RECOMMENDED, CommitteeDecision.Kind.FINAL_LIST],
        result=CommitteeDecision.Result.PENDING,
    ).exists():
        refuse(_("第二十条：组委会正在对名单表决，表决结束前名单不能变动。"), "第二十条")


def latest_approved(campaign, kind: str) -> CommitteeDecision | None:
    """The committee's last approved decision of `kind` for the campaign, or None."""
    return (
        CommitteeDecision.objects.filter(
            campaign=campaign, kind=kind, result=CommitteeDecision.Result.APPROVED
        )
        .order_by("-closed_at", "-pk")
        .first()
    )


def committee_confirmed_recommended(ctx: Context) -> None:
    """第二十条: the committee confirmed the list as it stands now (a later change needs a new confirmation)."""
    decision = latest_approved(ctx.campaign, CommitteeDecision.Kind.CONFIRM_RECOMMENDED)
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


def listed_candidates_have_employer(ctx: Context) -> None:
    """第二十一条: every listed candidate has an employer, where the in-unit publicity (单位内部公示) is posted."""
    missing = list(
        ctx.campaign.applications.filter(state__in=[S.RECOMMENDED, S.NOMINATED], employer__isnull=True)
        .order_by("name")
        .values_list("name", flat=True)
    )
    if missing:
        refuse(
            _("第二十一条：以下建议名单人员没有登记所在单位，无法在其单位内部公示：%(names)s。")
            % {"names": series(missing)},
            "第二十一条",
        )


def unit_notices_confirmed(ctx: Context) -> None:
    """第二十一条: every unit confirmed its in-unit posting, and a posting that started after the public list
    (flagged late) has itself run the same number of working days."""

    publicity = getattr(ctx.campaign, "publicity", None)
    if publicity is None:
        return
    pending = publicity.unit_notices.filter(confirmed_at__isnull=True).count()
    if pending:
        refuse(_("第二十一条：还有 %(n)s 个申报人单位未确认内部公示。") % {"n": pending}, "第二十一条")
    today = timezone.localdate(ctx.now)
    days = ctx.campaign.publicity_working_days
    for notice in publicity.unit_notices.filter(posted_on__gt=publicity.starts_on).select_related(
        "organization"
    ):
        ends = publicity_end(notice.posted_on, days)
        if ends >= today:
            refuse(
                _(
                    "第二十一条：“%(org)s”的单位内部公示晚于社会公示开始（%(posted)s 起），须公示满 %(n)s 个工作日，"
                    "至 %(end)s 结束后方可提请决定。"
                )
                % {"org": notice.organization.name, "posted": notice.posted_on, "n": days, "end": ends},
                "第二十一条",
            )


def objections_resolved(ctx: Context) -> None:

    pending = ctx.campaign.objections.filter(
        status__in=[Objection.Status.RECEIVED, Objection.Status.INVESTIGATING]
    ).count()
    if pending:
        refuse(_("第二十一条：还有 %(n)s 件异议未处理完毕。") % {"n": pending}, "第二十一条")


def listed_candidate_removed_by_committee(ctx: Context) -> None:
    """第二十二条 (issue 22 item 3, docs/decisions.md 200): after 公示 a publicly listed candidate leaves the list only
    by a closed, approved committee decision that names them (its `withdrawn`); before 公示 (综合评价) the office
    still sets the list, which the committee then confirms (第二十条)."""

    if ctx.campaign.phase == Campaign.Phase.COMPOSITE:
        return
    named = CommitteeDecision.objects.filter(
        campaign=ctx.campaign, result=CommitteeDecision.Result.APPROVED
    ).values_list("withdrawn", flat=True)
    if not any(ctx.application.pk in (ids or []) for ids in named):
        refuse(
            _(
                "第二十二条：公示后，名单上的人员只能由组委会表决通过、写明其姓名的决定撤下（如异议成立后"
                "组委会决定撤销推荐）；办公室不能自行将其移出名单。"
            ),
            "第二十二条",
        )


def committee_decided_final_list(ctx: Context) -> None:
    """第二十二条: the committee decided the final list."""
    if latest_approved(ctx.campaign, CommitteeDecision.Kind.FINAL_LIST) is None:
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

    pending = ctx.campaign.committee_decisions.filter(result=CommitteeDecision.Result.PENDING)
    pending = pending.exclude(kind=CommitteeDecision.Kind.REVOCATION).count()
    if pending:
        refuse(_("第八条：还有 %(n)s 项组委会表决尚未结束。") % {"n": pending}, "第八条")


def certificates_issued(ctx: Context) -> None:

    awarded = ctx.campaign.applications.filter(state__in=[S.AWARDED, S.NOMINATION_AWARDED]).count()
    issued = Honor.objects.filter(application__campaign=ctx.campaign).count()
    if awarded > issued:
        refuse(_("第二十三条：还有 %(n)s 人的荣誉证书未颁发。") % {"n": awarded - issued}, "第二十三条")
