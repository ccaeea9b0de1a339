"""The office's pages kept whole per user (docs/decisions.md 413) as deployed: two gunicorn app servers with the
production settings, one Redis, one PostgreSQL, Debian's nginx with its micro-cache in front (deploy/localstack.py).
A page kept by one app server is served by the other; a write made anywhere shows at the next view; nginx keeps
no signed-in page; the CSRF token of a kept page works for the visitor who got it. The open calls that /me/ offers,
kept in the shared Redis under the public version (decisions 419), follow a write made anywhere too."""

import re

import pytest
from django.urls import reverse

from deploy.localstack import LocalStack
from tests.deploy.http import Visitor

pytestmark = pytest.mark.slow

PASSWORD = "Kept-page-2026!"

SEED = f"""
from django.contrib.auth.models import Group, User
from tests.factories import CampaignFactory

for name in ("kept-office", "kept-office-2"):
    user = User.objects.create_user(name, f"{{name}}@example.cn", {PASSWORD!r})
    user.groups.add(Group.objects.get_or_create(name="office")[0])
applicant = User.objects.create_user("kept-applicant", "kept-applicant@example.cn", {PASSWORD!r})
applicant.groups.add(Group.objects.get_or_create(name="applicant")[0])
call = CampaignFactory(title="正在申报的活动")
call.phase = "open"
call.save()
print(CampaignFactory(title="第一版活动名称").pk, call.pk)
"""

CLOSE_CALL = """
from awards.models import Campaign
call = Campaign.objects.get(pk={pk})
call.phase = Campaign.Phase.ELIGIBILITY
call.save()
"""

RENAME = """
from awards.models import Campaign
campaign = Campaign.objects.get(pk={pk})
campaign.title = "第二版活动名称"
campaign.save()
"""


@pytest.fixture(scope="module")
def stack():
    # Password only, as in test_scale_out.py: the second factor has its own tests.
    with LocalStack(servers=2, env={"OTP_REQUIRED_ROLES": ""}) as running:
        running.campaign_pk, running.call_pk = map(
            int, running.run_python(SEED).strip().splitlines()[-1].split()
        )
        yield running


def test_a_kept_office_page_is_shared_by_the_app_servers_and_follows_a_write(stack):
    a, b = stack.server_urls
    path = f"/office/campaigns/{stack.campaign_pk}/"
    office = Visitor()
    assert office.login(a, "kept-office", PASSWORD).status == 302
    first = office.get(a, path)
    assert first.status == 200 and first.header("X-Page-Cache") == "miss"
    again = office.get(b, path)  # the other app server: the copy is in the shared Redis
    assert again.status == 200 and again.header("X-Page-Cache") == "hit"
    assert "第一版活动名称" in again.text
    assert again.header("Cache-Control") == "private, no-store"

    stack.run_python(RENAME.format(pk=stack.campaign_pk))  # a write by another process
    after = office.get(a, path)
    assert after.header("X-Page-Cache") == "miss"
    assert "第二版活动名称" in after.text and "第一版活动名称" not in after.text


def test_nginx_keeps_no_signed_in_page_and_a_kept_pages_token_works(stack):
    path = f"/office/campaigns/{stack.campaign_pk}/"
    first, second = Visitor(), Visitor()
    assert first.login(stack.nginx_url, "kept-office", PASSWORD).status == 302
    assert second.login(stack.nginx_url, "kept-office-2", PASSWORD).status == 302
    first.get(stack.nginx_url, path)
    kept = first.get(stack.nginx_url, path)
    assert kept.header("X-Page-Cache") == "hit"
    assert kept.header("X-Accel-Expires") == "" and kept.header("Cache-Control") == "private, no-store"
    other = second.get(stack.nginx_url, path)  # through the same nginx: never the first visitor's page
    assert 'class="who">kept-office-2<' in other.text and 'class="who">kept-office<' not in other.text

    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', kept.text).group(1)
    signed_out = first.post(stack.nginx_url, "/accounts/logout/", {"csrfmiddlewaretoken": token})
    assert signed_out.status == 302  # the kept page's token is this visitor's own: the CSRF check passes
    assert first.get(stack.nginx_url, path).status == 302  # signed out: to the login page, not the kept copy


def test_the_open_calls_kept_for_me_are_shared_by_the_app_servers_and_follow_a_write(stack):
    a, b = stack.server_urls
    applicant = Visitor()
    assert applicant.login(stack.nginx_url, "kept-applicant", PASSWORD).status == 302
    start = f'action="{reverse("awards:application_start", args=[stack.call_pk])}"'
    for server in (
        a,
        b,
        stack.nginx_url,
    ):  # read by one server, kept in Redis, shown by the other and via nginx
        page = applicant.get(server, "/me/")
        assert page.status == 200 and "正在申报的活动" in page.text and start in page.text

    stack.run_python(CLOSE_CALL.format(pk=stack.call_pk))  # the office closes the call, in another process
    for server in (b, a):
        assert start not in applicant.get(server, "/me/").text
