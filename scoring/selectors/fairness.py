"""评分尺度标准化 (issue 22, docs/decisions.md 210): candidates of one campaign are scored by different panels (by
technical domain), and a harsh panel's candidates would lose places to a lenient panel's for no merit of theirs.
第十七–二十条 say nothing about it, so it is a committee rule (`Campaign.score_normalisation`, default "none"),
adopted only through the rules decision after the committee saw every candidate's place with and without it
(`compare`, on the ranking page, never stored). `verify_ranking` recomputes either.

The normalisation, per stage (材料评议, 现场展示) over the submitted sheets of the ranked candidates:

- group g = a panel (`panel`) or an expert (`expert`), with its totals x, their mean m_g and sample SD s_g;
- the campaign's mean M and sample SD S over every sheet of the stage;
- each total is mapped to z = (x − m_g) / s_g and back onto the scale: x' = M + z·S (rounded to 3 places);
- a group with fewer than `MIN_SHEETS` sheets, or with s_g = 0, is not normalised (its totals stay as they are)
  and is flagged — a z-score of two or three sheets says nothing about the group's severity.

The panel score is then taken of the normalised totals by the campaign's approved formula (mean or trimmed mean).

A read (docs/architecture.md §3): one query of the submitted sheets (`submitted_sheets`) and arithmetic on them;
nothing here is stored — `compute_ranking` (scoring/services/ranking.py) stores the scores once the committee
adopted the rule.
"""

from collections import defaultdict
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from scoring.aggregation import PanelTooSmall, panel_score
from scoring.models import ScoreSheet

NONE, PANEL, EXPERT = "none", "panel", "expert"
MODES = (NONE, PANEL, EXPERT)
#: The fewest sheets a group needs to be normalised (the minimum-sample guard).
MIN_SHEETS = 5
THREE = Decimal("0.001")


@dataclass(frozen=True)
class Sheet:
    application_id: int
    stage: str
    panel_id: int
    expert_id: int
    total: int


@dataclass(frozen=True)
class Skipped:
    """A group left as it is: too few sheets, or every total equal."""

    stage: str
    mode: str
    key: int  # the panel's or the expert's id
    count: int


def submitted_sheets(app_ids) -> list[Sheet]:
    """The submitted sheets of the candidates, one query."""
    return [
        Sheet(*row[:4], row[4] or 0)
        for row in ScoreSheet.objects.filter(application_id__in=app_ids, state=ScoreSheet.State.SUBMITTED)
        .order_by("application_id", "stage", "expert_id")
        .values_list("application_id", "stage", "panel_id", "expert_id", "total")
    ]


def mean_sd(values) -> tuple[Decimal, Decimal]:
    """Mean and sample standard deviation (n − 1) in Decimal arithmetic (reproducible); SD 0 for one value."""
    values = [Decimal(v) for v in values]
    n = len(values)
    m = sum(values, Decimal(0)) / n
    if n < 2:
        return m, Decimal(0)
    var = sum(((v - m) ** 2 for v in values), Decimal(0)) / (n - 1)
    return m, var.sqrt()


def normalise(sheets: list[Sheet], mode: str, min_sheets: int = MIN_SHEETS):
    """({(application id, stage): [total, …]}, [Skipped]): the totals per candidate and stage, normalised by
    `mode` (NONE: as given)."""
    if mode not in MODES:
        raise ValueError(f"unknown normalisation {mode!r}")
    out: dict[tuple, list] = defaultdict(list)
    if mode == NONE:
        for s in sheets:
            out[(s.application_id, s.stage)].append(s.total)
        return dict(out), []
    skipped = []
    by_stage: dict[str, list[Sheet]] = defaultdict(list)
    for s in sheets:
        by_stage[s.stage].append(s)
    for stage, stage_sheets in sorted(by_stage.items()):
        big_m, big_s = mean_sd([s.total for s in stage_sheets])
        groups: dict[int, list[Sheet]] = defaultdict(list)
        for s in stage_sheets:
            groups[s.panel_id if mode == PANEL else s.expert_id].append(s)
        for key, members in sorted(groups.items()):
            m, sd = mean_sd([s.total for s in members])
            if len(members) < min_sheets or not sd:
                skipped.append(Skipped(stage, mode, key, len(members)))
                for s in members:
                    out[(s.application_id, stage)].append(Decimal(s.total))
                continue
            for s in members:
                value = big_m + (Decimal(s.total) - m) / sd * big_s
                out[(s.application_id, stage)].append(value.quantize(THREE, rounding=ROUND_HALF_UP))
    return dict(out), skipped


def panel_scores(totals: dict, *, use_trimmed_mean: bool, legacy: bool = False) -> dict:
    """{(application id, stage): score} by the approved formula; a panel too small for the trimmed mean has none."""
    scores = {}
    for key, values in totals.items():
        try:
            scores[key] = panel_score(values, trimmed_mean=use_trimmed_mean, legacy=legacy)[0]
        except PanelTooSmall:
            continue
    return scores
