"""Excel exports of the office: the roster (a printable list), every form field, eligibility results, per
stage the score matrix, the ranking with its breakdown, the committee's votes, the honors list, the public
ballots and the credit records. All go through the one writer `awards.documents.xlsx` (title block, print set-up,
text safety). Each builder takes an optional `progress(done, total)` callback for the background task's progress
bar and the exporting `user`, and returns the file's bytes."""

import json
import logging

from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from awards.documents.xlsx import DATE, DATETIME, INTEGER, SCORE, Column, Workbook
from awards.masking import masked
from awards.models import Application
from scoring.aggregation import PLACES
from scoring.models import (
    Ballot,
    Criterion,
    PanelResult,
    PublicVote,
    ScoreEntry,
    ScoreSheet,
    Stage,
    VoterGroup,
)
from scoring.selectors.ranking import TIE_AT_LINE_FLAG, explain
from workflow.models import CommitteeVote, CreditRecord, EligibilityReview, Honor, TransitionLog
from workflow.selectors.honors import in_list_order

logger = logging.getLogger(__name__)

ROSTER_EXCLUDE = {"id", "campaign", "applicant", "person", "unit_opinion_by", "created_at", "updated_at"}

#: Decimal places of a computed score (panel score, composite): those the aggregation rounds to.
SCORE_DECIMALS = -PLACES.as_tuple().exponent


def _tick(progress, done, total):
    if progress and (done == total or done % 20 == 0):
        progress(done, total)


def cell_value(app, field):
    """The value of one model field as the office reads it (choices by label, relations by name)."""
    value = getattr(app, field.name)
    if field.choices and value not in (None, ""):
        return str(getattr(app, f"get_{field.name}_display")())
    if field.is_relation:
        return str(value) if value is not None else ""
    if isinstance(value, bool):
        return _("是") if value else _("否")
    if hasattr(value, "tzinfo") and value is not None and getattr(value, "hour", None) is not None:
        return timezone.localtime(value).replace(tzinfo=None)
    return value if value is not None else ""


def roster_fields():
    """Every form field, the number and the name first (they repeat on each printed page across)."""
    fields = [f for f in Application._meta.concrete_fields if f.name not in ROSTER_EXCLUDE]
    return sorted(fields, key=lambda f: {"number": 0, "name": 1}.get(f.name, 2))


def _field_column(field) -> Column:
    kind = {"DateField": DATE, "DateTimeField": DATETIME, "PositiveSmallIntegerField": INTEGER}
    return Column(str(field.verbose_name), kind.get(field.get_internal_type(), "text"))


def _roster_apps(campaign):
    return list(
        campaign.applications.exclude(state=Application.State.DRAFT)
        .select_related("recommender", "employer", "tech_domain", "industry_subcategory")
        .order_by("number", "id")
    )


def roster_xlsx(campaign, progress=None, user=None) -> bytes:
    """申报名册: the list the office prints for the eligibility meeting (one line per application)."""
    apps = _roster_apps(campaign)
    book = Workbook(campaign=campaign, user=user, export=_("申报名册"))
    sheet = book.sheet(
        _("申报名册"),
        [
            Column(_("序号"), INTEGER),
            Column(_("编号")),
            Column(_("姓名")),
            Column(_("性别")),
            Column(_("所在单位")),
            Column(_("技术领域")),
            Column(_("行业小类")),
            Column(_("职称")),
            Column(_("推荐机构")),
            Column(_("状态")),
            Column(_("提交时间"), DATETIME),
        ],
    )
    for i, app in enumerate(apps, start=1):
        title = (app.get_title_level_display() if app.title_level else "", app.title_name)
        sheet.row(
            [
                i,
                app.number,
                app.name,
                app.get_gender_display() if app.gender else "",
                app.unit_name,
                str(app.tech_domain or ""),
                str(app.industry_subcategory or ""),
                " ".join(x for x in title if x),
                str(app.recommender or app.get_route_display()),
                app.get_state_display(),
                app.submitted_at,
            ]
        )
        _tick(progress, i, len(apps))
    return book.to_bytes()


def roster_count(campaign) -> int:
    """The rows of 申报信息全表 (what the access log records)."""
    return campaign.applications.exclude(state=Application.State.DRAFT).count()


def roster_fields_xlsx(
    campaign, progress=None, user=None, *, full: bool = False, watermark: str = ""
) -> bytes:
    """申报信息全表: every form field of every submitted application (for filtering and archiving, not for
    printing on one sheet of paper — long texts wrap in their cells). The ID number and phone are masked
    (`awards.masking`) unless `full` — a full export carries `watermark` on every sheet and printed page
    (issue 25 item 4)."""
    fields = roster_fields()
    apps = _roster_apps(campaign)
    book = Workbook(
        campaign=campaign, user=user, export=_("申报信息全表"), watermark=watermark if full else ""
    )
    sheet = book.sheet(_("申报信息全表"), [_field_column(f) for f in fields])
    sheet.repeat_columns = 2  # across pages at full size, the number and the name on each (issue 23.7)
    for i, app in enumerate(apps, start=1):
        values = [cell_value(app, f) for f in fields]
        if not full:
            values = [masked(f.name, v) for f, v in zip(fields, values, strict=True)]
        sheet.row(values)
        _tick(progress, i, len(apps))
    return book.to_bytes()


CHECKS = ("basic_conditions_ok", "complete_ok", "authentic_ok", "person_credit_ok", "unit_credit_ok")


def eligibility_xlsx(campaign, progress=None, user=None) -> bytes:
    """资格审查结果: every application that reached the office (submitted, whatever happened to it afterwards —
    eligible ones move on to the panels and later states), with its checklist, the office's conclusion and its
    reason, and every 补正 request with its deadline and answer (第十六条)."""
    labels = [str(EligibilityReview._meta.get_field(c).verbose_name) for c in CHECKS]
    book = Workbook(campaign=campaign, user=user, export=_("资格审查结果"))
    sheet = book.sheet(
        _("资格审查结果"),
        [
            Column(_("编号")),
            Column(_("姓名")),
            Column(_("所在单位")),
            Column(_("技术领域")),
            Column(_("资格审查结论")),
            Column(_("当前状态")),
            *[Column(label) for label in labels],
            Column(_("审查意见")),
            Column(_("结论理由")),
            Column(_("补正记录")),
        ],
    )
    S = Application.State
    apps = list(
        campaign.applications.exclude(state__in=[S.DRAFT, S.RETRACTED])
        .select_related("eligibility_review", "tech_domain")
        .prefetch_related("supplement_requests")
        .order_by("number", "id")
    )
    conclusions = {}
    for app_id, action, reason in (
        TransitionLog.objects.filter(
            application__in=apps,
            action__in=["declare_eligible", "declare_ineligible", "return_for_supplement"],
        )
        .order_by("created_at", "id")
        .values_list("application_id", "action", "reason")
    ):
        conclusions[app_id] = (action, reason)
    verdict = {
        "declare_eligible": _("合格"),
        "declare_ineligible": _("不合格"),
        "return_for_supplement": _("退回补正"),
    }
    mark = {True: _("合格"), False: _("不合格"), None: None}
    for i, app in enumerate(apps, start=1):
        review = getattr(app, "eligibility_review", None)
        checks = [mark[getattr(review, c)] if review else None for c in CHECKS]
        action, reason = conclusions.get(app.pk, ("", ""))
        supplements = "\n".join(
            _("%(date)s 要求补正：%(message)s（期限 %(deadline)s；%(answer)s）")
            % {
                "date": date_format(timezone.localtime(r.created_at), "Y-m-d"),
                "message": r.message,
                "deadline": date_format(r.deadline, "Y-m-d") if r.deadline else "—",
                "answer": (
                    _("%(d)s 已补正") % {"d": date_format(timezone.localtime(r.answered_at), "Y-m-d")}
                    if r.answered_at
                    else _("未补正")
                ),
            }
            for r in sorted(app.supplement_requests.all(), key=lambda r: (r.created_at, r.pk))
        )
        sheet.row(
            [
                app.number,
                app.name,
                app.unit_name,
                str(app.tech_domain or ""),
                verdict.get(action, _("待审查")),
                app.get_state_display(),
                *checks,
                review.notes if review else "",
                reason,
                supplements,
            ]
        )
        _tick(progress, i, len(apps))
    sheet.signature([_("审查人签字：　　　　　　　　　　　　日期：　　　　年　　月　　日")])
    return book.to_bytes()


#: The chair's signature under a panel's scores (第十七、十八条: the panel's result is the chair's to sign).
def panel_signature() -> list[str]:
    return [_("评议组组长签字：　　　　　　　　　　　　日期：　　　　年　　月　　日")]


def score_matrix_xlsx(campaign, stage: str, progress=None, user=None) -> bytes:
    """application × expert × criterion, with each sheet's total and the panel score per application."""
    criteria = list(Criterion.objects.filter(dimension__rubric=campaign.award_type.rubric).order_by("order"))
    title = _("%(stage)s评分矩阵") % {"stage": Stage(stage).label}
    book = Workbook(campaign=campaign, user=user, export=title)
    sheet = book.sheet(
        title,
        [
            Column(_("编号")),
            Column(_("姓名")),
            Column(_("评议组")),
            Column(_("专家")),
            *[Column(f"{c.name}（{c.max_points}）", SCORE) for c in criteria],
            Column(_("总分"), SCORE),
            Column(_("评议组得分"), SCORE, SCORE_DECIMALS),
        ],
    )
    # Values, not model instances, in three queries whatever the number of sheets (issue 15: 63,000 sheets).
    submitted = ScoreSheet.objects.filter(
        application__campaign=campaign, stage=stage, state=ScoreSheet.State.SUBMITTED
    )
    sheets = list(
        submitted.order_by("application__number", "expert__username").values_list(
            "id",
            "application_id",
            "application__number",
            "application__name",
            "panel__name",
            "expert__first_name",
            "expert__last_name",
            "expert__username",
            "total",
        )
    )
    points = {
        (sheet_id, criterion_id): value
        for sheet_id, criterion_id, value in ScoreEntry.objects.filter(sheet__in=submitted).values_list(
            "sheet_id", "criterion_id", "points"
        )
    }
    results = dict(
        PanelResult.objects.filter(application__campaign=campaign, stage=stage).values_list(
            "application_id", "score"
        )
    )
    criterion_ids = [c.pk for c in criteria]
    for i, (pk, app_id, number, name, panel, first, last, username, total) in enumerate(sheets, start=1):
        expert = f"{first} {last}".strip() or username  # User.get_full_name() or the username
        sheet.row(
            [
                number,
                name,
                panel,
                expert,
                *[points.get((pk, c)) for c in criterion_ids],
                total,
                results.get(app_id),
            ]
        )
        _tick(progress, i, len(sheets))
    sheet.signature(panel_signature())
    return book.to_bytes()


def ranking_xlsx(campaign, progress=None, user=None) -> bytes:
    book = Workbook(campaign=campaign, user=user, export=_("综合排名"))
    sheet = book.sheet(
        _("综合排名"),
        [
            Column(_("名次"), INTEGER),
            Column(_("编号")),
            Column(_("姓名")),
            Column(_("材料评议"), SCORE, SCORE_DECIMALS),
            Column(_("现场展示"), SCORE, SCORE_DECIMALS),
            Column(_("公众评价"), SCORE, SCORE_DECIMALS),
            Column(_("综合得分"), SCORE, SCORE_DECIMALS),
            Column(_("建议")),
            Column(_("并列")),
            Column(_("得分构成")),
        ],
    )
    ranking = campaign.rankings.filter(is_current=True).first()
    entries = (
        list(ranking.entries.select_related("application").order_by("rank", "application__number"))
        if ranking
        else []
    )
    for i, e in enumerate(entries, start=1):
        sheet.row(
            [
                e.rank,
                e.application.number,
                e.application.name,
                e.material_score,
                e.onsite_score,
                e.public_score,
                e.composite,
                e.get_outcome_display(),
                str(TIE_AT_LINE_FLAG)
                if (e.breakdown or {}).get("tie_at_line")
                else (_("是") if e.tied else None),
                "\n".join(explain(e)),
            ]
        )
        _tick(progress, i, len(entries))
    # The ranking is the office's computation that the committee confirms (第二十条): both sign it.
    sheet.signature(
        [_("制表人签字：　　　　　　　　　　　　日期：　　　　年　　月　　日"), *committee_signature()]
    )
    checkpoint_properties(book, campaign)
    return book.to_bytes()


def checkpoint_properties(book: Workbook, campaign) -> None:
    """The campaign's signed audit checkpoints (workflow/anchors.py), written fresh, as custom document properties
    of the workbook ("审计检查点 <chain>": the signed JSON line): the exported outcome carries the chain heads it
    rests on, which `verify_audit` — or anyone holding the audit key — can compare later; not printed."""
    from workflow.anchors import read_anchors, write_checkpoints

    try:
        write_checkpoints([campaign.pk])
    except OSError:  # the directory is not writable here: the export still carries the latest checkpoints
        logger.exception("audit checkpoints could not be written during an export")
    anchors, _bad = read_anchors()
    for (campaign_id, chain), record in sorted(anchors.items()):
        if campaign_id == campaign.pk:
            book.properties[f"{_('审计检查点')} {chain}"] = json.dumps(
                record, sort_keys=True, ensure_ascii=False, separators=(",", ":")
            )


def votes_xlsx(campaign, progress=None, user=None) -> bytes:
    """组委会表决汇总: every member's vote and comment per decision, under it the director's signature."""
    book = Workbook(campaign=campaign, user=user, export=_("组委会表决汇总"))
    sheet = book.sheet(
        _("组委会表决"),
        [
            Column(_("事项")),
            Column(_("委员")),
            Column(_("表决")),
            Column(_("意见")),
            Column(_("表决结果")),
            Column(_("发文号")),
        ],
    )
    votes = list(
        CommitteeVote.objects.filter(decision__campaign=campaign)
        .select_related("decision", "member")
        .order_by("decision__created_at", "member__username")
    )
    for i, v in enumerate(votes, start=1):
        sheet.row(
            [
                v.decision.get_kind_display(),
                v.member.get_full_name() or v.member.username,
                v.get_choice_display(),
                v.comment,
                v.decision.get_result_display(),
                v.decision.document_number,
            ]
        )
        _tick(progress, i, len(votes))
    sheet.signature(committee_signature())
    return book.to_bytes()


def committee_signature() -> list[str]:
    return [_("主任委员签字：　　　　　　　　　　　　日期：　　　　年　　月　　日")]


def honors_xlsx(campaign, progress=None, user=None) -> bytes:
    book = Workbook(campaign=campaign, user=user, export=_("获荣名单"))
    sheet = book.sheet(
        _("获荣名单"),
        [
            Column(_("证书编号")),
            Column(_("姓名")),
            Column(_("所在单位")),
            Column(_("类别")),
            Column(_("获荣日期"), DATE),
            Column(_("发文号")),
            Column(_("申报五一劳动奖章")),
            Column(_("优先推荐次年上海工匠")),
            Column(_("证书已收回")),
            Column(_("核验码")),
        ],
    )
    honors = list(
        in_list_order(Honor.objects.filter(application__campaign=campaign).select_related("application"))
    )
    yes = lambda b: _("是") if b else _("否")  # noqa: E731

    def checked(flag: bool, h) -> str:
        """第二十三条 sets one condition (综合条件) for the 五一 list and the 上海工匠 priority: “是” only after the
        office checked it (issue 23.7: the list said 是 before anyone had)."""
        if not flag:
            return _("否")
        if h.may_day_conditions_ok is None:
            return _("待办公室核对")
        return _("是") if h.may_day_conditions_ok else _("否（综合条件核对未通过）")

    for i, h in enumerate(honors, start=1):
        sheet.row(
            [
                h.certificate_number,
                h.application.name,
                h.application.unit_name,
                h.get_kind_display(),
                h.awarded_on,
                h.document_number,
                checked(h.may_day_medal_list, h),
                checked(h.shanghai_craftsman_priority, h),
                yes(h.certificate_recalled_at is not None),
                # Printed under the certificate's QR code; anyone can check it at /verify/ (decisions 220).
                h.verify_code,
            ]
        )
        _tick(progress, i, len(honors))
    # The committee decides the final list (第二十三条): the director signs and the committee seals it.
    sheet.signature([*committee_signature(), _("组委会（盖章）")])
    checkpoint_properties(book, campaign)
    return book.to_bytes()


def ballots_xlsx(campaign, progress=None, user=None) -> bytes:
    """公众评价: every rating with its comment, its ballot's id, group and source (channel and the unit or the
    office's source), whether it counts and, for a voided ballot, the reason — counted ratings first, then those
    that do not count (decisions 243). No voter key: it identifies nobody, and is nobody's business (decisions
    172)."""
    book = Workbook(campaign=campaign, user=user, export=_("公众评价"))
    sheet = book.sheet(
        _("公众评价"),
        [
            Column(_("编号")),
            Column(_("姓名")),
            Column(_("评价（1–5）"), INTEGER),
            Column(_("意见")),
            Column(_("时间"), DATETIME),
            Column(_("选票编号"), INTEGER),
            Column(_("类别")),
            Column(_("来源")),
            Column(_("是否计入")),
            Column(_("作废原因")),
        ],
    )
    votes = list(
        PublicVote.objects.filter(campaign=campaign)
        .select_related("application", "ballot__organization")
        .order_by("application__number", "created_at")
    )
    groups = dict(VoterGroup.choices)
    channels = dict(Ballot.Channel.choices)
    rows = []
    for b in votes:
        ballot, app = b.ballot, b.application
        reason = ""
        if ballot is None:
            group, source, counted, counts = groups[VoterGroup.PUBLIC], _("后台录入"), _("是"), True
        else:
            group = groups.get(ballot.group, ballot.group)
            detail = ballot.organization.name if ballot.organization else ballot.source
            source = (
                f"{channels.get(ballot.channel, ballot.channel)}：{detail}"
                if detail
                else channels.get(ballot.channel, ballot.channel)
            )
            org = ballot.organization_id
            counts = False
            if ballot.voided_at is not None:
                counted, reason = _("否（已作废）"), ballot.void_reason
            elif org is not None and org in (app.employer_id, app.recommender_id):
                counted = _("否（本单位职工或本单位推荐的候选人）")
            else:
                counted, counts = _("是"), True
        rows.append(
            (
                not counts,
                [
                    app.number,
                    app.name,
                    b.rating,
                    b.comment,
                    b.created_at,
                    b.ballot_id,
                    str(group),
                    str(source),
                    str(counted),
                    reason,
                ],
            )
        )
    rows.sort(key=lambda r: r[0])  # stable: counted first, each part in the order above
    for i, (_not_counted, row) in enumerate(rows, start=1):
        sheet.row(row)
        _tick(progress, i, len(rows))
    return book.to_bytes()


def credit_records_xlsx(campaign, progress=None, user=None) -> bytes:
    """信用记录 (第二十九条) of the campaign's revocations, for the municipal social credit system."""
    book = Workbook(campaign=campaign, user=user, export=_("信用记录"))
    sheet = book.sheet(
        _("信用记录"),
        [
            Column(_("姓名")),
            Column(_("所在单位")),
            Column(_("统一社会信用代码")),
            Column(_("事由")),
            Column(_("记录日期"), DATE),
        ],
    )
    records = list(
        CreditRecord.objects.filter(revocation__honor__application__campaign=campaign)
        .select_related("person", "organization")
        .order_by("recorded_on", "pk")
    )
    for i, r in enumerate(records, start=1):
        sheet.row(
            [
                str(r.person),
                r.organization.name if r.organization else "",
                (r.organization.credit_code or "") if r.organization else "",
                r.reason,
                r.recorded_on,
            ]
        )
        _tick(progress, i, len(records))
    return book.to_bytes()
