"""Issue 25 item 2: the migrations encrypt the rows written before them (plain text, no blind index) and verify
each; migrating back decrypts them again, the rows the application wrote encrypted as well."""

import pytest
from django.contrib.auth.models import User
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from awards import crypto
from awards.models import Person
from scoring.models import ExpertProfile
from tests import replaced_migrations
from tests.factories import make_resident_id

pytestmark = pytest.mark.django_db(transaction=True)

BEFORE = [
    ("awards", "0015_h_fairness_score_normalisation"),
    ("scoring", "0012_merge_20261204_1412"),
    ("workflow", "0011_h_committee_standing_rules"),
]


def executor() -> MigrationExecutor:
    """An executor of the migrations the squashed ones replace, the encryption migrations among them."""
    return replaced_migrations.executor(connection)


def migrate_back():
    """`migrate` back to BEFORE one app at a time, the app whose migrations come last in Django's plan first
    (workflow, scoring, awards), as `manage.py migrate workflow 0011_…`, then scoring, then awards would: every
    migration after BEFORE is unapplied by Django's executor, the three encryption migrations' reverse functions
    included, and the database ends where `migrate(BEFORE)` leaves it (checked below). Not all three in one call,
    for time only: to unapply, Django renders the project state at the first migration to undo in its plan of
    every app and carries it, re-rendering the models each migration touches, through every migration that
    follows up to the last one to undo; awards' first (45th of 136) and workflow's last (136th) put 74 migrations
    of other apps (axes, the task queue, otp, scoring's and workflow's earlier ones) between them, three quarters of
    the time. One app at a time, each span holds that app's own few (decisions 380)."""
    for target in sorted(BEFORE, key=lambda node: ("workflow", "scoring", "awards").index(node[0])):
        executor().migrate([target])
    loader = executor().loader
    ours = {label for label, _ in BEFORE}
    expected = {node for target in BEFORE for node in loader.graph.forwards_plan(target) if node[0] in ours}
    applied = {node for node in loader.applied_migrations if node[0] in ours and "_squashed_" not in node[1]}
    assert applied == expected


def stored(table: str, columns: str, pk: int) -> tuple:
    """The row's values as the database holds them (no model, no decryption)."""
    with connection.cursor() as cur:
        cur.execute(f"SELECT {columns} FROM {table} WHERE id = %s", [pk])
        return cur.fetchone()


def assert_encrypted_person(pk: int, rid: str, phone: str) -> None:
    stored_id, stored_phone, id_bidx, phone_bidx = stored(
        "awards_person", "resident_id, phone, resident_id_bidx, phone_bidx", pk
    )
    assert stored_id.startswith("enc1$") and rid not in stored_id and phone not in stored_phone
    assert crypto.decrypt(stored_id, "resident_id") == rid
    assert crypto.decrypt(stored_phone, "phone") == phone
    assert (id_bidx, phone_bidx) == (crypto.blind_index(rid), crypto.blind_index(phone, "phone"))
    person = Person.objects.get(pk=pk)  # readable through today's model
    assert (person.resident_id, person.phone) == (rid, phone)


def assert_encrypted_expert(pk: int, phone: str) -> None:
    (stored_phone,) = stored("scoring_expertprofile", "phone", pk)
    assert stored_phone.startswith("enc1$") and crypto.decrypt(stored_phone, "phone") == phone


def test_the_migration_encrypts_existing_rows_and_back():
    """Each migration runs once each way (decisions 385): back from today's schema with rows the application wrote
    encrypted (they come back in clear text), then, with rows written in clear text by the models of the state
    before the migrations added, forward again (all of them encrypted, with their blind indexes)."""
    leaves = executor().loader.graph.leaf_nodes()
    rid, rid_now = make_resident_id(77), make_resident_id(78)
    person_now = Person.objects.create(name="今人", resident_id=rid_now, phone="13700007878")
    expert_now = ExpertProfile.objects.create(
        user=User.objects.create(username="new-expert"), phone="13900008888"
    )
    assert_encrypted_person(person_now.pk, rid_now, "13700007878")
    assert_encrypted_expert(expert_now.pk, "13900008888")
    try:
        migrate_back()
        assert stored("awards_person", "resident_id, phone", person_now.pk) == (rid_now, "13700007878")
        assert stored("scoring_expertprofile", "phone", expert_now.pk) == ("13900008888",)

        old = executor().loader.project_state(BEFORE).apps
        person = old.get_model("awards", "Person").objects.create(
            name="旧人", resident_id=rid, phone="13700007777"
        )
        user = old.get_model("auth", "User").objects.create(username="old-expert")
        expert = old.get_model("scoring", "ExpertProfile").objects.create(user=user, phone="13900009999")
        assert stored("awards_person", "resident_id, phone", person.pk) == (rid, "13700007777")  # clear text
        assert stored("scoring_expertprofile", "phone", expert.pk) == ("13900009999",)

        executor().migrate(leaves)
        assert_encrypted_person(person.pk, rid, "13700007777")
        assert_encrypted_person(person_now.pk, rid_now, "13700007878")
        assert_encrypted_expert(expert.pk, "13900009999")  # scoring's own migration
        assert_encrypted_expert(expert_now.pk, "13900008888")
    finally:
        replaced = executor()
        if replaced.migration_plan(leaves):  # a failure half way: the suite's database back to today's schema
            replaced.migrate(leaves)
