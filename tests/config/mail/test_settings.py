"""The documented variables configure Django 6.1's MAILERS (issue 21 item 3): `manage.py check` refuses a backend
without its options, and `manage.py sendtestemail` delivers through the SMTP server or writes the file."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

from config.mailers import DEFAULT_SMTP_TIMEOUT, mailer_from_environ

ROOT = Path(__file__).resolve().parents[3]
SMTP = "django.core.mail.backends.smtp.EmailBackend"
FILE = "django.core.mail.backends.filebased.EmailBackend"


def manage(*args, env: dict, tmp_path) -> subprocess.CompletedProcess:
    environ = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith("EMAIL_") and key not in ("TESTING", "DATABASE_URL")
    }
    environ.update(DEBUG="1", VAR_DIR=str(tmp_path / "var"), **env)
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=environ,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_the_options_come_from_the_documented_variables():
    environ = {
        "EMAIL_BACKEND": SMTP,
        "EMAIL_HOST": "smtp.example.gov.cn",
        "EMAIL_PORT": "465",
        "EMAIL_HOST_USER": "honors",
        "EMAIL_HOST_PASSWORD": "secret",
        "EMAIL_USE_SSL": "1",
        "EMAIL_TIMEOUT": "7",
    }
    assert mailer_from_environ(environ, default_backend="x") == {
        "BACKEND": SMTP,
        "OPTIONS": {
            "host": "smtp.example.gov.cn",
            "port": 465,
            "username": "honors",
            "password": "secret",
            "use_ssl": True,
            "timeout": 7.0,
        },
    }
    assert mailer_from_environ({"EMAIL_BACKEND": SMTP, "EMAIL_HOST": "h"}, default_backend="x")[
        "OPTIONS"
    ] == {
        "host": "h",
        "timeout": DEFAULT_SMTP_TIMEOUT,
    }
    assert mailer_from_environ({"EMAIL_BACKEND": FILE, "EMAIL_FILE_PATH": "/m"}, default_backend="x") == {
        "BACKEND": FILE,
        "OPTIONS": {"file_path": "/m"},
    }
    # other backends take no options (Django refuses unknown ones)
    console = "django.core.mail.backends.console.EmailBackend"
    assert mailer_from_environ({"EMAIL_HOST": "h"}, default_backend=console) == {"BACKEND": console}


@pytest.mark.parametrize(
    "env, missing",
    [({"EMAIL_BACKEND": SMTP}, "EMAIL_HOST"), ({"EMAIL_BACKEND": FILE}, "EMAIL_FILE_PATH")],
)
def test_check_refuses_a_backend_without_its_options(tmp_path, env, missing):
    result = manage("check", env=env, tmp_path=tmp_path)
    assert result.returncode != 0
    assert f"(honors.E101) MAILERS['default'] uses {env['EMAIL_BACKEND']} but {missing} is not set." in (
        result.stderr
    )


def test_check_refuses_tls_and_ssl_together(tmp_path):
    env = {"EMAIL_BACKEND": SMTP, "EMAIL_HOST": "127.0.0.1", "EMAIL_USE_TLS": "1", "EMAIL_USE_SSL": "1"}
    result = manage("check", env=env, tmp_path=tmp_path)
    assert result.returncode != 0 and "honors.E102" in result.stderr and "use_ssl" in result.stderr


def test_sendtestemail_goes_through_the_smtp_server_as_documented(tmp_path, smtp_server):
    env = {"EMAIL_BACKEND": SMTP, "EMAIL_HOST": "127.0.0.1", "EMAIL_PORT": str(smtp_server.port)}
    assert manage("check", env=env, tmp_path=tmp_path).returncode == 0
    result = manage("sendtestemail", "office@example.cn", env=env, tmp_path=tmp_path)
    assert result.returncode == 0, result.stderr
    [(recipients, _message)] = smtp_server.messages
    assert recipients == ["office@example.cn"]


def test_sendtestemail_writes_the_file_as_documented(tmp_path):
    outbox = tmp_path / "outbox"
    env = {"EMAIL_BACKEND": FILE, "EMAIL_FILE_PATH": str(outbox)}
    result = manage("sendtestemail", "office@example.cn", env=env, tmp_path=tmp_path)
    assert result.returncode == 0, result.stderr
    [written] = list(outbox.iterdir())
    assert "office@example.cn" in written.read_text()


def test_an_app_server_refuses_to_start_without_the_smtp_host(tmp_path):
    """gunicorn runs no system checks: loading config.wsgi itself refuses the broken mailer."""
    code = "import config.wsgi"
    environ = {key: value for key, value in os.environ.items() if not key.startswith("EMAIL_")}
    environ.pop("TESTING", None)
    environ.update(DEBUG="1", VAR_DIR=str(tmp_path / "var"), EMAIL_BACKEND=SMTP)
    broken = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, env=environ, capture_output=True, text=True, timeout=120
    )
    assert broken.returncode != 0 and "EMAIL_HOST is not set" in broken.stderr
    environ["EMAIL_HOST"] = "127.0.0.1"
    working = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, env=environ, capture_output=True, text=True, timeout=120
    )
    assert working.returncode == 0, working.stderr
