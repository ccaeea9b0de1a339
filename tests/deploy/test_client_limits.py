"""The abuse limits count the real client behind nginx (issue 21 items 2 and 5): the real two-server set-up of
deploy/localstack.py (two gunicorns, PostgreSQL, Redis, Debian's nginx with deploy/nginx/proxy.conf,
TRUSTED_PROXIES=127.0.0.1). Each client connects from its own loopback address (127.0.0.2, 127.0.0.3, …): nginx
puts that address in X-Forwarded-For, the app believes it only because the request comes from nginx, and every
limit counts per client — one citizen who exhausts a limit does not block the others. A client's own
X-Forwarded-For changes nothing (nginx appends the real peer; the app reads the right-most untrusted hop)."""

import pytest

from deploy.localstack import LocalStack
from tests.deploy.http import Visitor

PASSWORD = "Client-limits-2026!"
PAIR_LIMIT = 3  # AXES_FAILURE_LIMIT: per (user name, client)
ACCOUNT_LIMIT = 4  # LOGIN_ACCOUNT_FAILURE_LIMIT: per user name, every client together
OBJECTIONS_PER_IP = 2

SEED = f"""
from django.contrib.auth.models import Group, User
from django.utils import timezone
from awards.models import Application, Campaign
from tests.workflow.office.builders import campaign_in, candidate
from workflow.models import Publicity

for name in ("limits-user", "limits-account"):
    user = User.objects.create_user(name, f"{{name}}@example.cn", {PASSWORD!r})
    user.groups.add(Group.objects.get_or_create(name="office")[0])
campaign = campaign_in(Campaign.Phase.PUBLICITY)
app = candidate(campaign, name="王芳", state=Application.State.RECOMMENDED)
Publicity.objects.create(campaign=campaign, starts_on=timezone.localdate(), ends_on=timezone.localdate())
print(campaign.pk, app.pk)
"""


@pytest.fixture(scope="module")
def stack():
    env = {
        "AXES_FAILURE_LIMIT": str(PAIR_LIMIT),
        "LOGIN_ACCOUNT_FAILURE_LIMIT": str(ACCOUNT_LIMIT),
        "OBJECTION_LIMIT_PER_IP": str(OBJECTIONS_PER_IP),
        "OBJECTION_LIMIT_PER_CONTACT": "10",
    }
    with LocalStack(servers=2, env=env) as running:
        campaign, app = running.run_python(SEED).strip().splitlines()[-1].split()
        running.campaign_pk, running.app_pk = int(campaign), int(app)
        yield running


def _object(stack, visitor, n, **headers):
    path = f"/campaigns/{stack.campaign_pk}/publicity/objection/"  # the form's own page (decisions 361)
    token = visitor.csrf_token(stack.nginx_url, path)
    data = {
        "csrfmiddlewaretoken": token,
        "application": stack.app_pk,
        "objector_name": f"市民{n}",
        "objector_id_or_contact": f"1390000{n:04d}",
        "content": f"第{n}条异议：其代表性成果并非本人完成。",
    }
    return visitor.post(stack.nginx_url, path, data, headers=headers)


def test_one_client_exhausting_the_objection_limit_does_not_block_another(stack):
    first, second = Visitor(source="127.0.0.2"), Visitor(source="127.0.0.3")
    for n in range(OBJECTIONS_PER_IP):
        filed = _object(stack, first, n)
        assert filed.status == 302, filed.text[:800]
    refused = _object(stack, first, 10)
    assert refused.status == 200, refused.status
    assert f"同一网络地址每 60 分钟最多提交 {OBJECTIONS_PER_IP} 条异议" in refused.text
    # Its own X-Forwarded-For does not make the first client someone else…
    spoofed = _object(stack, first, 11, **{"X-Forwarded-For": "127.0.0.3"})
    assert "同一网络地址每 60 分钟最多提交" in spoofed.text
    # …while another citizen, through the same nginx, still files.
    other = _object(stack, second, 20)
    assert other.status == 302, other.text[:800]
    count = stack.run_python("from workflow.models import Objection\nprint(Objection.objects.count())")
    assert int(count.strip().splitlines()[-1]) == OBJECTIONS_PER_IP + 1


def test_a_login_lockout_of_one_client_leaves_another_client_free(stack):
    guesser, owner = Visitor(source="127.0.0.4"), Visitor(source="127.0.0.5")
    for _ in range(PAIR_LIMIT):
        assert "sessionid" not in guesser.login(stack.nginx_url, "limits-user", "wrong-password").cookies
    refused = Visitor(source="127.0.0.4").login(stack.nginx_url, "limits-user", PASSWORD)
    assert refused.status == 429, refused.status
    # The same user name from another client: the pair (user, 127.0.0.4) is locked, not the user.
    assert owner.login(stack.nginx_url, "limits-user", PASSWORD).status == 302


def test_guesses_from_several_clients_and_servers_pause_the_account(stack):
    """The per-account limit (item 5) adds every client's wrong passwords, on both app servers (Redis)."""
    for index, source in enumerate(("127.0.0.6", "127.0.0.7", "127.0.0.6", "127.0.0.7")):
        base = stack.server_urls[index % 2] if index < 2 else stack.nginx_url
        failed = Visitor(source=source).login(base, "limits-account", "wrong-password")
        assert failed.status in (200, 429), failed.status
    paused = Visitor(source="127.0.0.8").login(stack.nginx_url, "limits-account", PASSWORD)
    assert paused.status == 429, paused.status
    assert "该账号登录失败次数过多，请15分钟后再试。" in paused.text
