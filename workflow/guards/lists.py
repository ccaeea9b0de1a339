"""Shortlist, ranking and list guards (第三、四、十七、二十、二十一条) and revocation (第二十九、三十条)."""

from django.utils import timezone
from django.utils.translation import gettext as _

from awards.models import Application
from awards.quota import effective_quota, quota_ceiling
from awards.wording import cite
from scoring.models import PanelResult
from scoring.selectors.ranking import ranking_stale
from scoring.services.ranking import STALE_MESSAGE
from workflow.guards.base import Context, refuse
from workflow.models import Honor, Objection, Revocation
from workflow.revocation_window import revocation_deadline

S = Application.State


def material_review_scored(ctx: Context) -> None:

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


def _at_or_above_minimum(ctx: Context, c) -> None:
    """第四条 宁缺毋滥: nobody below the campaign's minimum composite score is listed."""
    entry = _current_entry(ctx)
    if entry.composite < c.min_composite_score:
        refuse(
            _("%(rule)s（宁缺毋滥）：综合得分 %(score)s 低于最低分 %(min)s。")
            % {"score": entry.composite, "min": c.min_composite_score, "rule": cite(c.award_type, "第四条")},
            "第四条",
        )


def ranked_within_quota(ctx: Context) -> None:
    c = ctx.campaign
    _at_or_above_minimum(ctx, c)
    quota = effective_quota(c)
    if c.applications.filter(state=S.RECOMMENDED).count() >= quota:
        refuse(
            _("%(rule)s：建议名单已达名额 %(q)s 人。") % {"q": quota, "rule": cite(c.award_type, "第三条")},
            "第三条",
        )


def titles_within_regulation_quota(ctx: Context) -> None:
    """第三条 “每届选树10人”: the award step never grants more titles of an honor type in a year than the
    regulation's number, whatever the campaign's quota says (docs/decisions.md 230)."""
    c = ctx.campaign
    ceiling = quota_ceiling(c.award_type)
    granted = Honor.objects.filter(
        kind=Honor.Kind.TITLE,
        application__campaign__award_type=c.award_type,
        application__campaign__year=c.year,
    ).count()
    if granted >= ceiling:
        refuse(
            _("%(rule)s：%(year)s 年“%(name)s”已授予 %(n)s 人，达到每届 %(max)s 人，不能再授予。")
            % {
                "rule": cite(c.award_type, "第三条"),
                "year": c.year,
                "name": c.award_type.label(),
                "n": granted,
                "max": ceiling,
            },
            "第三条",
        )


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


def ranking_up_to_date(ctx: Context) -> None:
    """第二十条 (decisions 245): a list is formed only from a ranking whose inputs (counted ballots, scores, rules)
    are still those it was computed from; after a void, a restore or a changed score it must be recomputed."""
    if ranking_stale(ctx.campaign.rankings.filter(is_current=True).first()):
        refuse(str(STALE_MESSAGE), "第二十条")


def no_nominations_yet(ctx: Context) -> None:
    """第三条: nominations come after the recommended list; once one is nominated, the list is closed."""
    if ctx.campaign.applications.filter(state=S.NOMINATED).exists():
        refuse(
            _("%(rule)s：已开始确定提名名单，建议名单不能再增加。")
            % {"rule": cite(ctx.campaign.award_type, "第三条")},
            "第三条",
        )


def recommended_list_complete(ctx: Context) -> None:
    """第三条: nominations come after the recommended list is complete (full, or nobody else qualifies)."""
    c = ctx.campaign
    if c.applications.filter(state=S.RECOMMENDED).count() >= effective_quota(c):
        return
    ranking = c.rankings.filter(is_current=True).first()
    waiting = ranking.entries.filter(
        application__state=S.SHORTLISTED, composite__gte=c.min_composite_score
    ).exclude(application=ctx.application)
    if waiting.exists():
        refuse(
            _("%(rule)s：建议名单尚未确定完毕，不能先确定提名名单。")
            % {"rule": cite(c.award_type, "第三条")},
            "第三条",
        )


def ranked_within_nomination_quota(ctx: Context) -> None:
    c = ctx.campaign
    _at_or_above_minimum(ctx, c)
    if c.applications.filter(state=S.NOMINATED).count() >= c.nomination_quota:
        refuse(
            _("%(rule)s：提名名单已达提名名额 %(q)s 人。")
            % {"q": c.nomination_quota, "rule": cite(c.award_type, "第三条")},
            "第三条",
        )


def upheld_objection_exists(ctx: Context) -> None:

    if not ctx.application.objections.filter(status=Objection.Status.UPHELD).exists():
        refuse(_("第二十一条：只有异议成立时才能撤销推荐。"), "第二十一条")


def revocation_approved(ctx: Context) -> None:
    """第二十九、三十条: the honor is revoked or cancelled only after the committee approved the proposal."""

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
    # 第三十条 “获荣起2年内如发生”: measured at the date the misconduct occurred (recorded on the revocation).
    occurred = (
        revocation.misconduct_on
        if revocation is not None and revocation.misconduct_on
        else timezone.localdate(ctx.now)
    )
    limit = revocation_deadline(honor)  # from the 主办单位's 发文 when recorded (decisions 234)
    if occurred > limit:
        refuse(
            _(
                "第三十条：撤销限于获荣起2年内（%(limit)s 前）发生的行为；该行为发生于 %(date)s，"
                "超过期限只能依第二十九条因虚假材料取消。"
            )
            % {"limit": limit.isoformat(), "date": occurred.isoformat()},
            "第三十条",
        )


def sponsor_consent_recorded(ctx: Context) -> None:
    """第二十九、三十条 “报主办方同意”: the 主办单位's consent is recorded (document number and date)."""
    revocation = ctx.extra.get("revocation")
    if revocation is None or not (revocation.sponsor_consent_document and revocation.sponsor_consent_on):
        refuse(_("第二十九、三十条：须报主办方同意，请先登记主办单位同意的文号和日期。"), "第三十条")
