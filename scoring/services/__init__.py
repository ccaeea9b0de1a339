"""Writes of the scoring app (one transaction each, checks, history reason), one module per concern:
`sheets`, `conflicts`, `results`, `shortlist`, `notify`; the composite ranking (`ranking`, computed and stored);
the rubric loader (`rubric_loader`); 公众评价 (`ballots`, with `voter_identity`, `vote_limits`, `captcha`,
`code_senders`, `opinion_imports`). The most used are re-exported here."""

from scoring.services.conflicts import conflict_declare
from scoring.services.results import panel_opinion_save, panel_results_compute
from scoring.services.sheets import EntryInput, sheet_reopen, sheet_save_draft, sheet_submit
from scoring.services.shortlist import shortlist_confirm

__all__ = [
    "EntryInput",
    "conflict_declare",
    "panel_opinion_save",
    "panel_results_compute",
    "sheet_reopen",
    "sheet_save_draft",
    "sheet_submit",
    "shortlist_confirm",
]
