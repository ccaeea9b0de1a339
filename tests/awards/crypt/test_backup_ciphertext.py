"""Issue 25 item 2, done means: no resident ID or mobile number of the demo appears in clear text in the
database or in a `make backup` dump (SQLite's online copy; on PostgreSQL the pg_dump archive, read back as SQL
with pg_restore since the custom format is compressed)."""

import io
import subprocess
from pathlib import Path

import pytest
from django.core.management import call_command
from django.db import connection

from awards.models import AccountProfile, Application, Person
from scoring.models import ExpertProfile
from workflow.models import Objection
from workflow.services.backups import PG_FILE, SQLITE_FILE, _pg_command

pytestmark = [pytest.mark.slow, pytest.mark.django_db(transaction=True)]

ENCRYPTED = [
    (Person, ("resident_id", "phone")),
    (Application, ("resident_id", "phone")),
    (AccountProfile, ("phone",)),
    (ExpertProfile, ("phone",)),
    (Objection, ("objector_id_or_contact", "objector_phone")),
]


def demo_values() -> set[str]:
    """Every resident ID and phone number of the demo, read (decrypted) through the models and their history."""
    values = set()
    for model, fields in ENCRYPTED:
        for manager in (model.objects, getattr(model, "history", model.objects)):
            for row in manager.values_list(*fields):
                values.update(v for v in row if v)
    return values


def database_text() -> str:
    """Every value of every table, as the database hands it out."""
    parts = []
    with connection.cursor() as cur:
        for table in connection.introspection.table_names(cur):
            cur.execute(f"SELECT * FROM {connection.ops.quote_name(table)}")
            parts.extend(repr(row) for row in cur.fetchall())
    return "\n".join(parts)


def dump_bytes(directory: Path) -> bytes:
    if connection.vendor == "postgresql":
        cmd, env = _pg_command("pg_restore", "--file=-", str(directory / PG_FILE))
        out = subprocess.run(cmd, env=env, capture_output=True, check=True)
        assert b"COPY public.awards_person" in out.stdout  # the dump was really read back as SQL
        return out.stdout
    return (directory / SQLITE_FILE).read_bytes()


def test_no_demo_resident_id_or_phone_is_in_clear_text_in_the_database_or_the_backup(tmp_path):
    call_command("seed_demo", "--force", stdout=io.StringIO())
    values = demo_values()
    ids = {v for v in values if len(v) == 18}
    assert len(ids) >= 20 and len(values - ids) >= 20  # the demo's people, applicants, experts and objectors

    text = database_text()
    assert "enc1$" in text
    assert [v for v in sorted(values) if v in text] == []

    call_command("backup", str(tmp_path / "backup"), stdout=io.StringIO())
    dump = dump_bytes(tmp_path / "backup")
    assert b"enc1$" in dump
    leaked = [v for v in sorted(values) if v.encode() in dump]
    assert leaked == []
