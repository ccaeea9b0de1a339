"""Rater analytics (评分一致性分析) for the office and the chair: shown, never applied automatically.

Per expert: mean deviation and spread against the panel; totals far from the panel median flagged; the panel's
agreement as Kendall's coefficient of concordance W over the ranking it produced; per criterion a histogram of
the points given (server-side SVG).
"""

from dataclasses import dataclass
from statistics import mean, median, pstdev

from django.utils.html import escape
from django.utils.safestring import mark_safe

from config.text import series
from scoring.models import ScoreSheet

#: A total further than this share of the rubric's maximum from the panel median is flagged.
FAR_FROM_MEDIAN_SHARE = 0.15


@dataclass
class ExpertStats:
    expert: object
    count: int
    mean_total: float | None
    mean_deviation: float | None
    spread: float | None


@dataclass
class Flag:
    expert: object
    application: object
    total: int
    median: float
    difference: float


def average_ranks(values: list[float]) -> list[float]:
    """Rank 1 = highest value; tied values share the mean of their ranks."""
    order = sorted(range(len(values)), key=lambda i: -values[i])
    ranks = [0.0] * len(values)
    i = 0
    while i < len(order):
        j = i
        while j + 1 < len(order) and values[order[j + 1]] == values[order[i]]:
            j += 1
        for k in range(i, j + 1):
            ranks[order[k]] = (i + j) / 2 + 1
        i = j + 1
    return ranks


def kendalls_w(matrix: list[list[float]]) -> float | None:
    """Kendall's W for m raters (rows) ranking the same n items (columns), with the tie correction.
    None when fewer than two raters or two items."""
    m = len(matrix)
    n = len(matrix[0]) if matrix else 0
    if m < 2 or n < 2:
        return None
    ranks = [average_ranks(row) for row in matrix]
    sums = [sum(r[j] for r in ranks) for j in range(n)]
    mean_sum = m * (n + 1) / 2
    s = sum((x - mean_sum) ** 2 for x in sums)
    ties = 0.0
    for row in matrix:
        counts: dict[float, int] = {}
        for v in row:
            counts[v] = counts.get(v, 0) + 1
        ties += sum(t**3 - t for t in counts.values())
    denominator = m**2 * (n**3 - n) - m * ties
    if denominator == 0:
        return None
    return round(12 * s / denominator, 3)


def histogram_svg(counts: dict[int, int], max_points: int, title: str) -> str:
    """A bar chart of how often each score 1…max_points was given."""
    width, height, pad = 260, 90, 14
    bar_w = (width - 2 * pad) / max(max_points, 1)
    peak = max(counts.values(), default=0) or 1
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" width="{width}" '
        f'height="{height}" role="img" aria-label="{escape(title)}"><title>{escape(title)}</title>',
        f'<line x1="{pad}" y1="{height - pad}" x2="{width - pad}" y2="{height - pad}" stroke="#98a2b3"/>',
    ]
    for points in range(1, max_points + 1):
        n = counts.get(points, 0)
        h = (height - 2 * pad) * n / peak
        x = pad + (points - 1) * bar_w
        if n:
            parts.append(
                f'<rect class="bar" data-points="{points}" data-count="{n}" x="{x + 1:.1f}" '
                f'y="{height - pad - h:.1f}" width="{bar_w - 2:.1f}" height="{h:.1f}" fill="#0b5cad">'
                f"<title>{points}: {n}</title></rect>"
            )
        if points == 1 or points == max_points or points % 5 == 0:
            parts.append(
                f'<text x="{x + bar_w / 2:.1f}" y="{height - 2}" font-size="9" text-anchor="middle">{points}</text>'
            )
    parts.append("</svg>")
    return mark_safe("".join(parts))


def panel_analytics(data) -> dict:
    """Analytics over the submitted sheets of a `selectors.PanelStageData`."""
    submitted = {k: s for k, s in data.sheets.items() if s.state == ScoreSheet.State.SUBMITTED}
    apps = data.applications
    by_app: dict[int, dict[int, int]] = {a.id: {} for a in apps}
    for (expert_id, app_id), sheet in submitted.items():
        by_app.setdefault(app_id, {})[expert_id] = sheet.total
    medians = {a: median(t.values()) for a, t in by_app.items() if t}
    means = {a: mean(t.values()) for a, t in by_app.items() if t}
    threshold = data.rubric.max_total * FAR_FROM_MEDIAN_SHARE
    app_by_id = {a.id: a for a in apps}
    experts = []
    flags = []
    for expert in data.experts:
        totals = [(a, t[expert.id]) for a, t in by_app.items() if expert.id in t]
        deviations = [total - means[a] for a, total in totals]
        experts.append(
            ExpertStats(
                expert=expert,
                count=len(totals),
                mean_total=round(mean(t for _a, t in totals), 2) if totals else None,
                mean_deviation=round(mean(deviations), 2) if deviations else None,
                spread=round(pstdev(deviations), 2) if deviations else None,
            )
        )
        for a, total in totals:
            if abs(total - medians[a]) > threshold:
                flags.append(Flag(expert, app_by_id[a], total, medians[a], round(total - medians[a], 2)))
    complete = [e for e in data.experts if all(e.id in by_app[a.id] for a in apps)] if apps else []
    w = kendalls_w([[by_app[a.id][e.id] for a in apps] for e in complete])
    charts = []
    for criterion in data.criteria:
        counts: dict[int, int] = {}
        for sheet in submitted.values():
            for entry in sheet.entries.all():
                if entry.criterion_id == criterion.id and entry.points is not None:
                    counts[entry.points] = counts.get(entry.points, 0) + 1
        charts.append(
            (criterion, histogram_svg(counts, criterion.max_points, criterion.label()), sum(counts.values()))
        )
    return {
        "experts": experts,
        "flags": flags,
        "threshold": round(threshold, 1),
        "kendalls_w": w,
        "w_raters": len(complete),
        "charts": charts,
        "medians": medians,
    }


# --- 评分尺度：各评议组、各专家的宽严与离散 (issue 22, decisions 210) ------------------------------------------------


def icc_2_1(matrix: list[list[float]]) -> float | None:
    """ICC(2,1): two-way random effects, absolute agreement, single rater (Shrout & Fleiss 1979, case 2; McGraw &
    Wong 1996). `matrix`: n subjects (rows) × k raters (columns), complete. With the grand mean G, the row means
    r_i and the column means c_j:

        MSR = k·Σ(r_i − G)² / (n − 1)            (between subjects)
        MSC = n·Σ(c_j − G)² / (k − 1)            (between raters)
        MSE = (SST − SSR − SSC) / ((n − 1)(k − 1)) (residual)
        ICC(2,1) = (MSR − MSE) / (MSR + (k − 1)·MSE + k·(MSC − MSE) / n)

    None when fewer than two subjects or two raters, or the denominator is 0 (all values equal)."""
    n = len(matrix)
    k = len(matrix[0]) if matrix else 0
    if n < 2 or k < 2:
        return None
    grand = sum(sum(row) for row in matrix) / (n * k)
    row_means = [sum(row) / k for row in matrix]
    col_means = [sum(row[j] for row in matrix) / n for j in range(k)]
    ssr = k * sum((r - grand) ** 2 for r in row_means)
    ssc = n * sum((c - grand) ** 2 for c in col_means)
    sst = sum((x - grand) ** 2 for row in matrix for x in row)
    msr = ssr / (n - 1)
    msc = ssc / (k - 1)
    mse = (sst - ssr - ssc) / ((n - 1) * (k - 1))
    denominator = msr + (k - 1) * mse + k * (msc - mse) / n
    if abs(denominator) < 1e-12:
        return None
    return round((msr - mse) / denominator, 3)


@dataclass
class Severity:
    """One group's (a panel's or an expert's) totals in one stage: how harsh or lenient, how spread."""

    key: int
    label: str
    count: int  # sheets
    mean: float
    sd: float | None  # sample SD (n − 1); None for one sheet
    offset: float  # mean − the stage's mean over every sheet
    candidates: int = 0
    icc: float | None = None  # panels: ICC(2,1) over the candidates every member scored
    icc_n: int = 0  # candidates in the ICC
    icc_k: int = 0  # raters in the ICC
    panel: str = ""  # experts: their panel(s)


def _mean_sd(values) -> tuple[float, float | None]:
    """Mean and sample SD (n − 1), unrounded; SD None for one value."""
    m = mean(values)
    if len(values) < 2:
        return m, None
    return m, (sum((v - m) ** 2 for v in values) / (len(values) - 1)) ** 0.5


def _r(value):
    return None if value is None else round(value, 2)


def severity(sheets, panel_names: dict, expert_names: dict) -> list[dict]:
    """Per stage: the stage's mean/SD/n, and per panel and per expert the mean and SD of their totals, the offset
    to the stage's mean and n; per panel ICC(2,1) with its sample. `sheets`: `scoring.selectors.fairness.Sheet`s."""
    by_stage: dict[str, list] = {}
    for s in sheets:
        by_stage.setdefault(s.stage, []).append(s)
    out = []
    for stage in ("material", "onsite"):
        stage_sheets = by_stage.get(stage)
        if not stage_sheets:
            continue
        all_mean, all_sd = _mean_sd([s.total for s in stage_sheets])
        panels, experts, expert_panels = {}, {}, {}
        for s in stage_sheets:
            panels.setdefault(s.panel_id, []).append(s)
            experts.setdefault(s.expert_id, []).append(s)
            expert_panels.setdefault(s.expert_id, set()).add(s.panel_id)
        panel_rows = []
        for pid, members in sorted(panels.items(), key=lambda kv: panel_names.get(kv[0], "")):
            m, sd = _mean_sd([s.total for s in members])
            grid: dict[int, dict[int, int]] = {}
            for s in members:
                grid.setdefault(s.application_id, {})[s.expert_id] = s.total
            raters = sorted({s.expert_id for s in members})
            complete = [a for a, row in sorted(grid.items()) if all(r in row for r in raters)]
            panel_rows.append(
                Severity(
                    key=pid,
                    label=panel_names.get(pid, str(pid)),
                    count=len(members),
                    mean=_r(m),
                    sd=_r(sd),
                    offset=_r(m - all_mean),
                    candidates=len(grid),
                    icc=icc_2_1([[grid[a][r] for r in raters] for a in complete]),
                    icc_n=len(complete),
                    icc_k=len(raters),
                )
            )
        expert_rows = []
        for eid, members in sorted(experts.items(), key=lambda kv: expert_names.get(kv[0], "")):
            m, sd = _mean_sd([s.total for s in members])
            expert_rows.append(
                Severity(
                    key=eid,
                    label=expert_names.get(eid, str(eid)),
                    count=len(members),
                    mean=_r(m),
                    sd=_r(sd),
                    offset=_r(m - all_mean),
                    panel=series(sorted(panel_names.get(p, str(p)) for p in expert_panels[eid])),
                )
            )
        out.append(
            {
                "stage": stage,
                "count": len(stage_sheets),
                "mean": _r(all_mean),
                "sd": _r(all_sd),
                "panels": panel_rows,
                "experts": expert_rows,
            }
        )
    return out
