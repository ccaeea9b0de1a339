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

SEED = """
from tests.public_input.builders import public_campaign
campaign, apps = public_campaign(2)
print(campaign.pk, apps[0].pk)
"""


@pytest.fixture(scope="module")
def stack():
    with LocalStack(servers=2, env={"MICROCACHE_SECONDS": str(SECONDS)}) as running:
        campaign, app = running.run_python(SEED).strip().splitlines()[-1].split()
        running.campaign_pk, running.app_pk = int(campaign), int(app)
        yield running


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
    before = len(stack.nginx_access_log.read_text().splitlines())
    for _ in range(20):
        assert _citizen().get(stack.nginx_url, path).header("X-Cache-Status") == "HIT"
    deadline = time.monotonic() + 5  # nginx writes a line after its answer has gone out: wait for all 20
    while len(stack.nginx_access_log.read_text().splitlines()) < before + 20 and time.monotonic() < deadline:
        time.sleep(0.1)
    lines = [json.loads(line) for line in stack.nginx_access_log.read_text().splitlines()[before:]]
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
    changed_at = time.monotonic()
    while new_summary not in _citizen().get(stack.nginx_url, path).text:
        assert time.monotonic() - changed_at < SECONDS + 2, (
            "the change did not show within the cache's lifetime"
        )
        time.sleep(0.2)


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
