"""Prepared statements on PostgreSQL (docs/decisions.md 415): parameters are bound by the server and a query sent
DB_PREPARE_THRESHOLD times on a connection is prepared there, so the application form's read of an application
with its ten joined tables is planned once per connection, not at every request."""

import pytest
from django.conf import settings
from django.db import connection

from awards.selectors.applications import application_detail
from tests.factories import ApplicationFactory

pytestmark = pytest.mark.django_db


def _prepared(fragment: str) -> list[str]:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT statement FROM pg_prepared_statements WHERE statement LIKE %s", [f"%{fragment}%"]
        )
        return [row[0] for row in cursor.fetchall()]


def test_the_connection_binds_on_the_server_and_prepares_after_the_threshold():
    connection.ensure_connection()
    assert settings.DATABASES["default"]["OPTIONS"]["server_side_binding"] is True
    assert connection.connection.prepare_threshold == int(settings.DB_PREPARE_THRESHOLD) == 5
    assert connection.connection.cursor_factory.__name__ == "ServerBindingCursor"


def test_the_form_pages_read_of_an_application_is_planned_once_per_connection():
    application = ApplicationFactory()
    marker = (
        '"awards_person"'  # only the GET of the form and the review page join the applicant's Person (443)
    )
    before = _prepared(marker)
    for _ in range(settings.DATABASES["default"]["OPTIONS"]["prepare_threshold"] + 1):
        read = application_detail(application.pk, with_person=True)
        assert read.pk == application.pk
    statements = [s for s in _prepared(marker) if s not in before]
    assert len(statements) == 1 and '"awards_application"' in statements[0] and "$1" in statements[0]
    # the next reads use that statement: nothing new is prepared, and another application is read by it as well
    other = ApplicationFactory()
    assert application_detail(other.pk, with_person=True).pk == other.pk
    assert [s for s in _prepared(marker) if s not in before] == statements
