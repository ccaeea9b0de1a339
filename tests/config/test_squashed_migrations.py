"""The squashed migrations (docs/decisions.md 408): a database that applied everything they replace is up to date,
and one that applied only part of it is refused by `migrate` before anything changes."""

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.db.migrations.recorder import MigrationRecorder

from config.squashed_migrations import partly_applied

pytestmark = pytest.mark.django_db

SQUASHED = ("awards", "0002_squashed_0020_application_access_by_relation")
REPLACED_LAST = ("awards", "0020_application_access_by_relation")
#: The last squashed migration of the graph: no other migration depends on it or on what it replaces.
LAST_SQUASHED = ("scoring", "0003_squashed_0016_panel_access_by_relation")


def test_every_squashed_migration_is_used_and_nothing_is_left_to_apply():
    executor = MigrationExecutor(connection)
    squashed = {key for key, migration in executor.loader.disk_migrations.items() if migration.replaces}
    assert (
        SQUASHED in squashed
        and len([key for key in squashed if key[0] in ("awards", "scoring", "workflow")]) == 5
    )
    assert squashed <= set(
        executor.loader.graph.nodes
    )  # the squashed ones are the graph, not what they replace
    assert REPLACED_LAST not in executor.loader.graph.nodes
    assert executor.migration_plan(executor.loader.graph.leaf_nodes()) == []
    assert partly_applied() == []


def test_a_database_migrated_before_the_squash_has_nothing_to_apply():
    """Recorded as a database of the last release holds it: every replaced migration, no squashed one."""
    recorder = MigrationRecorder(connection)
    recorder.migration_qs.filter(name__contains="_squashed_").delete()
    executor = MigrationExecutor(connection)
    assert executor.migration_plan(executor.loader.graph.leaf_nodes()) == []
    assert partly_applied() == []


def test_a_database_that_applied_part_of_a_squash_is_refused_before_anything_changes():
    """Django refuses it itself when an applied migration depends on the part not applied (its history is then
    inconsistent); here nothing does, and Django would run the rest of the replaced migrations."""
    recorder = MigrationRecorder(connection)
    recorder.migration_qs.filter(
        app="scoring", name__in=[LAST_SQUASHED[1], "0016_panel_access_by_relation"]
    ).delete()
    before = set(recorder.applied_migrations())
    assert partly_applied() == ["scoring.0003_squashed_0016_panel_access_by_relation"]
    executor = MigrationExecutor(connection)
    assert [m.name for m, _ in executor.migration_plan(executor.loader.graph.leaf_nodes())] == [
        "0016_panel_access_by_relation"
    ]
    with pytest.raises(CommandError, match="0003_squashed_0016") as refused:
        call_command("migrate", verbosity=0, interactive=False)
    assert "请先用本版本之前的版本执行 migrate" in str(refused.value)
    assert set(recorder.applied_migrations()) == before  # nothing applied
