"""Where a signed-in page's time goes (bench/page_split.py, issue 26 item 1): this process's CPU, the database
server's CPU and planning (PostgreSQL), the queries and cache commands of a real page, and a page that does not
answer 200 reported as such."""

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from bench import page_split
from tests.factories import user_with_role

pytestmark = pytest.mark.django_db


def test_a_page_with_queries_gets_its_own_figures():
    user = user_with_role("applicant")
    path = reverse("awards:my_applications")
    row = page_split.measure_page(user, path, rounds=1, requests=3, warmup=1)
    client = Client()
    client.force_login(user)
    client.get(path)
    with CaptureQueriesContext(connection) as sent:
        client.get(path)
    assert row["path"] == path and row["app_ms"] > 0
    assert row["queries"] == len(sent) > 0  # the page's own reads, counted as Django sends them
    if connection.vendor == "postgresql":
        assert row["db_cpu_ms"] is not None and row["db_cpu_ms"] >= 0
        assert row["planning_ms"] > 0 and row["execution_ms"] > 0
    else:  # no server process to read, no EXPLAIN ANALYZE
        assert row["db_cpu_ms"] is None and row["planning_ms"] is None


def test_a_page_that_does_not_answer_200_is_reported_not_measured():
    rows = page_split.measure([("missing", user_with_role("applicant"), "/me/applications/999999/edit/")])
    assert rows["missing"]["error"] == "GET answered 404"
    table = page_split.table(rows, {"missing": {"runs": {"8": {"rps": 12.4}}}})
    assert table[-1] == "| missing | — | — | — | — | — | 12 (GET answered 404) |"


def test_the_table_has_a_row_per_page_with_its_throughput():
    rows = {
        "applicant home": {
            "path": "/me/",
            "app_ms": 9.04,
            "db_cpu_ms": 1.96,
            "planning_ms": 0.6,
            "execution_ms": 0.2,
            "queries": 4,
            "cache_commands": 2.0,
        },
        "sqlite page": {
            "path": "/x/",
            "app_ms": 1.0,
            "db_cpu_ms": None,
            "planning_ms": None,
            "execution_ms": None,
            "queries": 1,
            "cache_commands": None,
        },
    }
    table = page_split.table(rows, {"applicant home": {"runs": {8: {"rps": 168.6}}}})
    assert table[2] == "| applicant home | 9.0 | 2.0 | 0.6 / 0.2 | 4 | 2.0 | 169 |"
    assert table[3] == "| sqlite page | 1.0 | — | — | 1 | — | — |"


def test_the_autosave_row_posts_the_form_with_a_field_changed_each_time():
    from awards.models import Application
    from tests.awards.applicant_support import open_campaign
    from tests.factories import ApplicationFactory

    application = ApplicationFactory(campaign=open_campaign())
    stored = application.position
    data = page_split.autosave_data(application)
    first, second = data(), data()
    assert first["position"] != second["position"] == stored
    assert not any(name.startswith(("edu-", "work-")) or name in ("photo", "evidence") for name in first)
    path = reverse("awards:application_autosave", args=[application.pk])
    row = page_split.measure_page(
        application.applicant, path, page_split.autosave_data(application), rounds=1, requests=3, warmup=1
    )
    assert "error" not in row and row["app_ms"] > 0 and row["queries"] > 0
    assert Application.objects.get(pk=application.pk).position in (stored, first["position"])
    refused = page_split.measure([("refused", application.applicant, path, lambda: {"edu-TOTAL_FORMS": "x"})])
    assert refused["refused"] == {"path": path, "error": "POST answered 400"}
