"""Panel score of one application (第二十条): the mean of the experts' totals, or the trimmed mean (drop one
highest and one lowest) when the campaign says so and at least five experts scored."""

from decimal import ROUND_HALF_UP, Decimal

TRIM_MIN_EXPERTS = 5
PLACES = Decimal("0.001")


def panel_score(totals: list[int], *, trimmed_mean: bool) -> tuple[Decimal, bool]:
    """(score rounded to 3 places, whether the trimmed mean was used)."""
    if not totals:
        raise ValueError("no totals")
    values = sorted(totals)
    trimmed = trimmed_mean and len(values) >= TRIM_MIN_EXPERTS
    if trimmed:
        values = values[1:-1]
    score = Decimal(sum(values)) / Decimal(len(values))
    return score.quantize(PLACES, rounding=ROUND_HALF_UP), trimmed
