"""The score sheet's and the work list's rows kept in each app server's memory (docs/decisions.md 422–424), as
deployed: two gunicorn app servers with the production settings, Redis, PostgreSQL and Debian's nginx
(deploy/localstack.py). Each server keeps its own rows, under keys that name what a row shows, so a score saved
through one server is shown by the other at the next view, although the other showed (and kept) the sheet before
the save; another expert's sheet of the same application shows none of it."""

import json
import re

import pytest

from deploy.localstack import LocalStack
from tests.deploy.http import Visitor

pytestmark = pytest.mark.slow

PASSWORD = "Kept-rows-2026!"

SEED = f"""
import json
from tests.scoring.builders import craftsman_entries, scoring_world, to_post

world = scoring_world(experts=2, apps=2)
for expert in world.experts:
    expert.set_password({PASSWORD!r})
    expert.save()
entries = craftsman_entries()
code = next(iter(entries))
entries[code].comment = "甲服务器保存的意见"
print(json.dumps({{
    "experts": [e.username for e in world.experts],
    "apps": [a.pk for a in world.apps],
    "code": code,
    "points": entries[code].points,
    "post": to_post(entries, action="save"),
}}))
"""


@pytest.fixture(scope="module")
def stack():
    with LocalStack(servers=2, env={"OTP_REQUIRED_ROLES": ""}) as running:
        running.world = json.loads(running.run_python(SEED).strip().splitlines()[-1])
        yield running


def _row(html: str, marker: str) -> str:
    return html.split(marker)[1].split("</tr>")[0]


def test_a_score_saved_through_one_server_shows_on_the_other_and_not_on_another_experts_sheet(stack):
    a, b = stack.server_urls
    world = stack.world
    code, app = world["code"], world["apps"][0]
    sheet, home = f"/expert/applications/{app}/material/sheet/", "/expert/?show=all"
    first, second = Visitor(), Visitor()
    assert first.login(stack.nginx_url, world["experts"][0], PASSWORD).status == 302
    assert second.login(stack.nginx_url, world["experts"][1], PASSWORD).status == 302
    for server in (a, b):  # each server shows the blank sheet and the list, and keeps their rows
        for _ in range(2):
            page = first.get(server, sheet)
            assert page.status == 200 and 'value="甲服务器保存的意见"' not in page.text
            assert "未开始" in _row(first.get(server, home).text, f'data-application="{app}"')

    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.text).group(1)
    # the form's fields as a browser sends them: one pair per checked aspect
    fields = [(k, x) for k, v in world["post"].items() for x in (v if isinstance(v, list) else [v])]
    saved = first.post(
        a, sheet, [*fields, ("csrfmiddlewaretoken", token)], headers={"Accept": "application/json"}
    )
    assert saved.status == 200 and json.loads(saved.text)["ok"], saved.text[:300]

    for server in (b, a, stack.nginx_url):
        page = first.get(server, sheet).text
        row = _row(page, f'data-code="{code}"')
        assert 'value="甲服务器保存的意见"' in row and f'value="{world["points"]}"' in row
        assert "草稿" in _row(first.get(server, home).text, f'data-application="{app}"')
    for server in (a, b):  # the same application's sheet of another expert: still blank, still 未开始
        other = second.get(server, sheet).text
        assert "甲服务器保存的意见" not in other and 'name="' + code + '-points" value=""' in other
        assert "未开始" in _row(second.get(server, home).text, f'data-application="{app}"')
