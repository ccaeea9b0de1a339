"""The squashed migrations of awards, scoring and workflow (docs/decisions.md 408) hold today's tables, not the
tables of the migrations they replace: a new database is built from them in seconds, and a database that applied
every migration they replace records them as applied and runs nothing. A database that applied only part of what
one of them replaces would be finished by the old migrations on a project state that is already today's, so their
changes would be skipped: `migrate` refuses it instead, before it changes anything, and says what to do."""

from django.core.management.base import CommandError
from django.db import connections
from django.db.migrations.loader import MigrationLoader
from django.db.migrations.recorder import MigrationRecorder

#: The apps whose squashed migrations replace migrations that are still on disk.
SQUASHED_APPS = ("awards", "scoring", "workflow")


def partly_applied(using: str = "default") -> list[str]:
    """The squashed migrations of SQUASHED_APPS of which the database applied some, not all, of what they replace."""
    connection = connections[using]
    if not MigrationRecorder(connection).has_table():
        return []
    applied = set(MigrationRecorder(connection).applied_migrations())
    loader = MigrationLoader(None, ignore_no_migrations=True, replace_migrations=False)
    found = []
    for (app, name), migration in sorted(loader.disk_migrations.items()):
        if app not in SQUASHED_APPS or not migration.replaces or (app, name) in applied:
            continue
        done = [key in applied for key in migration.replaces]
        if any(done) and not all(done):
            found.append(f"{app}.{name}")
    return found


def refuse_partly_applied(sender, using="default", **kwargs) -> None:
    """pre_migrate receiver (awards/apps.py), run once per `migrate` (for awards' app config)."""
    if sender.label != "awards":
        return
    found = partly_applied(using)
    if found:
        names, names_en = "、".join(found), ", ".join(found)
        raise CommandError(
            f"数据库只执行了以下合并迁移所替代迁移中的一部分：{names}。请先用本版本之前的版本执行 migrate，"
            "使这些迁移全部执行完毕，再升级到本版本（docs/decisions.md 408）。"
            f" / This database applied only part of the migrations these squashed migrations replace: {names_en}."
            " Run migrate with the release before this one first, then upgrade (docs/decisions.md 408)."
        )
