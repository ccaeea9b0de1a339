"""What every request pays before any page logic (issue 26 item 1): in-process CPU time per request of the
reference page (Django's password change: 2 queries, 3 fields) for a signed-in user, with the project's whole
middleware and with each middleware taken out in turn, against the bare-Django floor view through the same
middleware, and the base layout rendered on its own; beside them a control (the whole stack against itself) and
ten middleware that do nothing added to the stack, which say how far a middleware's row can be read
(docs/decisions.md 435). One row each; `make bench` writes them into
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
CONTROL = "control: the whole stack against itself, two clients made together"
TEN_LAYERS = "ten middleware that do nothing, added to the stack"


class PassOn:
    """A middleware that passes the request on and does nothing else: what a layer of the stack costs by itself."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)


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
    from django.conf import settings
    from django.test import Client, override_settings

    client = Client()
    client.force_login(user)
    # every client's handler is built under the setting, the project's own list included: the handlers then differ
    # in their middleware only (docs/decisions.md 435)
    with override_settings(MIDDLEWARE=list(settings.MIDDLEWARE) if middleware is None else middleware):
        status = client.get(path).status_code
    for _ in range(warmup):
        client.get(path)
    return status, (lambda: client.get(path))


def _paired_cost(whole_get, other_get, requests: int, rounds: int) -> float:
    """Median over rounds of (whole − other) CPU ms per request. Each round measures whole, other, other, whole
    (ABBA) and takes the mean of the two differences, so that what drifts during the run (the machine's load,
    warming caches) falls on both sides and neither side gains from going first (docs/decisions.md 435)."""

    def one_round() -> float:
        first, other = timed_block(whole_get, requests), timed_block(other_get, requests)
        other += timed_block(other_get, requests)
        return (first + timed_block(whole_get, requests) - other) / 2

    return statistics.median(one_round() for _ in range(rounds))


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
    # The control: the whole stack in two clients made together, measured as a middleware is: the measurement's own
    # error. With the ten pass-on layers below, it is what a middleware's row is read against (decisions 435).
    _got, again_get = _client(user, path, warmup=warmup)
    control = _paired_cost(_client(user, path, warmup=warmup)[1], again_get, requests, rounds)
    rows.append({"part": CONTROL, "ms": control, "share": control / whole, "note": "whole − whole, paired"})
    # What a layer of middleware costs by itself: ten that pass the request on and do nothing, added to the stack.
    _got, deeper_get = _client(user, path, full + [f"{__name__}.PassOn"] * 10, warmup)
    deeper = -_paired_cost(_client(user, path, warmup=warmup)[1], deeper_get, requests, rounds)
    rows.append(
        {"part": TEN_LAYERS, "ms": deeper, "share": deeper / whole, "note": "with them − whole, paired"}
    )
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
        # against a whole stack made beside it, so both clients are as old and as warm (docs/decisions.md 435)
        cost = _paired_cost(_client(user, path, warmup=warmup)[1], get, requests, rounds)
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
