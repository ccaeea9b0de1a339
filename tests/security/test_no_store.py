"""Pages that show a resident ID or a phone number are not stored by browsers or proxies (issue 21, low item):
`Cache-Control: no-store` on every answer to a signed-in user and to a POST (config/middleware.py
NoStoreMiddleware, docs/security.md). In the world of tests/security/test_personal_data.py, every page of the security matrix asked by every signed-in
role; the applicant's own form with the ID and phone; the public objection form shown again with what was
typed."""

import pytest
from django.contrib.auth.models import User
from django.db import transaction
from django.urls import reverse

from tests.awards.applicant_support import open_campaign
from tests.factories import ApplicationFactory
from tests.security.matrix import ROLE_USER
from tests.security.test_matrix import _url, all_rows
from tests.security.test_personal_data import _media_root, world  # noqa: F401
from tests.workflow.office.test_objection_abuse_limits import post, publicity  # noqa: F401
from tests.workflow.office.test_publicity_pages import confirmed_campaign, office, unit  # noqa: F401

#: Answers that say how they may be cached themselves and carry nothing personal: /favicon.ico (a redirect to
#: the static icon, cached a day).
OWN_CACHING = {"favicon"}
#: Every signed-in role of the security matrix.
SIGNED_IN = tuple(role for role, user in ROLE_USER.items() if user)


@pytest.mark.django_db
@pytest.mark.parametrize("role", SIGNED_IN)
def test_no_answer_to_a_signed_in_user_is_stored(role, world, client):  # noqa: F811
    """The rule, page by page: whatever a signed-in user is sent (any page of the matrix, GET and POST, any
    status) says no-store — so every page with an ID or phone does, including those the world does not fill."""
    client.force_login(User.objects.get(pk=getattr(world, ROLE_USER[role]).pk))
    read, stored = 0, []
    for name, row in all_rows().items():
        if name.startswith("admin:") or name == "logout" or name in OWN_CACHING:  # logout: stay signed in
            continue
        for side in ("a", "b") if row.sides else ("a",):
            url = _url(name, row, world, side)
            savepoint = transaction.savepoint_create()
            for method in ("get", "post"):
                response = getattr(client, method)(url, {})
                read += 1
                if "no-store" not in response.get("Cache-Control", ""):
                    stored.append(
                        f"{method.upper()} {url} {response.status_code}: {response.get('Cache-Control')!r}"
                    )
            transaction.savepoint_rollback(savepoint)
    assert read > 100
    assert not stored, "\n".join(stored)


@pytest.mark.django_db
def test_the_applicants_form_with_the_id_and_phone_is_not_stored(client):
    application = ApplicationFactory(campaign=open_campaign())
    client.force_login(application.applicant)
    page = client.get(reverse("awards:application_edit", args=[application.pk]))
    html = page.content.decode()
    assert page.status_code == 200 and application.resident_id in html and application.phone in html
    assert page["Cache-Control"] == "private, no-store"


@pytest.mark.django_db
def test_downloads_keep_their_own_header_and_healthz_too(client):
    assert client.get("/healthz/")["Cache-Control"] == "no-store"


@pytest.mark.django_db
def test_the_public_objection_form_shown_again_with_the_typed_id_is_not_stored(client, publicity):  # noqa: F811
    typed = "310101199003071234"
    page = post(client, publicity, objector_id_or_contact=typed, content="")  # refused: no content
    assert page.status_code == 200 and typed in page.content.decode()
    assert "no-store" in page["Cache-Control"]


@pytest.mark.django_db
def test_anonymous_public_pages_keep_their_caching(client, publicity):  # noqa: F811
    page = client.get(reverse("workflow:public_publicity", args=[publicity.pk]))
    assert page.status_code == 200
    assert "no-store" not in page.get("Cache-Control", "")
