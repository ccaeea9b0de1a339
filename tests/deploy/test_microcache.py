"""nginx's micro-cache in front of the app servers (issue 26 item 2; deploy/nginx/microcache.conf,
config/middleware.py MicroCacheMiddleware), run for real: deploy/localstack.py's nginx with the same include,
two gunicorns with DEBUG=0, PostgreSQL and Redis. An anonymous public page is kept a few seconds, so a city's
evening costs the app servers one request per page every few seconds; a change shows within that time; a
signed-in or verified visitor (session cookie), a page with a form token, a POST and another language never get
someone else's copy."""

import json
import time

import pytest

from deploy.localstack import LocalStack
from tests.deploy.http import Visitor

SECONDS = 3  # MICROCACHE_SECONDS for this stack; production's default is 5

PASSWORD = "micro-cache-pass-2026"

SEED = f"""
from django.contrib.auth.models import User
from django.utils import timezone
from awards.models import Application, Campaign
from tests.workflow.office.builders import campaign_in, candidate
from tests.scoring.public_input.builders import public_campaign
from workflow.models import Publicity
campaign, apps = public_campaign(2)
listed = campaign_in(Campaign.Phase.PUBLICITY)
candidate(listed, name="王芳", state=Application.State.RECOMMENDED)
Publicity.objects.create(campaign=listed, starts_on=timezone.localdate(), ends_on=timezone.localdate())
User.objects.create_user("micro-reader", "micro-reader@example.cn", {PASSWORD!r}, first_name="读者")
print(campaign.pk, apps[0].pk, listed.pk)
"""


@pytest.fixture(scope="module")
def stack():
    with LocalStack(servers=2, env={"MICROCACHE_SECONDS": str(SECONDS)}) as running:
        campaign, app, listed = running.run_python(SEED).strip().splitlines()[-1].split()
        running.campaign_pk, running.app_pk, running.publicity_pk = int(campaign), int(app), int(listed)
        yield running


def _log(stack) -> list[str]:
    return stack.nginx_access_log.read_text().splitlines()


def _settled_length(stack) -> int:
    """The access log's length once the lines of the requests already answered are written: nginx writes a
    line after its answer has gone out, so a request just answered may still add one (CI saw 21 lines for 20)."""
    length, deadline = len(_log(stack)), time.monotonic() + 5
    while time.monotonic() < deadline:
        time.sleep(0.3)
        now = len(_log(stack))
        if now == length:
            break
        length = now
    return length


def _lines_after(stack, before: int, count: int) -> list[dict]:
    """The `count` lines nginx logged after line `before`, waiting for the late ones and for no more."""
    deadline = time.monotonic() + 5
    while len(_log(stack)) < before + count and time.monotonic() < deadline:
        time.sleep(0.1)
    return [json.loads(line) for line in _log(stack)[before:]]


def _shows_within_the_lifetime(stack, path: str, text: str) -> None:
    """`text`, just written, is on the anonymous copy of `path` within the cache's lifetime (and a little)."""
    changed_at = time.monotonic()
    while text not in _citizen().get(stack.nginx_url, path).text:
        assert time.monotonic() - changed_at < SECONDS + 2, (
            "the change did not show within the cache's lifetime"
        )
        time.sleep(0.2)


def _citizen() -> Visitor:
    # a returning visitor: the device cookie is already there, so the page sets no cookie
    return Visitor(cookies={"pv_device": "returning-visitor-device"})


def test_an_anonymous_public_page_is_served_from_the_cache_for_its_seconds(stack):
    path = f"/campaigns/{stack.campaign_pk}/candidates/"
    first = _citizen().get(stack.nginx_url, path)
    assert first.status == 200
    assert first.header("X-Cache-Status") in {"MISS", "EXPIRED"}
    second = _citizen().get(stack.nginx_url, path)
    assert second.header("X-Cache-Status") == "HIT"
    assert second.body == first.body
    assert "x-accel-expires" not in second.headers  # nginx's instruction never reaches the browser
    # a burst: the app servers see none of it (nginx's access log names no upstream for a hit)
    before = _settled_length(stack)
    for _ in range(20):
        assert _citizen().get(stack.nginx_url, path).header("X-Cache-Status") == "HIT"
    lines = _lines_after(stack, before, 20)
    assert [line["uri"] for line in lines] == [path] * 20
    assert {line["upstream"] for line in lines} == {""}


def test_a_change_shows_within_the_cache_lifetime(stack):
    path = f"/campaigns/{stack.campaign_pk}/candidates/"
    assert _citizen().get(stack.nginx_url, path).status == 200
    assert _citizen().get(stack.nginx_url, path).header("X-Cache-Status") == "HIT"
    new_summary = "微缓存测试：更新后的事迹摘要"
    stack.run_python(
        "from awards.models import Application\n"
        f"a = Application.objects.get(pk={stack.app_pk})\n"
        f"a.public_summary = {new_summary!r}\n"
        "a.save(update_fields=['public_summary'])\n"
    )
    _shows_within_the_lifetime(stack, path, new_summary)


def test_a_session_a_form_token_or_another_language_never_gets_the_shared_copy(stack):
    path = f"/campaigns/{stack.campaign_pk}/candidates/"
    _citizen().get(stack.nginx_url, path)
    assert _citizen().get(stack.nginx_url, path).header("X-Cache-Status") == "HIT"

    with_session = Visitor(cookies={"pv_device": "x", "sessionid": "any-session"})
    assert with_session.get(stack.nginx_url, path).header("X-Cache-Status") == "BYPASS"

    english = Visitor(cookies={"pv_device": "x", "django_language": "en"})
    page = english.get(stack.nginx_url, path)
    assert page.header("X-Cache-Status") in {"MISS", "EXPIRED"}
    assert 'lang="en"' in page.text

    # the verification page carries a CSRF token that belongs to one visitor: never kept
    verify = f"/campaigns/{stack.campaign_pk}/vote/verify/"
    for _ in range(2):
        assert _citizen().get(stack.nginx_url, verify).header("X-Cache-Status") in {"MISS", ""}
    login = "/accounts/login/"
    for _ in range(2):
        assert Visitor().get(stack.nginx_url, login).header("X-Cache-Status") in {"MISS", ""}


def test_the_publicity_list_is_served_from_the_cache_and_a_change_shows(stack):
    """The 公示 list holds no form token (the objection form is on its own page, decisions 361): an anonymous
    visitor gets nginx's copy, and a new notice text shows within the cache's lifetime."""
    path = f"/campaigns/{stack.publicity_pk}/publicity/"
    first = _citizen().get(stack.nginx_url, path)
    assert first.status == 200 and "王芳" in first.text
    assert "csrfmiddlewaretoken" not in first.text and not first.cookies
    assert f"/campaigns/{stack.publicity_pk}/publicity/objection/" in first.text
    assert _citizen().get(stack.nginx_url, path).header("X-Cache-Status") == "HIT"
    before = _settled_length(stack)
    for _ in range(10):
        assert _citizen().get(stack.nginx_url, path).header("X-Cache-Status") == "HIT"
    lines = _lines_after(stack, before, 10)
    assert [line["uri"] for line in lines] == [path] * 10
    assert {line["upstream"] for line in lines} == {""}  # none of them reached an app server

    notice = "微缓存测试：公示期间受理异议的电话 021-12345678"
    stack.run_python(
        "from workflow.models import Publicity\n"
        f"p = Publicity.objects.get(campaign_id={stack.publicity_pk})\n"
        f"p.notice_text = {notice!r}\n"
        "p.save()\n"
    )
    _shows_within_the_lifetime(stack, path, notice)


def test_the_objection_form_and_a_signed_in_visitor_never_get_a_cached_page(stack):
    listed = f"/campaigns/{stack.publicity_pk}/publicity/"
    objection = f"/campaigns/{stack.publicity_pk}/publicity/objection/"
    _citizen().get(stack.nginx_url, listed)
    assert _citizen().get(stack.nginx_url, listed).header("X-Cache-Status") == "HIT"
    # the form's page: a token of one visitor, every time from an app server
    for _ in range(2):
        page = _citizen().get(stack.nginx_url, objection)
        assert page.status == 200 and "csrfmiddlewaretoken" in page.text
        assert page.header("X-Cache-Status") in {"MISS", ""}
    # a visitor signed in through the login form: the list from an app server, with their own header
    reader = Visitor()
    assert reader.login(stack.nginx_url, "micro-reader", PASSWORD).status == 302
    for _ in range(2):
        page = reader.get(stack.nginx_url, listed)
        assert page.status == 200 and "王芳" in page.text
        assert page.header("X-Cache-Status") == "BYPASS"
        assert "退出" in page.text or "logout" in page.text
