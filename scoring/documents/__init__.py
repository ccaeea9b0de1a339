"""Files the scoring app renders (docs/architecture.md §8): `sheets` — the signed score sheet (PDF) and the
panel's score matrix (Excel)."""
