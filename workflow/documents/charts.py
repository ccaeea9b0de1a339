"""Server-side SVG charts (no JavaScript, no CDN): counts per state/domain, score distributions per panel, and
the ranking with its quota and minimum lines. Each returns safe SVG markup with a <title> for screen readers."""

from django.utils.html import escape, format_html
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

WIDTH = 640
BAR_H = 22
LABEL_W = 170


def _svg(height: int, title: str, body: str) -> str:
    return mark_safe(
        f'<svg class="chart" role="img" viewBox="0 0 {WIDTH} {height}" width="{WIDTH}" height="{height}" '
        f'xmlns="http://www.w3.org/2000/svg"><title>{escape(title)}</title>{body}</svg>'
    )


def bar_chart(items: list[tuple[str, float]], *, title: str, color: str = "#0b5cad") -> str:
    """Horizontal bars, one per (label, value)."""
    if not items:
        return ""
    top = max(v for _l, v in items) or 1
    span = WIDTH - LABEL_W - 60
    rows = []
    for i, (label, value) in enumerate(items):
        y = 8 + i * (BAR_H + 6)
        w = max(1, round(span * value / top))
        rows.append(
            format_html(
                '<text x="{}" y="{}" text-anchor="end" font-size="13">{}</text>'
                '<rect x="{}" y="{}" width="{}" height="{}" fill="{}"><title>{}{}{}</title></rect>'
                '<text x="{}" y="{}" font-size="13">{}</text>',
                LABEL_W - 8,
                y + 16,
                label,
                LABEL_W,
                y,
                w,
                BAR_H,
                color,
                label,
                _("："),
                value,
                LABEL_W + w + 6,
                y + 16,
                value,
            )
        )
    return _svg(16 + len(items) * (BAR_H + 6), title, "".join(rows))


def histogram(scores: list[float], *, title: str, maximum: float, bins: int = 10) -> str:
    """Score distribution: how many applications fall in each tenth of the rubric's maximum."""
    if not scores:
        return ""
    width = maximum / bins
    counts = [0] * bins
    for s in scores:
        counts[min(bins - 1, int(s // width))] += 1
    items = [(f"{round(i * width)}–{round((i + 1) * width)}", c) for i, c in enumerate(counts)]
    return bar_chart(items, title=title, color="#1f7a3a")


def ranking_chart(entries, *, quota: int, minimum: float, maximum: float) -> str:
    """Composite score per candidate in rank order, a dashed line after the last recommended one (名额线) and a
    vertical line at the minimum composite score (最低分线); tied candidates in orange."""
    if not entries:
        return ""
    span = WIDTH - LABEL_W - 60
    rows = []
    recommended = sum(1 for e in entries if e.outcome == "recommended")
    for i, e in enumerate(entries):
        y = 8 + i * (BAR_H + 6)
        value = float(e.composite)
        w = max(1, round(span * value / maximum))
        color = "#ad6800" if e.tied else ("#a8071a" if e.outcome == "recommended" else "#0b5cad")
        rows.append(
            format_html(
                '<text x="{}" y="{}" text-anchor="end" font-size="13">{}. {}</text>'
                '<rect x="{}" y="{}" width="{}" height="{}" fill="{}"><title>{}{}{}</title></rect>'
                '<text x="{}" y="{}" font-size="13">{}</text>',
                LABEL_W - 8,
                y + 16,
                e.rank,
                e.application.name,
                LABEL_W,
                y,
                w,
                BAR_H,
                color,
                e.application.name,
                _("："),
                value,
                LABEL_W + w + 6,
                y + 16,
                value,
            )
        )
        if i + 1 == recommended:
            rows.append(
                format_html(
                    '<line class="quota-line" x1="0" x2="{}" y1="{}" y2="{}" stroke="#b00020" stroke-dasharray="6 4"/>'
                    '<text x="4" y="{}" font-size="11" fill="#b00020">{}</text>',
                    WIDTH,
                    y + BAR_H + 3,
                    y + BAR_H + 3,
                    y + BAR_H + 1,
                    _("名额线（%(q)s 人）") % {"q": quota},
                )
            )
    height = 16 + len(entries) * (BAR_H + 6)
    x_min = LABEL_W + round(span * minimum / maximum)
    rows.append(
        format_html(
            '<line class="minimum-line" x1="{}" x2="{}" y1="0" y2="{}" stroke="#5b6475" stroke-dasharray="2 3"/>'
            '<text x="{}" y="{}" font-size="11" fill="#5b6475">{}</text>',
            x_min,
            x_min,
            height,
            x_min + 3,
            height - 2,
            _("最低分 %(m)s") % {"m": minimum},
        )
    )
    return _svg(height, _("综合排名"), "".join(rows))
