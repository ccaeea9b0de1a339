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
    assert parts[1:3] == [request_cost.CONTROL, request_cost.TEN_LAYERS]
    assert rows[1]["ms"] is not None and rows[2]["ms"] is not None
    assert parts[3 : 3 + len(settings.MIDDLEWARE)] == list(settings.MIDDLEWARE)
    by_part = {r["part"]: r for r in rows}
    # without the session the signed-in page cannot be built: said, not measured
    assert by_part["django.contrib.sessions.middleware.SessionMiddleware"]["ms"] is None
    assert by_part["config.middleware.ChineseByDefaultMiddleware"]["ms"] is not None
    assert by_part["floor view through the same middleware"]["ms"] > 0
    table = request_cost.table(rows)
    assert table[0].startswith("| part |") and len(table) == len(rows) + 2


def test_a_paired_cost_does_not_charge_the_drift_of_the_run_to_either_side(monkeypatch):
    """Two identical pages whose cost grows during the measurement (a machine slowing, caches filling): measured
    whole-then-without, the first would look cheaper by the drift; ABBA puts the same drift on both sides. The
    clock is the test's own (each call costs a millisecond more than the one before), so the figures are exact
    and do not depend on how busy the machine running the test is."""
    clock = {"seconds": 0.0, "calls": 0}

    def drifting():
        clock["calls"] += 1
        clock["seconds"] += clock["calls"] / 1000

    monkeypatch.setattr(request_cost.time, "process_time", lambda: clock["seconds"])
    requests = 30
    drifted = request_cost.timed_block(drifting, requests) - request_cost.timed_block(drifting, requests)
    assert drifted == pytest.approx(-30.0)  # calls 1–30 against 31–60: the first block measured cheaper
    paired = request_cost._paired_cost(drifting, drifting, requests, rounds=1)
    assert paired == pytest.approx(0.0, abs=1e-6)  # 61–90 and 151–180 against 91–150: the drift cancels
