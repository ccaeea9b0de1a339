"""A rubric's criteria, with their dimension, bands and aspects, kept in each process (docs/decisions.md 410).

Every score sheet, autosave and submission read the same rubric rows (three queries and some forty model
objects a request) and rendered the same criterion headings. The rubric tables are data loaded by migrations
(`scoring.services.rubric_loader`); the admin shows them read-only and no page writes them. So the criteria are
read once per rubric and process and kept:

- a write of a rubric row (Rubric, Dimension, Criterion, Band, Aspect) through the ORM in this process drops
  every kept rubric at once and again when its transaction commits (a reader meanwhile reads the old rows);
- a rubric is read again at most `KEEP_SECONDS` after it was read, so a write by another process (a migration
  run beside running servers) shows within that time;
- each reading gets a new `key`, which names the markup kept from it (`{% cache … using="local" %}` in
  templates/scoring/sheet.html): markup is never older than the criteria it was rendered from.

What is kept is the rubric only — never a score, a sheet or anything of a person."""

import itertools
import time
from dataclasses import dataclass

from django.db import transaction
from django.db.models.signals import post_delete, post_save

from scoring.models import Aspect, Band, Criterion, Dimension, Rubric

KEEP_SECONDS = 60

_readings = itertools.count(1)
_kept: dict[int, "KeptRubric"] = {}


@dataclass(frozen=True)
class KeptRubric:
    criteria: list[Criterion]
    key: str  # names this reading: the rubric and a number never used before in this process
    read_at: float


def read_criteria(rubric_id: int) -> list[Criterion]:
    return list(
        Criterion.objects.filter(dimension__rubric_id=rubric_id)
        .select_related("dimension")
        .prefetch_related("bands", "aspects")
        .order_by("order")
    )


def kept_rubric(rubric_id: int) -> KeptRubric:
    """The rubric's criteria in order (read-only: shared by every request of the process)."""
    kept = _kept.get(rubric_id)
    now = time.monotonic()
    if kept is None or now - kept.read_at >= KEEP_SECONDS:
        kept = KeptRubric(read_criteria(rubric_id), f"{rubric_id}.{next(_readings)}", now)
        _kept[rubric_id] = kept
    return kept


def forget(**_kwargs) -> None:
    """Drop every kept rubric (the tests call it before each test: a rolled-back write sends no signal)."""
    _kept.clear()


def _written(**kwargs) -> None:
    forget()
    transaction.on_commit(forget, using=kwargs.get("using"))


def connect_signals() -> None:
    """Called once from `ScoringConfig.ready`."""
    for model in (Rubric, Dimension, Criterion, Band, Aspect):
        uid = f"scoring.kept_rubrics.{model.__name__}"
        post_save.connect(_written, sender=model, dispatch_uid=uid + ".save", weak=False)
        post_delete.connect(_written, sender=model, dispatch_uid=uid + ".delete", weak=False)
