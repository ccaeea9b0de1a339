"""Where a signed-in page's time goes (issue 26 item 1): for each logged-in page of `make bench`, one request at a
time in this process through Django's test client, as the page's user with the second factor verified:

- the CPU of this process per request (`time.process_time()`: the middleware, the view, the ORM, the templates);
- the CPU of the PostgreSQL server process that answered this connection's queries, read from its
  `/proc/<pid>/stat` before and after (so only for a database on this machine; "—" otherwise);
- how much of that the server spent planning: EXPLAIN (ANALYZE) of each SELECT one request sent, run again after
  the measured requests (its planning and execution times, as the server reports them);
- the queries and the cache commands (Redis's own count of the commands it processed) per request.

Medians of rounds. The server's CPU is counted in clock ticks (10 ms), so a round is long enough for tens of them.
This explains the req/s of the pages table: on this machine wrk, gunicorn, PostgreSQL and Redis share the same two
cores, so a page's throughput follows the sum of its own CPU and its database's."""

import os
import statistics

from django.db import connection

from bench.request_cost import timed_block

ROUNDS, REQUESTS, WARMUP = 3, 60, 10


def _backend_cpu_reader():
    """A function giving the CPU seconds used so far by the server process of this connection, or None when that
    process is not on this machine (or its /proc entry cannot be read), or the database is not PostgreSQL."""
    if connection.vendor != "postgresql":
        return None
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        pid = cursor.fetchone()[0]
    stat = f"/proc/{pid}/stat"

    def read() -> float:
        fields = open(stat).read().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")  # utime + stime

    try:
        read()
    except OSError:
        return None
    return read


def _cache_commands():
    """Redis's count of the commands it has processed (None without Redis)."""
    try:
        from django_redis import get_redis_connection
    except ImportError:
        return None
    from django.conf import settings

    if "RedisCache" not in settings.CACHES["default"]["BACKEND"]:
        return None
    redis = get_redis_connection("default")
    return lambda: redis.info("stats")["total_commands_processed"]


def _plans(get) -> tuple[float | None, float | None, int]:
    """Planning and execution ms of the SELECTs one request sends (as PostgreSQL reports them; None on another
    database), and its queries."""
    sent = []

    def keep(execute, sql, params, many, context):
        sent.append((sql, params))
        return execute(sql, params, many, context)

    with connection.execute_wrapper(keep):
        get()
    if connection.vendor != "postgresql":
        return None, None, len(sent)
    planning = execution = 0.0
    with connection.cursor() as cursor:
        for sql, params in sent:
            if not sql.lstrip().upper().startswith("SELECT"):
                continue
            for _ in range(2):  # the second run's figures: the table's pages are in memory
                cursor.execute("EXPLAIN (ANALYZE, FORMAT JSON) " + sql, params)
                plan = cursor.fetchone()[0]
            plan = plan[0] if isinstance(plan, list) else plan
            planning += plan["Planning Time"]
            execution += plan["Execution Time"]
    return planning, execution, len(sent)


def measure_page(
    user,
    path: str,
    data=None,
    *,
    rounds: int = ROUNDS,
    requests: int = REQUESTS,
    warmup: int = WARMUP,
) -> dict:
    """One page's row (see the module's docstring); `{"path", "error"}` when the page does not answer 200. With
    `data` (a function giving the next request's fields), each request is a POST (the applicant form's autosave)
    instead of a GET."""
    from django.test import Client

    from tests.security.twofactor.support import verified_login

    client = Client()
    verified_login(client, user, enrol_missing=False)
    send = (lambda: client.post(path, data())) if data is not None else (lambda: client.get(path))
    status = send().status_code
    if status != 200:
        return {"path": path, "error": f"{'POST' if data is not None else 'GET'} answered {status}"}
    for _ in range(warmup):
        send()
    server_cpu = _backend_cpu_reader()
    commands = _cache_commands()
    app, server, cache = [], [], []
    for _ in range(rounds):
        server_before = server_cpu() if server_cpu else 0.0
        commands_before = commands() if commands else 0
        app.append(timed_block(send, requests))
        if server_cpu:
            server.append((server_cpu() - server_before) * 1000 / requests)
        if commands:
            cache.append((commands() - commands_before - 1) / requests)  # less the INFO that read the count
    planning, execution, queries = _plans(send)
    return {
        "path": path,
        "app_ms": statistics.median(app),
        "db_cpu_ms": statistics.median(server) if server else None,
        "planning_ms": planning,
        "execution_ms": execution,
        "queries": queries,
        "cache_commands": statistics.median(cache) if cache else None,
    }


def autosave_data(application):
    """What the form's script posts as an autosave of `application`: every field of the page but the two files and
    the row tables (static/js/application-form.js `autosave`), one field changed each time, as typing does."""
    from itertools import cycle

    from tests.awards.applicant_support import autosave_data as fields_of

    fields = fields_of(application)
    positions = cycle([f"{fields['position']}（草稿）", fields["position"]])
    return lambda: {**fields, "position": next(positions)}


def measure(pages: list[tuple]) -> dict:
    """`pages`: (name, user, path) of each page, or (name, user, path, data) for a POST. Rows by name; a page that
    fails is reported with its error."""
    rows = {}
    for name, user, path, *data in pages:
        try:
            rows[name] = measure_page(user, path, *data)
        except Exception as exc:  # noqa: BLE001 — the other rows are written whatever happens to one
            rows[name] = {"path": path, "error": repr(exc)[:200]}
    return rows


def table(rows: dict, pages: dict) -> list[str]:
    """Markdown rows; `pages`: the pages table of the run (its req/s at 8 clients)."""
    lines = [
        "| page | this process, CPU ms | PostgreSQL server, CPU ms | of which planning / execution ms "
        "(EXPLAIN ANALYZE) | queries | cache commands | req/s @8 |",
        "|---|---|---|---|---|---|---|",
    ]
    for name, r in rows.items():
        runs = pages.get(name, {}).get("runs", {})
        run8 = runs.get(8) or runs.get("8") or {}  # an int key in the run, a string once read back from JSON
        rps_text = f"{run8['rps']:.0f}" if run8.get("rps") else "—"
        if "error" in r:
            lines.append(f"| {name} | — | — | — | — | — | {rps_text} ({r['error']}) |")
            continue
        db = "—" if r["db_cpu_ms"] is None else f"{r['db_cpu_ms']:.1f}"
        plans = "—" if r["planning_ms"] is None else f"{r['planning_ms']:.1f} / {r['execution_ms']:.1f}"
        cache = "—" if r["cache_commands"] is None else f"{r['cache_commands']:.1f}"
        lines.append(
            f"| {name} | {r['app_ms']:.1f} | {db} | {plans} | {r['queries']} | {cache} | {rps_text} |"
        )
    return lines
