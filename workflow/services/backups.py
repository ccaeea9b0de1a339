"""Backup and restore of the whole system: the database and the uploaded files (docs/security.md).

A backup is a directory:

- `db.sqlite3` (SQLite: an online copy through SQLite's backup API, consistent while the site runs) or
  `db.dump` (PostgreSQL: `pg_dump --format=custom`);
- `media.tar` — every file under MEDIA_ROOT;
- `MANIFEST.sha256` — the SHA-256 of the database file, of `media.tar` and of every file inside it
  (`media/<path>`), in `sha256sum` format: `sha256sum --check --ignore-missing MANIFEST.sha256` checks a copy
  by hand too (the two files; the `media/` lines are checked by `restore` after unpacking).

- `audit-checkpoints.jsonl` — the signed checkpoints of the audit chains (workflow/anchors.py), a fresh one
  written just before the database was copied, so that a restored database is checked against them;
- `MANIFEST.sig` — HMAC-SHA256 of `MANIFEST.sha256` under `BACKUP_SIGNING_KEY` (default: the audit key), a key
  kept outside the backup: a backup tampered with consistently (files changed and the manifest recomputed) no
  longer matches its signature.

Restoring checks the signature and every checksum first and refuses a damaged or re-signed backup (`unsigned`
skips only the signature check, for backups made before the manifest was signed); it refuses a database that
already holds campaigns or accounts (a mistake would overwrite live data) unless `force` is given.
"""

import hashlib
import hmac
import os
import shutil
import sqlite3
import subprocess
import tarfile
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import DatabaseError, connection
from django.utils.translation import gettext as _

from audit.keys import key_for
from awards.models import Campaign
from workflow.anchors import anchor_path, write_checkpoints

MANIFEST = "MANIFEST.sha256"
SIGNATURE = "MANIFEST.sig"
CHECKPOINTS = "audit-checkpoints.jsonl"
MEDIA_TAR = "media.tar"
SQLITE_FILE = "db.sqlite3"
PG_FILE = "db.dump"


@dataclass
class BackupReport:
    directory: Path
    database_file: str
    media_files: int


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _signing_key() -> bytes:
    key = getattr(settings, "BACKUP_SIGNING_KEY", "")
    if key:
        return key.encode("utf-8")

    return key_for(None)


def manifest_signature(manifest: bytes) -> str:
    return "hmac-sha256 " + hmac.new(_signing_key(), manifest, hashlib.sha256).hexdigest()


def check_signature(directory: Path) -> None:
    """Refuse a manifest without a signature or with one that the signing key did not make."""
    signature = directory / SIGNATURE
    if not signature.exists():
        raise ValidationError(
            _(
                "备份 %(dir)s 的校验清单没有签名（%(name)s），无法确认它未被整体改写，未做任何恢复。"
                "确是签名功能之前的旧备份时，可加 --unsigned 跳过签名核验。"
            )
            % {"dir": directory, "name": SIGNATURE}
        )
    expected = manifest_signature((directory / MANIFEST).read_bytes())
    if not hmac.compare_digest(signature.read_text(encoding="utf-8").strip(), expected):
        raise ValidationError(
            _(
                "备份 %(dir)s 的校验清单签名不符：清单被改写，或签名密钥（BACKUP_SIGNING_KEY）不是备份时的密钥。"
                "未做任何恢复。"
            )
            % {"dir": directory}
        )


def _vendor() -> str:
    return connection.vendor


def _pg_command(program: str, *args: str) -> tuple[list[str], dict]:
    db = connection.settings_dict
    env = {**os.environ}
    if db.get("PASSWORD"):
        env["PGPASSWORD"] = db["PASSWORD"]
    conn = [f"--host={db.get('HOST') or '127.0.0.1'}", f"--port={db.get('PORT') or 5432}"]
    if db.get("USER"):
        conn.append(f"--username={db['USER']}")
    if shutil.which(program) is None:
        raise ValidationError(
            _("找不到 %(program)s：请安装 PostgreSQL 客户端（Debian：apt-get install postgresql-client）。")
            % {"program": program}
        )
    return [program, *conn, "--no-password", *args], env


def _run(cmd: list[str], env: dict) -> None:
    result = subprocess.run(cmd, env=env, capture_output=True, text=True)
    if result.returncode != 0:
        raise ValidationError(
            _("%(program)s 失败：%(error)s") % {"program": cmd[0], "error": result.stderr.strip()[-2000:]}
        )


def _media_files(root: Path) -> list[Path]:
    if not root.exists():
        return []
    return sorted(p for p in root.rglob("*") if p.is_file())


def backup(directory) -> BackupReport:
    """Write a backup into `directory` (created; refused when it already holds files)."""
    directory = Path(directory)
    if directory.exists() and any(directory.iterdir()):
        raise ValidationError(_("备份目录 %(dir)s 不是空目录，请换一个目录。") % {"dir": directory})
    directory.mkdir(parents=True, exist_ok=True)

    write_checkpoints()
    if anchor_path().exists():
        shutil.copyfile(anchor_path(), directory / CHECKPOINTS)
    else:
        (directory / CHECKPOINTS).write_text("", encoding="utf-8")
    connection.ensure_connection()
    if _vendor() == "sqlite":
        database_file = SQLITE_FILE
        target = sqlite3.connect(directory / SQLITE_FILE)
        try:
            connection.connection.backup(target)
        finally:
            target.close()
    elif _vendor() == "postgresql":
        database_file = PG_FILE
        cmd, env = _pg_command(
            "pg_dump",
            "--format=custom",
            "--no-owner",
            "--no-privileges",
            f"--file={directory / PG_FILE}",
            connection.settings_dict["NAME"],
        )
        _run(cmd, env)
    else:
        raise ValidationError(_("不支持备份 %(vendor)s 数据库。") % {"vendor": _vendor()})

    media_root = Path(settings.MEDIA_ROOT)
    files = _media_files(media_root)
    lines = []
    with tarfile.open(directory / MEDIA_TAR, "w") as tar:
        for path in files:
            relative = path.relative_to(media_root).as_posix()
            tar.add(path, arcname=relative, recursive=False)
            lines.append(f"{sha256_of(path)}  media/{relative}")
    lines.insert(0, f"{sha256_of(directory / MEDIA_TAR)}  {MEDIA_TAR}")
    lines.insert(0, f"{sha256_of(directory / CHECKPOINTS)}  {CHECKPOINTS}")
    lines.insert(0, f"{sha256_of(directory / database_file)}  {database_file}")
    manifest = ("\n".join(lines) + "\n").encode("utf-8")
    (directory / MANIFEST).write_bytes(manifest)
    (directory / SIGNATURE).write_text(manifest_signature(manifest) + "\n", encoding="utf-8")
    return BackupReport(directory=directory, database_file=database_file, media_files=len(files))


def read_manifest(directory: Path) -> dict[str, str]:
    path = directory / MANIFEST
    if not path.exists():
        raise ValidationError(
            _("%(dir)s 中没有校验清单 %(name)s，不是一个完整的备份。") % {"dir": directory, "name": MANIFEST}
        )
    entries = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.strip():
            digest, name = line.split("  ", 1)
            entries[name] = digest
    return entries


def _database_holds_data() -> bool:
    try:
        # django-guardian creates its anonymous user in every migrated database: that is not data.
        accounts = get_user_model().objects.exclude(
            username=getattr(settings, "ANONYMOUS_USER_NAME", "AnonymousUser")
        )
        return Campaign.objects.exists() or accounts.exists()
    except DatabaseError:
        connection.close()  # no tables yet: an empty database
        return False


def restore(directory, *, force: bool = False, unsigned: bool = False) -> BackupReport:
    """Restore the backup in `directory` into the configured database and MEDIA_ROOT. `unsigned` skips the check
    of the manifest's signature (a backup made before manifests were signed) — the checksums are then only as
    trustworthy as the manifest itself."""
    directory = Path(directory)
    manifest = read_manifest(directory)
    if not unsigned:
        check_signature(directory)
    database_file = SQLITE_FILE if SQLITE_FILE in manifest else PG_FILE
    names = [database_file, MEDIA_TAR] + ([CHECKPOINTS] if CHECKPOINTS in manifest else [])
    for name in names:
        if not (directory / name).exists() or sha256_of(directory / name) != manifest.get(name):
            raise ValidationError(
                _("备份文件 %(name)s 缺失或校验值不符，备份已损坏，未做任何恢复。") % {"name": name}
            )
    expected_vendor = "sqlite" if database_file == SQLITE_FILE else "postgresql"
    if _vendor() != expected_vendor:
        raise ValidationError(
            _("这是 %(backup)s 数据库的备份，不能恢复到 %(target)s 数据库。")
            % {"backup": expected_vendor, "target": _vendor()}
        )
    media_root = Path(settings.MEDIA_ROOT)
    if not force and (_database_holds_data() or _media_files(media_root)):
        raise ValidationError(
            _("目标数据库或上传文件目录中已有数据；为免覆盖，恢复只写入空的数据库（确需覆盖请加 --force）。")
        )

    if expected_vendor == "sqlite":
        connection.ensure_connection()
        source = sqlite3.connect(directory / SQLITE_FILE)
        try:
            source.backup(connection.connection)
        finally:
            source.close()
    else:
        connection.close()
        cmd, env = _pg_command(
            "pg_restore",
            "--clean",
            "--if-exists",
            "--no-owner",
            "--no-privileges",
            "--single-transaction",
            f"--dbname={connection.settings_dict['NAME']}",
            str(directory / PG_FILE),
        )
        _run(cmd, env)

    media_root.mkdir(parents=True, exist_ok=True)
    with tarfile.open(directory / MEDIA_TAR) as tar:
        tar.extractall(media_root, filter="data")
    _restore_checkpoints(directory if CHECKPOINTS in manifest else None)
    restored = 0
    for name, digest in manifest.items():
        if not name.startswith("media/"):
            continue
        path = media_root / name.removeprefix("media/")
        if not path.exists() or sha256_of(path) != digest:
            raise ValidationError(_("恢复后的文件 %(name)s 校验值不符。") % {"name": name})
        restored += 1
    return BackupReport(directory=directory, database_file=database_file, media_files=restored)


def _restore_checkpoints(directory: Path | None) -> None:
    """Append the backup's signed checkpoints that the local checkpoint file lacks (a restore onto a new machine
    keeps checking the database against them; lines already there are not repeated)."""
    if directory is None:
        return

    path = anchor_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    have = set(path.read_text(encoding="utf-8").splitlines()) if path.exists() else set()
    missing = [
        line
        for line in (directory / CHECKPOINTS).read_text(encoding="utf-8").splitlines()
        if line.strip() and line not in have
    ]
    if missing:
        with open(path, "a", encoding="utf-8") as f:
            f.write("\n".join(missing) + "\n")
