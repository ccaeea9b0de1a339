"""Key rotation on PostgreSQL with a crash in the middle (issue 25 item 2): `rotate_keys` run as a separate
process is killed (SIGKILL) after its second committed batch, while its third waits on a row lock the test holds;
the committed batches stay under the new key, the third is rolled back whole, every value still decrypts, and
running it again finishes the job without redoing the rows done before the crash."""

import base64
import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest
from django.apps import apps
from django.db import connection, transaction
from django.test.utils import override_settings

from awards import crypto, crypto_rows
from awards.models import Person
from tests.factories import make_resident_id

pytestmark = pytest.mark.django_db(transaction=True)

OLD = base64.b64encode(b"o" * 32).decode()
NEW = base64.b64encode(b"n" * 32).decode()
ROWS = 12


def key_ids() -> dict[int, str]:
    with connection.cursor() as cur:
        cur.execute("SELECT id, resident_id, phone FROM awards_person ORDER BY id")
        out = {}
        for pk, rid, phone in cur.fetchall():
            assert crypto.envelope_key_id(rid) == crypto.envelope_key_id(phone)  # one row, one key
            out[pk] = crypto.envelope_key_id(rid)
        return out


def run_rotation(env: dict, *args: str, kill_after_batches: int | None = None) -> tuple[int, str]:
    """manage.py rotate_keys in its own process; SIGKILL once it has reported `kill_after_batches` batches."""
    proc = subprocess.Popen(
        [sys.executable, "manage.py", "rotate_keys", "--batch-size", "3", *args],
        cwd=Path(__file__).resolve().parents[4],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    lines = []
    for line in proc.stdout:
        lines.append(line)
        # Person's history rows come first (HistoricalPerson sorts before Person); count Person's own batches.
        if kill_after_batches and sum(x.startswith("awards.Person：") for x in lines) >= kill_after_batches:
            proc.send_signal(signal.SIGKILL)
            break
    proc.wait(timeout=120)
    return proc.returncode, "".join(lines) + proc.stderr.read()


def test_a_rotation_killed_after_two_batches_resumes_and_finishes(settings):
    with override_settings(FIELD_ENCRYPTION_KEYS=f"old={OLD}", FIELD_ENCRYPTION_KEY_ID="old"):
        people = {
            Person.objects.create(
                name=f"人员{i}", resident_id=make_resident_id(100 + i), phone=f"1380000{i:04d}"
            ).pk: i
            for i in range(ROWS)
        }
        assert set(key_ids().values()) == {"old"}

    db = connection.settings_dict
    env = {
        **os.environ,
        "TESTING": "1",
        "DATABASE_URL": f"postgres://{db['USER']}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}",
        "FIELD_ENCRYPTION_KEYS": f"old={OLD},new={NEW}",
        "FIELD_ENCRYPTION_KEY_ID": "new",
        "SECRET_KEY": settings.SECRET_KEY,
        "PYTHONUNBUFFERED": "1",
    }
    third_batch = sorted(people)[6:9]
    with transaction.atomic():  # the third batch's rows are locked: the run stops there, mid-transaction
        with connection.cursor() as cur:
            cur.execute("SELECT id FROM awards_person WHERE id = ANY(%s) FOR UPDATE", [third_batch])
        code, output = run_rotation(env, kill_after_batches=2)
    assert code == -signal.SIGKILL, output

    with override_settings(FIELD_ENCRYPTION_KEYS=f"old={OLD},new={NEW}", FIELD_ENCRYPTION_KEY_ID="new"):
        after_crash = key_ids()
        rotated = [pk for pk, k in after_crash.items() if k == "new"]
        # Two committed batches of three; the third was in flight: rolled back, not half-written.
        assert sorted(rotated) == sorted(people)[:6], after_crash
        assert crypto_rows.remaining(apps)["awards.Person"] == ROWS - 6
        for pk, i in people.items():  # mixed keys: every value still reads
            person = Person.objects.get(pk=pk)
            assert (person.resident_id, person.phone) == (make_resident_id(100 + i), f"1380000{i:04d}")
        with connection.cursor() as cur:
            cur.execute("SELECT id, resident_id FROM awards_person WHERE id = ANY(%s)", [rotated])
            before_rerun = dict(cur.fetchall())

    code, output = run_rotation(env)
    assert code == 0, output
    assert f"重新加密 {ROWS - len(rotated)} 行" in output  # only what was left

    with override_settings(FIELD_ENCRYPTION_KEYS=f"new={NEW}", FIELD_ENCRYPTION_KEY_ID="new"):
        assert set(key_ids().values()) == {"new"}
        with connection.cursor() as cur:
            cur.execute("SELECT id, resident_id FROM awards_person WHERE id = ANY(%s)", [rotated])
            assert dict(cur.fetchall()) == before_rerun  # the rows done before the crash were not redone
        for pk, i in people.items():  # the old key removed: everything reads under the new one
            person = Person.objects.get(pk=pk)
            assert (person.resident_id, person.phone) == (make_resident_id(100 + i), f"1380000{i:04d}")
            assert person.resident_id_bidx == crypto.blind_index(make_resident_id(100 + i))
