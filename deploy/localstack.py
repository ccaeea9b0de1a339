"""The production topology of docs/deployment.md on one machine, loopback only: N gunicorn app servers (each
with deploy/gunicorn.conf.py) on their own ports, a django-tasks-db worker, one PostgreSQL database, one Redis
and Debian's nginx in front (deploy/nginx/proxy.conf, a generated main config in a temporary folder, run as the
current user). tests/deploy/test_scale_out.py proves with it that nothing lives in one app server;
bench/through_nginx.py measures through it.

    with LocalStack(servers=2) as stack:
        stack.nginx_url, stack.server_urls, stack.run_python("...")

Everything runs with the production settings (DEBUG and TESTING off, JSON logs, the manifest static storage,
TASKS_BACKEND=django_tasks_db.DatabaseBackend). What it needs from the machine, and where it comes from:

- PostgreSQL: LOCALSTACK_DATABASE_URL (any database of the server; default: the server of DATABASE_URL if that
  is PostgreSQL, else postgres://postgres@127.0.0.1:5432/postgres). A migrated template database
  `honors_scale_tpl_<hash of the migrations>` is built once (about a minute) and copied for every stack (a
  second); each stack gets its own database `honors_scale_<pid>_<n>`, dropped at the end.
- Redis: LOCALSTACK_REDIS_URL (default redis://127.0.0.1:6379/7), with a key prefix of its own per stack.
- Ports: the first free ones in LOCALSTACK_PORTS (default 8400-8449).
- Static files: collected once per content of the static folders into var/localstack/ (about 15 s).

All processes are stopped, and the database dropped, when the `with` block ends, whatever happened in it."""

import base64
import contextlib
import fcntl
import getpass
import grp
import hashlib
import os
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
NGINX = shutil.which("nginx") or "/usr/sbin/nginx"
_counter = 0


class StackError(RuntimeError):
    pass


def _admin_url() -> str:
    url = os.environ.get("LOCALSTACK_DATABASE_URL", "")
    if not url:
        given = os.environ.get("DATABASE_URL", "")
        url = (
            given
            if given.startswith(("postgres://", "postgresql://"))
            else "postgres://postgres@127.0.0.1:5432/"
        )
    parts = urllib.parse.urlsplit(url)
    return urllib.parse.urlunsplit(parts._replace(path="/postgres"))


def _with_database(url: str, name: str) -> str:
    return urllib.parse.urlunsplit(urllib.parse.urlsplit(url)._replace(path=f"/{name}"))


def _admin_connection(url: str):
    import psycopg

    return psycopg.connect(url, autocommit=True)


def _tree_hash(paths, *extra: str) -> str:
    digest = hashlib.sha256()
    for item in extra:
        digest.update(item.encode())
    for path in sorted(paths):
        digest.update(str(path.relative_to(BASE_DIR)).encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()[:12]


def _project_files(folder_name: str, pattern: str):
    """Files matching `pattern` under every folder named `folder_name` of the project (not the venv, var, tests)."""
    skip = {".venv", "var", "node_modules", ".git", "tests", "bench", "__pycache__"}
    for root, dirs, _files in os.walk(BASE_DIR):
        dirs[:] = [d for d in dirs if d not in skip and not d.startswith(".")]
        if Path(root).name == folder_name:
            yield from (p for p in Path(root).rglob(pattern) if p.is_file())
            dirs[:] = []


def _versions() -> str:
    from importlib.metadata import version

    return " ".join(version(p) for p in ("django", "django-tasks-db", "django-axes", "django-guardian"))


def free_ports(count: int) -> list[int]:
    first, last = (int(x) for x in os.environ.get("LOCALSTACK_PORTS", "8400-8449").split("-"))
    found = []
    for port in range(first, last + 1):
        with socket.socket() as s:
            try:
                s.bind(("127.0.0.1", port))
            except OSError:
                continue
        found.append(port)
        if len(found) == count:
            return found
    raise StackError(f"fewer than {count} free ports in {first}-{last} (LOCALSTACK_PORTS)")


def wait_http(url: str, timeout: float, *, process=None, log: Path | None = None) -> None:
    deadline = time.monotonic() + timeout
    while True:
        try:
            with urllib.request.urlopen(url, timeout=2) as response:
                if response.status == 200:
                    return
        except (urllib.error.URLError, OSError):
            pass
        if process is not None and process.poll() is not None:
            raise StackError(f"{url}: the process exited ({process.returncode}):\n{_tail(log)}")
        if time.monotonic() > deadline:
            raise StackError(f"{url} did not answer 200 within {timeout} s:\n{_tail(log)}")
        time.sleep(0.2)


def _tail(path: Path | None, lines: int = 30) -> str:
    if path is None or not path.exists():
        return ""
    return "\n".join(path.read_text(errors="replace").splitlines()[-lines:])


class LocalStack:
    WORKER_ID = "localstack-worker"

    def __init__(
        self,
        *,
        servers: int = 2,
        workers_per_server: int = 1,
        task_worker: bool = True,
        env: dict | None = None,
    ):
        global _counter
        _counter += 1
        self.servers = servers
        self.workers_per_server = workers_per_server
        self.task_worker = task_worker
        self.extra_env = dict(env or {})
        self.admin_url = _admin_url()
        self.database = f"honors_scale_{os.getpid()}_{_counter}"
        self.redis_url = os.environ.get("LOCALSTACK_REDIS_URL", "redis://127.0.0.1:6379/7")
        self.processes: list[tuple[str, subprocess.Popen]] = []
        self.dir = Path(tempfile.mkdtemp(prefix="honors-stack-"))
        self.media_root = self.dir / "media"
        self.server_ports: list[int] = []
        self.nginx_port = 0
        self._database_created = False

    # --- what the tests and the bench read -----------------------------------------------------------------------
    @property
    def nginx_url(self) -> str:
        return f"http://127.0.0.1:{self.nginx_port}"

    @property
    def server_urls(self) -> list[str]:
        return [f"http://127.0.0.1:{port}" for port in self.server_ports]

    def server_log(self, index: int) -> Path:
        return self.dir / f"app{index}.log"

    @property
    def nginx_access_log(self) -> Path:
        return self.dir / "nginx-access.log"

    # --- start and stop ------------------------------------------------------------------------------------------
    def __enter__(self):
        try:
            self.start()
        except BaseException:
            self.stop()
            raise
        return self

    def __exit__(self, *exc):
        self.stop()

    def start(self) -> None:
        template = self._template_database()
        with _admin_connection(self.admin_url) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{self.database}"')
            conn.execute(f'CREATE DATABASE "{self.database}" TEMPLATE "{template}"')
        self._database_created = True
        self.env = self._env(self._static_var_dir())
        # Two stacks starting at once (two test workers, a test and a bench) would pick the same free ports: the
        # ports are chosen and taken under one lock per machine, held until every server listens.
        with open(Path(tempfile.gettempdir()) / "honors-localstack-ports.lock", "w") as lock:
            fcntl.flock(lock, fcntl.LOCK_EX)
            self._start_processes()

    def _start_processes(self) -> None:
        ports = free_ports(self.servers + 1)
        self.server_ports, self.nginx_port = ports[:-1], ports[-1]
        for index, port in enumerate(self.server_ports):
            self._spawn(
                f"app{index}",
                [
                    PYTHON,
                    "-m",
                    "gunicorn",
                    "-c",
                    str(BASE_DIR / "deploy" / "gunicorn.conf.py"),
                    "--bind",
                    f"127.0.0.1:{port}",
                    "--workers",
                    str(self.workers_per_server),
                    "config.wsgi:application",
                ],
                self.server_log(index),
            )
        if self.task_worker:
            self._spawn(
                "worker",
                [
                    PYTHON,
                    "manage.py",
                    "db_worker",
                    "--interval",
                    "0.2",
                    "--no-startup-delay",
                    "--no-reload",
                    "--worker-id",
                    self.WORKER_ID,
                ],
                self.dir / "worker.log",
            )
        self._spawn("nginx", self._nginx_command(), self.dir / "nginx-error.log")
        for index, url in enumerate(self.server_urls):
            wait_http(f"{url}/healthz/", 60, process=self.processes[index][1], log=self.server_log(index))
        nginx = dict(self.processes)["nginx"]
        wait_http(f"{self.nginx_url}/healthz/", 20, process=nginx, log=self.dir / "nginx-error.log")

    def stop(self) -> None:
        for _name, process in reversed(self.processes):
            if process.poll() is None:
                with contextlib.suppress(ProcessLookupError):
                    os.killpg(process.pid, signal.SIGTERM)
        for _name, process in reversed(self.processes):
            try:
                process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                with contextlib.suppress(ProcessLookupError):
                    os.killpg(process.pid, signal.SIGKILL)
                process.wait(timeout=5)
        self.processes.clear()
        if self._database_created:
            with _admin_connection(self.admin_url) as conn:
                conn.execute(f'DROP DATABASE IF EXISTS "{self.database}" WITH (FORCE)')
            self._database_created = False
        if os.environ.get("LOCALSTACK_KEEP") != "1":
            shutil.rmtree(self.dir, ignore_errors=True)

    def _spawn(self, name: str, command: list[str], log: Path) -> subprocess.Popen:
        with open(log, "ab") as out:
            process = subprocess.Popen(
                command,
                cwd=BASE_DIR,
                env=self.env,
                stdout=out,
                stderr=subprocess.STDOUT,
                stdin=subprocess.DEVNULL,
                start_new_session=True,  # its own process group: stop() ends gunicorn's workers with it
            )
        self.processes.append((name, process))
        return process

    # --- the pieces ----------------------------------------------------------------------------------------------
    def _env(self, var_dir: Path) -> dict:
        env = {
            k: v
            for k, v in os.environ.items()
            if k not in {"TESTING", "DEBUG", "DATABASE_URL", "REDIS_URL", "DJANGO_ALLOW_ASYNC_UNSAFE"}
            and not k.startswith(("PYTEST_", "AXES_", "LOG_"))
        }
        env.update(
            {
                "DJANGO_SETTINGS_MODULE": "config.settings",
                "DEBUG": "0",
                "SECRET_KEY": secrets.token_urlsafe(50),
                "PUBLIC_VOTE_HMAC_KEY": secrets.token_urlsafe(32),
                "AUDIT_HMAC_KEY": secrets.token_urlsafe(32),
                "FIELD_ENCRYPTION_KEYS": "k1=" + base64.b64encode(secrets.token_bytes(32)).decode(),
                "FIELD_ENCRYPTION_KEY_ID": "k1",
                "BLIND_INDEX_KEY": secrets.token_urlsafe(32),
                "ALLOWED_HOSTS": "127.0.0.1,localhost",
                "DATABASE_URL": _with_database(self.admin_url, self.database),
                "DB_CONN_MAX_AGE": "60",
                "REDIS_URL": self.redis_url,
                "CACHE_KEY_PREFIX": self.database,
                "TASKS_BACKEND": "django_tasks_db.DatabaseBackend",
                "VAR_DIR": str(var_dir),
                "MEDIA_ROOT": str(self.media_root),
                "TRUSTED_PROXIES": "127.0.0.1",
                "LOG_FORMAT": "json",
                "EMAIL_BACKEND": "django.core.mail.backends.dummy.EmailBackend",
                "PYTHONUNBUFFERED": "1",
            }
        )
        env.update(self.extra_env)
        return env

    def run_python(self, code: str, timeout: float = 120) -> str:
        """Run `code` in a Django shell with the stack's settings and database; its standard output."""
        result = subprocess.run(
            [PYTHON, "manage.py", "shell", "--no-imports", "-c", code],
            cwd=BASE_DIR,
            env=self.env,
            capture_output=True,
            text=True,
            timeout=timeout,
        )
        if result.returncode:
            raise StackError(f"manage.py shell failed:\n{result.stdout}\n{result.stderr}")
        return result.stdout

    def _template_database(self) -> str:
        """A database migrated to the current migrations, built once per their content and copied per stack."""
        # The data migrations load fixtures/*.json through the *_loader.py modules: their content counts too.
        sources = [*_project_files("migrations", "*.py"), *_project_files("fixtures", "*")]
        sources += [p for p in BASE_DIR.glob("*/*_loader.py") if p.is_file()]
        key = _tree_hash(sources, _versions())
        name = f"honors_scale_tpl_{key}"
        with _admin_connection(self.admin_url) as conn:
            conn.execute("SELECT pg_advisory_lock(714015)")  # one builder at a time on this server
            try:
                exists = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone()
                if exists:
                    return name
                stale = conn.execute(
                    "SELECT datname FROM pg_database WHERE datname LIKE 'honors\\_scale\\_tpl\\_%%'"
                ).fetchall()
                for (old,) in stale:
                    conn.execute(f'DROP DATABASE IF EXISTS "{old}" WITH (FORCE)')
                building = f"{name}_build"
                conn.execute(f'CREATE DATABASE "{building}"')
                env = self._env(self.dir)
                env["DATABASE_URL"] = _with_database(self.admin_url, building)
                result = subprocess.run(
                    [PYTHON, "manage.py", "migrate", "--noinput"],
                    cwd=BASE_DIR,
                    env=env,
                    capture_output=True,
                    text=True,
                    timeout=600,
                )
                if result.returncode:
                    conn.execute(f'DROP DATABASE IF EXISTS "{building}" WITH (FORCE)')
                    raise StackError(f"migrate failed:\n{result.stdout}\n{result.stderr}")
                conn.execute(f'ALTER DATABASE "{building}" RENAME TO "{name}"')
                return name
            finally:
                conn.execute("SELECT pg_advisory_unlock(714015)")

    def _static_var_dir(self) -> Path:
        """A VAR_DIR whose staticfiles/ holds collectstatic's output (hashed names, compressed), kept between runs
        for the same content of the static folders."""
        from importlib.metadata import version

        key = _tree_hash(_project_files("static", "*"), version("django"), version("whitenoise"))
        root = Path(os.environ.get("VAR_DIR", BASE_DIR / "var")) / "localstack"
        final = root / f"static-{key}"
        if (final / "staticfiles" / "staticfiles.json").exists():
            return final
        root.mkdir(parents=True, exist_ok=True)
        for old in root.glob("static-*"):
            shutil.rmtree(old, ignore_errors=True)
        building = Path(tempfile.mkdtemp(prefix="static-build-", dir=root))
        env = self._env(building)
        result = subprocess.run(
            [PYTHON, "manage.py", "collectstatic", "--noinput", "-v", "0"],
            cwd=BASE_DIR,
            env=env,
            capture_output=True,
            text=True,
            timeout=600,
        )
        if result.returncode:
            raise StackError(f"collectstatic failed:\n{result.stdout}\n{result.stderr}")
        try:
            building.rename(final)
        except OSError:  # another run finished it first
            shutil.rmtree(building, ignore_errors=True)
        return final

    def _nginx_command(self) -> list[str]:
        return nginx_command(self.dir, self.nginx_port, self.server_ports)


def nginx_command(d: Path, port: int, server_ports: list[int]) -> list[str]:
    """Debian's nginx, run as the current user with every path in `d`, listening on 127.0.0.1:`port` in front of
    the app servers on `server_ports` with deploy/nginx/proxy.conf and microcache.conf (as in production); the
    command that starts it in the foreground. bench/through_nginx.py puts it in front of `make bench`'s server."""
    upstream = "\n".join(f"        server 127.0.0.1:{p} max_fails=3 fail_timeout=10s;" for p in server_ports)
    user = ""
    if os.geteuid() == 0:  # as root nginx would hand its workers to "nobody": keep the current user
        user = f"user {getpass.getuser()} {grp.getgrgid(os.getegid()).gr_name};"
    conf = f"""# generated by deploy/localstack.py: loopback only, every path in {d}
{user}
worker_processes 1;
daemon off;
pid {d}/nginx.pid;
error_log {d}/nginx-error.log warn;
events {{ worker_connections 512; }}
http {{
    client_body_temp_path {d}/nginx-body;
    proxy_temp_path {d}/nginx-proxy;
    fastcgi_temp_path {d}/nginx-fastcgi;
    uwsgi_temp_path {d}/nginx-uwsgi;
    scgi_temp_path {d}/nginx-scgi;
    log_format honors_json escape=json
        '{{"time":"$time_iso8601","request_id":"$request_id","method":"$request_method","uri":"$request_uri",'
        '"status":$status,"upstream":"$upstream_addr","duration_s":$request_time}}';
    access_log {d}/nginx-access.log honors_json;
    proxy_cache_path {d}/nginx-micro levels=1:2 keys_zone=honors_micro:10m max_size=64m inactive=60s
                     use_temp_path=off;
    map $cookie_sessionid $honors_session {{
        ""      0;
        default 1;
    }}
    upstream honors_app {{
{upstream}
        keepalive 16;
    }}
    server {{
        listen 127.0.0.1:{port};
        server_name 127.0.0.1;
        client_max_body_size 25m;
        location / {{
            include {BASE_DIR}/deploy/nginx/proxy.conf;
            include {BASE_DIR}/deploy/nginx/microcache.conf;
            # which app server answered (the scale-out test checks that both do)
            add_header X-Upstream $upstream_addr always;
            proxy_pass http://honors_app;
        }}
    }}
}}
"""
    path = d / "nginx.conf"
    path.write_text(conf)
    return [NGINX, "-p", str(d), "-c", str(path), "-e", str(d / "nginx-error.log")]
