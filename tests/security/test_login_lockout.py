"""Login lockout (django-axes): the pair user name + client IP is locked, never either alone; the client IP
comes from X-Forwarded-For only when the peer is a trusted proxy; the score sheet's signature password counts
toward the same limits, and a locked-out expert cannot sign."""

import pytest
from axes.models import AccessAttempt
from django.test import Client, RequestFactory
from django.urls import reverse

from config.client_ip import client_ip
from scoring.models import ScoreSheet
from tests.factories import UserFactory
from tests.scoring.builders import craftsman_entries, scoring_world, to_post

pytestmark = pytest.mark.django_db
PASSWORD = "demo-pass-2026"
LIMIT = 3


@pytest.fixture
def axes_on(settings):
    settings.AXES_ENABLED = True
    settings.AXES_FAILURE_LIMIT = LIMIT
    settings.TRUSTED_PROXIES = []


def _login(client, username, password, ip="203.0.113.5", **headers):
    return client.post(
        reverse("login"), {"username": username, "password": password}, REMOTE_ADDR=ip, **headers
    )


def _logged_in(client) -> bool:
    return "_auth_user_id" in client.session


def _fail(client, username, times, **kwargs):
    for _ in range(times):
        _login(client, username, "wrong-password", **kwargs)


def test_bad_logins_for_one_user_do_not_lock_other_users_behind_the_same_ip(client, axes_on):
    UserFactory(username="alice")
    UserFactory(username="bob")
    _fail(client, "alice", LIMIT)
    locked = _login(client, "alice", PASSWORD)
    assert locked.status_code == 429  # alice is locked from this address, and told so in Chinese
    assert "已暂时锁定 1 小时" in locked.content.decode()
    assert not _logged_in(client)
    _login(client, "bob", PASSWORD)  # bob, same address, still logs in
    assert _logged_in(client)


def test_the_locked_user_still_logs_in_from_another_address(client, axes_on):
    UserFactory(username="alice")
    _fail(client, "alice", LIMIT, ip="203.0.113.5")
    _login(client, "alice", PASSWORD, ip="198.51.100.7")
    assert _logged_in(client)


def test_x_forwarded_for_from_an_untrusted_peer_is_ignored(client, axes_on):
    """A client cannot dodge the lockout by sending a new X-Forwarded-For with each try."""
    UserFactory(username="alice")
    for i in range(LIMIT):
        _login(client, "alice", "wrong", ip="203.0.113.5", HTTP_X_FORWARDED_FOR=f"10.9.9.{i}")
    assert AccessAttempt.objects.get(username="alice").ip_address == "203.0.113.5"
    assert (
        _login(client, "alice", PASSWORD, ip="203.0.113.5", HTTP_X_FORWARDED_FOR="10.9.9.99").status_code
        == 429
    )


def test_behind_a_trusted_proxy_each_client_is_counted_by_its_own_address(client, axes_on, settings):
    """Behind the nginx of docs/deployment.md every request comes from the proxy's address: the lockout must
    follow the client's address in X-Forwarded-For, or one user's mistakes lock the whole city."""
    settings.TRUSTED_PROXIES = ["127.0.0.1", "10.0.0.0/8"]
    UserFactory(username="alice")
    _fail(client, "alice", LIMIT, ip="127.0.0.1", HTTP_X_FORWARDED_FOR="spoofed, 198.51.100.20")
    attempt = AccessAttempt.objects.get(username="alice")
    assert attempt.ip_address == "198.51.100.20"  # the right-most untrusted hop, not the spoofable left-most
    assert (
        _login(client, "alice", PASSWORD, ip="127.0.0.1", HTTP_X_FORWARDED_FOR="198.51.100.20").status_code
        == 429
    )
    _login(client, "alice", PASSWORD, ip="127.0.0.1", HTTP_X_FORWARDED_FOR="198.51.100.21")
    assert _logged_in(client)


@pytest.mark.parametrize(
    ("trusted", "peer", "forwarded", "expected"),
    [
        ([], "203.0.113.5", "1.2.3.4", "203.0.113.5"),
        (["127.0.0.1"], "203.0.113.5", "1.2.3.4", "203.0.113.5"),  # the peer is not the proxy
        (["127.0.0.1"], "127.0.0.1", "1.2.3.4", "1.2.3.4"),
        (["127.0.0.1"], "127.0.0.1", "6.6.6.6, 1.2.3.4", "1.2.3.4"),
        (["127.0.0.1", "10.0.0.0/8"], "127.0.0.1", "1.2.3.4, 10.1.2.3", "1.2.3.4"),  # two proxies
        (["127.0.0.1"], "127.0.0.1", "", "127.0.0.1"),
        (["127.0.0.1"], "127.0.0.1", "1.2.3.4, not-an-ip", "127.0.0.1"),
        (["::1"], "::1", "2001:db8::7", "2001:db8::7"),
    ],
)
def test_client_ip(settings, trusted, peer, forwarded, expected):
    settings.TRUSTED_PROXIES = trusted
    request = RequestFactory().get("/", REMOTE_ADDR=peer, HTTP_X_FORWARDED_FOR=forwarded)
    assert client_ip(request) == expected


def _sign(client, world, password):
    url = reverse("scoring:sheet", args=[world.apps[0].pk, "material"])
    return client.post(
        url,
        to_post(craftsman_entries(), action="submit", password=password, signature_name="专家1"),
        REMOTE_ADDR="203.0.113.5",
    )


def test_a_wrong_signature_password_is_a_login_failure(client, axes_on):
    world = scoring_world()
    expert = world.experts[0]
    client.force_login(expert)
    response = _sign(client, world, "wrong-password")
    assert "密码不正确" in response.content.decode()
    attempt = AccessAttempt.objects.get(username=expert.username)
    assert (attempt.ip_address, attempt.failures_since_start) == ("203.0.113.5", 1)
    assert ScoreSheet.objects.filter(state=ScoreSheet.State.SUBMITTED).count() == 0


def test_signature_failures_lock_the_login_and_a_locked_expert_cannot_sign(client, axes_on):
    world = scoring_world()
    expert = world.experts[0]
    client.force_login(expert)
    for _ in range(LIMIT):
        _sign(client, world, "wrong-password")
    response = _sign(client, world, PASSWORD)  # the right password, but locked
    assert response.status_code == 429
    assert ScoreSheet.objects.filter(state=ScoreSheet.State.SUBMITTED).count() == 0
    assert _login(Client(), expert.username, PASSWORD).status_code == 429  # so is the login page


def test_login_failures_also_stop_the_signature(client, axes_on):
    world = scoring_world()
    expert = world.experts[0]
    _fail(client, expert.username, LIMIT)
    client.force_login(expert)
    assert _sign(client, world, PASSWORD).status_code == 429
    assert ScoreSheet.objects.filter(state=ScoreSheet.State.SUBMITTED).count() == 0


def test_the_right_signature_password_signs(client, axes_on):
    world = scoring_world()
    client.force_login(world.experts[0])
    _sign(client, world, PASSWORD)
    assert ScoreSheet.objects.get().state == ScoreSheet.State.SUBMITTED
    assert not AccessAttempt.objects.exists()
