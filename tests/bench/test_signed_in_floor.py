"""The signed-in floor of `make bench` (bench/signed_in_floor.py, issue 26 item 1): the floor's rows per user, each
signed-in page against its user's signed-in floor, and the mark by which the run knows the floor's server saw the
session."""

import pytest
from django.test import Client, override_settings

from bench import floor_settings, signed_in_floor
from tests.factories import user_with_role

CONCURRENCY = (1, 8, 32)


def run(rps: float) -> dict:
    return {"rps": rps, "p50_us": 2600, "p95_us": 7100}


FLOOR_SIGNED_IN = {
    "applicant": {1: run(900.0), 8: run(1600.0), 32: run(1650.0)},
    "expert": {1: run(800.0), 8: run(1250.0), 32: run(1300.0)},
    "office": {"skipped": "the floor's server did not see the session"},
}
PAGES = {
    "home": {"kind": "public", "runs": {8: run(1849.0)}},
    "password change (reference)": {"user": "applicant", "runs": {8: run(420.0)}},
    "expert score sheet": {"user": "expert", "runs": {8: run(220.0)}},
    "office dashboard": {"user": "office", "runs": {8: run(990.0)}},
}


def test_one_floor_row_per_user_measured_and_the_reason_of_one_that_was_not():
    rows = signed_in_floor.floor_rows(FLOOR_SIGNED_IN, CONCURRENCY)
    assert rows == [
        "| bare Django signed in as the applicant (session, user, roles), req/s · p50/p95 ms "
        "| 900 · 2.6/7.1 | 1600 · 2.6/7.1 | 1650 · 2.6/7.1 |",
        "| bare Django signed in as an expert (also the second-factor device), req/s · p50/p95 ms "
        "| 800 · 2.6/7.1 | 1250 · 2.6/7.1 | 1300 · 2.6/7.1 |",
        "| bare Django signed in as the office (also the second-factor device), req/s · p50/p95 ms "
        "| the floor's server did not see the session | — | — |",
    ]


def test_each_signed_in_page_against_its_users_signed_in_floor():
    lines = signed_in_floor.pages_section(2000.0, FLOOR_SIGNED_IN, PAGES)
    assert (
        "Signed in, the floor keeps 80.0 % for the applicant, 62.5 % for an expert of its rate"
        in " ".join(lines)
    )
    rows = [line for line in lines if line.startswith("| ") and not line.startswith("| page ")]
    assert rows == [
        "| password change (reference) | applicant | 420.0 | 1600.0 | 26.2 % | 21.0 % |",
        "| expert score sheet | expert | 220.0 | 1250.0 | 17.6 % | 11.0 % |",
    ]  # the public page has no user, the office's floor was not measured


def test_nothing_is_reported_without_a_signed_in_floor_and_a_skipped_run_says_why():
    assert signed_in_floor.pages_section(2000.0, {}, PAGES) == []
    skipped = {"applicant": {"skipped": "not measured: budget exhausted"}}
    assert signed_in_floor.pages_section(2000.0, skipped, PAGES)[-1] == "not measured: budget exhausted"


@pytest.mark.django_db
@override_settings(ROOT_URLCONF="bench.floor_urls", TEMPLATES=floor_settings.TEMPLATES)
def test_the_floors_answer_says_no_store_only_to_a_signed_in_user():
    """bench/run.py `signed_in_answer`: the run measures a user's signed-in floor only once the floor's server
    marks its answer as made for a signed-in user (config.middleware.NoStoreMiddleware)."""
    anonymous = Client().get("/")
    assert anonymous.status_code == 200
    assert "no-store" not in anonymous.get("Cache-Control", "")
    client = Client()
    client.force_login(user_with_role("applicant"))
    signed_in = client.get("/")
    assert signed_in.status_code == 200
    assert "no-store" in signed_in["Cache-Control"]
