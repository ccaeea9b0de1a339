"""The per-account login limit (issue 21 item 5): wrong passwords for one user name from any number of addresses
pause that account's login for a while — growing with each further pause, never for good — and mail its owner
once per pause; the lock of the pair (user name, client) stays as it was (tests/security/test_login_lockout.py)."""

import time

import pytest
from axes.models import AccessAttempt
from django.core import mail
from django.urls import reverse

from scoring.models import ScoreSheet
from tests.factories import UserFactory
from tests.scoring.builders import craftsman_entries, scoring_world, to_post

pytestmark = pytest.mark.django_db
PASSWORD = "demo-pass-2026"
ACCOUNT_LIMIT = 5


@pytest.fixture
def limits_on(settings):
    settings.AXES_ENABLED = True
    settings.AXES_FAILURE_LIMIT = 3  # per (user name, client)
    settings.TRUSTED_PROXIES = []
    settings.LOGIN_ACCOUNT_FAILURE_LIMIT = ACCOUNT_LIMIT
    settings.LOGIN_ACCOUNT_WINDOW_MINUTES = 60
    settings.LOGIN_ACCOUNT_PAUSE_MINUTES = 15
    settings.LOGIN_ACCOUNT_PAUSE_MAX_MINUTES = 240


def _login(client, username, password, ip):
    return client.post(reverse("login"), {"username": username, "password": password}, REMOTE_ADDR=ip)


def _guess(client, username, times, first=0):
    """Wrong passwords, each from a new /64 — so the per-(user, client) lock never comes into play."""
    for n in range(first, first + times):
        _login(client, username, "wrong-password", f"2001:db8:{n}::1")


def _logged_in(client) -> bool:
    return "_auth_user_id" in client.session


def _later(monkeypatch, seconds):
    now = time.time() + seconds
    monkeypatch.setattr(time, "time", lambda: now)


def test_guesses_from_many_addresses_pause_the_account_even_for_the_right_password(client, limits_on):
    UserFactory(username="committee2")
    _guess(client, "committee2", ACCOUNT_LIMIT)
    assert not AccessAttempt.objects.filter(failures_since_start__gte=2).exists()  # no pair was ever locked
    refused = _login(client, "committee2", PASSWORD, "198.51.100.77")
    assert refused.status_code == 429
    assert "该账号登录失败次数过多，请15分钟后再试。" in refused.content.decode()
    assert not _logged_in(client)


def test_other_accounts_from_the_same_addresses_are_not_paused(client, limits_on):
    UserFactory(username="committee2")
    UserFactory(username="committee3")
    _guess(client, "committee2", ACCOUNT_LIMIT)
    _login(client, "committee3", PASSWORD, "2001:db8:0::1")
    assert _logged_in(client)


def test_below_the_limit_nothing_is_paused(client, limits_on):
    UserFactory(username="committee2")
    _guess(client, "committee2", ACCOUNT_LIMIT - 1)
    _login(client, "committee2", PASSWORD, "198.51.100.77")
    assert _logged_in(client)


def test_the_owner_is_mailed_once_per_pause(client, limits_on):
    owner = UserFactory(username="committee2", email="c2@example.cn")
    _guess(
        client, "committee2", ACCOUNT_LIMIT + 4
    )  # the guesses after the pause began are refused, not counted
    _login(client, "committee2", PASSWORD, "198.51.100.77")
    assert [m.to for m in mail.outbox] == [[owner.email]]
    body = mail.outbox[0].body
    assert "累计 5 次登录密码错误" in body and "暂停 15 分钟" in body
    assert "/accounts/password_reset/" in body
    assert "账号登录失败次数过多" in mail.outbox[0].subject


def test_the_pause_ends_and_the_next_one_is_longer(client, limits_on, monkeypatch):
    UserFactory(username="committee2")
    _guess(client, "committee2", ACCOUNT_LIMIT)
    _later(monkeypatch, 16 * 60)  # the first pause (15 minutes) is over: the right password signs in
    _login(client, "committee2", PASSWORD, "198.51.100.77")
    assert _logged_in(client)
    client.logout()
    _guess(client, "committee2", ACCOUNT_LIMIT, first=100)  # a second pause the same day: twice as long
    assert "请30分钟后再试" in _login(client, "committee2", PASSWORD, "198.51.100.77").content.decode()
    assert len(mail.outbox) == 2  # one mail per pause
    _later(monkeypatch, 16 * 60 + 31 * 60)
    _login(client, "committee2", PASSWORD, "198.51.100.77")
    assert _logged_in(client)


def test_the_pause_never_grows_past_its_maximum(client, limits_on, settings, monkeypatch):
    settings.LOGIN_ACCOUNT_PAUSE_MAX_MINUTES = 40
    UserFactory(username="committee2")
    elapsed = 0
    for round_, expected in enumerate((15, 30, 40, 40)):
        _guess(client, "committee2", ACCOUNT_LIMIT, first=round_ * 10)
        page = _login(client, "committee2", PASSWORD, "198.51.100.77").content.decode()
        assert f"请{expected}分钟后再试" in page
        elapsed += (expected + 1) * 60
        _later(monkeypatch, elapsed)
    _login(client, "committee2", PASSWORD, "198.51.100.77")
    assert _logged_in(client)


def test_an_unknown_user_name_is_paused_alike_and_nobody_is_mailed(client, limits_on):
    _guess(client, "nobody-here", ACCOUNT_LIMIT)
    page = _login(client, "nobody-here", "whatever", "198.51.100.77")
    assert page.status_code == 429 and "该账号登录失败次数过多" in page.content.decode()
    assert mail.outbox == []


def test_the_message_in_english(client, limits_on):
    UserFactory(username="committee2")
    _guess(client, "committee2", ACCOUNT_LIMIT)
    client.cookies["django_language"] = "en"
    page = _login(client, "committee2", PASSWORD, "198.51.100.77").content.decode()
    assert "Too many failed logins for this account; try again in 15 minutes." in page


def test_a_paused_expert_cannot_sign_a_score_sheet(client, limits_on):
    world = scoring_world()
    expert = world.experts[0]
    _guess(client, expert.username, ACCOUNT_LIMIT)
    client.force_login(expert)
    url = reverse("scoring:sheet", args=[world.apps[0].pk, "material"])
    response = client.post(
        url,
        to_post(craftsman_entries(), action="submit", password=PASSWORD, signature_name="专家1"),
        REMOTE_ADDR="198.51.100.77",
    )
    assert response.status_code == 429
    assert "该账号登录失败次数过多" in response.content.decode()
    assert ScoreSheet.objects.filter(state=ScoreSheet.State.SUBMITTED).count() == 0


def test_the_admin_login_is_paused_too(client, limits_on):
    """Every other caller of `authenticate` meets the pause in the authentication backends."""
    UserFactory(username="committee2", is_staff=True, is_superuser=True)
    _guess(client, "committee2", ACCOUNT_LIMIT)
    refused = client.post(
        reverse("admin:login"), {"username": "committee2", "password": PASSWORD}, REMOTE_ADDR="198.51.100.77"
    )
    assert refused.status_code == 429 and "该账号登录失败次数过多" in refused.content.decode()
    assert not _logged_in(client)


def test_refusals_of_a_locked_pair_are_not_guesses_at_the_account(client, limits_on):
    """Axes refuses a locked (user, client) pair without checking the password: those refusals do not count
    toward the account's pause, so the owner elsewhere still signs in."""
    UserFactory(username="committee2")
    for _ in range(3):  # the pair (committee2, 203.0.113.5) locks
        _login(client, "committee2", "wrong-password", "203.0.113.5")
    for _ in range(ACCOUNT_LIMIT):
        assert _login(client, "committee2", "wrong-password", "203.0.113.5").status_code == 429
    _login(client, "committee2", PASSWORD, "198.51.100.77")
    assert _logged_in(client)
