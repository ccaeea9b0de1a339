"""The signed-in user's row from the cache (security/backends.py, docs/decisions.md 370): a page after the first
asks the database nothing about the user; a changed password, a deactivated account or a deleted one is never
served from the cache once the change is saved."""

import pytest
from django.contrib.auth.models import User
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from security.backends import CachedUserBackend
from security.generations import generation
from tests.factories import user_with_role

pytestmark = pytest.mark.django_db
PASSWORD = "demo-pass-2026"


def _user_reads(client, path):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(path)
    return response, [q["sql"] for q in queries if 'FROM "auth_user"' in q["sql"]]


def _signed_in(username):
    user = user_with_role("applicant", username=username)
    client = Client()
    assert client.post(reverse("login"), {"username": username, "password": PASSWORD}).status_code == 302
    return user, client


def test_a_page_after_the_first_reads_no_user_row():
    _user, client = _signed_in("uc-1")
    path = reverse("security:account")
    client.get(path)
    response, reads = _user_reads(client, path)
    assert response.status_code == 200 and reads == []


def test_with_the_cache_off_every_page_reads_the_row(settings):
    settings.USER_CACHE_SECONDS = 0
    _user, client = _signed_in("uc-2")
    path = reverse("security:account")
    client.get(path)
    response, reads = _user_reads(client, path)
    assert response.status_code == 200 and len(reads) == 1


def test_a_password_changed_elsewhere_signs_this_session_out():
    user, client = _signed_in("uc-3")
    assert client.get(reverse("security:account")).status_code == 200
    user.set_password("Another-pass-2026!")
    user.save()
    assert client.get(reverse("security:account"))["Location"].startswith(reverse("login"))


def test_a_deactivated_or_deleted_account_is_signed_out_at_once():
    user, client = _signed_in("uc-4")
    assert client.get(reverse("security:account")).status_code == 200
    user.is_active = False
    user.save(update_fields=["is_active"])
    assert client.get(reverse("security:account"))["Location"].startswith(reverse("login"))
    other, other_client = _signed_in("uc-5")
    assert other_client.get(reverse("security:account")).status_code == 200
    User.objects.filter(pk=other.pk).delete()
    assert other_client.get(reverse("security:account"))["Location"].startswith(reverse("login"))


def test_a_save_bumps_the_generation_now_and_again_at_commit(django_capture_on_commit_callbacks):
    user = user_with_role("applicant", username="uc-6")
    backend = CachedUserBackend()
    assert backend.get_user(user.pk).first_name == user.first_name
    before = generation(f"user:{user.pk}")
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        user.first_name = "改"
        user.save()
        assert generation(f"user:{user.pk}") == before + 1
        # a request reading the row before the commit stores it under this generation …
        backend.get_user(user.pk)
    for callback in callbacks:
        callback()
    # … which the commit leaves behind: the next read is the saved row
    assert generation(f"user:{user.pk}") == before + 2
    assert backend.get_user(user.pk).first_name == "改"


# --- the session's second-factor device (security/middleware.py CachedOTPMiddleware, decisions 372) ---------------


def _verified_office(settings, username):
    from tests.security.twofactor.support import enrol

    settings.OTP_REQUIRED_ROLES = ["office"]
    office = user_with_role("office", username=username, is_staff=True)
    device = enrol(office)
    client = Client()
    client.force_login(office)
    from django_otp import DEVICE_ID_SESSION_KEY

    session = client.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.save()
    return office, device, client


def _device_reads(client, path):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(path)
    return response, [q["sql"] for q in queries if "otp_totp_totpdevice" in q["sql"]]


def test_a_verified_session_reads_its_device_once(settings):
    _office, _device, client = _verified_office(settings, "uc-7")
    response, reads = _device_reads(client, "/office/")
    assert response.status_code == 200 and len(reads) == 1
    response, reads = _device_reads(client, "/office/")
    assert response.status_code == 200 and reads == []


def test_a_device_unconfirmed_or_deleted_is_seen_at_the_next_request(settings):
    _office, device, client = _verified_office(settings, "uc-8")
    assert client.get("/office/").status_code == 200
    device.confirmed = False
    device.save()
    response = client.get("/office/")
    assert response.status_code == 302 and "/accounts/2fa/" in response["Location"]
    _other, other_device, other_client = _verified_office(settings, "uc-9")
    assert other_client.get("/office/").status_code == 200
    other_device.delete()
    response = other_client.get("/office/")
    assert response.status_code == 302 and "/accounts/2fa/" in response["Location"]


def test_the_known_device_reads_the_rest_from_the_database():
    from security.middleware import _KnownDevice
    from tests.security.twofactor.support import enrol

    device = enrol(user_with_role("office", username="uc-10"))
    known = _KnownDevice(device.persistent_id, device.user_id, True)
    with CaptureQueriesContext(connection) as queries:
        assert known.user_id == device.user_id and known.confirmed
    assert len(queries) == 0
    assert known.name == "authenticator" and known.key == device.key


# --- one round trip to the cache for each (security/generations.py, decisions 390) --------------------------------


def _cache_reads(monkeypatch, needle):
    """The reads of the real cache (get, get_many) that name a key containing `needle`, as they happen: one per
    round trip (the local-memory cache's get_many calls its own get for each key, which is not counted)."""
    from django.core.cache import caches

    backend = caches["default"]
    reads, inside = [], []

    def spy(name):
        real = getattr(backend, name)

        def read(keys, *args, **kwargs):
            named = list(keys) if name == "get_many" else [keys]
            if not inside and any(needle in k for k in named):
                reads.append(named)
            inside.append(name)
            try:
                return real(keys, *args, **kwargs)
            finally:
                inside.pop()

        return read

    for name in ("get", "get_many"):
        monkeypatch.setattr(backend, name, spy(name))
    return reads


def test_the_signed_in_user_is_one_read_of_the_cache(monkeypatch):
    user, client = _signed_in("uc-11")
    path = reverse("security:account")
    client.get(path)
    reads = _cache_reads(monkeypatch, f"user:{user.pk}")
    assert client.get(path).status_code == 200
    assert len(reads) == 1 and len(reads[0]) == 2  # the generation and the row, together


def test_a_verified_session_s_device_is_one_read_of_the_cache(settings, monkeypatch):
    _office, device, client = _verified_office(settings, "uc-12")
    client.get("/office/")
    reads = _cache_reads(monkeypatch, f"otp:{device.persistent_id}")
    response, queries = _device_reads(client, "/office/")
    assert response.status_code == 200 and queries == []
    assert len(reads) == 1 and len(reads[0]) == 2


def test_with_the_cache_off_every_page_reads_the_device(settings):
    _office, _device, client = _verified_office(settings, "uc-13")
    settings.USER_CACHE_SECONDS = 0
    client.get("/office/")
    response, reads = _device_reads(client, "/office/")
    assert response.status_code == 200 and len(reads) == 1
