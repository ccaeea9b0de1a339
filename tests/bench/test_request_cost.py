"""The per-request cost rows of `make bench` (bench/request_cost.py, issue 26 item 1): one row per middleware of
the project's settings, the floor view and the layout, measured on the real reference page."""

import pytest
from django.conf import settings

from bench import request_cost
from tests.factories import user_with_role

pytestmark = pytest.mark.django_db


def test_one_row_per_middleware_with_the_floor_and_the_layout():
    rows = request_cost.measure(user_with_role("applicant"), requests=2, rounds=1, warmup=1)
    parts = [r["part"] for r in rows]
    assert parts[0] == "reference page, whole stack"
    assert "→ 200" in rows[0]["note"] and rows[0]["ms"] > 0
    assert parts[1 : 1 + len(settings.MIDDLEWARE)] == list(settings.MIDDLEWARE)
    by_part = {r["part"]: r for r in rows}
    # without the session the signed-in page cannot be built: said, not measured
    assert by_part["django.contrib.sessions.middleware.SessionMiddleware"]["ms"] is None
    assert by_part["config.middleware.ChineseByDefaultMiddleware"]["ms"] is not None
    assert by_part["floor view through the same middleware"]["ms"] > 0
    table = request_cost.table(rows)
    assert table[0].startswith("| part |") and len(table) == len(rows) + 2
