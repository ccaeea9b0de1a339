"""A save of the application form reads the application without its row tables and files, which its answer does
not show (awards/selectors/applications.py `application_detail(with_rows=False)`, docs/decisions.md 427); the
page itself, and a post refused as a whole, still show them. The form's own instance takes the account and the
employer read with the application (434)."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.awards.applicant_support import autosave, filled_application, form_data

pytestmark = pytest.mark.django_db

ROWS_AND_FILES = ('FROM "awards_educationentry"', 'FROM "awards_workentry"', 'FROM "awards_attachment"')


def _row_reads(queries) -> list[str]:
    return [q["sql"] for q in queries if any(table in q["sql"] for table in ROWS_AND_FILES)]


@pytest.fixture
def application(client):
    return filled_application(client)


def test_an_autosave_reads_no_row_table_and_no_file(client, application):
    answer, queries = autosave(client, application, position="总工程师")
    assert answer.status_code == 200 and answer.json()["problems"] == []
    assert _row_reads(queries) == []
    application.refresh_from_db()
    assert application.position == "总工程师"
    assert application.education_entries.count() == 1 and application.attachments.count() == 2


def test_a_save_of_the_whole_form_reads_no_row_table_and_no_file_before_it_redirects(client, application):
    url = reverse("awards:application_edit", args=[application.pk])
    with CaptureQueriesContext(connection) as queries:
        answer = client.post(url, form_data(application, position="副总工程师"))
    assert answer.status_code == 302
    assert _row_reads(queries.captured_queries) == []
    application.refresh_from_db()
    assert application.position == "副总工程师" and application.education_entries.get().school == "上海中学"


def test_the_page_and_a_post_refused_as_a_whole_still_show_the_rows_and_files(client, application):
    edit = reverse("awards:application_edit", args=[application.pk])
    school = application.education_entries.get().school
    shown = client.get(edit)
    assert shown.status_code == 200 and school in shown.content.decode()
    data = form_data(application, name="缺行数")
    for key in [k for k in data if k.startswith("edu-")]:
        data.pop(key)
    refused = client.post(edit, data)
    assert refused.status_code == 400
    page = refused.content.decode()
    assert school in page and "photo.jpg" in page and "evidence.pdf" in page


def _by_id(queries, table: str) -> list[str]:
    return [q["sql"] for q in queries if f'FROM "{table}" WHERE "{table}"."id" =' in q["sql"]]


def test_an_autosave_reads_the_account_and_the_employer_with_the_application_only(client, application):
    """The form's own instance takes the applicant's account and the employer read with the application in the
    same request (the resident ID's check, the employer's name): docs/decisions.md 434."""
    assert application.employer_id is not None
    client.get(reverse("awards:my_applications"))  # the signed-in user is then kept (security/middleware.py)
    answer, queries = autosave(client, application, position="总工程师", resident_id=application.resident_id)
    assert answer.status_code == 200 and answer.json()["problems"] == []
    assert _by_id(queries, "auth_user") == []
    assert len(_by_id(queries, "awards_organization")) <= 2  # the employer chosen again, in the transaction
