"""A returning applicant's identity (issue 13, item 2): prefilled, and a different resident ID gets a clear
message instead of HTTP 500."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from awards.models import Application, Person
from tests.awards.applicant_support import form_data, open_campaign
from tests.factories import complete_application, make_resident_id, user_with_role

pytestmark = pytest.mark.django_db

MESSAGE = "与本次填写的不一致。同一账号只能用于本人申报；如登记的号码有误，请联系组委会办公室更正。"


@pytest.fixture
def returning():
    user = user_with_role("applicant")
    Person.objects.create(
        name="陈静",
        resident_id=make_resident_id(500),
        gender="2",
        education="21",
        phone="13900002222",
        user=user,
    )
    return user


def test_starting_again_prefills_the_identity_on_record(client, returning):
    campaign = open_campaign()
    client.force_login(returning)
    client.post(reverse("awards:application_start", args=[campaign.pk]))
    app = Application.objects.get(applicant=returning)
    assert (app.name, app.resident_id, app.gender, app.education) == (
        "陈静",
        make_resident_id(500),
        "2",
        "21",
    )
    assert app.phone == "13900002222"


def test_typing_another_resident_id_is_refused_at_the_field(client, returning):
    app = complete_application(
        campaign=open_campaign(), applicant=returning, resident_id=make_resident_id(500)
    )
    client.force_login(returning)
    response = client.post(
        reverse("awards:application_edit", args=[app.pk]), form_data(app, resident_id=make_resident_id(501))
    )
    html = response.content.decode()
    assert response.status_code == 200 and MESSAGE in html and 'href="#id_resident_id"' in html
    app.refresh_from_db()
    assert app.resident_id == make_resident_id(500)


def test_submitting_with_another_resident_id_gives_the_message_not_a_500(client, returning):
    app = complete_application(
        campaign=open_campaign(), applicant=returning, resident_id=make_resident_id(501)
    )
    client.force_login(returning)
    response = client.post(reverse("awards:application_review", args=[app.pk]))
    assert response.status_code == 422
    html = response.content.decode()
    assert MESSAGE in html and "310" in html and make_resident_id(500) not in html  # the number is masked
    app.refresh_from_db()
    assert app.state == Application.State.DRAFT and Person.objects.count() == 1


def test_the_same_resident_id_submits_and_links_the_same_person(client, returning):
    app = complete_application(
        campaign=open_campaign(), applicant=returning, resident_id=make_resident_id(500)
    )
    client.force_login(returning)
    client.post(reverse("awards:application_review", args=[app.pk]))
    app.refresh_from_db()
    assert app.state == Application.State.SUBMITTED and app.person.user == returning


def test_the_form_and_the_review_page_check_the_resident_id_read_with_the_application(client, returning):
    """On a GET the returning applicant's Person is read with the application (docs/decisions.md 443): the
    mismatch is still reported, without a query of its own."""
    app = complete_application(
        campaign=open_campaign(), applicant=returning, resident_id=make_resident_id(501)
    )
    client.force_login(returning)
    personal = re.compile(r'<a href="#sec-personal">[^<]*</a> <span class="mark">([^<]*)</span>')
    pages = {}
    for name in ("awards:application_edit", "awards:application_review"):
        with CaptureQueriesContext(connection) as ctx:
            pages[name] = client.get(reverse(name, args=[app.pk])).content.decode()
        assert not any('FROM "awards_person"' in q["sql"] for q in ctx.captured_queries)
    assert MESSAGE in pages["awards:application_review"]
    assert "1" in personal.search(pages["awards:application_edit"]).group(1)  # 待填 1 项: the resident ID
    Application.objects.filter(pk=app.pk).update(resident_id=make_resident_id(500))
    html = client.get(reverse("awards:application_edit", args=[app.pk])).content.decode()
    assert "✓" in personal.search(html).group(1)
