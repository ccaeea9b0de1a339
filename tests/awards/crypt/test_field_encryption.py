"""Issue 25 item 2: resident IDs and phone numbers are encrypted at rest (AES-256-GCM / SM4-GCM envelopes under
keys from the environment), looked up through keyed blind indexes, re-encrypted by `rotate_keys`."""

import base64
import io
import os

import pytest
from django.apps import apps
from django.core.checks import run_checks
from django.core.exceptions import FieldError
from django.core.management import call_command
from django.db import IntegrityError, connection, transaction
from django.test.utils import override_settings
from django.urls import reverse

from awards import crypto, crypto_rows
from awards.models import AccountProfile, Application, Person
from tests.factories import ApplicationFactory, make_resident_id, user_with_role

K1 = base64.b64encode(b"1" * 32).decode()
K2 = base64.b64encode(b"2" * 32).decode()
SM4 = base64.b64encode(b"3" * 16).decode()


def raw(table: str, column: str, pk: int, pk_column: str = "id") -> str:
    with connection.cursor() as cur:
        cur.execute(f'SELECT "{column}" FROM "{table}" WHERE "{pk_column}" = %s', [pk])
        return cur.fetchone()[0]


# ---- the envelope ---------------------------------------------------------------------------------------------


def test_an_envelope_names_its_key_and_decrypts_only_for_its_own_column():
    value = crypto.encrypt("31010419850615001X", "resident_id")
    assert value.startswith("enc1$dev$") and "31010419850615001X" not in value
    assert crypto.encrypt("31010419850615001X", "resident_id") != value  # a fresh nonce every time
    assert crypto.decrypt(value, "resident_id") == "31010419850615001X"
    with pytest.raises(crypto.DecryptionError):
        crypto.decrypt(value, "phone")  # the purpose is the associated data: no moving between columns
    body = base64.b64decode(value.split("$", 2)[2])
    tampered = value.split("$", 2)
    tampered[2] = base64.b64encode(body[:-1] + bytes([body[-1] ^ 1])).decode()
    with pytest.raises(crypto.DecryptionError):
        crypto.decrypt("$".join(tampered), "resident_id")


@override_settings(FIELD_ENCRYPTION_KEYS=f"old={K1},gm=sm4:{SM4}", FIELD_ENCRYPTION_KEY_ID="gm")
def test_an_sm4_key_encrypts_with_sm4_gcm_and_old_keys_still_decrypt():
    with override_settings(FIELD_ENCRYPTION_KEYS=f"old={K1}", FIELD_ENCRYPTION_KEY_ID="old"):
        old = crypto.encrypt("13812345678", "phone")
    new = crypto.encrypt("13812345678", "phone")
    assert new.startswith("enc1$gm$")
    assert crypto.keyring()[0]["gm"].algorithm == "sm4gcm"
    assert crypto.decrypt(old, "phone") == crypto.decrypt(new, "phone") == "13812345678"


@pytest.mark.parametrize(
    ("keys", "current", "message"),
    [
        (f"k1={base64.b64encode(b'x' * 16).decode()}", "k1", "needs 32"),
        ("k1=not base64!", "k1", "not valid base64"),
        (f"k1={K1}", "k9", "not among"),
        (f"k1={K1},k1={K2}", "k1", "listed twice"),
    ],
)
def test_a_malformed_key_set_is_a_system_check_error(keys, current, message):
    with override_settings(FIELD_ENCRYPTION_KEYS=keys, FIELD_ENCRYPTION_KEY_ID=current):
        errors = [e for e in run_checks(tags=["security"]) if e.id == "crypt.E001"]
    assert errors and message in errors[0].msg


def test_production_without_keys_fails_the_system_check():
    with override_settings(DEBUG=False, TESTING=False, FIELD_ENCRYPTION_KEYS="", BLIND_INDEX_KEY=""):
        errors = [e for e in run_checks(tags=["security"]) if e.id == "crypt.E001"]
    assert errors and "FIELD_ENCRYPTION_KEYS is not set" in errors[0].msg


def test_production_settings_refuse_to_start_without_the_keys():
    import subprocess
    import sys

    env = {
        k: v
        for k, v in os.environ.items()
        if k not in ("TESTING", "DEBUG", "FIELD_ENCRYPTION_KEYS", "BLIND_INDEX_KEY", "DJANGO_SETTINGS_MODULE")
    }
    env.update(
        SECRET_KEY="x" * 50,
        PUBLIC_VOTE_HMAC_KEY="p" * 40,
        AUDIT_HMAC_KEY="a" * 40,
        ALLOWED_HOSTS="example.cn",
        DJANGO_SETTINGS_MODULE="config.settings",
    )
    code = "import django; django.setup()"
    out = subprocess.run(
        [sys.executable, "-c", code], env=env, capture_output=True, text=True, cwd=os.getcwd()
    )
    assert out.returncode != 0
    assert "FIELD_ENCRYPTION_KEYS and BLIND_INDEX_KEY must be set" in out.stderr


def test_the_blind_index_normalises_and_is_keyed():
    assert crypto.blind_index("31010419850615001x", "resident_id") == crypto.blind_index(
        " 31010419850615001X", "resident_id"
    )
    assert crypto.blind_index("138-1234-5678", "phone") == crypto.blind_index("13812345678", "phone")
    assert crypto.blind_index("", "phone") == ""
    with override_settings(BLIND_INDEX_KEY="another key"):
        other = crypto.blind_index("13812345678", "phone")
    assert other != crypto.blind_index("13812345678", "phone")


# ---- the models -----------------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_the_database_holds_ciphertext_and_the_model_the_clear_value():
    rid = make_resident_id(11)
    person = Person.objects.create(name="张三", resident_id=rid, phone="13812345678")
    stored = raw("awards_person", "resident_id", person.pk)
    assert stored.startswith("enc1$") and rid not in stored
    assert "13812345678" not in raw("awards_person", "phone", person.pk)
    assert raw("awards_person", "resident_id_bidx", person.pk) == crypto.blind_index(rid)
    history = Person.history.get(id=person.pk)
    assert rid not in raw("awards_historicalperson", "resident_id", history.history_id, "history_id")
    assert history.resident_id == rid
    fresh = Person.objects.get(pk=person.pk)
    assert (fresh.resident_id, fresh.phone) == (rid, "13812345678")
    assert list(Person.objects.values_list("resident_id", flat=True)) == [rid]


@pytest.mark.django_db
def test_a_lookup_by_the_encrypted_value_is_refused_and_the_blind_index_finds_it():
    rid = make_resident_id(12)
    person = Person.objects.create(name="李四", resident_id=rid)
    with pytest.raises(FieldError, match="resident_id_bidx"):
        Person.objects.filter(resident_id=rid).exists()
    with pytest.raises(FieldError):
        Person.objects.filter(resident_id__icontains="3101").exists()
    assert Person.objects.get(resident_id_bidx=crypto.blind_index(rid.lower())) == person
    assert Person.objects.exclude(resident_id="").count() == 1


@pytest.mark.django_db
def test_one_person_per_resident_id_is_kept_by_the_blind_index():
    rid = make_resident_id(13)
    Person.objects.create(name="王五", resident_id=rid)
    with pytest.raises(IntegrityError), transaction.atomic():
        Person.objects.create(name="王五", resident_id=rid.lower())


@pytest.mark.django_db
def test_the_admin_form_says_the_id_is_taken_instead_of_failing(client):
    rid = make_resident_id(19)
    Person.objects.create(name="吴十", resident_id=rid)
    client.force_login(user_with_role("office", is_staff=True, is_superuser=True))
    page = client.post(reverse("admin:awards_person_add"), {"name": "吴十一", "resident_id": rid.lower()})
    assert page.status_code == 200
    assert "已有使用该身份证号的人员。" in page.context["adminform"].form.errors["resident_id"]
    assert Person.objects.count() == 1


@pytest.mark.django_db
def test_the_one_honor_per_year_and_ban_lookups_use_the_blind_index():
    app = ApplicationFactory()
    assert app.resident_id
    assert raw("awards_application", "resident_id_bidx", app.pk) == crypto.blind_index(app.resident_id)
    found = Application.objects.filter(resident_id_bidx=crypto.blind_index(app.resident_id.lower()))
    assert list(found) == [app]


@pytest.mark.django_db
def test_the_admin_finds_a_person_and_an_account_by_the_full_id_or_phone(client):
    rid = make_resident_id(14)
    person = Person.objects.create(name="赵六", resident_id=rid, phone="13900001111")
    Person.objects.create(name="钱七", resident_id=make_resident_id(15))
    applicant = user_with_role("applicant")
    AccountProfile.objects.create(user=applicant, phone="13911112222")
    admin = user_with_role("office", is_staff=True, is_superuser=True)
    client.force_login(admin)
    page = client.get(reverse("admin:awards_person_changelist"), {"q": rid.lower()})
    assert page.status_code == 200
    assert list(page.context["cl"].result_list) == [person]
    page = client.get(reverse("admin:awards_person_changelist"), {"q": "139-0000-1111"})
    assert list(page.context["cl"].result_list) == [person]
    page = client.get(reverse("admin:awards_accountprofile_changelist"), {"q": "13911112222"})
    assert [p.user for p in page.context["cl"].result_list] == [applicant]


# ---- migration of existing rows and rotation ------------------------------------------------------------------


@pytest.mark.django_db
def test_the_data_migration_encrypts_plain_rows_verifies_them_and_fills_the_blind_index():
    """What the migrations' RunPython does (awards 0016, scoring 0013, workflow 0012) on rows written before."""
    rid = make_resident_id(16)
    person = Person.objects.create(name="孙八", resident_id=make_resident_id(17))
    with connection.cursor() as cur:  # as the row stood before the migration: clear text, no blind index
        cur.execute(
            "UPDATE awards_person SET resident_id = %s, phone = %s, resident_id_bidx = '', phone_bidx = '' "
            "WHERE id = %s",
            [rid, "13800002222", person.pk],
        )
    assert crypto_rows.remaining(apps)["awards.Person"] == 1
    progress = crypto_rows.encrypt_all(apps, app_label="awards")
    assert progress.rows >= 1
    assert raw("awards_person", "resident_id", person.pk).startswith("enc1$dev$")
    assert raw("awards_person", "resident_id_bidx", person.pk) == crypto.blind_index(rid)
    assert raw("awards_person", "phone_bidx", person.pk) == crypto.blind_index("13800002222", "phone")
    person.refresh_from_db()
    assert (person.resident_id, person.phone) == (rid, "13800002222")
    assert all(n == 0 for n in crypto_rows.remaining(apps).values())


@pytest.mark.django_db
def test_a_value_that_does_not_decrypt_stops_the_run_and_keeps_the_batch():
    person = Person.objects.create(name="周九", resident_id=make_resident_id(18))
    before = raw("awards_person", "resident_id", person.pk)
    with override_settings(FIELD_ENCRYPTION_KEYS=f"k2={K2}", FIELD_ENCRYPTION_KEY_ID="k2"):
        out = io.StringIO()
        with pytest.raises(Exception, match="dev"):
            call_command("rotate_keys", stdout=out)
    assert raw("awards_person", "resident_id", person.pk) == before


@pytest.mark.django_db
def test_rotate_keys_moves_every_row_to_the_new_key_and_check_counts_what_is_left():
    people = [Person.objects.create(name=f"人{i}", resident_id=make_resident_id(30 + i)) for i in range(5)]
    keys = f"dev={base64.b64encode(crypto.keyring()[0]['dev'].secret).decode()},k2={K2}"
    with override_settings(FIELD_ENCRYPTION_KEYS=keys, FIELD_ENCRYPTION_KEY_ID="k2"):
        out = io.StringIO()
        call_command("rotate_keys", "--check", stdout=out)
        assert "awards.Person: 5" in out.getvalue()
        call_command("rotate_keys", "--batch-size", "2", stdout=io.StringIO())
        out = io.StringIO()
        call_command("rotate_keys", "--check", stdout=out)
        assert "尚未重新加密的行：0" in out.getvalue()
    # the rotation is in the security event log (issue 25 item 6); a --check is not a rotation
    from security.models import SecurityEvent

    (event,) = SecurityEvent.objects.filter(
        kind=SecurityEvent.Kind.KEY_ROTATION, details__what="field_encryption"
    )
    assert event.details["key_id"] == "k2" and event.details["rows"] >= len(people)  # with their history rows
    with override_settings(FIELD_ENCRYPTION_KEYS=f"k2={K2}", FIELD_ENCRYPTION_KEY_ID="k2"):
        for i, p in enumerate(people):  # the old key is gone: every value reads under the new one
            assert raw("awards_person", "resident_id", p.pk).startswith("enc1$k2$")
            assert Person.objects.get(pk=p.pk).resident_id == make_resident_id(30 + i)
