"""Reads of the office's stage pages (材料评议, 现场展示: 第十七、十八条) and the composite ranking (第二十条)."""

from django.conf import settings
from django.contrib.auth import get_user_model
from django.utils.functional import SimpleLazyObject
from django.utils.translation import gettext as _

from awards.models import Application, Campaign
from awards.quota import effective_quota, quota_in_words
from config import pagecache
from scoring.models import Panel, PanelAssignment, PanelOpinion, PanelResult, ScoreSheet
from scoring.selectors import fairness
from scoring.selectors.analytics import severity
from scoring.selectors.panels import attach_panel_views, expected_sheets
from scoring.selectors.public import group_counts
from scoring.selectors.ranking import (
    RANKED_STATES,
    compare,
    explain,
    inputs_version,
    ranking_rules_in_words,
    ranking_stale,
)
from workflow.documents import charts
from workflow.selectors.rules import rules_of

S = Application.State


def stage_page(campaign: Campaign, stage: str) -> dict:
    """Progress per panel and per expert (sheets submitted / expected), the panel scores and, for the material
    review, the proposed shortlist with ties at the line; for the on-site stage, the schedule."""

    expected = expected_sheets(campaign, stage)
    submitted = set(
        ScoreSheet.objects.filter(
            application__campaign=campaign, stage=stage, state=ScoreSheet.State.SUBMITTED
        ).values_list("expert_id", "application_id")
    )
    panel_of = dict(
        PanelAssignment.objects.filter(application_id__in=expected).values_list("application_id", "panel_id")
    )
    per_panel: dict[int, list[int]] = {}
    per_expert: dict[int, list[int]] = {}
    for app_id, pairs in expected.items():
        for pair in pairs:
            done = int(pair in submitted)
            per_panel.setdefault(panel_of[app_id], [0, 0])
            per_panel[panel_of[app_id]][0] += done
            per_panel[panel_of[app_id]][1] += 1
            per_expert.setdefault(pair[0], [0, 0])
            per_expert[pair[0]][0] += done
            per_expert[pair[0]][1] += 1
    panels = {p.pk: p for p in Panel.objects.filter(campaign=campaign)}
    users = {u.pk: u for u in get_user_model().objects.filter(pk__in=per_expert)}
    panel_rows = [
        {"panel": panels[pid], "done": d, "total": t, "percent": round(100 * d / t) if t else 100}
        for pid, (d, t) in sorted(per_panel.items())
    ]
    expert_rows = [
        {"expert": users[eid], "done": d, "total": t}
        for eid, (d, t) in sorted(per_expert.items(), key=lambda kv: users[kv[0]].username)
    ]
    results = list(
        PanelResult.objects.filter(application__campaign=campaign, stage=stage)
        .select_related("application", "panel")
        .order_by("-score", "application__number")
    )

    maximum = campaign.award_type.rubric.max_total
    by_panel: dict = {}
    for r in results_for_chart(campaign, stage):
        by_panel.setdefault(r[0], []).append(float(r[1]))
    context = {
        "charts": [
            (name, charts.histogram(scores, title=_("%(p)s得分分布") % {"p": name}, maximum=maximum))
            for name, scores in sorted(by_panel.items())
        ],
        "campaign": campaign,
        "stage": stage,
        "panel_rows": panel_rows,
        "expert_rows": expert_rows,
        "sheets_done": sum(r["done"] for r in panel_rows),
        "sheets_total": sum(r["total"] for r in panel_rows),
        "results": results,
    }
    if stage == "material":
        context.update(shortlist_proposal(campaign, results))
        opinions = panel_recommendations(campaign, stage)
        recommended = {a.pk for o in opinions for a in o.recommended.all()}
        for row in context["proposal"]:
            row["panel_recommended"] = row["result"].application_id in recommended
        context["panel_opinions"] = opinions
    else:
        context["schedule"] = list(
            PanelAssignment.objects.filter(application__campaign=campaign, application__state=S.SHORTLISTED)
            .select_related("application", "panel")
            .order_by("onsite_date", "onsite_room", "onsite_order", "application__number")
        )
    return context


def panel_recommendations(campaign: Campaign, stage: str) -> list:
    """Each panel's written opinion with its recommended names (第十条 (二)(三)), for the office deciding the list."""
    return list(
        PanelOpinion.objects.filter(panel__campaign=campaign, stage=stage)
        .select_related("panel")
        .prefetch_related("recommended")
        .order_by("panel__name")
    )


def results_for_chart(campaign: Campaign, stage: str):

    return PanelResult.objects.filter(application__campaign=campaign, stage=stage).values_list(
        "panel__name", "score"
    )


def shortlist_proposal(campaign: Campaign, results) -> dict:
    """The best `shortlist_size` eligible applications by material-review score; those equal to the last one
    inside the line are shown as tied (the office decides, nothing is cut silently)."""
    eligible = [r for r in results if r.application.state == S.ELIGIBLE]
    size = campaign.shortlist_size
    line_score = eligible[size - 1].score if len(eligible) >= size else None
    rows = []
    for i, r in enumerate(eligible):
        tied = (
            line_score is not None
            and r.score == line_score
            and ((i < size and any(x.score == line_score for x in eligible[size:])) or (i >= size))
        )
        rows.append({"result": r, "proposed": i < size, "tied_at_line": tied, "position": i + 1})
    return {"proposal": rows, "line_after": min(size, len(eligible))}


def current_ranking(campaign: Campaign):
    return campaign.rankings.filter(is_current=True).select_related("computed_by").first()


def ranking_page(campaign: Campaign, normalise: str = "") -> dict:
    """The ranking page: the campaign, its current ranking and, computed only when the page's cached part is not in
    the cache (the template's `{% cache %}` keyed by `office_version`, docs/decisions.md 113), the table with each
    entry's explanation and panel view, the chart, the lines and the public ballots per group."""

    ranking = current_ranking(campaign)
    return {
        "campaign": campaign,
        "ranking": ranking,
        "office_version": pagecache.office_version(campaign.pk),
        "cache_seconds": settings.OFFICE_CACHE_SECONDS,
        "table": SimpleLazyObject(lambda: ranking_table(campaign, ranking)),
        "ranking_stale": ranking_stale(ranking, campaign),  # one query (decisions 245, 360)
        # the 评分尺度 tables are cached under it: every sheet and every ranked state they read counts (decisions 373)
        "inputs_version": inputs_version(campaign.pk),
        "rules_words": ranking_rules_in_words(ranking.inputs if ranking is not None else rules_of(campaign)),
        "quota_words": quota_in_words(campaign),
        "public_counts": SimpleLazyObject(
            lambda: group_counts(campaign) if campaign.public_input_enabled else []
        ),
        **fairness_section(campaign, normalise),
    }


def fairness_section(campaign: Campaign, normalise: str) -> dict:
    """评分尺度 (decisions 210): each panel's and expert's severity and spread per stage, and — when the office asks
    for a normalisation (`normalise`: "panel" or "expert") — every candidate's place without and with it, side
    by side, computed from the sheets and never stored. A fixed number of queries."""
    modes = {fairness.PANEL: _("按评议组标准化"), fairness.EXPERT: _("按专家标准化")}
    error = ""
    if normalise and normalise not in modes:
        error = _(
            "未知的标准化方式“%(m)s”：只能选择“按评议组标准化”（panel）或“按专家标准化”（expert）。"
        ) % {"m": normalise[:20]}
        normalise = ""

    def stats():  # one query: the sheets of the ranked candidates with their panel's and expert's names
        rows = (
            ScoreSheet.objects.filter(
                application__campaign=campaign,
                application__state__in=RANKED_STATES,
                state=ScoreSheet.State.SUBMITTED,
            )
            .order_by("application_id", "stage", "expert_id")
            .values_list(
                "application_id",
                "stage",
                "panel_id",
                "expert_id",
                "total",
                "panel__name",
                "expert__last_name",
                "expert__first_name",
                "expert__username",
            )
        )
        sheets, panel_names, expert_names = [], {}, {}
        for app_id, stage, panel_id, expert_id, total, panel, last, first, username in rows:
            sheets.append(fairness.Sheet(app_id, stage, panel_id, expert_id, total or 0))
            panel_names[panel_id] = panel
            expert_names[expert_id] = f"{last}{first}".strip() or username
        return severity(sheets, panel_names, expert_names)

    return {
        "fairness_modes": list(modes.items()),
        "fairness_mode": normalise,
        "fairness_mode_label": modes.get(normalise, ""),
        "fairness_error": error,
        "fairness_adopted": campaign.score_normalisation != fairness.NONE,
        "severity": SimpleLazyObject(stats),
        "comparison": SimpleLazyObject(lambda: compare(campaign, normalise)) if normalise else None,
    }


def ranking_table(campaign: Campaign, ranking) -> dict:
    """Every entry of `ranking` with its explanation (第二十条) and its panel's view (第十条), the chart and where the
    quota and minimum lines fall. A fixed number of queries whatever the number of entries."""
    entries = []
    if ranking is not None:
        entries = list(
            ranking.entries.select_related("application__tech_domain").order_by("rank", "application__number")
        )
        for e in entries:
            e.why = explain(e)

        attach_panel_views(campaign, entries)
    quota_after = minimum_after = None
    recommended = [e for e in entries if e.outcome == "recommended"]
    if recommended:
        quota_after = recommended[-1].pk
    above = [e for e in entries if e.composite >= campaign.min_composite_score]
    if above and len(above) < len(entries):
        minimum_after = above[-1].pk

    return {
        "chart": charts.ranking_chart(
            entries,
            quota=effective_quota(campaign),
            minimum=float(campaign.min_composite_score),
            maximum=float(campaign.award_type.rubric.max_total),
        ),
        "entries": entries,
        "quota_after": quota_after,
        "minimum_after": minimum_after,
        "below_all": not above and bool(entries),
        "ties": [e for e in entries if e.tied],
    }
