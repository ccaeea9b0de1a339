"""Page-speed probe (issue 15): gunicorn (4 workers) on PostgreSQL + Redis with the demo data, wrk at 8 clients
against the public and logged-in pages and the bare-Django floor (/bench/floor/, bench/perf_urls.py).

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/honors_perf REDIS_URL=redis://127.0.0.1:6379/6 \
        VAR_DIR=var/perf python bench/perf_probe.py --port 8300 [--only home,floor] [--seconds 5]

The database must hold `seed_demo` (migrate + seed_demo --force first). Prints a Markdown table: req/s, p50, p95,
share of the floor. It starts and stops its own gunicorn. Not `make bench` (that is bench/run.py)."""

import argparse
import base64
import http.cookiejar
import os
import re
import signal
import subprocess
import sys
import tempfile
import time
import urllib.parse
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PY = sys.executable
LUA = """
done = function(summary, latency, requests)
  io.write(string.format("RESULT %d %d %.1f %.1f %.1f %d\\n", summary.requests, summary.duration,
    latency:percentile(50) / 1000, latency:percentile(95) / 1000, latency:percentile(99) / 1000,
    summary.errors.status + summary.errors.connect + summary.errors.read + summary.errors.write
    + summary.errors.timeout))
end
"""


def env():
    e = dict(os.environ)
    e.setdefault("SECRET_KEY", "perf-probe-secret-key-not-for-production-0123456789")
    e.setdefault("PUBLIC_VOTE_HMAC_KEY", "perf-probe-hmac")
    e.setdefault("AUDIT_HMAC_KEY", "perf-probe-audit-hmac")
    e.setdefault(
        "FIELD_ENCRYPTION_KEYS", "probe=" + base64.b64encode(b"perf-probe-field-key-32-bytes!!!").decode()
    )
    e.setdefault("FIELD_ENCRYPTION_KEY_ID", "probe")
    e.setdefault("BLIND_INDEX_KEY", "perf-probe-blind-index")
    e["DJANGO_SETTINGS_MODULE"] = "bench.perf_settings"
    e["DEBUG"] = "0"
    e.pop("TESTING", None)
    e["AXES_FAILURE_LIMIT"] = "1000"
    return e


def targets():
    """(name, role user or None, path) — ids looked up in the demo data."""
    sys.path.insert(0, str(ROOT))
    os.environ.update(env())
    import django

    django.setup()
    from awards.models import Application, Campaign
    from scoring.models import PanelAssignment
    from workflow.models import CommitteeDecision

    c = {x.phase: x.pk for x in Campaign.objects.all()}
    P = Campaign.Phase
    assignment = (
        PanelAssignment.objects.filter(application__campaign_id=c[P.MATERIAL_REVIEW])
        .select_related("panel")
        .order_by("pk")
        .first()
    )
    expert = assignment.panel.members.order_by("pk").first().expert.username
    draft = (
        Application.objects.filter(campaign_id=c[P.OPEN], state="draft").select_related("applicant").first()
    )
    decision = CommitteeDecision.objects.order_by("-pk").first()
    return [
        ("floor (bare Django)", None, "/bench/floor/"),
        ("home", None, "/"),
        ("campaign list", None, "/campaigns/"),
        ("campaign page", None, f"/campaigns/{c[P.OPEN]}/"),
        ("call", None, f"/campaigns/{c[P.OPEN]}/call/"),
        ("public candidates", None, f"/campaigns/{c[P.PUBLIC_INPUT]}/candidates/"),
        ("publicity list", None, f"/campaigns/{c[P.PUBLICITY]}/publicity/"),
        ("results", None, f"/campaigns/{c[P.AWARDED]}/results/"),
        ("office dashboard", "office", f"/office/campaigns/{c[P.MATERIAL_REVIEW]}/"),
        ("office ranking", "office", f"/office/campaigns/{c[P.COMPOSITE]}/ranking/"),
        ("eligibility queue", "office", f"/office/campaigns/{c[P.ELIGIBILITY]}/eligibility/"),
        ("committee decision", "committee1", f"/committee/decisions/{decision.pk}/"),
        ("expert home", expert, "/expert/"),
        ("expert reading", expert, f"/expert/applications/{assignment.application_id}/"),
        ("expert score sheet", expert, f"/expert/applications/{assignment.application_id}/material/sheet/"),
        ("applicant home", draft.applicant.username, "/me/"),
        ("applicant form", draft.applicant.username, f"/me/applications/{draft.pk}/edit/"),
    ]


def login(base: str, username: str) -> str:
    jar = http.cookiejar.CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
    page = opener.open(base + "/accounts/login/").read().decode()
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
    data = urllib.parse.urlencode(
        {"username": username, "password": "demo-pass-2026", "csrfmiddlewaretoken": token}
    ).encode()
    opener.open(urllib.request.Request(base + "/accounts/login/", data=data, headers={"Referer": base + "/"}))
    cookies = {c.name: c.value for c in jar}
    if "sessionid" not in cookies:
        raise SystemExit(f"login failed for {username}")
    return "; ".join(f"{k}={v}" for k, v in cookies.items())


def wrk(url: str, cookie: str | None, seconds: int, clients: int, script: str):
    cmd = ["wrk", "-t2", f"-c{clients}", f"-d{seconds}s", "-s", script, url]
    if cookie:
        cmd[1:1] = ["-H", f"Cookie: {cookie}"]
    out = subprocess.run(cmd, capture_output=True, text=True, check=True).stdout
    n, dur, p50, p95, p99, errors = re.search(r"RESULT (\S+) (\S+) (\S+) (\S+) (\S+) (\S+)", out).groups()
    return int(n) / (int(dur) / 1e6), float(p50), float(p95), int(errors)


def inprocess(pages, n: int):
    """CPU time per request of this process (Django test client; the database server's time is not counted) and
    the number of queries — steadier than wrk on a machine shared with other work."""
    from django.conf import settings
    from django.contrib.auth import get_user_model
    from django.db import connection
    from django.test import Client

    settings.ALLOWED_HOSTS = ["testserver"]
    print("| page | CPU ms/request | wall ms/request | queries |\n|---|---|---|---|")
    for name, user, path in pages:
        client = Client()
        if user:
            client.force_login(get_user_model().objects.get(username=user))
        for _ in range(3):
            assert client.get(path).status_code == 200, path
        queries = []

        def count(execute, sql, *rest, queries=queries):
            queries.append(sql)
            return execute(sql, *rest)

        with connection.execute_wrapper(count):
            client.get(path)
        cpu, wall = time.process_time(), time.perf_counter()
        for _ in range(n):
            client.get(path)
        cpu, wall = (time.process_time() - cpu) / n, (time.perf_counter() - wall) / n
        print(f"| {name} | {1000 * cpu:.2f} | {1000 * wall:.2f} | {len(queries)} |", flush=True)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--port", type=int, default=8300)
    ap.add_argument("--seconds", type=int, default=5)
    ap.add_argument("--clients", type=int, default=8)
    ap.add_argument("--workers", type=int, default=4)
    ap.add_argument("--only", default="")
    ap.add_argument(
        "--inprocess", type=int, default=0, help="N requests per page in this process (no gunicorn)"
    )
    args = ap.parse_args()
    pages = targets()
    if args.only:
        wanted = args.only.split(",")
        pages = [p for p in pages if any(w in p[0] for w in wanted) or p[0].startswith("floor")]
    if args.inprocess:
        return inprocess(pages, args.inprocess)
    subprocess.run([PY, "manage.py", "collectstatic", "--noinput", "-v0"], cwd=ROOT, env=env(), check=True)
    base = f"http://127.0.0.1:{args.port}"
    server = subprocess.Popen(
        [PY, "-m", "gunicorn", "-w", str(args.workers), "-b", f"127.0.0.1:{args.port}", "config.wsgi"],
        cwd=ROOT,
        env=env(),
        stdout=subprocess.DEVNULL,
        stderr=open(Path(tempfile.gettempdir()) / f"perf_probe_{args.port}.log", "w"),
        start_new_session=True,
    )
    try:
        for _ in range(100):
            try:
                urllib.request.urlopen(base + "/bench/floor/")
                break
            except OSError:
                time.sleep(0.2)
        cookies = {}
        script = Path(tempfile.mkstemp(suffix=".lua")[1])
        script.write_text(LUA)
        rows = []
        for name, user, path in pages:
            if user and user not in cookies:
                cookies[user] = login(base, user)
            cookie = cookies.get(user)
            req = urllib.request.Request(base + path, headers={"Cookie": cookie} if cookie else {})
            status = urllib.request.urlopen(req).status  # warm the workers; fails loudly on a broken page
            wrk(base + path, cookie, 1, args.clients, str(script))
            rps, p50, p95, errors = wrk(base + path, cookie, args.seconds, args.clients, str(script))
            rows.append((name, path, rps, p50, p95, errors, status))
            print(
                f"{name:22} {rps:8.0f} req/s  p50 {p50:6.1f} ms  p95 {p95:6.1f} ms  errors {errors}",
                flush=True,
            )
        floor = rows[0][2]
        print(
            "\n| page | path | req/s | p50 ms | p95 ms | errors | share of floor |\n|---|---|---|---|---|---|---|"
        )
        for name, path, rps, p50, p95, errors, _status in rows:
            share = 100 * rps / floor
            print(f"| {name} | `{path}` | {rps:.0f} | {p50:.1f} | {p95:.1f} | {errors} | {share:.0f} % |")
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=30)


if __name__ == "__main__":
    main()
