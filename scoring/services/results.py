"""评议组得分 and 专家评议组意见 (第十条, 第十七条, 第十八条, 第二十条)."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from awards.models import Application
from config.text import series
from scoring.aggregation import TRIM_MIN_EXPERTS, panel_score
from scoring.models import PanelAssignment, PanelOpinion, PanelResult, ScoreSheet, Stage
from scoring.permissions import is_chair
from scoring.selectors.panels import expected_sheets


@transaction.atomic
def panel_results_compute(*, campaign, stage: str) -> list[PanelResult]:
    """Per application of the stage: the experts' submitted totals and the panel score (the mean, or the trimmed
    mean for every application when the approved rules say `use_trimmed_mean`) → PanelResult. Refused while any
    sheet is missing, and — without writing anything — when the trimmed mean is approved and an application has
    fewer than three experts' totals (a recusal shrank its panel): the committee decides (decisions 175)."""
    if stage not in Stage.values:
        raise ValidationError(_("未知的评分类别：%(stage)s") % {"stage": stage})
    expected = expected_sheets(campaign, stage)
    if not expected:
        raise ValidationError(_("%(stage)s没有需要评分的申报。") % {"stage": Stage(stage).label})
    sheets = {
        (s.expert_id, s.application_id): s
        for s in ScoreSheet.objects.filter(
            application__campaign=campaign, stage=stage, state=ScoreSheet.State.SUBMITTED
        )
    }
    missing = [pair for pairs in expected.values() for pair in pairs if pair not in sheets]
    if missing:
        raise ValidationError(
            _("%(stage)s还有 %(n)s 张评分表未提交，暂不能计算评议组得分。")
            % {"stage": Stage(stage).label, "n": len(missing)},
            code="sheets_missing",
        )
    panels = dict(
        PanelAssignment.objects.filter(application_id__in=[a for a in expected]).values_list(
            "application_id", "panel_id"
        )
    )
    if campaign.use_trimmed_mean:
        small = sorted(a for a, pairs in expected.items() if 0 < len(pairs) < TRIM_MIN_EXPERTS)
        if small:
            names = Application.objects.filter(pk__in=small).order_by("number", "pk")
            raise ValidationError(
                _(
                    "评议规则规定去掉一个最高分和一个最低分，这至少需要 %(n)s 位专家的评分；以下申报的评议组不足"
                    " %(n)s 人（如因回避）：%(apps)s。评议组得分未计算，请提请组委会决定（增补专家或修改评议规则）。"
                )
                % {"n": TRIM_MIN_EXPERTS, "apps": series(a.number or a.name for a in names)},
                code="panel_too_small",
            )
    results = []
    for application_id, pairs in expected.items():
        if not pairs:
            continue
        rows = sorted(
            (
                {"expert": expert_id, "total": sheets[(expert_id, application_id)].total}
                for expert_id, _a in pairs
            ),
            key=lambda r: r["expert"],
        )
        score, trimmed = panel_score([r["total"] for r in rows], trimmed_mean=campaign.use_trimmed_mean)
        result, _created = PanelResult.objects.update_or_create(
            application_id=application_id,
            stage=stage,
            defaults={
                "panel_id": panels[application_id],
                "score": score,
                "expert_totals": rows,
                "trimmed": trimmed,
            },
        )
        results.append(result)
    return results


@transaction.atomic
def panel_opinion_save(*, panel, stage: str, user, opinion: str, recommended_ids) -> PanelOpinion:
    """The chair (组长) writes the panel's opinion (第十条 (二)) and the recommended names (第十条 (三))."""
    if not is_chair(user, panel):
        raise PermissionDenied(_("只有评议组组长可以填写评议组意见。"))
    opinion = (opinion or "").strip()
    if not opinion:
        raise ValidationError({"opinion": [_("请填写评议组意见。")]})
    if len(opinion) > 4000:
        raise ValidationError({"opinion": [_("评议组意见不能超过 4000 字。")]})
    ids = {int(i) for i in recommended_ids}
    expected = expected_sheets(panel.campaign, stage, panel=panel)
    stray = ids - set(expected)
    if stray:
        raise ValidationError({"recommended": [_("建议名单只能包含本组本阶段评议的申报。")]})
    record, _created = PanelOpinion.objects.update_or_create(
        panel=panel, stage=stage, defaults={"opinion": opinion, "written_by": user}
    )
    record.recommended.set(sorted(ids))
    return record
