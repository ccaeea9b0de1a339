"""Rater analytics (评分一致性分析) for the office and the chair: shown, never applied automatically.

Per expert: mean deviation and spread against the panel; totals far from the panel median flagged; the panel's
agreement as Kendall's coefficient of concordance W over the ranking it produced; per criterion a histogram of
the points given (server-side SVG).
"""

from dataclasses import dataclass
from statistics import mean, median, pstdev

from django.utils.html import escape
from django.utils.safestring import mark_safe

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
