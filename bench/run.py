"""`make bench` (issue 15): the application at city scale on this machine, against floors measured in the same run.

1. A fresh PostgreSQL database (`BENCH_DB`, default honors_bench): migrate, the demo accounts (seed_demo), then the
   generated city-scale campaign (bench/generate.py: 10,000 applications, 20 panels × 7 experts, both stages
   scored and signed, 200 on site, 200,000 ballots).
2. gunicorn (4 workers, config.wsgi, DEBUG=0, Redis cache/sessions) and the bare-Django floor (same gunicorn and
   settings, bench/floor_urls.py renders a tiny template); `wrk` (bench/wrk.lua) at 1, 8 and 32 clients per page,
   logged in through the real login form; the ballot POST with one fresh verified voter per request, and the
   ballot rows counted before and after (bench/accounting.py: against the requests wrk sent, once the requests in
   flight at its deadline are finished). The floor of the POST is pgbench's raw single-row INSERT rate.
3. Computations, each in a child process (bench/steps.py) killed at its own time limit (STEP_LIMITS, capped by
   BENCH_STEP_LIMIT and by what is left of the budget): the composite ranking, the Excel score matrix,
   application PDFs (cold in the fresh process, warm; a batch of 100), verify_audit and verify_ranking over the
   whole campaign. A step stopped at its limit is reported as "not finished within N s" = MISS.

Budget: BENCH_BUDGET seconds for the whole run (default 840 = 14 min). Pages whose runs no longer fit are reported
as "not measured: budget exhausted"; steps print their elapsed time; results.md gives the total wall time.
Templates: {BENCH_TEMPLATE_PREFIX}_tpl_<digest> (migrated + seeded) and {BENCH_TEMPLATE_PREFIX}_city_<digest>
(the generated campaign, keyed by the schema digest, bench/generate.py and the sizes): a second run copies the
city template instead of generating again.
4. bench/results.md (targets, PASS/MISS, pyinstrument profiles of the misses) and bench/chart.svg.

Environment: BENCH_DB, BENCH_BUDGET, BENCH_STEP_LIMIT, BENCH_TEMPLATE_PREFIX, BENCH_DURATION (seconds per page
and concurrency, default 3, after a 1 s warm-up at 8 clients), BENCH_APPLICATIONS,
BENCH_BALLOTS, BENCH_SHORTLISTED (smaller campaigns for a quick look), BENCH_PORT (default 8201; the floor uses
the next port), REDIS_URL (default redis://127.0.0.1:6379/5), PGHOST/PGUSER/PGPORT (default 127.0.0.1/postgres/5432).
"""

import base64
import datetime
import http.cookiejar
import json
import os
import platform
import re
import secrets
import signal
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
PY = sys.executable
STARTED = time.perf_counter()

DB = os.environ.get("BENCH_DB", "honors_bench")
if not DB.startswith("honors_bench"):
    sys.exit("BENCH_DB must start with honors_bench (the database is dropped and created anew).")
PGHOST = os.environ.get("PGHOST", "127.0.0.1")
PGUSER = os.environ.get("PGUSER", "postgres")
PGPORT = os.environ.get("PGPORT", "5432")
# Templates kept between runs: {PREFIX}_tpl_<schema digest> (migrated, seeded) and {PREFIX}_city_<digest>
# (the generated campaign); BENCH_TEMPLATE_PREFIX lets parallel checkouts keep their own.
PREFIX = os.environ.get("BENCH_TEMPLATE_PREFIX", "honors_bench")
if not PREFIX.startswith("honors_bench"):
    sys.exit("BENCH_TEMPLATE_PREFIX must start with honors_bench.")
DATABASE_URL = f"postgres://{PGUSER}@{PGHOST}:{PGPORT}/{DB}"
DURATION = int(os.environ.get("BENCH_DURATION", "3"))
WARMUP = 1  # seconds of load at 8 clients before each page's measured runs (not counted)
BUDGET = float(os.environ.get("BENCH_BUDGET", "840"))  # the whole run, seconds (issue 15: within 15 minutes)
PORT = int(os.environ.get("BENCH_PORT", "8201"))
FLOOR_PORT = PORT + 1
CONCURRENCY = (1, 8, 32)
APPLICATIONS = int(os.environ.get("BENCH_APPLICATIONS", "10000"))
BALLOTS = int(os.environ.get("BENCH_BALLOTS", "200000"))
SHORTLISTED = int(os.environ.get("BENCH_SHORTLISTED", "200"))
OUT = ROOT / "bench"


# One environment for this process, the management commands and both gunicorns: production-like (DEBUG off,
# Redis cache and sessions, axes on). The per-IP ballot limits are raised because every voter of the benchmark
# comes from 127.0.0.1; the limit checks still run on every POST.
def _bench_keys() -> dict[str, str]:
    """The keys the generated campaign is written under. The campaign is kept as a template database and reused
    by the next run with the same code (`save_city_template`), so its keys are kept with it, in this machine's
    var/bench/keys.json (never committed; made at random on the first run): a new key per run could not read
    the encrypted IDs and phones, nor verify the audit chain, of a reused campaign."""
    path = ROOT / "var" / "bench" / "keys.json"
    if path.exists():
        return json.loads(path.read_text())
    keys = {
        "PUBLIC_VOTE_HMAC_KEY": "bench-" + secrets.token_urlsafe(16),
        "AUDIT_HMAC_KEY": "bench-" + secrets.token_urlsafe(16),
        "FIELD_ENCRYPTION_KEYS": "bench=" + base64.b64encode(secrets.token_bytes(32)).decode(),
        "FIELD_ENCRYPTION_KEY_ID": "bench",
        "BLIND_INDEX_KEY": "bench-" + secrets.token_urlsafe(32),
    }
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(keys))
    path.chmod(0o600)
    return keys


ENV = {
    **os.environ,
    "DJANGO_SETTINGS_MODULE": "config.settings",
    "DATABASE_URL": DATABASE_URL,
    "DEBUG": "0",
    "SECRET_KEY": os.environ.get("BENCH_SECRET_KEY", "bench-" + secrets.token_urlsafe(32)),
    **_bench_keys(),
    "REDIS_URL": os.environ.get("REDIS_URL", "redis://127.0.0.1:6379/5"),
    "ALLOWED_HOSTS": "127.0.0.1,localhost,testserver",
    "PUBLIC_VOTE_BALLOTS_PER_IP": "1000000000",
    "PUBLIC_VOTE_BALLOTS_PER_SUBNET": "1000000000",
    "VAR_DIR": str(ROOT / "var" / "bench"),  # collected static files (DEBUG=0 serves them through WhiteNoise)
}
ENV.pop("TESTING", None)
os.environ.clear()
os.environ.update(ENV)


def say(message: str) -> None:
    print(f"[{time.perf_counter() - STARTED:6.0f}s] {message}", flush=True)


def remaining() -> float:
    """Seconds left of the run's budget (BENCH_BUDGET)."""
    return BUDGET - (time.perf_counter() - STARTED)


STEP_TIMES: list[tuple[str, float]] = []  # (step, elapsed seconds), printed and written into results.md


class step:
    """Prints and records the elapsed time of one step of the run."""

    def __init__(self, name: str):
        self.name = name

    def __enter__(self):
        self.start = time.perf_counter()
        say(f"step {self.name} …")
        return self

    def __exit__(self, *exc):
        elapsed = time.perf_counter() - self.start
        STEP_TIMES.append((self.name, elapsed))
        say(f"step {self.name}: {elapsed:.1f} s (budget left {remaining():.0f} s)")


def sh(*args, env=None, **kwargs):
    return subprocess.run(args, check=True, env=env or ENV, cwd=ROOT, **kwargs)


# --- 1. the database --------------------------------------------------------------------------------------------


def _schema_key() -> str:
    """A digest of what decides the migrated, seeded database: the migrations, the demo builder and fixtures."""
    import hashlib

    digest = hashlib.sha256()
    files = [*ROOT.glob("*/migrations/*.py"), *ROOT.glob("demo/*.py"), *ROOT.glob("fixtures/*")]
    for path in sorted(files):
        digest.update(str(path.relative_to(ROOT)).encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()[:12]


def fresh_database() -> None:
    """A new database for every run. Migrating and seeding take minutes on a loaded 2-core machine, so the result
    is kept as a template (`honors_bench_tpl_<digest of the migrations, demo code and fixtures>`) and each run
    copies it (CREATE DATABASE … TEMPLATE); any change to those files makes a new template."""
    pg = {**ENV, "PGHOST": PGHOST, "PGUSER": PGUSER, "PGPORT": PGPORT}
    template = f"{PREFIX}_tpl_{_schema_key()}"
    found = subprocess.run(
        ["psql", "-Atc", f"SELECT 1 FROM pg_database WHERE datname = '{template}'", "postgres"],
        env=pg,
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()
    if not found:
        say(f"building template {template}: migrate, seed_demo (the demo accounts and campaigns)")
        sh("createdb", template, env=pg)
        tpl_env = {**ENV, "DATABASE_URL": f"postgres://{PGUSER}@{PGHOST}:{PGPORT}/{template}"}
        try:
            sh(PY, "manage.py", "migrate", "--noinput", "-v", "0", env=tpl_env)
            sh(PY, "manage.py", "seed_demo", "--force", env=tpl_env, stdout=subprocess.DEVNULL)
        except subprocess.CalledProcessError:
            sh("dropdb", "--if-exists", template, env=pg)
            raise
    sh("dropdb", "--if-exists", "--force", DB, env=pg)
    global CITY_REUSED
    if _database_exists(
        CITY_TEMPLATE
    ):  # the generated campaign of an earlier run with the same code and sizes
        sh("createdb", "-T", CITY_TEMPLATE, DB, env=pg)
        CITY_REUSED = True
        say(f"database {DB} created from {CITY_TEMPLATE} (generated campaign reused)")
        return
    sh("createdb", "-T", template, DB, env=pg)
    say(f"database {DB} created from {template}")


def _database_exists(name: str) -> bool:
    pg = {**ENV, "PGHOST": PGHOST, "PGUSER": PGUSER, "PGPORT": PGPORT}
    return bool(
        subprocess.run(
            ["psql", "-Atc", f"SELECT 1 FROM pg_database WHERE datname = '{name}'", "postgres"],
            env=pg,
            capture_output=True,
            text=True,
            check=True,
        ).stdout.strip()
    )


def _city_key() -> str:
    """The generated campaign depends on the schema template, bench/generate.py and the sizes."""
    import hashlib

    digest = hashlib.sha256(_schema_key().encode())
    digest.update((ROOT / "bench" / "generate.py").read_bytes())
    digest.update(f"{APPLICATIONS}/{BALLOTS}/{SHORTLISTED}".encode())
    return digest.hexdigest()[:12]


CITY_TEMPLATE = f"{PREFIX}_city_{_city_key()}"
CITY_REUSED = False


def save_city_template() -> None:
    """Keep the freshly generated campaign as a template for the next run (no other connection may be open)."""
    pg = {**ENV, "PGHOST": PGHOST, "PGUSER": PGUSER, "PGPORT": PGPORT}
    try:
        sh("dropdb", "--if-exists", CITY_TEMPLATE, env=pg)
        sh("createdb", "-T", DB, CITY_TEMPLATE, env=pg)
        say(f"generated campaign kept as {CITY_TEMPLATE} for the next run")
    except subprocess.CalledProcessError as e:
        say(f"  could not keep the generated campaign as a template: {e!r}")


REUSE = os.environ.get("BENCH_REUSE") == "1"  # development only: keep the database and its campaign
if not REUSE:
    _db_start = time.perf_counter()
    fresh_database()
    STEP_TIMES.append(("database", time.perf_counter() - _db_start))
    say(f"step database: {STEP_TIMES[-1][1]:.1f} s")
if os.environ.get("BENCH_PREPARE") == "1":  # only build the template and the database
    sys.exit(0)
Path(ENV["VAR_DIR"]).mkdir(parents=True, exist_ok=True)
sh(PY, "manage.py", "collectstatic", "--noinput", "-v", "0")

import django  # noqa: E402

django.setup()

from django.core.cache import cache  # noqa: E402

cache.clear()  # Redis DB of the bench: no page, session or counter of an earlier run

from django.db import connection  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from django.urls import reverse  # noqa: E402

from awards.models import Application, Campaign  # noqa: E402
from bench import signed_in_floor  # noqa: E402
from bench.accounting import ballot_accounting  # noqa: E402
from bench.generate import BENCH_PASSWORD, advance_to_composite, build_city  # noqa: E402
from bench.paths import relative_paths  # noqa: E402
from demo.accounts import DEMO_PASSWORD  # noqa: E402
from scoring.models import Ballot, PanelAssignment, ScoreSheet  # noqa: E402

RESULTS: dict = {
    "pages": {},
    "floor": {},
    "insert": {},
    "computations": {},
    "profiles": {},
    "checks": [],
    "request_cost": [],
    "page_split": {},
    "form_render": [],
    "microcache": {},
    "floor_signed_in": {},
}


def timed(fn):
    start = time.perf_counter()
    value = fn()
    return time.perf_counter() - start, value


# --- 2. the load ------------------------------------------------------------------------------------------------


class Server:
    def __init__(self, port: int, settings: str):
        self.port, self.settings = port, settings
        self.proc = None

    def __enter__(self):
        env = {**ENV, "DJANGO_SETTINGS_MODULE": self.settings}
        self.proc = subprocess.Popen(
            [
                str(Path(PY).parent / "gunicorn"),
                "config.wsgi",
                "--workers",
                "4",
                "--bind",
                f"127.0.0.1:{self.port}",
                "--log-level",
                "warning",
                "--timeout",
                "120",
            ],
            cwd=ROOT,
            env=env,
            start_new_session=True,
        )
        for _ in range(300):
            try:
                urllib.request.urlopen(f"http://127.0.0.1:{self.port}/", timeout=5).read()
                return self
            except urllib.error.HTTPError as e:
                self.__exit__()
                raise RuntimeError(f"gunicorn on {self.port}: / answered {e.code}") from None
            except Exception:
                if self.proc.poll() is not None:
                    raise RuntimeError(f"gunicorn on {self.port} exited") from None
                time.sleep(0.2)
        raise RuntimeError(f"gunicorn on {self.port} did not answer")

    def __exit__(self, *exc):
        os.killpg(self.proc.pid, signal.SIGTERM)
        self.proc.wait(timeout=30)


def wrk(url: str, clients: int, *, cookie="", body=None, sessions=None, extra="", duration=None) -> dict:
    threads = 1 if clients == 1 else 2
    env = {
        **ENV,
        "BENCH_COOKIE": cookie,
        "BENCH_THREADS": str(threads),
        "BENCH_SESSIONS": sessions or "",
        "BENCH_EXTRA": extra,
    }
    if body is not None:
        env["BENCH_BODY"] = body
    out = subprocess.run(
        ["wrk", "-t", str(threads), "-c", str(clients), "-d", f"{duration or DURATION}s", "--timeout", "10s"]
        + ["-s", str(OUT / "wrk.lua"), url],
        env=env,
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    data = json.loads(out.split("BENCHJSON ", 1)[1].splitlines()[0])
    data["rps"] = data["requests"] / (data["duration_us"] / 1e6)
    data["errors"] = data["s4xx"] + data["s5xx"] + data["connect"] + data["read"] + data["write"]
    data["errors"] += data["timeout"]
    return data


def _totp_code(username: str) -> str:
    """The code an authenticator app would show now for `username`, whose confirmed TOTP device the bench gives it
    when it has none (the office, committee and expert sign in with a second factor, as deployed)."""
    from django.contrib.auth.models import User
    from django_otp.oath import totp
    from django_otp.plugins.otp_totp.models import TOTPDevice

    user = User.objects.get(username=username)
    device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name="make bench", confirmed=True)
    code = totp(device.bin_key, device.step, device.t0, device.digits, device.drift)
    return str(code).zfill(device.digits)


def login(base: str, username: str, password: str) -> str:
    """Log in through the real form (GET for the CSRF token, POST); the Cookie header of the session."""
    jar = http.cookiejar.CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
    page = opener.open(f"{base}/accounts/login/").read().decode()
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
    data = urllib.parse.urlencode({"csrfmiddlewaretoken": token, "username": username, "password": password})
    answer = opener.open(urllib.request.Request(f"{base}/accounts/login/", data=data.encode()))
    answer.read()
    if "/accounts/2fa/" in answer.geturl():  # a role that signs in with a second factor (OTP_REQUIRED_ROLES)
        page = opener.open(f"{base}/accounts/2fa/verify/").read().decode()
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
        data = urllib.parse.urlencode({"csrfmiddlewaretoken": token, "token": _totp_code(username)})
        answer = opener.open(urllib.request.Request(f"{base}/accounts/2fa/verify/", data=data.encode()))
        answer.read()
        if "/accounts/2fa/" in answer.geturl():
            raise RuntimeError(f"second factor of {username} refused")
    cookies = {c.name: c.value for c in jar}
    if "sessionid" not in cookies:
        raise RuntimeError(f"login of {username} failed")
    return "; ".join(f"{k}={v}" for k, v in cookies.items())


def check(base: str, path: str, cookie: str) -> tuple[int, int]:
    request = urllib.request.Request(base + path, headers={"Cookie": cookie} if cookie else {})

    class NoRedirect(urllib.request.HTTPRedirectHandler):
        def redirect_request(self, *a, **k):
            return None

    try:
        response = urllib.request.build_opener(NoRedirect).open(request, timeout=300)
        return response.status, len(response.read())
    except urllib.error.HTTPError as e:
        return e.code, 0
    except OSError:  # timed out behind the previous page's backlog
        return 0, 0


def ballot_sessions(campaign: Campaign, count: int, tag: str) -> Path:
    """`count` sessions of voters verified by one-time code (what `verify` stores), one key a line."""
    from django.contrib.sessions.backends.cache import SessionStore

    from scoring.services.voter_identity import keyed_hash
    from scoring.views.public import VERIFIED

    path = Path(ENV["VAR_DIR"]) / f"sessions-{tag}.txt"
    keys = []
    for i in range(count):
        store = SessionStore()
        store[VERIFIED] = {str(campaign.pk): keyed_hash("voter", f"email:bench-{tag}-{i}@example.cn")}
        store.create()
        keys.append(store.session_key)
    path.write_text("\n".join(keys) + "\n")
    return path


PAGE_SECONDS = WARMUP + len(CONCURRENCY) * (DURATION + 1)  # wrk start/stop and the first GET included


def budget_left_for_page(name: str, kind: str, path: str) -> bool:
    """False (and an explicit "not measured" row) when the page's runs would not fit into the budget."""
    if remaining() - REPORT_RESERVE >= PAGE_SECONDS:
        return True
    RESULTS["pages"][name] = {"kind": kind, "path": path, "skipped": "not measured: budget exhausted"}
    say(f"  {name}: not measured, budget exhausted")
    return False


def measure(name: str, kind: str, base: str, path: str, *, cookie: str = "") -> None:
    if not budget_left_for_page(name, kind, path):
        return
    status, size = check(base, path, cookie)
    RESULTS["checks"].append((name, path, status, size))
    if status != 200:
        say(f"  ! {name}: {path} answered {status}")
    wrk(base + path, 8, cookie=cookie, duration=WARMUP)  # warm-up: caches, connections, workers
    runs = {}
    for clients in CONCURRENCY:
        runs[clients] = wrk(base + path, clients, cookie=cookie)
    RESULTS["pages"][name] = {"kind": kind, "path": path, "status": status, "bytes": size, "runs": runs}
    r8 = runs[8]
    say(
        f"  {name:28} {r8['rps']:7.1f} req/s @8  p95 {r8['p95_us'] / 1000:6.1f} ms  "
        f"errors@32 {runs[32]['errors']}"
    )


def signed_in_answer(url: str, cookie: str) -> bool:
    """The answer to `cookie` was made for a signed-in user: config.middleware.NoStoreMiddleware marks every answer
    to a signed-in user `private, no-store` (a GET by a visitor who is not signed in carries no such header)."""
    request = urllib.request.Request(url, headers={"Cookie": cookie})
    with urllib.request.urlopen(request, timeout=60) as response:
        response.read()
        return "no-store" in (response.headers.get("Cache-Control") or "")


def measure_signed_in_floor(cookies: dict[str, str]) -> None:
    """The bare-Django floor again, signed in (issue 26 item 1): the floor's server and tiny template, asked with
    the session cookie of each user of the signed-in pages, signed in through the app's own login form (both
    servers share the settings, the keys and the Redis sessions). The view reads nothing, so what the floor loses
    signed in is what every signed-in request pays before its page's own work: the session, the user and their
    roles, an expert's or the office's second-factor device, and what the middleware does for a signed-in user
    (the no-store header, the idle stamp). A page's share of its user's signed-in floor is then what the page
    itself costs."""
    per_user = WARMUP + DURATION * len(CONCURRENCY) + 3
    if remaining() - REPORT_RESERVE < len(cookies) * per_user + 10:
        for who in cookies:
            RESULTS["floor_signed_in"][who] = {"skipped": "not measured: budget exhausted"}
        say("  signed-in floor: not measured, budget exhausted")
        return
    url = f"http://127.0.0.1:{FLOOR_PORT}/"
    with Server(FLOOR_PORT, "bench.floor_settings"):
        for who, cookie in cookies.items():
            if not signed_in_answer(url, cookie):
                RESULTS["floor_signed_in"][who] = {"skipped": "the floor's server did not see the session"}
                say(f"  ! signed-in floor ({who}): the answer was not made for a signed-in user")
                continue
            wrk(url, 8, cookie=cookie, duration=WARMUP)
            RESULTS["floor_signed_in"][who] = {
                clients: wrk(url, clients, cookie=cookie) for clients in CONCURRENCY
            }
            r8 = RESULTS["floor_signed_in"][who][8]
            say(f"  floor signed in as {who:9} {r8['rps']:7.1f} req/s @8  p95 {r8['p95_us'] / 1000:6.1f} ms")


#: A returning visitor: the public pages that give a first-time visitor its device cookie (the candidate list)
#: set none for it, so nginx may keep them (tests/deploy/test_microcache.py visits the same way).
MICROCACHE_COOKIE = "pv_device=bench-returning-visitor"
MICROCACHE_TARGET = 5.0  # × the bare-Django floor at 8 clients (issue 26 item 2)


def measure_microcache(port: int, pages: list[tuple[str, str]]) -> None:
    """The public pages through nginx with the production micro-cache (deploy/nginx/microcache.conf,
    MicroCacheMiddleware) in front of the running gunicorn, at 8 clients: req/s against the bare-Django floor,
    and how many of those requests reached the app server (nginx's access log: a hit names no upstream)."""
    from bench.through_nginx import MicroCacheFront

    if remaining() - REPORT_RESERVE < len(pages) * (WARMUP + DURATION + 2) + 5:
        RESULTS["microcache"] = {"skipped": "not measured: budget exhausted"}
        say("  micro-cache: not measured, budget exhausted")
        return
    with MicroCacheFront([port]) as front:
        for name, path in pages:
            wrk(front.url + path, 8, cookie=MICROCACHE_COOKIE, duration=WARMUP)
            before = front.log_lines()
            run = wrk(front.url + path, 8, cookie=MICROCACHE_COOKIE)
            time.sleep(0.5)  # nginx writes a line after its answer has gone out
            logged, passed = front.upstream_requests(before)
            run.update({"path": path, "logged": logged, "upstream": passed})
            RESULTS["microcache"][name] = run
            say(
                f"  {name + ' via nginx':28} {run['rps']:7.1f} req/s @8  p95 {run['p95_us'] / 1000:6.1f} ms  "
                f"{passed} of {logged} requests reached the app server"
            )


def settled_ballot_count(campaign: Campaign, *, wait: float = 10.0) -> int:
    """The campaign's ballot rows once the server finished the requests wrk left in flight at its deadline: the
    count unchanged over 0.3 s (at most `wait` seconds)."""
    count = Ballot.objects.filter(campaign=campaign).count()
    deadline = time.perf_counter() + wait
    while time.perf_counter() < deadline:
        time.sleep(0.3)
        again = Ballot.objects.filter(campaign=campaign).count()
        if again == count:
            break
        count = again
    return count


def measure_ballot(base: str, campaign: Campaign) -> None:
    candidates = list(
        campaign.applications.filter(state=Application.State.SHORTLISTED)
        .order_by("id")
        .values_list("id", flat=True)
    )[:3]
    csrf = secrets.token_hex(16)  # a 32-character CSRF secret, sent as cookie and as form token
    body = urllib.parse.urlencode(
        {"csrfmiddlewaretoken": csrf, "group": "public", "version": "0"}
        | {f"rating_{pk}": str(4 + k % 2) for k, pk in enumerate(candidates)}
    )
    path = reverse("public_input:ballot", args=[campaign.pk])
    if not budget_left_for_page("ballot POST", "post", path):
        return
    runs = {}
    for clients in CONCURRENCY:
        sessions = ballot_sessions(campaign, 3000 + 1500 * (clients > 1) * DURATION, f"c{clients}")
        before = Ballot.objects.filter(campaign=campaign).count()
        run = wrk(base + path, clients, body=body, sessions=str(sessions), extra=f"csrftoken={csrf}")
        after = settled_ballot_count(campaign)
        run.update(ballot_accounting(run, after - before))
        runs[clients] = run
    page = {"kind": "post", "path": path, "status": 302, "bytes": 0, "runs": runs, "body": body}
    RESULTS["pages"]["ballot POST"] = page
    if runs[8]["rps"] < 0.5 * RESULTS["insert"][8]["rps"]:
        try:  # now: the campaign leaves 公众评价 later in the run
            profile("ballot POST", page, {}, campaign)
        except Exception as e:  # noqa: BLE001
            say(f"  profile of the ballot POST failed: {e!r}")
    r8 = runs[8]
    say(
        f"  {'ballot POST':28} {r8['rps']:7.1f} req/s @8  p95 {r8['p95_us'] / 1000:6.1f} ms  "
        f"stored {r8['ballots_added']} of {r8['s3xx']} accepted"
    )


def raw_insert_floor() -> None:
    """pgbench: one single-row INSERT per transaction (autocommit), as many clients as the POST test."""
    with connection.cursor() as cursor:
        cursor.execute(
            "CREATE TABLE IF NOT EXISTS bench_insert (id bigserial PRIMARY KEY, campaign_id int NOT NULL,"
            " voter_key varchar(64) NOT NULL, grp varchar(20) NOT NULL, created_at timestamptz DEFAULT now(),"
            " UNIQUE (campaign_id, voter_key))"
        )
    script = Path(ENV["VAR_DIR"]) / "insert.sql"
    script.write_text(
        "INSERT INTO bench_insert (campaign_id, voter_key, grp) VALUES (1, md5(random()::text || clock_timestamp()::text), 'public');\n"
    )
    pg = {**ENV, "PGHOST": PGHOST, "PGUSER": PGUSER, "PGPORT": PGPORT}
    for clients in CONCURRENCY:
        out = subprocess.run(
            ["pgbench", "-n", "-c", str(clients), "-j", str(min(clients, 2)), "-T", str(DURATION)]
            + ["-f", str(script), DB],
            env=pg,
            capture_output=True,
            text=True,
            check=True,
        ).stdout
        tps = float(re.search(r"tps = ([0-9.]+)", out).group(1))
        latency = float(re.search(r"latency average = ([0-9.]+) ms", out).group(1))
        RESULTS["insert"][clients] = {"rps": tps, "avg_ms": latency}
    say(f"  raw INSERT (pgbench): {RESULTS['insert'][8]['rps']:.0f}/s @8")


# --- 3. computations --------------------------------------------------------------------------------------------

# Time limits of the heavy computations (seconds); each runs in a child process (bench/steps.py) killed at its
# limit, and never later than the end of the run's budget (BENCH_BUDGET). BENCH_STEP_LIMIT caps every limit
# (the smoke run sets it tiny to see a MISS row).
STEP_LIMITS = {
    "ranking": 60,
    "score_matrix": 120,
    "pdf": 60,
    "pdf_batch": 90,
    "verify_audit": 150,
    "verify_ranking": 90,
    "stuffing": 180,  # the office's void of 2,000 ballots is most of it (one sealed log per ballot)
}
if os.environ.get("BENCH_STEP_LIMIT"):
    STEP_LIMITS = {k: min(v, float(os.environ["BENCH_STEP_LIMIT"])) for k, v in STEP_LIMITS.items()}
STEP_LABELS = {
    "ranking": "ranking",
    "score_matrix": "score matrix (material, xlsx)",
    "pdf": "application PDF warm",
    "pdf_batch": "100 application PDFs",
    "verify_audit": "verify_audit (campaign)",
    "verify_ranking": "verify_ranking (campaign)",
    "stuffing": "stuffing simulation (10,000 ballot writes, 2,000 identities, one catch-all domain over a /16)",
}
REPORT_RESERVE = 20  # seconds kept at the end of the budget for the report


def run_step(step: str, campaign: Campaign) -> dict | None:
    """The step in a child process with its limit; None (and a "not finished" row) when it is stopped."""
    label = STEP_LABELS[step]
    limit = min(STEP_LIMITS[step], remaining() - REPORT_RESERVE)
    if limit <= 1:
        RESULTS["computations"][label] = {"seconds": None, "limit": 0, "unfinished": "budget exhausted"}
        say(f"  {label}: not run, budget exhausted")
        return None
    started = time.perf_counter()
    proc = subprocess.Popen(
        [PY, "-m", "bench.steps", step, str(campaign.pk)],
        cwd=ROOT,
        env=ENV,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,
    )
    try:
        out, err = proc.communicate(timeout=limit)
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGKILL)  # really stopped: the child and anything it started
        proc.communicate()
        RESULTS["computations"][label] = {"seconds": None, "limit": limit, "unfinished": f"{limit:.0f} s"}
        say(f"  {label}: not finished within {limit:.0f} s (stopped)")
        return None
    elapsed = time.perf_counter() - started
    if proc.returncode != 0 or "BENCHSTEP " not in out:
        tail = (err or out).strip().splitlines()[-1:] or ["no output"]
        RESULTS["computations"][label] = {"seconds": None, "limit": limit, "failed": tail[0][:200]}
        say(f"  {label}: failed ({tail[0][:200]})")
        return None
    value = json.loads(out.split("BENCHSTEP ", 1)[1].splitlines()[0])
    value["limit"] = limit
    say(f"  {label}: {value['seconds']:.2f} s (step {elapsed:.0f} s, limit {limit:.0f} s)")
    return value


def computations(campaign: Campaign, office) -> None:
    c = RESULTS["computations"]
    value = run_step("ranking", campaign)
    if value:
        c["ranking"] = value
    value = run_step("score_matrix", campaign)
    if value:
        c["score matrix (material, xlsx)"] = value
    value = run_step("pdf", campaign)
    if value:
        c["application PDF cold (fresh process)"] = {"seconds": value["cold"], "limit": value["limit"]}
        c["application PDF warm"] = {"seconds": value["seconds"], "limit": value["limit"]}
    value = run_step("pdf_batch", campaign)
    if value:
        c["100 application PDFs"] = value
    value = run_step("verify_audit", campaign)
    if value:
        c["verify_audit (campaign)"] = value
        for p in value.get("first", []):
            say(f"    {p}")
    value = run_step("verify_ranking", campaign)
    if value:
        c["verify_ranking (campaign)"] = value
    value = run_step("stuffing", campaign)  # decisions 246: a separate step, rolled back
    if value:
        c[STEP_LABELS["stuffing"]] = value
        say(
            f"    cluster caught {value['cluster_caught']}/{value['identities']} identities "
            f"(honest flagged {value['honest_flagged']}), stale after void: {value['stale_after_void']}, "
            f"winner honest/stuffed/after void: {value['honest_winner']}/{value['stuffed_winner']}/"
            f"{value['returned_winner']}, ranking returned: {value['ranking_returned']}"
        )


# --- profiles of misses -----------------------------------------------------------------------------------------


PROFILE_WARMUP, PROFILE_REPEATS = 2, 10


def profile(name: str, page: dict, users: dict, campaign: Campaign) -> None:
    """pyinstrument over PROFILE_REPEATS requests of the page (after PROFILE_WARMUP unprofiled ones), in this
    process, through Django's test client."""
    from django.contrib.sessions.backends.cache import SessionStore
    from django.test import Client
    from pyinstrument import Profiler

    from scoring.services.voter_identity import keyed_hash
    from scoring.views.public import VERIFIED

    client = Client()
    user = users.get(page.get("user"))
    if user is not None:
        # Signed in with the second factor verified, as wrk's sessions are (login() above): without it the pages
        # of the roles in OTP_REQUIRED_ROLES answer with the redirect to /accounts/2fa/ and that is what the
        # profile would show.
        from tests.security.twofactor.support import verified_login

        verified_login(client, user, enrol_missing=False)

    def request(i: int) -> None:
        if page["kind"] == "post":
            store = SessionStore()
            store[VERIFIED] = {str(campaign.pk): keyed_hash("voter", f"email:profile-{i}@example.cn")}
            store.create()
            client.cookies["sessionid"] = store.session_key
            client.post(page["path"], dict(urllib.parse.parse_qsl(page["body"])))
        else:
            client.get(page["path"])

    # Warm-up outside the profile: the first request of a new handler builds the middleware chain and WhiteNoise
    # scans the static files, which is not what a request of a running server costs.
    for i in range(PROFILE_WARMUP):
        request(-1 - i)
    if page["kind"] != "post":
        status = client.get(page["path"]).status_code
        if status != 200:
            raise RuntimeError(f"profile of {name}: GET {page['path']} answered {status}, not the page")
    repeats = PROFILE_REPEATS
    profiler = Profiler(interval=0.0005)
    with CaptureQueriesContext(connection) as ctx:
        profiler.start()
        for i in range(repeats):
            request(i)
        profiler.stop()
    tree = profiler.output_text(unicode=True, color=False, show_all=False, time="percent_of_total")
    flat = profiler.output_text(unicode=True, color=False, flat=True, time="percent_of_total")
    tree_lines = [relative_paths(ln) for ln in tree.splitlines() if ln.strip()]
    flat_lines = [relative_paths(ln) for ln in flat.splitlines() if ln.strip()]
    RESULTS["profiles"][name] = {
        "queries_per_request": len(ctx.captured_queries) / repeats,
        "db_ms_per_request": sum(float(q["time"]) for q in ctx.captured_queries) * 1000 / repeats,
        "tree": "\n".join(["top frames by own time:", *flat_lines[:18], "", "call tree:", *tree_lines[:40]]),
    }


# --- 4. the report ----------------------------------------------------------------------------------------------

PUBLIC = ("home", "campaign page", "public candidate list", "publicity list", "results")


def machine() -> dict:
    cpu = "unknown"
    for line in Path("/proc/cpuinfo").read_text().splitlines():
        if line.startswith("model name"):
            cpu = line.split(":", 1)[1].strip()
            break
    mem = next(ln for ln in Path("/proc/meminfo").read_text().splitlines() if ln.startswith("MemTotal"))
    commit = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True, text=True)
    dirty = subprocess.run(["git", "status", "--porcelain"], cwd=ROOT, capture_output=True, text=True).stdout
    pgv = connection.cursor().connection.info.server_version
    return {
        "cpu": cpu,
        "cores": os.cpu_count(),
        "ram_gb": round(int(mem.split()[1]) / 1024 / 1024, 1),
        "date": datetime.datetime.now(datetime.UTC).strftime("%Y-%m-%d %H:%M UTC"),
        "commit": commit.stdout.strip() + (" (with uncommitted changes)" if dirty.strip() else ""),
        "python": platform.python_version(),
        "postgres": f"{pgv // 10000}.{pgv % 10000}",
        "load": os.getloadavg(),
    }


def errors_of(run: dict, clients: int) -> int:
    """Errors of a run; a run in which no request finished counts every client's request as failed (wrk stops
    at the end of the run before its 10 s timeout could count them)."""
    return run["errors"] + (clients if run["requests"] == 0 else 0)


def verdicts() -> list[dict]:
    floor8 = RESULTS["floor"][8]["rps"]
    rows = []
    for name, page in RESULTS["pages"].items():
        if "skipped" in page:
            rows.append(
                {
                    "name": name,
                    "kind": page["kind"],
                    "share": 0.0,
                    "target": "—",
                    "met": False,
                    "errors32": 0,
                    "wrong": False,
                    "skipped": page["skipped"],
                }
            )
            continue
        r8, r32 = page["runs"][8], page["runs"][32]
        if page["kind"] == "post":
            base = RESULTS["insert"][8]["rps"]
            share = r8["rps"] / base
            ok_runs = all(r["ballots_ok"] for r in page["runs"].values())
            target = "≥ 50 % of raw INSERT @8; none lost or doubled"
            met = share >= 0.5 and ok_runs
        else:
            share = r8["rps"] / floor8
            if page["kind"] == "public":
                target, met = "≥ 40 % of floor @8", share >= 0.40
            elif page["kind"] == "reference":
                target, met = "— (reference: a simple logged-in page)", True
            else:
                target = "≥ 15 % of floor and p95 < 150 ms @8"
                met = share >= 0.15 and r8["p95_us"] < 150_000 and r8["requests"] > 0
        wrong = page["status"] != 200 and page["kind"] != "post"
        rows.append(
            {
                "name": name,
                "kind": page["kind"],
                "share": share,
                "target": target,
                "met": met and not wrong,
                "errors32": errors_of(r32, 32),
                "wrong": wrong,
                "reference": page["kind"] == "reference",
            }
        )
    return rows


def chart(rows: list[dict]) -> str:
    """A horizontal bar chart (SVG written by hand): each page's req/s at 8 clients as a share of its floor,
    with the target marked."""
    width, left, bar, gap = 760, 210, 18, 8
    scale = 480  # px for 100 %
    height = 60 + len(rows) * (bar + gap) + 30
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" font-family="sans-serif" '
        'font-size="12">',
        f'<text x="10" y="20" font-size="14" font-weight="bold">req/s at 8 clients as a share of the floor '
        f"(bare Django {RESULTS['floor'][8]['rps']:.0f} req/s; ballot POST: raw INSERT "
        f"{RESULTS['insert'][8]['rps']:.0f}/s)</text>",
        '<text x="10" y="38" fill="#555">bar: measured share · black tick: target · green = PASS, red = MISS</text>',
    ]
    for pct in (0, 25, 50, 75, 100):
        x = left + scale * pct / 100
        parts.append(f'<line x1="{x}" y1="48" x2="{x}" y2="{height - 25}" stroke="#ddd"/>')
        parts.append(f'<text x="{x}" y="{height - 10}" text-anchor="middle" fill="#555">{pct} %</text>')
    for i, row in enumerate(rows):
        y = 55 + i * (bar + gap)
        share = min(row["share"], 1.2)
        color = "#9e9e9e" if row.get("reference") else "#2e7d32" if row["met"] else "#c62828"
        target = 0.5 if row["kind"] == "post" else 0.40 if row["kind"] == "public" else 0.15
        parts.append(f'<text x="{left - 8}" y="{y + 13}" text-anchor="end">{row["name"]}</text>')
        parts.append(f'<rect x="{left}" y="{y}" width="{scale * share:.1f}" height="{bar}" fill="{color}"/>')
        parts.append(
            f'<text x="{left + scale * share + 4:.1f}" y="{y + 13}">{row["share"] * 100:.1f} %</text>'
        )
        if row.get("reference"):
            continue  # no target: the bar is the logged-in floor
        tx = left + scale * target
        parts.append(
            f'<line x1="{tx}" y1="{y - 2}" x2="{tx}" y2="{y + bar + 2}" stroke="#000" stroke-width="2"/>'
        )
    parts.append("</svg>")
    return "\n".join(parts) + "\n"


def report(total_seconds: float, campaign_info: dict) -> None:
    m = RESULTS.get("machine") or machine()  # kept when re-rendering (BENCH_STEPS=report)
    RESULTS["machine"] = m
    rows = verdicts()
    floor = RESULTS["floor"]
    ms = lambda us: f"{us / 1000:.1f}"  # noqa: E731
    lines = [
        "# Benchmark results (`make bench`)",
        "",
        f"- Date: {m['date']} · commit `{m['commit']}`",
        f"- Machine: {m['cpu']}, {m['cores']} cores, {m['ram_gb']} GB RAM · Python {m['python']} · "
        f"PostgreSQL {m['postgres']} · Redis cache and sessions · load average at the end "
        f"{m['load'][0]:.1f} / {m['load'][1]:.1f} / {m['load'][2]:.1f} (the machine is shared)",
        "- Server: gunicorn, 4 sync workers, `config.wsgi`, DEBUG=0; load by `wrk` "
        f"(bench/wrk.lua) from the same machine, {DURATION} s per page and concurrency",
        f"- Campaign (generated, bench/generate.py): {campaign_info['applications']:,} applications, "
        f"{campaign_info['panels']} panels × {campaign_info['experts']} experts, {campaign_info['sheets']:,} signed "
        f"score sheets, {campaign_info['onsite']:,} on site, {campaign_info['ballots']:,} ballots "
        f"({campaign_info['votes']:,} ratings); loaded in {campaign_info['seconds']:.0f} s",
        f"- Total wall time of `make bench`: {total_seconds / 60:.1f} min ({total_seconds:.0f} s; budget "
        f"{RESULTS.get('budget', BUDGET):.0f} s, BENCH_BUDGET) · steps: "
        + ", ".join(f"{name} {sec:.0f} s" for name, sec in RESULTS.get("step_times", []))
        + (
            ""
            if not campaign_info.get("reused")
            else " · generated campaign reused from the template of an "
            "earlier run with the same code and sizes"
        ),
        "",
        "## Floors (measured in this run)",
        "",
        "| floor | 1 client | 8 clients | 32 clients |",
        "|---|---|---|---|",
        "| bare Django (tiny template), req/s · p50/p95 ms | "
        + " | ".join(
            f"{floor[c]['rps']:.0f} · {ms(floor[c]['p50_us'])}/{ms(floor[c]['p95_us'])}" for c in CONCURRENCY
        )
        + " |",
        *signed_in_floor.floor_rows(RESULTS.get("floor_signed_in", {}), CONCURRENCY),
        "| raw single-row INSERT (pgbench, autocommit), per s | "
        + " | ".join(f"{RESULTS['insert'][c]['rps']:.0f}" for c in CONCURRENCY)
        + " |",
        "",
        "## Pages",
        "",
        "req/s · p50 / p95 in ms. Share = req/s at 8 clients ÷ the floor at 8 clients (bare Django; for the ballot "
        "POST the raw INSERT rate). Errors = responses other than 2xx/3xx plus socket errors.",
        "",
        "| page | 1 client | 8 clients | share @8 | 32 clients | errors @32 | target | verdict |",
        "|---|---|---|---|---|---|---|---|",
    ]
    for row in rows:
        page = RESULTS["pages"][row["name"]]
        if row.get("skipped"):
            lines.append(f"| {row['name']} | — | — | — | — | — | — | {row['skipped']} |")
            continue
        cells = [
            f"{page['runs'][c]['rps']:.1f} · {ms(page['runs'][c]['p50_us'])} / {ms(page['runs'][c]['p95_us'])}"
            if page["runs"][c]["requests"]
            else f"none finished in {DURATION} s"
            for c in CONCURRENCY
        ]
        verdict = "reference" if row.get("reference") else "PASS" if row["met"] else "MISS"
        if row["wrong"]:
            verdict += f" (answered {page['status']})"
        lines.append(
            f"| {row['name']} | {cells[0]} | {cells[1]} | {row['share'] * 100:.1f} % | {cells[2]} | "
            f"{row['errors32']} | {row['target']} | {verdict} |"
        )
    ballot = RESULTS["pages"].get("ballot POST")
    if ballot and "skipped" not in ballot:
        lines += [
            "",
            "Ballot POST: no ballot lost or doubled (ballot rows counted before each run and after it once the "
            "server finished the requests in flight; consistent = every 302 stored its ballot and no more rows than "
            "302 answers plus the requests sent but not answered when wrk stopped at its deadline; "
            "bench/accounting.py):",
            "",
        ]
        lines += [
            "| clients | POSTs sent | answered 302 | other answers | in flight at the deadline | ballot rows added "
            "| consistent |",
            "|---|---|---|---|---|---|---|",
        ]
        for c in CONCURRENCY:
            r = ballot["runs"][c]
            sent = r.get("sent", r["s2xx"] + r["s3xx"] + r["s4xx"] + r["s5xx"])
            lines.append(
                f"| {c} | {sent} | {r['s3xx']} | {r['s2xx'] + r['s4xx'] + r['s5xx']} | {r.get('unanswered', 0)} | "
                f"{r['ballots_added']} | {'yes' if r['ballots_ok'] else 'NO'} |"
            )
    errors32 = sum(r["errors32"] for r in rows) + errors_of(floor[32], 32)
    skipped = sum(1 for r in rows if r.get("skipped"))
    lines += [
        "",
        f"32 clients: {errors32} errors in total over every measured page — "
        + (
            f"MISS (target: no error; {skipped} pages not measured)."
            if skipped
            else "PASS (target: no error)."
            if errors32 == 0
            else "MISS (target: no error)."
        ),
        *signed_in_floor.pages_section(floor[8]["rps"], RESULTS.get("floor_signed_in", {}), RESULTS["pages"]),
        "",
        "## Computations (each in a child process stopped at its time limit; the generated campaign)",
        "",
        "| computation | time | queries | target | verdict |",
        "|---|---|---|---|---|",
    ]
    targets = {
        "ranking": ("< 2 s", lambda s: s < 2),
        "application PDF warm": ("< 1 s", lambda s: s < 1),
        "application PDF cold (fresh process)": ("< 3 s", lambda s: s < 3),
    }
    for name, value in RESULTS["computations"].items():
        target, test = targets.get(name, ("—", None))
        label = name
        if name == "ranking" and "entries" in value:
            label = f"composite ranking ({value['entries']:,} ranked of {campaign_info['applications']:,})"
        if value.get("seconds") is None:  # stopped at its limit, not run (budget) or failed: never a PASS
            if "unfinished" in value and value["unfinished"] == "budget exhausted":
                cell = "not run: budget exhausted"
            elif "unfinished" in value:
                cell = f"not finished within {value['unfinished']}"
            else:
                cell = f"failed: {value.get('failed', value.get('error', '?'))}"
            lines.append(f"| {name} | {cell} | — | {target} | MISS |")
            continue
        verdict = "—" if test is None else ("PASS" if test(value["seconds"]) else "MISS")
        if "problems" in value:
            verdict = "passes" if value["problems"] == 0 else f"{value['problems']} PROBLEMS"
        if "cluster_caught" in value:  # the stuffing simulation (decisions 246)
            ok = (
                value["cluster_caught"] == value["identities"]
                and not value["honest_flagged"]
                and value["stale_after_void"]
                and value["ranking_returned"]
            )
            target = "cluster caught, no honest voter flagged, stale after void, ranking returned"
            verdict = "PASS" if ok else "MISS"
            label = (
                f"{name}: caught {value['cluster_caught']:,}/{value['identities']:,}, winner "
                f"{value['honest_winner']} → {value['stuffed_winner']} → {value['returned_winner']}"
            )
        limit = f" (limit {value['limit']:.0f} s)" if value.get("limit") else ""
        lines.append(
            f"| {label} | {value['seconds']:.2f} s{limit} | {value.get('queries', '—')} | {target} | {verdict} |"
        )
    if RESULTS["profiles"]:
        lines += [
            "",
            f"## Profiles of the misses (pyinstrument, {PROFILE_REPEATS} requests in-process through Django's test client "
            f"after {PROFILE_WARMUP} unprofiled ones)",
            "",
        ]
        for name, prof in RESULTS["profiles"].items():
            lines += [
                f"### {name}",
                "",
                f"{prof['queries_per_request']:.0f} queries and {prof['db_ms_per_request']:.1f} ms of database time "
                "per request.",
                "",
                "```",
                prof["tree"],
                "```",
                "",
            ]
    lines += microcache_report()
    if RESULTS.get("request_cost"):
        from bench import request_cost

        lines += [
            "",
            "## What every signed-in request pays (issue 26 item 1)",
            "",
            "The reference page in-process through Django's test client, CPU ms per request (this process only; "
            "the database's own time not counted), medians of rounds; each middleware's cost is the whole stack "
            "minus the stack without it, measured whole, without, without, whole in each round (ABBA), against a "
            "whole stack made beside it. The control row (the whole stack against itself, two clients made "
            "together) and the row of ten middleware that do nothing are measured the same way; a middleware's "
            "row within their spread says nothing of what it costs (docs/decisions.md 435).",
            "",
            *request_cost.table(RESULTS["request_cost"]),
        ]
    if RESULTS.get("page_split"):
        from bench import page_split

        lines += [
            "",
            "## Where a signed-in page's time goes (issue 26 item 1)",
            "",
            "Each signed-in page in-process through Django's test client, one request at a time, per request "
            "(bench/page_split.py): the CPU of this process, the CPU of the PostgreSQL server process that answered "
            "its queries (from /proc), the part of the server's time that EXPLAIN ANALYZE reports as planning and "
            "as execution of the page's SELECTs, its queries and its cache commands; medians of rounds. On this "
            "machine wrk, gunicorn, PostgreSQL and Redis share two cores, so a page's req/s follows the sum of the "
            "two CPU columns. The office's pages are kept whole for each user (decisions 413): what they show is a "
            "cache hit.",
            "",
            *page_split.table(RESULTS["page_split"], RESULTS["pages"]),
        ]
    if RESULTS.get("form_render"):
        from bench import form_render

        lines += [
            "",
            "## The hot forms' markup three ways (issue 26 item 3)",
            "",
            "In-process CPU ms per render of the markup alone (bench/form_render.py): the Python strings the project "
            "wrote until issue 26, Django templates with one field template (what the pages use now), Django's "
            "Jinja2 form renderer; medians of rounds, each way as a ratio of the Python strings in the same round "
            "(docs/decisions.md 311).",
            "",
            *form_render.table(RESULTS["form_render"]),
        ]
    notes = OUT / "notes.md"
    if notes.exists():
        lines += ["", notes.read_text().strip()]
    lines += [
        "",
        "Page checks (one GET before the load; a logged-in page that redirects would mean a lost session):",
        "",
    ]
    lines += [
        f"- {name}: `{path}` → {status}, {size:,} bytes" for name, path, status, size in RESULTS["checks"]
    ]
    (OUT / "results.md").write_text("\n".join(lines) + "\n")
    (OUT / "chart.svg").write_text(chart(rows))
    RESULTS["total_seconds"], RESULTS["campaign_info"] = total_seconds, campaign_info
    (OUT / "results.json").write_text(json.dumps(RESULTS, indent=1, default=str))


def microcache_report() -> list[str]:
    """The section of the public pages through nginx's micro-cache (issue 26 item 2)."""
    cached = RESULTS.get("microcache") or {}
    if not cached:
        return []
    floor8 = RESULTS["floor"][8]["rps"]
    lines = [
        "",
        "## Public pages through nginx's micro-cache (issue 26 item 2)",
        "",
        f"nginx (deploy/nginx/proxy.conf + microcache.conf, MICROCACHE_SECONDS ≤ 5) in front of the same gunicorn, "
        f"8 clients, {DURATION} s per page after a {WARMUP} s warm-up, as a returning anonymous visitor (cookie "
        f"`{MICROCACHE_COOKIE}`); × floor = req/s ÷ the bare-Django floor at 8 clients ({floor8:.0f} req/s). "
        "Reached the app = requests nginx passed on to gunicorn (its access log: a cache hit names no upstream).",
        "",
        "| page | req/s @8 · p50 / p95 ms | × floor | reached the app | errors | target | verdict |",
        "|---|---|---|---|---|---|---|",
    ]
    if "skipped" in cached:
        return [*lines, f"| — | — | — | — | — | ≥ {MICROCACHE_TARGET:g}× floor | {cached['skipped']} |"]
    for name, run in cached.items():
        times = run["rps"] / floor8
        met = times >= MICROCACHE_TARGET and run["errors"] == 0
        lines.append(
            f"| {name} | {run['rps']:.0f} · {run['p50_us'] / 1000:.1f} / {run['p95_us'] / 1000:.1f} | "
            f"{times:.1f}× | {run['upstream']} of {run['logged']} | {run['errors']} | "
            f"≥ {MICROCACHE_TARGET:g}× floor @8, no error | {'PASS' if met else 'MISS'} |"
        )
    return lines


# --- main -------------------------------------------------------------------------------------------------------


def main() -> None:
    from django.contrib.auth.models import User

    if os.environ.get("BENCH_STEPS") == "report":  # re-render results.md/chart.svg from results.json
        saved = json.loads((OUT / "results.json").read_text())
        for key in ("floor", "insert"):
            saved[key] = {int(c): v for c, v in saved[key].items()}
        for who, runs in saved.get("floor_signed_in", {}).items():
            if isinstance(runs, dict) and "skipped" not in runs:
                saved["floor_signed_in"][who] = {int(c): v for c, v in runs.items()}
        for page in saved["pages"].values():
            page["runs"] = {int(c): v for c, v in page["runs"].items()}
        RESULTS.update(saved)
        report(saved["total_seconds"], saved["campaign_info"])
        return
    if os.environ.get("BENCH_STEPS") == "computations":  # development: only the computations, no report
        campaign = Campaign.objects.filter(title__contains="全市规模基准").latest("pk")
        computations(campaign, User.objects.get(username="office"))
        print(json.dumps(RESULTS["computations"], indent=1))
        return

    from workflow.models import CommitteeDecision
    from workflow.services.committee import decision_open

    if REUSE:
        gen_seconds, campaign = 0.0, Campaign.objects.filter(title__contains="全市规模基准").latest("pk")
        if campaign.phase != Campaign.Phase.PUBLIC_INPUT:
            sys.exit("BENCH_REUSE=1: the campaign has left 公众评价; run without BENCH_REUSE.")
    elif CITY_REUSED:
        gen_seconds, campaign = 0.0, Campaign.objects.filter(title__contains="全市规模基准").latest("pk")
    else:
        say(f"generating the city-scale campaign ({APPLICATIONS:,} applications, {BALLOTS:,} ballots)")
        with step("generate"):
            gen_seconds, campaign = timed(
                lambda: build_city(
                    applications=APPLICATIONS,
                    ballots=BALLOTS,
                    shortlisted=SHORTLISTED,
                    log=lambda m: say(m.strip()),
                )
            )
        connection.close()
        save_city_template()
    office = User.objects.get(username="office")
    campaign_info = {
        "applications": campaign.applications.count(),
        "panels": campaign.panels.count(),
        "experts": 7,
        "sheets": ScoreSheet.objects.filter(application__campaign=campaign).count(),
        "onsite": campaign.applications.filter(state=Application.State.SHORTLISTED).count(),
        "ballots": Ballot.objects.filter(campaign=campaign).count(),
        "votes": campaign.public_votes.count(),
        "seconds": gen_seconds,
        "reused": CITY_REUSED,
    }
    say(f"campaign {campaign.pk} ready in {gen_seconds:.0f} s")
    connection.close()

    with step("floors"):
        with Server(FLOOR_PORT, "bench.floor_settings"):
            wrk(f"http://127.0.0.1:{FLOOR_PORT}/", 8, duration=WARMUP)
            for clients in CONCURRENCY:
                RESULTS["floor"][clients] = wrk(f"http://127.0.0.1:{FLOOR_PORT}/", clients)
        say(f"  floor {RESULTS['floor'][8]['rps']:.0f} req/s @8")
        raw_insert_floor()

    draft = (
        Application.objects.filter(campaign__phase=Campaign.Phase.OPEN, state=Application.State.DRAFT)
        .select_related("applicant")
        .order_by("id")
        .first()
    )
    expert = User.objects.get(username="city-expert1")
    assignment = (
        PanelAssignment.objects.filter(panel__members__expert=expert).order_by("application_id").first()
    )
    publicity = Campaign.objects.filter(phase=Campaign.Phase.PUBLICITY).order_by("-year").first()
    awarded = Campaign.objects.filter(phase=Campaign.Phase.AWARDED).order_by("-year").first()
    users = {"office": office, "expert": expert, "applicant": draft.applicant}
    base = f"http://127.0.0.1:{PORT}"
    pages_public = [
        ("home", reverse("awards:home")),
        ("campaign page", reverse("awards:campaign_detail", args=[campaign.pk])),
        ("public candidate list", reverse("public_input:candidates", args=[campaign.pk])),
        ("publicity list", reverse("workflow:public_publicity", args=[publicity.pk])),
        ("results", reverse("workflow:public_results", args=[awarded.pk])),
    ]
    pages_step = step("pages")
    with pages_step, Server(PORT, "config.settings"):
        say("pages (anonymous)")
        for name, path in pages_public:
            measure(name, "public", base, path)
        say("public pages through nginx's micro-cache")
        try:
            measure_microcache(PORT, pages_public)
        except Exception as e:  # noqa: BLE001 — the other figures are written whatever happens here
            say(f"  micro-cache stopped: {e!r}")
            RESULTS["microcache"] = {"skipped": f"failed: {e!r}"[:200]}
        measure_ballot(base, campaign)
        say("pages (logged in through the login form)")
        cookies = {
            "applicant": login(base, draft.applicant.username, DEMO_PASSWORD),
            "expert": login(base, expert.username, BENCH_PASSWORD),
            "office": login(base, "office", DEMO_PASSWORD),
        }
        say("the floor signed in (the same tiny template, each user's session)")
        measure_signed_in_floor(cookies)
        # The reference row: Django's password change page (two queries, a three-field form) in the project's
        # layout: what a simple logged-in page of this stack costs (session, user, roles, the base layout, a form).
        measure(
            "password change (reference)",
            "reference",
            base,
            reverse("password_change"),
            cookie=cookies["applicant"],
        )
        RESULTS["pages"]["password change (reference)"]["user"] = "applicant"
        logged_in = [
            ("applicant home", "applicant", reverse("awards:my_applications")),
            ("applicant form", "applicant", reverse("awards:application_edit", args=[draft.pk])),
            ("expert home", "expert", reverse("scoring:expert_home")),
            # the bench's expert has signed every sheet, so the default 待评 page above is empty: 已评 is a page of
            # 50 rows, what the list of an expert with work to do shows (docs/decisions.md 424)
            ("expert home, 50 rows (已评)", "expert", reverse("scoring:expert_home") + "?show=done"),
            (
                "expert score sheet",
                "expert",
                reverse("scoring:sheet", args=[assignment.application_id, "material"]),
            ),
            ("office dashboard", "office", reverse("workflow:campaign_dashboard", args=[campaign.pk])),
            ("eligibility queue", "office", reverse("workflow:eligibility_queue", args=[campaign.pk])),
        ]
        for name, who, path in logged_in:
            measure(name, "logged-in", base, path, cookie=cookies[who])
            RESULTS["pages"][name]["user"] = who

        say("公众评价 ends: 综合评价, the composite ranking, the committee's decision")
        connection.connect()
        campaign = advance_to_composite(campaign, office)
        from scoring.services.ranking import compute_ranking
        from workflow.services.stages import ranking_lists_apply

        ranking = compute_ranking(campaign=campaign, user=office)
        ranking_lists_apply(campaign=campaign, user=office, ranking=ranking)
        try:
            decision = decision_open(
                campaign=campaign, user=office, kind=CommitteeDecision.Kind.CONFIRM_RECOMMENDED
            )
        except Exception as e:  # noqa: BLE001 — the page is measured on whichever decision exists
            say(f"  decision_open refused ({e}); using the latest decision")
            decision = CommitteeDecision.objects.order_by("-pk").first()
        connection.close()
        committee = User.objects.get(username="committee1")
        users["committee"] = committee
        cookies["committee"] = login(base, "committee1", DEMO_PASSWORD)
        measure_signed_in_floor({"committee": cookies["committee"]})
        for name, who, path in (
            ("ranking", "office", reverse("workflow:ranking", args=[campaign.pk])),
            ("committee decision", "committee", reverse("workflow:decision", args=[decision.pk])),
        ):
            measure(name, "logged-in", base, path, cookie=cookies[who])
            RESULTS["pages"][name]["user"] = who

    connection.connect()
    try:
        with step("computations"):
            computations(campaign, office)
    except Exception as e:  # noqa: BLE001 — the page figures are written whatever happens here
        say(f"  computations stopped: {e!r}")
        RESULTS["computations"]["stopped"] = {"seconds": None, "error": repr(e)}
    missed = [r for r in verdicts() if not r["met"] and not r.get("skipped")]
    if missed and remaining() - REPORT_RESERVE < 10 * len(missed):
        say(f"no profiles of the {len(missed)} missed pages: budget exhausted")
        missed = []
    profiles_start = time.perf_counter()
    if missed:
        say(f"profiling {len(missed)} missed pages")
        for row in missed:
            page = RESULTS["pages"][row["name"]]
            if remaining() - REPORT_RESERVE < 10:
                say("  profiles stopped: budget exhausted")
                break
            if page["kind"] == "post":
                continue  # profiled while the campaign was still in 公众评价 (measure_ballot)
            try:
                profile(row["name"], page, users, campaign)
            except Exception as e:  # noqa: BLE001
                say(f"  profile of {row['name']} failed: {e!r}")
    STEP_TIMES.append(("profiles", time.perf_counter() - profiles_start))
    if remaining() - REPORT_RESERVE > 60:
        # What every signed-in request pays before page logic (issue 26 item 1): one row per middleware.
        from bench import request_cost

        with step("request cost"):
            try:
                RESULTS["request_cost"] = request_cost.measure(users["applicant"])
            except Exception as e:  # noqa: BLE001 — the page figures are written whatever happens here
                say(f"  request cost stopped: {e!r}")
    if remaining() - REPORT_RESERVE > 60:
        # Where each signed-in page's time goes: this process, the database server, its planning (issue 26 item 1).
        from bench import page_split

        with step("page split"):
            signed_in = [
                (name, users[page["user"]], page["path"])
                for name, page in RESULTS["pages"].items()
                if page["kind"] in ("reference", "logged-in") and page.get("user") in users
            ]
            # the applicant's most frequent request while filling in the form: its autosave, a moment after each
            # pause in typing (the whole form but the files and the row tables, as static/js/application-form.js)
            signed_in.append(
                (
                    "applicant autosave (POST, not in the pages table)",
                    users["applicant"],
                    reverse("awards:application_autosave", args=[draft.pk]),
                    page_split.autosave_data(draft),
                )
            )
            RESULTS["page_split"] = page_split.measure(signed_in)
    if remaining() - REPORT_RESERVE > 60:
        # The hot forms' markup three ways: Python strings, Django templates, Jinja2 (issue 26 item 3).
        from bench import form_render

        with step("form render"):
            try:
                RESULTS["form_render"] = form_render.measure(draft)
            except Exception as e:  # noqa: BLE001 — the page figures are written whatever happens here
                say(f"  form render stopped: {e!r}")
    RESULTS["step_times"] = STEP_TIMES
    RESULTS["budget"] = BUDGET  # the run's own, kept when results.md is re-rendered (BENCH_STEPS=report)
    total = time.perf_counter() - STARTED
    report(total, campaign_info)
    say(f"done in {total / 60:.1f} min: bench/results.md, bench/chart.svg")


if __name__ == "__main__":
    main()
