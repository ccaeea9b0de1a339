"""Pages of the scoring app, one module per page group (docs/architecture.md §1): `expert` (home, reading,
conflicts, the score sheet), `panel` (results, opinion, shortlist, analytics, matrix), `public` (公众评价 for
citizens and units), `public_office` (the office's 公众评价 page, one view per action)."""
