"""Application guards: submission (第十四、十五条), conditions (第十二、十三条), eligibility review (第十六条)."""

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext as _

from awards.completeness import missing_items
from awards.crypto import blind_index
from awards.documents.pdf import MAX_FORM_PAGES, form_too_long
from awards.eligibility import eligibility_rule, recommender_problem, threshold_problems
from awards.models import Application
from awards.wording import cite, procedure_rule
from config.text import clauses, series
from workflow.guards.base import Context, refuse
from workflow.models import EligibilityReview, Honor

S = Application.State


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

    problems = missing_items(ctx.application)
    if problems:
        refuse(
            _("申报表不完整，不能提交：%(items)s") % {"items": clauses(str(p.message) for p in problems)},
            "第十四条",
        )


def within_page_limit(ctx: Context) -> None:
    """填报说明 3: the printed form has at most 20 pages (settings.APPLICATION_FORM_MAX_PAGES)."""

    limit = getattr(settings, "APPLICATION_FORM_MAX_PAGES", MAX_FORM_PAGES)
    pages = form_too_long(ctx.application, limit)
    if pages:
        refuse(
            _(
                "填报说明第 3 条：申报表打印后不超过 %(limit)s 页，当前为 %(pages)s 页。"
                "请精简“主要工作成绩和突出贡献”、经历或其他栏目后再提交（已填写的内容均已保存）。"
            )
            % {"limit": limit, "pages": pages},
            "第十四条",
        )


def not_banned(ctx: Context) -> None:
    """第十三条: a person who received this honor may not apply again within N years; a title cancelled for fraud
    (第二十九条 骗取) blocks the same way, a title revoked (第三十条) does not."""

    app = ctx.application
    award_type = ctx.campaign.award_type
    since_year = ctx.campaign.year - award_type.reapply_ban_years
    earlier = (
        Honor.objects.filter(
            application__resident_id_bidx=blind_index(app.resident_id, "resident_id"),
            application__campaign__award_type=award_type,
            application__campaign__year__gt=since_year,
            application__campaign__is_training=ctx.campaign.is_training,  # a rehearsal's honor is no honor
            kind=Honor.Kind.TITLE,
        )
        .exclude(application__state=S.REVOKED)
        .select_related("application__campaign")
        .first()
    )
    if app.resident_id and earlier and earlier.application.state == S.CANCELLED:
        refuse(
            _(
                "第十三条、第二十九条：申报人 %(year)s 年的“%(honor)s”荣誉称号因提供虚假材料或采取不正当手段骗取"
                "已被取消，%(n)s 年内不得再申报（与获得荣誉者同等对待）。"
            )
            % {
                "year": earlier.application.campaign.year,
                "honor": award_type.label(),
                "n": award_type.reapply_ban_years,
            },
            procedure_rule(award_type, "第十三条"),
        )
    if app.resident_id and earlier:
        refuse(
            _("%(rule)s：申报人已于 %(year)s 年获得“%(honor)s”荣誉称号，%(n)s 年内不得重复申报。")
            % {
                "rule": cite(award_type, "第十三条"),
                "year": earlier.application.campaign.year,
                "honor": award_type.label(),
                "n": award_type.reapply_ban_years,
            },
            procedure_rule(award_type, "第十三条"),
        )


def one_honor_per_year(ctx: Context) -> None:
    """领军先锋 三: not both honors in one year; no switching after submission (a retracted application to
    the other honor still counts: the person has chosen). In the same campaign one live application only."""
    app = ctx.application
    if not app.resident_id:
        return
    others = (
        Application.objects.filter(
            resident_id_bidx=blind_index(app.resident_id, "resident_id"), campaign__year=ctx.campaign.year
        )
        .exclude(pk=app.pk)
        .exclude(state=S.DRAFT)
        .select_related("campaign__award_type")
    )
    same = others.filter(campaign=ctx.campaign).exclude(state=S.RETRACTED).first()
    if same:
        refuse(
            _("%(rule)s：申报人在本届活动中已有一份申报（%(state)s），不能重复申报。")
            % {
                "rule": cite(ctx.campaign.award_type, "第十四条"),
                "state": same.get_state_display(),
            },
            procedure_rule(ctx.campaign.award_type, "第十四条"),
        )
    other = others.exclude(campaign=ctx.campaign).first()
    if other:
        refuse(
            _("领军先锋办法三“不可同时申报”：同一年度不能同时申报两项荣誉，申报人已申报“%(honor)s”。")
            % {"honor": other.campaign.award_type.label()},
            "领军先锋办法三",
        )


def recommender_confirmed(ctx: Context) -> None:
    app = ctx.application
    if app.route != Application.Route.SELF:
        if not app.recommender_id:
            refuse(_("第十五条：单位推荐须指定推荐机构。"), "第十五条")
        if not app.recommender_confirmed_at:
            refuse(_("第十五条：推荐机构“%(org)s”尚未确认推荐。") % {"org": app.recommender.name}, "第十五条")


def recommender_is_own_unit(ctx: Context) -> None:
    """第十五条: the recommender is the applicant's own unit or the industry association that unit belongs to."""

    problem = recommender_problem(ctx.application)
    if problem:
        refuse(problem, "第十五条")


def employer_confirmed(ctx: Context) -> None:
    """第十六条: the employer named by the applicant is confirmed by the office before the eligibility decision
    (the unit's credit is part of the review)."""
    employer = ctx.application.employer
    if employer is None:
        refuse(_("第十六条：申报人未填写所在单位，无法审查所属单位信用情况。"), "第十六条")
    if employer.needs_confirmation:
        refuse(
            _("第十六条：申报人新填写的所在单位“%(org)s”尚未经组委会办公室确认。") % {"org": employer.name},
            "第十六条",
        )


def unit_opinion_given(ctx: Context) -> None:
    """领军先锋 附件1 二: the employer (工作单位) wrote 所在单位推荐意见, whichever the route."""
    app = ctx.application
    if ctx.campaign.award_type.requires_unit_opinion and not app.employer_id:
        refuse(_("领军先锋申报表二：请先填写所在单位，由所在单位填写推荐意见。"), "领军先锋附件1二")
    if ctx.campaign.award_type.requires_unit_opinion and not (
        app.unit_opinion.strip()
        and app.unit_responsible.strip()
        and app.unit_opinion_date
        and app.unit_contact.strip()
    ):
        refuse(
            _("领军先锋申报表二：所在单位“%(org)s”尚未填写推荐意见，不能提交。") % {"org": app.employer.name},
            "领军先锋附件1二",
        )


def _checklist_labels() -> dict:
    return {
        "basic_conditions_ok": _("基本条件"),
        "complete_ok": _("材料完整性"),
        "authentic_ok": _("材料真实性"),
        "person_credit_ok": _("个人信用"),
        "unit_credit_ok": _("单位信用"),
    }


def _review(ctx: Context):
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
        refuse(_("第十六条：以下审查项尚未给出结论：%(items)s。") % {"items": series(unanswered)}, "第十六条")


def department_opinion_recorded(ctx: Context) -> None:
    """第十六条: when the office asked a department in writing, its written opinion is recorded first."""

    review = EligibilityReview.objects.filter(application=ctx.application).first()
    if review and review.department_consulted and not review.department_opinion.strip():
        refuse(
            _("第十六条：已书面征求“%(dept)s”意见，须记录其书面意见后再作结论。")
            % {"dept": review.department_consulted},
            "第十六条",
        )


def consultations_answered(ctx: Context) -> None:
    """第十六条: every written consultation the office sent about this application has its reply recorded before
    the eligibility decision (docs/decisions.md 233)."""
    waiting = list(
        ctx.application.consultations.filter(reply_on__isnull=True)
        .order_by("sent_on", "pk")
        .values_list("department", "sent_on")
    )
    if waiting:
        refuse(
            _("第十六条：已书面征求以下部门意见，尚未收到复函，须记录复函后再作资格审查结论：%(list)s。")
            % {
                "list": series(
                    _("%(department)s（%(date)s 发函）") % {"department": d, "date": s.isoformat()}
                    for d, s in waiting
                )
            },
            "第十六条",
        )


def eligibility_checklist_passed(ctx: Context) -> None:
    review = _review(ctx)
    labels = _checklist_labels()
    not_ok = [str(label) for name, label in labels.items() if getattr(review, name) is not True]
    if not_ok:
        refuse(_("第十六条：以下审查项未确认合格：%(items)s。") % {"items": series(not_ok)}, "第十六条")


def meets_thresholds(ctx: Context) -> None:

    problems = threshold_problems(ctx.application)
    if problems:
        refuse(clauses(problems), eligibility_rule(ctx.campaign.award_type))
