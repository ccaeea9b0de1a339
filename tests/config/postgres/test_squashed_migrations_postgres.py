"""The squashed migrations build the database that the migrations they replace built (docs/decisions.md 408): on
PostgreSQL, a database migrated through the replaced migrations (in a process of its own) against the test
database, which the squashed ones built — the same columns, constraints, indexes, trigger, content types,
permissions and reference data. Two unique constraints differ only in their name (a field made unique later
gets Django's hashed name; one created unique gets PostgreSQL's `_key`); Django finds a unique constraint by its
columns, never by its name, so both are compared without it, as are columns without their order."""

import os
import re
import subprocess
import sys
from pathlib import Path

import psycopg
import pytest
from django.conf import settings
from django.db import connection

pytestmark = pytest.mark.django_db

BASE_DIR = Path(__file__).resolve().parents[3]

MIGRATE_REPLACED = """
import django
django.setup()
from django.core.management.sql import emit_post_migrate_signal
from django.db import connection
from tests.replaced_migrations import executor
migrations = executor(connection)
migrations.migrate(migrations.loader.graph.leaf_nodes())
emit_post_migrate_signal(0, False, "default")
"""

QUERIES = {
    "columns": "SELECT table_name, column_name, data_type, is_nullable, column_default, character_maximum_length,"
    " numeric_precision, numeric_scale FROM information_schema.columns WHERE table_schema = 'public'",
    "constraints": "SELECT c.conrelid::regclass::text, CASE WHEN c.contype = 'u' THEN '' ELSE c.conname END,"
    " c.contype, pg_get_constraintdef(c.oid) FROM pg_constraint c JOIN pg_namespace n ON n.oid = c.connamespace"
    " WHERE n.nspname = 'public'",
    "indexes": "SELECT tablename, indexdef FROM pg_indexes WHERE schemaname = 'public'",
    "triggers": "SELECT tgrelid::regclass::text, tgname, pg_get_triggerdef(oid) FROM pg_trigger WHERE NOT tgisinternal",
    "functions": "SELECT proname, prosrc FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace"
    " WHERE n.nspname = 'public'",
    "content types": "SELECT app_label, model FROM django_content_type",
    "permissions": "SELECT t.app_label, t.model, p.codename, p.name FROM auth_permission p"
    " JOIN django_content_type t ON t.id = p.content_type_id",
    "groups": "SELECT name FROM auth_group",
}
#: The reference data the migrations load, compared without the ids (the suite's flushes load it again).
REFERENCE_TABLES = (
    "scoring_rubric",
    "awards_industrycategory",
    "awards_industrysubcategory",
    "awards_awardtype",
)


def describe(cur) -> dict:
    found = {}
    for what, sql in QUERIES.items():
        rows = cur.execute(sql).fetchall()
        if what == "indexes":  # the index of a unique constraint is named after it
            rows = [(table, re.sub(r"INDEX \S+ ON", "INDEX ON", definition)) for table, definition in rows]
        found[what] = sorted(map(tuple, rows), key=repr)
    for table in REFERENCE_TABLES:
        cur.execute(f'SELECT * FROM "{table}"')
        names = [column.name for column in cur.description]
        keep = sorted(  # by name: the columns' order differs
            (i for i, name in enumerate(names) if name != "id" and not name.endswith("_id")),
            key=names.__getitem__,
        )
        found[table] = sorted(repr(tuple(row[i] for i in keep)) for row in cur.fetchall())
    return found


@pytest.fixture
def replaced_database():
    """A database of its own on the test database's server, migrated through the replaced migrations."""
    params = connection.get_connection_params()
    admin = psycopg.connect(**{**params, "dbname": "postgres"}, autocommit=True)
    name = f"honors_replaced_{os.getpid()}"
    admin.execute(f'DROP DATABASE IF EXISTS "{name}"')
    admin.execute(f'CREATE DATABASE "{name}"')
    try:
        url = "postgres://{user}@{host}:{port}/{name}".format(
            user=params.get("user") or "postgres",
            host=params.get("host") or "127.0.0.1",
            port=params.get("port") or 5432,
            name=name,
        )
        env = {**os.environ, "DATABASE_URL": url, "DJANGO_SETTINGS_MODULE": "config.settings", "TESTING": "1"}
        result = subprocess.run(
            [sys.executable, "-c", MIGRATE_REPLACED], cwd=BASE_DIR, env=env, capture_output=True, text=True
        )
        assert result.returncode == 0, result.stderr[-3000:]
        with psycopg.connect(**{**params, "dbname": name}) as replaced:
            yield describe(replaced.cursor())
    finally:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        admin.close()


def test_the_squashed_migrations_build_the_database_the_replaced_ones_built(replaced_database):
    assert settings.DATABASES["default"]["ENGINE"].endswith("postgresql")
    with connection.cursor() as cur:
        squashed = describe(cur.cursor)
    assert squashed.keys() == replaced_database.keys()
    for what, rows in replaced_database.items():
        assert squashed[what] == rows, what
    assert len(squashed["columns"]) > 1000 and len(squashed["scoring_rubric"]) >= 2
