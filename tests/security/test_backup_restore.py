"""Backup and restore (issue 10): a backup restored into an empty database gives back the same rows, the same
files and a clean `verify_audit`. On PostgreSQL it goes through pg_dump/pg_restore, on SQLite through SQLite's
online backup."""

import hashlib
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection

from tests.factories import user_with_role
from tests.security.audit_world import audited_world

pytestmark = pytest.mark.django_db(transaction=True)


def database_snapshot() -> dict[str, tuple[int, str]]:
    """Per table of the database: the row count and a hash of its rows (in a fixed order)."""
    snapshot = {}
    with connection.cursor() as cursor:
        for table in sorted(connection.introspection.table_names(cursor)):
            cursor.execute(f'SELECT * FROM "{table}"')
            rows = sorted(repr(row) for row in cursor.fetchall())
            snapshot[table] = (len(rows), hashlib.sha256("\n".join(rows).encode()).hexdigest())
    return snapshot


def media_snapshot() -> dict[str, str]:
    root = Path(settings.MEDIA_ROOT)
    return {
        p.relative_to(root).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(root.rglob("*"))
        if p.is_file()
    }


def _empty_everything() -> None:
    call_command("flush", interactive=False, verbosity=0)
    for path in sorted(Path(settings.MEDIA_ROOT).rglob("*"), reverse=True):
        path.unlink() if path.is_file() else path.rmdir()


@pytest.fixture
def backed_up(tmp_path):
    audited_world()
    before = (database_snapshot(), media_snapshot())
    directory = tmp_path / "backup"
    call_command("backup", str(directory), verbosity=0)
    return directory, before


def test_a_backup_restored_into_an_empty_database_has_the_same_rows_files_and_a_clean_audit(backed_up):
    directory, (rows_before, files_before) = backed_up
    assert files_before, "the world has uploaded files (photos, evidence)"
    assert rows_before["workflow_transitionlog"][0] > 0 and rows_before["scoring_scoresheetlog"][0] > 0
    manifest = (directory / "MANIFEST.sha256").read_text().splitlines()
    assert len(manifest) == 3 + len(files_before)  # the database, media.tar, the audit checkpoints, each file

    _empty_everything()
    assert database_snapshot()["awards_campaign"][0] == 0 and media_snapshot() == {}
    call_command("restore", str(directory), verbosity=0)

    assert database_snapshot() == rows_before
    assert media_snapshot() == files_before
    call_command("verify_audit", verbosity=0)  # raises CommandError on the first mismatch
    user_with_role("office", username="after-restore")  # the id sequences came back too


def test_restore_refuses_a_database_that_holds_data(backed_up):
    directory, (rows_before, _files) = backed_up
    with pytest.raises(CommandError, match="目标数据库或上传文件目录中已有数据"):
        call_command("restore", str(directory), verbosity=0)
    assert database_snapshot() == rows_before


def test_restore_refuses_a_damaged_backup_and_changes_nothing(backed_up):
    directory, _before = backed_up
    tar = directory / "media.tar"
    tar.write_bytes(tar.read_bytes()[:-1] + b"x")
    _empty_everything()
    with pytest.raises(CommandError, match="media.tar 缺失或校验值不符"):
        call_command("restore", str(directory), verbosity=0)
    assert database_snapshot()["awards_campaign"][0] == 0


def test_backup_refuses_a_directory_that_is_not_empty(tmp_path):
    (tmp_path / "old").write_text("x")
    with pytest.raises(CommandError, match="不是空目录"):
        call_command("backup", str(tmp_path), verbosity=0)


def _recompute_manifest(directory: Path) -> None:
    """What someone who can write the backup but does not hold the signing key can do: rewrite the manifest."""
    lines = []
    for line in (directory / "MANIFEST.sha256").read_text().splitlines():
        digest, name = line.split("  ", 1)
        if not name.startswith("media/"):
            digest = hashlib.sha256((directory / name).read_bytes()).hexdigest()
        lines.append(f"{digest}  {name}")
    (directory / "MANIFEST.sha256").write_text("\n".join(lines) + "\n")


def test_restore_refuses_a_consistently_tampered_backup_with_a_recomputed_manifest(backed_up):
    directory, _before = backed_up
    tar = directory / "media.tar"
    tar.write_bytes(tar.read_bytes()[:-1] + b"x")
    _recompute_manifest(directory)
    _empty_everything()
    with pytest.raises(CommandError, match="校验清单签名不符"):
        call_command("restore", str(directory), verbosity=0)
    assert database_snapshot()["awards_campaign"][0] == 0


def test_restore_refuses_an_unsigned_manifest_unless_told_what_it_skips(backed_up, capsys):
    directory, (rows_before, _files) = backed_up
    (directory / "MANIFEST.sig").unlink()
    _empty_everything()
    with pytest.raises(CommandError, match="校验清单没有签名.*--unsigned"):
        call_command("restore", str(directory), verbosity=0)
    assert database_snapshot()["awards_campaign"][0] == 0
    call_command("restore", str(directory), "--unsigned", verbosity=0)
    assert "已跳过校验清单签名的核验" in capsys.readouterr().err
    assert database_snapshot() == rows_before
