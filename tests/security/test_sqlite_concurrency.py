"""The embedded SQLite default holds a small office's concurrent use: five objections or five sheet signatures
at the same moment all succeed, none ends in "database is locked" (IMMEDIATE transactions, busy timeout, WAL).

The race runs in a separate process against a file database: the test database of the suite lives in memory,
where SQLite's locking is not the one `make demo` meets. When the suite itself runs on SQLite, the file is a copy
of the suite's migrated test database (SQLite's online backup, milliseconds) instead of a second `migrate` from
scratch (a minute on a shared 2-core machine); the script still runs `migrate`, which then has nothing to apply.
On PostgreSQL there is nothing to copy and the script migrates the file from scratch."""

import json
import os
import pathlib
import subprocess
import sys

import pytest

ROOT = pathlib.Path(__file__).resolve().parents[2]


def copy_the_migrated_test_database(to: pathlib.Path) -> bool:
    """The suite's migrated SQLite test database, copied into the file `to` (False when the suite is not on SQLite).
    A transactional test: SQLite's backup cannot read a database that its own connection holds in an open write
    transaction (pytest-django's per-test atomic), and the copy is to hold only what the migrations and the
    reference data loaders made."""
    import sqlite3

    from django.db import connection

    if connection.vendor != "sqlite":
        return False
    connection.ensure_connection()
    target = sqlite3.connect(to)
    try:
        connection.connection.backup(target)
    finally:
        target.close()
    return True


@pytest.mark.django_db(transaction=True)
def test_five_concurrent_objections_and_sheet_submits_on_file_sqlite(tmp_path):
    copy_the_migrated_test_database(tmp_path / "db.sqlite3")
    env = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "DJANGO_SETTINGS_MODULE")}
    env.update({"VAR_DIR": str(tmp_path), "TESTING": "1", "MEDIA_ROOT": str(tmp_path / "media")})
    run = subprocess.run(
        [sys.executable, str(ROOT / "tests" / "security" / "sqlite_concurrency_script.py")],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert run.returncode == 0, run.stderr[-3000:]
    summary = json.loads(run.stdout.strip().splitlines()[-1])
    assert summary["errors"] == []
    assert summary["objections"] == summary["threads"] * summary["rounds"] == 15
    assert summary["submitted_sheets"] == summary["threads"] * summary["rounds"]
    assert summary["journal_mode"] == "wal"
