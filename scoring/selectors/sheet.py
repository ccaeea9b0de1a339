"""Rows of the score-sheet page: each criterion with its aspects, bands and the values to show."""

import json
from dataclasses import dataclass, field

from scoring.models import Criterion, Rubric
from scoring.rubrics import EntryInput, band_span


@dataclass
class SheetRow:
    criterion: Criterion
    values: EntryInput
    errors: list[str] = field(default_factory=list)
    band_table: dict = field(default_factory=dict)
    levels: list = field(default_factory=list)

    @property
    def band_json(self) -> str:
        return json.dumps(self.band_table)

    @property
    def band(self) -> tuple[int, int] | None:
        if self.band_table:
            if self.values.significant is None:
                return None
            return self.band_table.get(f"{len(self.values.aspects)}-{int(self.values.significant)}")
        for level in self.levels:
            if level["order"] == self.values.level:
                return level["min"], level["max"]
        return None


def craftsman_band_table(criterion: Criterion) -> dict[str, list[int]]:
    """The band for every (aspects shown, 显著/一般) pair — the rule of `scoring.rubrics.allowed_band`, read from
    the criterion's prefetched Band rows (Band.matches) so the page costs no query per criterion."""
    table = {}
    for shown in range(len(criterion.aspects.all()) + 1):
        for significant in (False, True):
            matching = [b for b in criterion.bands.all() if b.matches(shown, significant)]
            if matching:
                table[f"{shown}-{int(significant)}"] = list(band_span(matching))
    return table


def sheet_rows(rubric: Rubric, criteria, values: dict[str, EntryInput], errors: dict[str, list[str]]):
    rows = []
    for c in criteria:
        row = SheetRow(criterion=c, values=values.get(c.code) or EntryInput(), errors=errors.get(c.code, []))
        if rubric.method == Rubric.Method.ASPECTS:
            row.band_table = craftsman_band_table(c)
        else:
            row.levels = [
                {"order": b.order, "name": b.label(), "min": b.min_points, "max": b.max_points}
                for b in c.bands.all()
            ]
        rows.append(row)
    return rows


def values_from_sheet(sheet) -> dict[str, EntryInput]:
    if sheet is None:
        return {}
    return {
        e.criterion.code: EntryInput(
            points=e.points,
            aspects=list(e.aspects or []),
            significant=e.significant,
            level=e.level,
            comment=e.comment,
        )
        for e in sheet.entries.all()
    }
