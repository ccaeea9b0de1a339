"""Issue 25 item 2: the migrations encrypt the rows written before them (plain text, no blind index) and verify
each; migrating back decrypts them again."""

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from awards import crypto
from tests.factories import make_resident_id

pytestmark = pytest.mark.django_db(transaction=True)

BEFORE = [
    ("awards", "0015_h_fairness_score_normalisation"),
    ("scoring", "0012_merge_20261204_1412"),
    ("workflow", "0011_h_committee_standing_rules"),
]


def leaf_targets(executor):
    return executor.loader.graph.leaf_nodes()


def test_the_migration_encrypts_existing_rows_and_back():
    executor = MigrationExecutor(connection)
    leaves = leaf_targets(executor)
    rid = make_resident_id(77)
    try:
        executor.migrate(BEFORE)
        old = MigrationExecutor(connection).loader.project_state(BEFORE).apps
        person = old.get_model("awards", "Person").objects.create(
            name="旧人", resident_id=rid, phone="13700007777"
        )
        with connection.cursor() as cur:
            cur.execute("SELECT resident_id FROM awards_person WHERE id = %s", [person.pk])
            assert cur.fetchone()[0] == rid  # clear text before the migration

        executor = MigrationExecutor(connection)
        executor.migrate(leaves)
        with connection.cursor() as cur:
            cur.execute(
                "SELECT resident_id, phone, resident_id_bidx, phone_bidx FROM awards_person WHERE id = %s",
                [person.pk],
            )
            stored_id, stored_phone, id_bidx, phone_bidx = cur.fetchone()
        assert stored_id.startswith("enc1$") and rid not in stored_id and "13700007777" not in stored_phone
        assert crypto.decrypt(stored_id, "resident_id") == rid
        assert crypto.decrypt(stored_phone, "phone") == "13700007777"
        assert (id_bidx, phone_bidx) == (crypto.blind_index(rid), crypto.blind_index("13700007777", "phone"))

        executor = MigrationExecutor(connection)
        executor.migrate(BEFORE)
        with connection.cursor() as cur:
            cur.execute("SELECT resident_id, phone FROM awards_person WHERE id = %s", [person.pk])
            assert cur.fetchone() == (rid, "13700007777")
    finally:
        MigrationExecutor(connection).migrate(leaves)
