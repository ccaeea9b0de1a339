"""One `migrate` per run, not one per pytest-xdist worker (SQLite: in memory in CI, kept files from a fresh clone).

Each worker has its own in-memory SQLite test database, and building it runs the project's migrations: 13 s of CPU
per worker since the squash (docs/decisions.md 408), most of a minute before it, and the largest single set-up of
the suite. Here the first worker that needs a database migrates it as usual and leaves a copy in a file of this run
(SQLite's online backup, milliseconds); a worker that needs its database later loads that copy into its own
in-memory database instead of migrating again. The workers take turns through a file lock, so a copy is read only
once it is whole; without a copy (the other worker has not finished, or the file is gone) a worker migrates as
before. The database is the same either way — the migrations' tables, triggers and reference data, byte for byte —
and every test still runs in its own transaction on its own worker's database.

With `--reuse-db` (`make test` outside CI) each worker keeps a file database between runs; a worker that has none
yet (a fresh clone) starts from the copy that the other worker migrated in this run, and Django applies whatever is
new to it as to any kept database. Not used for a single process or on PostgreSQL: `create_test_db` is then
Django's own."""

import fcntl
import os
import sqlite3
import tempfile
from contextlib import contextmanager
from pathlib import Path

_paths: dict[str, Path] = {}


@contextmanager
def _locked():
    with open(_paths["lock"], "a") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(lock, fcntl.LOCK_UN)


def install(config) -> None:
    """Called from pytest_configure of an xdist worker (`config.workerinput`)."""
    from django.conf import settings
    from django.core.management import call_command
    from django.db.backends.sqlite3.creation import DatabaseCreation

    run = config.workerinput["testrunuid"]
    base = Path(tempfile.gettempdir())
    _paths.update(template=base / f"honors-test-db-{run}.sqlite3", lock=base / f"honors-test-db-{run}.lock")
    django_create = DatabaseCreation.create_test_db

    def save_template(self) -> None:
        """A copy of this worker's just-migrated database for the other worker (SQLite's online backup)."""
        template = _paths["template"]
        partial = template.with_suffix(".partial")
        copy = sqlite3.connect(partial)
        try:
            self.connection.connection.backup(copy)
        finally:
            copy.close()
        os.replace(partial, template)

    def create_test_db(self, verbosity=1, autoclobber=False, serialize=None, keepdb=False):
        name = self._get_test_db_name()
        # Ours: a database in memory (CI), or a kept file database (`--reuse-db`); Django's for anything else.
        if serialize is not None or self.is_in_memory_db(name) == keepdb:
            return django_create(self, verbosity, autoclobber, serialize, keepdb)
        template = _paths["template"]
        if keepdb:
            # `--reuse-db`: this worker's file database, kept between runs. A worker without one yet (a fresh clone,
            # or the first run after `make clean`) starts from the copy the other worker migrated in this run;
            # Django then applies whatever is new to it, as to any kept database.
            with _locked():
                built = not Path(name).exists()
                if built and template.exists():
                    source, target = sqlite3.connect(template), sqlite3.connect(name)
                    try:
                        source.backup(target)
                    finally:
                        source.close()
                        target.close()
                    built = False
                name = django_create(self, verbosity, autoclobber, serialize, keepdb)
                if built and not template.exists():
                    save_template(self)
            return name
        with _locked():
            if not template.exists():
                name = django_create(self, verbosity, autoclobber, serialize, keepdb)
                save_template(self)
                return name
            # What create_test_db does, with the migrated copy loaded instead of `migrate`.
            self.connection.close()
            settings.DATABASES[self.connection.alias]["NAME"] = name
            self.connection.settings_dict["NAME"] = name
            self.connection.ensure_connection()
            source = sqlite3.connect(template)
            try:
                source.backup(self.connection.connection)
            finally:
                source.close()
        call_command("createcachetable", database=self.connection.alias)
        self.connection.ensure_connection()
        return name

    DatabaseCreation.create_test_db = create_test_db


def uninstall() -> None:
    """Called from pytest_unconfigure of the worker: the run's copy removed (a worker that still needs one
    migrates)."""
    if not _paths:
        return
    with _locked():
        _paths["template"].unlink(missing_ok=True)
    _paths["lock"].unlink(missing_ok=True)
