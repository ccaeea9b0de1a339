"""Reads of the scoring app, one module per page group (docs/architecture.md §1): `panels` (expert home, reading
and scoring, panel results, shortlist), `sheet` (the score-sheet rows), `analytics` (rater statistics),
`public` (公众评价)."""
