"""Requests per second through nginx in front of two gunicorn app servers (one PostgreSQL, one Redis), against
one app server reached directly, for a public page and the health URL (docs/deployment.md, "Measured").

    .venv/bin/python bench/through_nginx.py [--seconds 10] [--clients 8] [--workers 2]

Starts the stack of deploy/localstack.py (production settings, loopback only), runs wrk (Debian's package) for
each target, prints a Markdown table and stops everything. `measure()` is what `make bench` can call.

`MicroCacheFront` is nginx with the production micro-cache (deploy/nginx/microcache.conf) in front of an app server
that is already running: `make bench` puts it in front of its own gunicorn and measures the public pages through
it against the bare-Django floor (issue 26 item 2; bench/run.py `measure_microcache`)."""

import argparse
import contextlib
import json
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from deploy.localstack import LocalStack, free_ports, nginx_command, wait_http  # noqa: E402

PATHS = {"home page (anonymous)": "/", "health URL": "/healthz/"}
_UNITS = {"us": 0.001, "ms": 1.0, "s": 1000.0, "m": 60000.0}


def _ms(text: str) -> float:
    number, unit = re.fullmatch(r"([\d.]+)(us|ms|s|m)", text).groups()
    return float(number) * _UNITS[unit]


def wrk(url: str, *, seconds: int, clients: int, timeout: int = 10) -> dict:
    """One wrk run: requests/s, p50 and p99 latency (ms), and non-2xx/3xx responses and socket errors."""
    binary = shutil.which("wrk")
    if binary is None:
        raise SystemExit("wrk is missing: apt-get install wrk (make system-deps)")
    out = subprocess.run(
        [
            binary,
            "-t",
            str(min(clients, 2)),
            "-c",
            str(clients),
            "-d",
            f"{seconds}s",
            "--timeout",
            f"{timeout}s",
        ]
        + ["--latency", url],
        capture_output=True,
        text=True,
        check=True,
        timeout=seconds + 60,
    ).stdout
    latency = dict(re.findall(r"^\s*(50|99)%\s+([\d.]+[a-z]+)", out, re.M))
    errors = re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", out)
    non_2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    return {
        "rps": float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1)),
        "p50_ms": _ms(latency["50"]) if "50" in latency else float("nan"),  # absent when nothing completed
        "p99_ms": _ms(latency["99"]) if "99" in latency else float("nan"),
        "errors": (sum(int(x) for x in errors.groups()) if errors else 0)
        + (int(non_2xx.group(1)) if non_2xx else 0),
    }


def measure(*, seconds: int = 10, clients: int = 8, workers: int = 2) -> list[dict]:
    """Each path of PATHS through nginx (two app servers of `workers` gunicorn workers) and directly on one."""
    rows = []
    with LocalStack(servers=2, workers_per_server=workers, task_worker=False) as stack:
        for label, path in PATHS.items():
            # Warm-up: every worker of every app server loads its URLs, templates and translations (the first
            # request of a cold worker takes seconds on a busy machine) and fills the caches.
            for base in stack.server_urls:
                wrk(base + path, seconds=3, clients=2 * workers, timeout=30)
            for via, base in (
                ("nginx → 2 app servers", stack.nginx_url),
                ("1 app server, direct", stack.server_urls[0]),
            ):
                rows.append({"page": label, "via": via, **wrk(base + path, seconds=seconds, clients=clients)})
    return rows


class MicroCacheFront:
    """nginx (deploy/nginx/proxy.conf + microcache.conf, as deploy/localstack.py runs it) on a free loopback port in
    front of the app servers on `ports`; `url` to reach it, `upstream_requests()` to count, from nginx's access log,
    the requests it passed on to an app server (a cache hit names no upstream)."""

    def __init__(self, ports: list[int]):
        self.ports = ports
        self.dir = Path(tempfile.mkdtemp(prefix="honors-front-"))
        self.process = None

    def __enter__(self):
        (port,) = free_ports(1)
        self.url = f"http://127.0.0.1:{port}"
        with open(self.dir / "nginx-error.log", "ab") as log:
            self.process = subprocess.Popen(
                nginx_command(self.dir, port, self.ports),
                stdout=log,
                stderr=subprocess.STDOUT,
                stdin=subprocess.DEVNULL,
                start_new_session=True,
            )
        try:
            wait_http(f"{self.url}/healthz/", 20, process=self.process, log=self.dir / "nginx-error.log")
        except BaseException:
            self.__exit__()
            raise
        return self

    def __exit__(self, *exc):
        if self.process is not None and self.process.poll() is None:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(self.process.pid, signal.SIGTERM)
            self.process.wait(timeout=15)
        shutil.rmtree(self.dir, ignore_errors=True)

    def log_lines(self) -> int:
        log = self.dir / "nginx-access.log"
        return len(log.read_text().splitlines()) if log.exists() else 0

    def upstream_requests(self, since: int) -> tuple[int, int]:
        """(requests logged after line `since`, of which passed on to an app server)."""
        lines = (self.dir / "nginx-access.log").read_text().splitlines()[since:]
        passed = sum(1 for line in lines if json.loads(line).get("upstream"))
        return len(lines), passed


def table(rows: list[dict], *, clients: int, workers: int) -> str:
    lines = [
        f"| page | via ({workers} gunicorn workers per app server, {clients} clients) | req/s | p50 ms | p99 ms | errors |",
        "|---|---|---|---|---|---|",
    ]
    for r in rows:
        lines.append(
            f"| {r['page']} | {r['via']} | {r['rps']:.0f} | {r['p50_ms']:.1f} | {r['p99_ms']:.1f} | {r['errors']} |"
        )
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=int, default=10)
    parser.add_argument("--clients", type=int, default=8)
    parser.add_argument("--workers", type=int, default=2, help="gunicorn workers per app server")
    args = parser.parse_args()
    rows = measure(seconds=args.seconds, clients=args.clients, workers=args.workers)
    print(table(rows, clients=args.clients, workers=args.workers))


if __name__ == "__main__":
    main()
