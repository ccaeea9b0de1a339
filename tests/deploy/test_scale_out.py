"""Nothing lives in one app server (docs/deployment.md, "Several app servers"): two gunicorn app servers on two
ports, one PostgreSQL database, one Redis, a django-tasks-db worker and Debian's nginx in front, all started for
real with the production settings (deploy/localstack.py). A session, a login lockout and an export job that
begin on server A are seen on server B, and nginx spreads requests over both.

The servers use a PostgreSQL database of their own (and Redis), whatever database the suite itself runs on, so
this runs in the SQLite run as well as in the PostgreSQL run."""

import json
import time

import pytest

from deploy.localstack import LocalStack
from tests.deploy.http import Visitor

pytestmark = pytest.mark.slow

PASSWORD = "Scale-out-2026!"
FAILURE_LIMIT = 3

SEED = f"""
from django.contrib.auth.models import Group, User
from tests.factories import CampaignFactory

for name in ("scale-office", "scale-locked"):
    user = User.objects.create_user(name, f"{{name}}@example.cn", {PASSWORD!r})
    user.groups.add(Group.objects.get_or_create(name="office")[0])
print(CampaignFactory().pk)
"""


@pytest.fixture(scope="module")
def stack():
    # The office signs in with its password only here: what is tested is that a session lives in no one app
    # server; the second factor has its own tests (tests/security/twofactor, tests/e2e/test_two_factor.py).
    env = {"AXES_FAILURE_LIMIT": str(FAILURE_LIMIT), "OTP_REQUIRED_ROLES": ""}
    with LocalStack(servers=2, env=env) as running:
        running.campaign_pk = int(running.run_python(SEED).strip().splitlines()[-1])
        yield running


def test_a_session_started_on_one_app_server_is_valid_on_the_other(stack):
    a, b = stack.server_urls
    exports = f"/office/campaigns/{stack.campaign_pk}/exports/"
    visitor = Visitor()
    login = visitor.login(a, "scale-office", PASSWORD)
    assert login.status == 302, login.text[:500]
    assert "sessionid" in login.cookies

    assert Visitor().get(b, exports).status == 302  # B sends a stranger to the login page…
    on_b = visitor.get(b, exports)
    assert on_b.status == 200, on_b.status  # …and knows the session A started

    logout_token = visitor.csrf_token(b, exports)
    assert visitor.post(b, "/accounts/logout/", {"csrfmiddlewaretoken": logout_token}).status == 302
    stale = Visitor(cookies={"sessionid": login.cookies["sessionid"]})
    assert stale.get(a, exports).status == 302  # signed out on B is signed out on A


def test_a_lockout_earned_on_one_app_server_holds_on_the_other(stack):
    a, b = stack.server_urls
    for _ in range(FAILURE_LIMIT):
        failed = Visitor().login(a, "scale-locked", "wrong-password")
        assert failed.status in (200, 429), failed.status
        assert "sessionid" not in failed.cookies

    refused = Visitor().login(b, "scale-locked", PASSWORD)  # the right password, on the other server
    assert refused.status == 429, refused.status
    assert "sessionid" not in refused.cookies

    # The lockout is the pair (user name, address): another user from the same address still signs in on B.
    assert Visitor().login(b, "scale-office", PASSWORD).status == 302


def test_an_export_job_started_on_one_app_server_is_downloaded_from_the_other(stack):
    a, b = stack.server_urls
    visitor = Visitor()
    assert visitor.login(a, "scale-office", PASSWORD).status == 302
    token = visitor.csrf_token(a, f"/office/campaigns/{stack.campaign_pk}/exports/")
    started = visitor.post(
        a, f"/office/campaigns/{stack.campaign_pk}/exports/roster/", {"csrfmiddlewaretoken": token}
    )
    assert started.status == 302, started.text[:500]
    job_path = started.header("location")
    assert job_path.startswith("/office/jobs/"), job_path
    job_id = job_path.rstrip("/").rsplit("/", 1)[-1]

    assert visitor.get(b, job_path).status == 200  # B shows the job's page while it runs or once done
    deadline = time.monotonic() + 30
    while (download := visitor.get(b, f"{job_path}download/")).status == 404:
        assert time.monotonic() < deadline, "the export was not finished within 30 s"
        time.sleep(0.3)
    assert download.status == 200, download.status
    assert download.body[:2] == b"PK"  # an .xlsx (a zip)
    assert "attachment" in download.header("content-disposition")

    # The task worker built it (not server A inside its request): its id is on the task's row.
    ran_by = stack.run_python(
        "from django_tasks_db.models import DBTaskResult\n"
        f"r = DBTaskResult.objects.get(args_kwargs__args=[{job_id!r}])\n"
        "print(r.status, r.worker_ids)"
    )
    assert ran_by.split()[0] == "SUCCESSFUL"
    assert stack.WORKER_ID in ran_by


def test_nginx_spreads_requests_over_both_app_servers_and_keeps_the_session(stack):
    visitor = Visitor()
    assert visitor.login(stack.nginx_url, "scale-office", PASSWORD).status == 302
    upstreams = set()
    for _ in range(8):
        page = visitor.get(stack.nginx_url, f"/office/campaigns/{stack.campaign_pk}/exports/")
        assert page.status == 200, page.status
        upstreams.add(page.header("x-upstream"))
    assert upstreams == {url.removeprefix("http://") for url in stack.server_urls}


def test_each_request_is_one_json_line_in_the_app_server_log_under_nginx_request_id(stack):
    visitor = Visitor()
    assert visitor.login(stack.nginx_url, "scale-office", PASSWORD).status == 302
    page = visitor.get(stack.nginx_url, f"/office/campaigns/{stack.campaign_pk}/exports/")
    request_id = page.header("x-request-id")
    assert len(request_id) == 32  # nginx's $request_id, passed by deploy/nginx/proxy.conf

    # nginx writes its access-log line after the answer has gone out: wait for it (at most 5 s), never race it
    deadline = time.monotonic() + 5
    while True:
        nginx_lines = [json.loads(line) for line in stack.nginx_access_log.read_text().splitlines()]
        if any(line["request_id"] == request_id for line in nginx_lines) or time.monotonic() > deadline:
            break
        time.sleep(0.1)
    assert any(line["request_id"] == request_id for line in nginx_lines)
    app_lines = []
    for index in range(len(stack.server_urls)):
        for line in stack.server_log(index).read_text().splitlines():
            entry = json.loads(line)  # every line of the app servers' output is JSON, gunicorn's own included
            if entry.get("request_id") == request_id:
                app_lines.append(entry)
    assert len(app_lines) == 1, app_lines
    entry = app_lines[0]
    assert entry["logger"] == "honors.request" and entry["level"] == "INFO"
    assert entry["method"] == "GET" and entry["status"] == 200
    assert entry["path"] == f"/office/campaigns/{stack.campaign_pk}/exports/"
    assert isinstance(entry["user_id"], int)
    assert entry["client_ip"] == "127.0.0.1" and entry["duration_ms"] >= 0 and entry["time"].endswith("Z")
