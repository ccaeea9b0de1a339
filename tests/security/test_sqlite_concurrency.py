"""The embedded SQLite default holds a small office's concurrent use: five objections or five sheet signatures
at the same moment all succeed, none ends in "database is locked" (IMMEDIATE transactions, busy timeout, WAL).

The race runs in a separate process against a file database migrated from scratch: the test database of the
suite lives in memory, where SQLite's locking is not the one `make demo` meets."""

import json
import os
import pathlib
import subprocess
import sys

ROOT = pathlib.Path(__file__).resolve().parents[2]


def test_five_concurrent_objections_and_sheet_submits_on_file_sqlite(tmp_path):
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
