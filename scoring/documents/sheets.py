"""Documents: a signed score sheet as PDF (the regulation's layout) and the panel's score matrix in Excel."""

from django.template.loader import render_to_string
from django.utils import translation
from django.utils.translation import gettext as _

from awards.documents.annex import sheet_text
from awards.documents.xlsx import SCORE, Column, Workbook
from scoring.aggregation import PLACES
from scoring.models import Panel, ScoreSheet, Stage
from scoring.selectors.panels import panel_stage_data


def sheet_pdf(sheet: ScoreSheet) -> bytes:
    """评分表 PDF laid out as 附件3 (智慧工匠) / 附件2 (领军先锋): the annex's title, name and final score, the
    technical-domain checkboxes, the stage checkboxes, each criterion with its 关注重点 / 指标含义 (and, for the
    craftsman, the 评分级别 of its dimension), the expert's signature and date, the annex's footnotes.
    `sheet` comes from `selectors.sheet_for_document` (entries prefetched)."""
    from config.pdf import html_to_pdf

    with translation.override("zh-hans"):
        html = render_to_string("scoring/sheet_pdf.html", sheet_document_context(sheet))
    return html_to_pdf(html)


def _band_text(band) -> str:
    return f"{band.label()}（{band.min_points}~{band.max_points}）"


def sheet_document_context(sheet: ScoreSheet) -> dict:
    application = sheet.application
    award_type = application.campaign.award_type
    rubric = award_type.rubric
    entries = sorted(sheet.entries.all(), key=lambda e: e.criterion.order)
    text = sheet_text(award_type, rubric.max_total)
    circled = "①②③④⑤⑥⑦⑧⑨"
    dimensions = []
    for entry in entries:
        dimension = entry.criterion.dimension
        if not dimensions or dimensions[-1]["dimension"].pk != dimension.pk:
            bands = sorted(entry.criterion.bands.all(), key=lambda b: -b.order)
            levels = [
                f"{circled[i]}（{b.min_points}~{b.max_points}）{b.label()}{'；' if i < len(bands) - 1 else '。'}"
                for i, b in enumerate(bands)
            ]
            dimensions.append({"dimension": dimension, "entries": [], "levels": levels})
        dimensions[-1]["entries"].append(entry)
    scale = []
    if not text.has_level_column:
        seen = {}
        for entry in entries:
            points = entry.criterion.max_points
            if points not in seen:
                bands = sorted(entry.criterion.bands.all(), key=lambda b: b.order)
                seen[points] = "、".join(_band_text(b) for b in bands)
        scale = [_("%(n)s 分分值：%(bands)s") % {"n": n, "bands": bands} for n, bands in sorted(seen.items())]
    return {
        "sheet": sheet,
        "application": application,
        "text": text,
        "dimensions": dimensions,
        "domains": [
            (d.label(), d.pk == application.tech_domain_id)
            for d in award_type.tech_domains.order_by("order", "id")
        ],
        "stages": [(label, value == sheet.stage) for value, label in Stage.choices],
        "scale": scale,
    }


def score_matrix_xlsx(*, campaign, stage: str, panel: Panel | None = None, user=None) -> bytes:
    """评分汇总表: per panel one worksheet with a row per application × expert (each criterion's points and
    the total) followed by the application's panel score (评议组得分), and under it the chair's signature."""
    decimals = -PLACES.as_tuple().exponent
    panels = [panel] if panel is not None else list(campaign.panels.order_by("name"))
    with translation.override("zh-hans"):
        stage_label = dict(_stage_choices())[stage]
        book = Workbook(
            campaign=campaign, user=user, export=_("%(stage)s评分汇总表") % {"stage": stage_label}
        )
        for p in panels:
            data = panel_stage_data(p, stage)
            ws = book.sheet(
                p.name or str(p.pk),
                [Column(_("编号")), Column(_("姓名")), Column(_("专家"))]
                + [Column(f"{c.name}（{c.max_points}）", SCORE) for c in data.criteria]
                + [Column(_("总分"), SCORE, decimals), Column(_("状态"))],
            )
            for app in data.applications:
                for expert_id, _a in data.expected.get(app.id, []):
                    sheet = data.sheets.get((expert_id, app.id))
                    expert = next(e for e in data.experts if e.id == expert_id)
                    points = {e.criterion_id: e.points for e in sheet.entries.all()} if sheet else {}
                    ws.row(
                        [app.number, app.name, expert.get_full_name() or expert.username]
                        + [points.get(c.id) for c in data.criteria]
                        + [
                            sheet.total if sheet and sheet.state == ScoreSheet.State.SUBMITTED else None,
                            sheet.get_state_display() if sheet else _("未开始"),
                        ]
                    )
                result = data.results.get(app.id)
                label = _("评议组得分（去掉最高最低分）") if result and result.trimmed else _("评议组得分")
                row = [app.number, app.name, label] + [None] * len(data.criteria)
                row += [result.score if result else None, "" if result else _("尚未计算")]
                ws.row(row, bold=True)
            ws.signature([_("评议组组长签字：　　　　　　　　　　　　日期：　　　　年　　月　　日")])
        return book.to_bytes()


def _stage_choices():
    return Stage.choices
