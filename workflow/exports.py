"""Excel exports (openpyxl) of the office: the roster with every form field, eligibility results, per stage the
score matrix, the ranking with its breakdown, the committee's votes, the honors lists. Each builder takes an
optional `progress(done, total)` callback for the background task's progress bar and returns the file's bytes."""

import io

from django.utils import timezone
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Font

from awards.models import Application
from scoring.models import Criterion, PanelResult, ScoreEntry, ScoreSheet, Stage
from scoring.ranking import explain
from workflow.models import CommitteeVote, EligibilityReview, Honor, TransitionLog

ROSTER_EXCLUDE = {"id", "campaign", "applicant", "person", "unit_opinion_by", "created_at", "updated_at"}


def _book(title: str, header: list[str]):
    wb = Workbook()
    ws = wb.active
    ws.title = title[:31]
    ws.append(header)
    for cell in ws[1]:
        cell.font = Font(bold=True)
    ws.freeze_panes = "A2"
    return wb, ws


def _bytes(wb) -> bytes:
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


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
    return [f for f in Application._meta.concrete_fields if f.name not in ROSTER_EXCLUDE]


def roster_xlsx(campaign, progress=None) -> bytes:
    fields = roster_fields()
    wb, ws = _book(_("申报名册"), [str(f.verbose_name) for f in fields])
    apps = list(
        campaign.applications.exclude(state=Application.State.DRAFT)
        .select_related("recommender", "employer", "tech_domain", "industry_subcategory")
        .order_by("number", "id")
    )
    for i, app in enumerate(apps, start=1):
        ws.append([cell_value(app, f) for f in fields])
        _tick(progress, i, len(apps))
    return _bytes(wb)


CHECKS = ("basic_conditions_ok", "complete_ok", "authentic_ok", "person_credit_ok", "unit_credit_ok")


def eligibility_xlsx(campaign, progress=None) -> bytes:
    labels = [str(EligibilityReview._meta.get_field(c).verbose_name) for c in CHECKS]
    wb, ws = _book(
        _("资格审查结果"),
        [
            _("编号"),
            _("姓名"),
            _("所在单位"),
            _("技术领域"),
            _("状态"),
            *labels,
            _("审查意见"),
            _("结论理由"),
        ],
    )
    apps = list(
        campaign.applications.filter(
            state__in=[
                Application.State.SUBMITTED,
                Application.State.RETURNED,
                Application.State.ELIGIBLE,
                Application.State.INELIGIBLE,
            ]
        )
        .select_related("eligibility_review", "tech_domain")
        .order_by("number", "id")
    )
    reasons = dict(
        TransitionLog.objects.filter(
            application__in=apps,
            action__in=["declare_eligible", "declare_ineligible", "return_for_supplement"],
        )
        .order_by("created_at")
        .values_list("application_id", "reason")
    )
    mark = {True: _("合格"), False: _("不合格"), None: ""}
    for i, app in enumerate(apps, start=1):
        review = getattr(app, "eligibility_review", None)
        checks = [mark[getattr(review, c)] if review else "" for c in CHECKS]
        ws.append(
            [
                app.number,
                app.name,
                app.unit_name,
                str(app.tech_domain or ""),
                app.get_state_display(),
                *checks,
                review.notes if review else "",
                reasons.get(app.pk, ""),
            ]
        )
        _tick(progress, i, len(apps))
    return _bytes(wb)


def score_matrix_xlsx(campaign, stage: str, progress=None) -> bytes:
    """application × expert × criterion, with each sheet's total and the panel score per application."""
    criteria = list(Criterion.objects.filter(dimension__rubric=campaign.award_type.rubric).order_by("order"))
    wb, ws = _book(
        _("%(stage)s评分矩阵") % {"stage": Stage(stage).label},
        [
            _("编号"),
            _("姓名"),
            _("评议组"),
            _("专家"),
            *[f"{c.name}（{c.max_points}）" for c in criteria],
            _("总分"),
            _("评议组得分"),
        ],
    )
    sheets = list(
        ScoreSheet.objects.filter(
            application__campaign=campaign, stage=stage, state=ScoreSheet.State.SUBMITTED
        )
        .select_related("application", "expert", "panel")
        .order_by("application__number", "expert__username")
    )
    points = {
        (e.sheet_id, e.criterion_id): e.points
        for e in ScoreEntry.objects.filter(sheet__in=sheets).only("sheet_id", "criterion_id", "points")
    }
    results = dict(
        PanelResult.objects.filter(application__campaign=campaign, stage=stage).values_list(
            "application_id", "score"
        )
    )
    for i, sheet in enumerate(sheets, start=1):
        ws.append(
            [
                sheet.application.number,
                sheet.application.name,
                sheet.panel.name,
                sheet.expert.get_full_name() or sheet.expert.username,
                *[points.get((sheet.pk, c.pk)) for c in criteria],
                sheet.total,
                float(results[sheet.application_id]) if sheet.application_id in results else None,
            ]
        )
        _tick(progress, i, len(sheets))
    return _bytes(wb)


def ranking_xlsx(campaign, progress=None) -> bytes:
    wb, ws = _book(
        _("综合排名"),
        [
            _("名次"),
            _("编号"),
            _("姓名"),
            _("材料评议"),
            _("现场展示"),
            _("公众评价"),
            _("综合得分"),
            _("建议"),
            _("并列"),
            _("得分构成"),
        ],
    )
    ranking = campaign.rankings.filter(is_current=True).first()
    entries = (
        list(ranking.entries.select_related("application").order_by("rank", "application__number"))
        if ranking
        else []
    )

    def num(v):
        return float(v) if v is not None else None

    for i, e in enumerate(entries, start=1):
        ws.append(
            [
                e.rank,
                e.application.number,
                e.application.name,
                num(e.material_score),
                num(e.onsite_score),
                num(e.public_score),
                float(e.composite),
                e.get_outcome_display(),
                _("是") if e.tied else "",
                "\n".join(explain(e)),
            ]
        )
        _tick(progress, i, len(entries))
    return _bytes(wb)


def votes_xlsx(campaign, progress=None) -> bytes:
    wb, ws = _book(_("组委会表决"), [_("事项"), _("委员"), _("表决"), _("意见"), _("表决结果"), _("发文号")])
    votes = list(
        CommitteeVote.objects.filter(decision__campaign=campaign)
        .select_related("decision", "member")
        .order_by("decision__created_at", "member__username")
    )
    for i, v in enumerate(votes, start=1):
        ws.append(
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
    return _bytes(wb)


def honors_xlsx(campaign, progress=None) -> bytes:
    wb, ws = _book(
        _("获荣名单"),
        [
            _("证书编号"),
            _("姓名"),
            _("所在单位"),
            _("类别"),
            _("获荣日期"),
            _("发文号"),
            _("申报五一劳动奖章"),
            _("优先推荐次年上海工匠"),
            _("证书已收回"),
        ],
    )
    honors = list(
        Honor.objects.filter(application__campaign=campaign)
        .select_related("application")
        .order_by("certificate_number")
    )
    yes = lambda b: _("是") if b else _("否")  # noqa: E731
    for i, h in enumerate(honors, start=1):
        ws.append(
            [
                h.certificate_number,
                h.application.name,
                h.application.unit_name,
                h.get_kind_display(),
                h.awarded_on,
                h.document_number,
                yes(h.may_day_medal_list),
                yes(h.shanghai_craftsman_priority),
                yes(h.certificate_recalled_at is not None),
            ]
        )
        _tick(progress, i, len(honors))
    return _bytes(wb)
