"""Rows of the score-sheet page: each criterion with its aspects, bands and the values to show."""

import json
from dataclasses import dataclass, field
from functools import cached_property

from config.markup_keys import markup_key, templates_token
from scoring.models import Criterion, Rubric
from scoring.rubrics import EntryInput, band_span

#: The template of one criterion's row; its markup is kept in each process under `SheetRow.key` (decisions 422).
ROW_TEMPLATE = "scoring/_sheet_row.html"


@dataclass
class SheetRow:
    criterion: Criterion
    values: EntryInput
    errors: list[str] = field(default_factory=list)
    aspects: bool = True  # the rubric's method: aspects and 显著/一般 (智慧工匠), else levels (领军先锋)
    key: str = ""  # names the row's markup: see sheet_rows

    # The bands come from the criterion alone and are read only when the row is rendered, not when its markup is
    # found kept (decisions 422).
    @cached_property
    def band_table(self) -> dict[str, list[int]]:
        return craftsman_band_table(self.criterion) if self.aspects else {}

    @cached_property
    def levels(self) -> list[dict]:
        if self.aspects:
            return []
        return [
            {"order": b.order, "name": b.label(), "min": b.min_points, "max": b.max_points}
            for b in self.criterion.bands.all()
        ]

    @property
    def band_json(self) -> str:
        return json.dumps(self.band_table)

    @property
    def band(self) -> tuple[int, int] | None:
        if self.aspects:
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


def sheet_rows(
    rubric: Rubric, criteria, values: dict[str, EntryInput], errors: dict[str, list[str]], *, reading: str
):
    """One row per criterion, each with the `key` its markup is kept under (docs/decisions.md 422): the row's
    template source, the request's language, the rubric's reading (`kept_rubrics`: every criterion, band and
    aspect as read, a new reading after any change) and the criterion, the rubric's method, and the values and
    errors the row shows. Two sheets whose row shows the same (a criterion not yet scored, on every new sheet)
    share its markup; a changed value, error or language is another key."""
    token = templates_token((ROW_TEMPLATE,))
    aspects = rubric.method == Rubric.Method.ASPECTS
    rows = []
    for c in criteria:
        v = values.get(c.code) or EntryInput()
        row = SheetRow(criterion=c, values=v, errors=errors.get(c.code, []), aspects=aspects)
        shown = (v.points, tuple(v.aspects), v.significant, v.level, v.comment, tuple(map(str, row.errors)))
        row.key = markup_key(token, reading, c.code, aspects, shown)
        rows.append(row)
    return rows


def values_from_sheet(sheet, criteria) -> dict[str, EntryInput]:
    """The stored entries of `sheet` by criterion code. `criteria`: the rubric's, as kept in the process
    (`kept_rubric`), which name each entry's criterion without reading it again (docs/decisions.md 432)."""
    if sheet is None:
        return {}
    codes = {c.pk: c.code for c in criteria}
    return {
        (codes.get(e.criterion_id) or e.criterion.code): EntryInput(
            points=e.points,
            aspects=list(e.aspects or []),
            significant=e.significant,
            level=e.level,
            comment=e.comment,
        )
        for e in sheet.entries.all()
    }
