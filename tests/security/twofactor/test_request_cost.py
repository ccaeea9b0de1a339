"""What the security middleware costs a signed-in request (issue 26 item 1; decisions 300–302): the roles come from
the session (read again once a minute, or at once after the user's groups change), the idle stamp is written at
most once a minute while the page is told the time really left, and a flood of refused requests writes one row of
the security log per visitor, method and path a minute, and at most SECURITY_REFUSALS_PER_MINUTE in all."""

import time

import pytest
from django.contrib.auth.models import Group
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from security.middleware import IDLE_LEFT_HEADER, LAST_ACTIVITY, REFRESH_SECONDS, ROLES
from security.models import SecurityEvent
from tests.factories import user_with_role

pytestmark = pytest.mark.django_db


def _group_queries(ctx) -> list[str]:
    return [q["sql"] for q in ctx.captured_queries if "auth_group" in q["sql"]]


def test_the_roles_are_read_once_a_minute_per_session_not_per_request(client):
    applicant = user_with_role("applicant", username="rc-1")
    with CaptureQueriesContext(connection) as first:
        client.force_login(applicant)
        assert client.get(reverse("awards:my_applications")).status_code == 200
    assert len(_group_queries(first)) == 1  # read once at sign-in, kept in the session
    with CaptureQueriesContext(connection) as again:
        assert client.get(reverse("awards:my_applications")).status_code == 200
        assert client.get(reverse("password_change")).status_code == 200
    assert _group_queries(again) == []
    session = client.session
    user_id, _read, roles = session[ROLES]
    session[ROLES] = [user_id, time.time() - REFRESH_SECONDS - 1, roles]  # a minute later
    session.save()
    with CaptureQueriesContext(connection) as later:
        assert client.get(reverse("awards:my_applications")).status_code == 200
    assert len(_group_queries(later)) == 1


def test_a_role_given_or_taken_shows_at_the_next_request(client, django_capture_on_commit_callbacks):
    user = user_with_role("applicant", username="rc-2")
    client.force_login(user)
    assert client.get("/office/").status_code == 403
    office = Group.objects.get(name="office")
    with django_capture_on_commit_callbacks(execute=True):
        user.groups.add(office)
    assert client.get("/office/").status_code == 200
    with django_capture_on_commit_callbacks(execute=True):
        office.user_set.remove(user)  # from the group's side
    assert client.get("/office/").status_code == 403
    with django_capture_on_commit_callbacks(execute=True):
        user.groups.add(office)
    assert client.get("/office/").status_code == 200
    with django_capture_on_commit_callbacks(execute=True):
        office.user_set.clear()
    assert client.get("/office/").status_code == 403


def test_the_roles_kept_in_a_session_are_only_its_own_users(client):
    office = user_with_role("office", username="rc-3", is_staff=True)
    applicant = user_with_role("applicant", username="rc-4")
    client.force_login(office)
    assert client.get("/office/").status_code == 200
    session = client.session
    session[ROLES] = [applicant.pk, time.time(), ["applicant"]]  # another user's, as if left behind
    session.save()
    assert client.get("/office/").status_code == 200


def test_the_idle_stamp_is_written_once_a_minute_and_the_page_told_what_is_left(client, settings):
    settings.SESSION_IDLE_TIMEOUT_MINUTES = 15
    expert = user_with_role("expert", username="rc-5")
    client.force_login(expert)
    session = client.session
    stamp = time.time() - 40  # within the minute: not written again
    session[LAST_ACTIVITY] = stamp
    session.save()
    response = client.get(reverse("scoring:expert_home"))
    assert response.status_code == 200
    assert client.session[LAST_ACTIVITY] == stamp
    left = int(response[IDLE_LEFT_HEADER])
    assert 15 * 60 - 42 <= left <= 15 * 60 - 39
    page = response.content.decode()
    assert 'data-timeout="900"' in page and f'data-left="{left}"' in page
    session = client.session
    session[LAST_ACTIVITY] = time.time() - 61  # more than a minute: written again, the whole limit left
    session.save()
    response = client.get(reverse("scoring:expert_home"))
    assert time.time() - client.session[LAST_ACTIVITY] < 5
    assert int(response[IDLE_LEFT_HEADER]) == 900


def test_applicants_are_told_nothing_about_idling(client):
    applicant = user_with_role("applicant", username="rc-6")
    client.force_login(applicant)
    response = client.get(reverse("awards:my_applications"))
    assert IDLE_LEFT_HEADER not in response and 'id="idle-warning"' not in response.content.decode()


def test_a_flood_of_refusals_writes_one_row_per_visitor_path_and_minute(client):
    applicant = user_with_role("applicant", username="rc-7")
    client.force_login(applicant)
    for _ in range(30):
        assert client.get("/office/").status_code == 403
    rows = SecurityEvent.objects.filter(kind="access_denied")
    assert [(e.user_id, e.path, e.details) for e in rows] == [(applicant.pk, "/office/", {"method": "GET"})]
    assert client.post("/office/").status_code == 403  # another method: its own row
    other = user_with_role("applicant", username="rc-8")
    client.force_login(other)
    assert client.get("/office/").status_code == 403  # another visitor: its own row
    assert SecurityEvent.objects.filter(kind="access_denied").count() == 3


def test_the_refusals_of_all_visitors_have_a_ceiling_a_minute(client, settings):
    settings.SECURITY_REFUSALS_PER_MINUTE = 3
    applicant = user_with_role("applicant", username="rc-9")
    client.force_login(applicant)
    paths = [f"/office/?page={n}" for n in range(2)] + ["/office/", "/committee/", "/expert/", "/unit/"]
    for path in paths:
        assert client.get(path).status_code == 403
    rows = list(SecurityEvent.objects.filter(kind="access_denied").order_by("chain_seq"))
    # "/office/?page=…" is one path; /office/, /committee/ and /expert/ are the first three; /unit/ hits the
    # ceiling and says so; nothing after it in that minute
    assert [e.path for e in rows] == ["/office/?page=0", "/committee/", "/expert/", "/unit/"]
    assert [e.details for e in rows][-1] == {"method": "GET", "ceiling_reached": 3}
    assert all(e.details == {"method": "GET"} for e in rows[:-1])
    other = user_with_role("applicant", username="rc-10")
    client.force_login(other)
    assert client.get("/office/").status_code == 403
    assert SecurityEvent.objects.filter(kind="access_denied").count() == 4
