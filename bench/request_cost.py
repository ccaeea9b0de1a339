"""What every request pays before any page logic (issue 26 item 1): in-process CPU time per request of the
reference page (Django's password change: 2 queries, 3 fields) for a signed-in user, with the project's whole
middleware and with each middleware taken out in turn, against the bare-Django floor view through the same
middleware, and the base layout rendered on its own. One row each; `make bench` writes them into
bench/results.md, and this file runs on its own too:

    .venv/bin/python bench/request_cost.py [--requests 60] [--rounds 5]

CPU time of this process (`time.process_time()`), not wall time: the database's own time is not counted, and other
work on the machine disturbs it much less than req/s. Medians over rounds; each row also as a share of the whole
stack's cost, measured in the same run."""

import argparse
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

REFERENCE = "password_change"


WARMUP = 20


def timed_block(get, requests: int) -> float:
    """This process's CPU ms per call of `get`, over `requests` calls."""
    start = time.process_time()
    for _ in range(requests):
        get()
    return (time.process_time() - start) * 1000 / requests


def _client(user, path: str, middleware=None, warmup: int = WARMUP):
    """A signed-in test client whose handler was built with `middleware` (None: the project's). Django's test
    handler builds its middleware chain at its first request and keeps it, so the setting is changed only for
    that request; every measured request then runs with the project's settings and warm caches."""
    from django.test import Client, override_settings

    client = Client()
    client.force_login(user)
    with override_settings(**({"MIDDLEWARE": middleware} if middleware is not None else {})):
        status = client.get(path).status_code
    for _ in range(warmup):
        client.get(path)
    return status, (lambda: client.get(path))


def _paired_cost(whole_get, other_get, requests: int, rounds: int) -> float:
    """Median over rounds of (whole − other) CPU ms per request, the two measured back to back in each round,
    so that what drifts during the run (the machine's load, warming caches) falls on both sides."""
    return statistics.median(
        timed_block(whole_get, requests) - timed_block(other_get, requests) for _ in range(rounds)
    )


def measure(user, *, requests: int = 60, rounds: int = 5, warmup: int = WARMUP) -> list[dict]:
    """Rows: the whole stack, each middleware's cost (whole − without it), the floor view, the layout alone."""
    from django.conf import settings
    from django.template.loader import render_to_string
    from django.test import RequestFactory, override_settings
    from django.urls import reverse

    path = reverse(REFERENCE)
    full = list(settings.MIDDLEWARE)
    status, whole_get = _client(user, path, warmup=warmup)
    whole = statistics.median(timed_block(whole_get, requests) for _ in range(rounds))
    rows = [
        {"part": "reference page, whole stack", "ms": whole, "share": 1.0, "note": f"GET {path} → {status}"}
    ]
    for name in full:
        try:
            got, get = _client(user, path, [m for m in full if m != name], warmup)
        except Exception as exc:  # the page cannot be built without it (the session for the signed-in user)
            rows.append(
                {
                    "part": name,
                    "ms": None,
                    "share": None,
                    "note": f"needed by the page ({type(exc).__name__})",
                }
            )
            continue
        if got != status:
            rows.append({"part": name, "ms": None, "share": None, "note": f"needed by the page (→ {got})"})
            continue
        cost = _paired_cost(whole_get, get, requests, rounds)
        rows.append({"part": name, "ms": cost, "share": cost / whole, "note": "whole − without it, paired"})
    from bench import floor_settings

    with override_settings(ROOT_URLCONF="bench.floor_urls", TEMPLATES=floor_settings.TEMPLATES):
        _got, floor_get = _client(user, "/", warmup=warmup)
        floor = statistics.median(timed_block(floor_get, requests) for _ in range(rounds))
    rows.append(
        {"part": "floor view through the same middleware", "ms": floor, "share": floor / whole, "note": ""}
    )
    request = RequestFactory().get(path)
    request.user = user
    request.session = {}
    render_to_string("base.html", {}, request=request)
    layout = statistics.median(
        timed_block(lambda: render_to_string("base.html", {}, request=request), requests)
        for _ in range(rounds)
    )
    rows.append(
        {
            "part": "base layout alone (base.html, signed in)",
            "ms": layout,
            "share": layout / whole,
            "note": "",
        }
    )
    return rows


def table(rows: list[dict]) -> list[str]:
    lines = ["| part | CPU ms / request | share of the whole | note |", "|---|---|---|---|"]
    for r in rows:
        ms = "—" if r["ms"] is None else f"{r['ms']:.2f}"
        share = "—" if r["share"] is None else f"{r['share'] * 100:.0f} %"
        lines.append(f"| {r['part']} | {ms} | {share} | {r['note']} |")
    return lines


def main() -> None:

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=60)
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args()
    from bench.inprocess import test_database

    with test_database():
        from django.contrib.auth.models import User
        from django.core.management import call_command

        user = User.objects.create_user("cost-probe", "cost@example.cn", "Cost-probe-2026!")
        call_command("check", verbosity=0)
        rows = measure(user, requests=args.requests, rounds=args.rounds)
        print("\n".join(table(rows)))


if __name__ == "__main__":
    main()
