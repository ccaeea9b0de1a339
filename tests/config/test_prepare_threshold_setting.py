"""DB_PREPARE_THRESHOLD (docs/deployment.md, decisions 415): on PostgreSQL the server binds the parameters and
prepares a query sent that many times on a connection; "off" keeps Django's default for a transaction-pooling
PgBouncer; SQLite is left as it is."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
PROBE = (
    "import json, django; django.setup(); from django.conf import settings; "
    "print(json.dumps(settings.DATABASES['default'].get('OPTIONS', {}), default=str))"
)


def _settings(database_url: str, threshold: str | None) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if k != "DB_PREPARE_THRESHOLD"}
    env.update(DATABASE_URL=database_url, DJANGO_SETTINGS_MODULE="config.settings", TESTING="1")
    if threshold is not None:
        env["DB_PREPARE_THRESHOLD"] = threshold
    return subprocess.run(
        [sys.executable, "-c", PROBE], cwd=ROOT, env=env, capture_output=True, text=True, timeout=60
    )


def _options(database_url: str, threshold: str | None) -> dict:
    done = _settings(database_url, threshold)
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout.strip().splitlines()[-1])


POSTGRES = "postgres://honors@db.internal:5432/honors"


@pytest.mark.parametrize(
    ("threshold", "expected"),
    [
        (None, {"server_side_binding": True, "prepare_threshold": 5}),
        ("2", {"server_side_binding": True, "prepare_threshold": 2}),
        ("off", {}),
        ("", {}),
    ],
)
def test_postgresql_prepares_after_the_threshold_unless_off(threshold, expected):
    options = _options(POSTGRES, threshold)
    assert {k: options[k] for k in ("server_side_binding", "prepare_threshold") if k in options} == expected


def test_sqlite_gets_no_postgresql_option():
    options = _options("sqlite:///unused.sqlite3", "5")
    assert "server_side_binding" not in options and "prepare_threshold" not in options
    assert options["transaction_mode"] == "IMMEDIATE"


def test_a_value_that_is_not_a_number_is_refused_with_its_name():
    done = _settings(POSTGRES, "five")
    assert done.returncode != 0
    assert "DB_PREPARE_THRESHOLD must be a whole number (0 or more) or 'off', not 'five'." in done.stderr
