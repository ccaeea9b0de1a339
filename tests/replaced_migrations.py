"""The migrations that the squashed ones replace (docs/decisions.md 408), for the tests that run them: the
encryption migrations each way (tests/awards/crypt/test_migration.py) and the check that the squash builds the
same database (tests/config/postgres/test_squashed_migrations_postgres.py)."""

import copy

from django.db.migrations.loader import MigrationLoader


class ReplacedMigrations(MigrationLoader):
    """The migrations as a database migrated before the squash ran them: each squashed migration stands in as an
    empty step after the migrations it replaces, so that the replaced ones run, and a later migration that depends
    on the squashed one still finds it. A test database records both (Django records what a squashed migration
    replaces when it applies it), so it is up to date for either graph."""

    def load_disk(self):
        super().load_disk()
        for key, migration in list(self.disk_migrations.items()):
            if migration.replaces:
                stand_in = copy.copy(migration)
                stand_in.operations, stand_in.dependencies = [], list(migration.replaces)
                stand_in.replaces = []
                self.disk_migrations[key] = stand_in


def executor(connection):
    """A migration executor of the replaced migrations."""
    from django.db.migrations.executor import MigrationExecutor

    migrations = MigrationExecutor(connection)
    migrations.loader = ReplacedMigrations(connection)
    return migrations
