"""Reads of the scoring app, one module per page group (docs/architecture.md §1): `panels` (expert home, reading
and scoring, panel results, shortlist), `sheet` (the score-sheet rows), `analytics` (rater statistics),
`public` (公众评价), `ranking` (the composite ranking's formula and its reads: inputs, staleness, verification,
the explanation, the comparison with the score normalisation) and `fairness` (the score normalisation,
decisions 210)."""
