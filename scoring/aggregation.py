"""Panel score of one application (第二十条): the mean of the experts' totals, or — when the campaign's approved
rules say so — the trimmed mean (drop one highest and one lowest), for every candidate of the campaign whatever
the size of its panel. The trimmed mean needs at least three totals; with fewer it is not computed and the
committee decides (docs/decisions.md 175): one formula per campaign, never switched silently.

Pure (docs/architecture.md §1, §3): no query, no write — the panel results' service (scoring/services/results.py),
the ranking's reads (scoring/selectors/ranking.py) and the audit's recomputation take the one formula from here."""

from decimal import ROUND_HALF_UP, Decimal

#: The fewest totals the trimmed mean can be taken of (one left after dropping the highest and the lowest).
TRIM_MIN_EXPERTS = 3
#: Rankings stored before decisions 175 trimmed only from five experts and took the plain mean below.
LEGACY_TRIM_MIN_EXPERTS = 5
PLACES = Decimal("0.001")


class PanelTooSmall(ValueError):
    """The approved rules say trimmed mean and fewer than `TRIM_MIN_EXPERTS` experts scored."""

    def __init__(self, count: int):
        super().__init__(f"trimmed mean needs {TRIM_MIN_EXPERTS} totals, got {count}")
        self.count = count


def panel_score(totals: list[int], *, trimmed_mean: bool, legacy: bool = False) -> tuple[Decimal, bool]:
    """(score rounded to 3 places, whether the trimmed mean was used). `legacy` reproduces rankings stored before
    decisions 175 (trimmed only from five totals)."""
    if not totals:
        raise ValueError("no totals")
    values = sorted(totals)
    trimmed = bool(trimmed_mean)
    if trimmed and legacy:
        trimmed = len(values) >= LEGACY_TRIM_MIN_EXPERTS
    elif trimmed and len(values) < TRIM_MIN_EXPERTS:
        raise PanelTooSmall(len(values))
    if trimmed:
        values = values[1:-1]
    score = Decimal(sum(values)) / Decimal(len(values))
    return score.quantize(PLACES, rounding=ROUND_HALF_UP), trimmed
