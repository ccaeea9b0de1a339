"""Pages that show a resident ID or a phone number are not stored by browsers or proxies (issue 21, low item):
`Cache-Control: no-store` on every answer to a signed-in user and to a POST (config/middleware.py
NoStoreMiddleware, docs/security.md). Every page of the security matrix asked by every signed-in role, GET and
POST, is checked in the matrix's own run (tests/security/test_matrix.py, one crawl for both checks); here the
applicant's own form with the ID and phone, the public objection form shown again with what was typed, the
downloads and /healthz/ with their own header, and the anonymous public pages that stay cacheable."""

import pytest
from django.urls import reverse

from tests.awards.applicant_support import open_campaign
from tests.factories import ApplicationFactory
from tests.workflow.office.test_objection_abuse_limits import post, publicity  # noqa: F401
from tests.workflow.office.test_publicity_pages import confirmed_campaign, office, unit  # noqa: F401


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
