"""The application form page keeps the markup of its sections and row tables in the cache, keyed by everything it
shows (docs/decisions.md 400): a second GET renders no field template, and every change the page would show —
a value, a row, an option of a choice, the language, a posted form's errors — gives another key."""

import datetime
import pickle
import re

import pytest
from django.conf import settings
from django.urls import reverse

from awards.models import Application, EducationEntry
from tests.awards.applicant_support import filled_application, form_data
from tests.factories import OrganizationFactory

pytestmark = pytest.mark.django_db

TOKEN = re.compile(r'value="[A-Za-z0-9]{64}"')


def _page(client, application, **kwargs):
    response = client.get(reverse("awards:application_edit", args=[application.pk]), **kwargs)
    assert response.status_code == 200
    return response


def _fields_rendered(response) -> int:
    return sum(1 for t in response.templates if t.name == "forms/field.html")


@pytest.fixture
def application(client):
    return filled_application(client)


def test_a_second_get_renders_only_the_encrypted_fields_and_writes_the_same_page(client, application):
    first = _page(client, application)
    assert _fields_rendered(first) > 60  # every field, the rows' and the empty row templates' included
    second = _page(client, application)
    # the resident ID and the phone (never kept, decisions 402); the two upload fields are kept too (442)
    assert _fields_rendered(second) == 2
    assert TOKEN.sub("", second.content.decode()) == TOKEN.sub("", first.content.decode())


def test_every_change_the_page_shows_is_shown_at_once(client, application):
    _page(client, application)
    Application.objects.filter(pk=application.pk).update(email="changed@example.cn")
    response = _page(client, application)
    assert 'value="changed@example.cn"' in response.content.decode()
    assert 2 < _fields_rendered(response) < 30  # the changed part again; the others and the rows as cached
    EducationEntry.objects.filter(application=application).update(school="复旦大学附属中学")
    assert 'value="复旦大学附属中学"' in _page(client, application).content.decode()
    EducationEntry.objects.create(application=application, start=datetime.date(2004, 9, 1), school="同济大学")
    html = _page(client, application).content.decode()
    assert 'name="edu-1-school"' in html and 'value="同济大学"' in html and 'name="edu-2-school"' in html
    unit = OrganizationFactory(name="新确认的推荐单位")
    assert (
        f'<option value="{unit.pk}">新确认的推荐单位</option>' in _page(client, application).content.decode()
    )
    chinese = _page(client, application).content.decode()
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    english = _page(client, application).content.decode()
    assert '<label for="id_edu-0-start">开始</label>' in chinese
    assert '<label for="id_edu-0-start">开始</label>' not in english and 'name="edu-0-start"' in english


def test_a_posted_form_shows_what_was_posted_and_its_errors(client, application):
    _page(client, application)
    data = form_data(application, email="not-an-email", phone="13911112222")
    response = client.post(reverse("awards:application_edit", args=[application.pk]), data)
    html = response.content.decode()
    assert 'value="not-an-email"' in html and 'id="id_email_error"' in html
    assert _fields_rendered(response) > 40  # the whole form rendered as posted, none from the cache


def test_no_resident_id_or_phone_is_kept_in_the_cache(client, application, settings):
    """The encrypted fields are rendered at each request, never kept (decisions 402): whatever the cache holds
    after the page, it holds neither value, while the page shows both."""
    settings.CACHES = {
        **settings.CACHES,
        "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "markup-scan"},
    }
    from django.core.cache import caches

    store = caches["default"]
    store.clear()
    html = _page(client, application).content.decode()
    _page(client, application)
    resident_id, phone = application.resident_id, application.phone
    assert f'value="{resident_id}"' in html and f'value="{phone}"' in html
    kept = [pickle.loads(value) for value in store._cache.values()]
    markup = [v for v in kept if isinstance(v, str) and 'name="' in v]
    assert len(markup) > 5  # the sections and row tables are there
    assert not any(resident_id in v or phone in v for v in markup)
