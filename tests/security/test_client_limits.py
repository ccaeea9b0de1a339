"""Every abuse limit counts the real client (issue 21 items 2 and 5): the one helper `config.client_ip.client_key`
— X-Forwarded-For only from TRUSTED_PROXIES, an IPv6 client by its /64 — and nothing reads REMOTE_ADDR itself."""

import subprocess
from pathlib import Path

import pytest
from django.core.exceptions import ValidationError
from django.test import RequestFactory
from django.urls import reverse

from config.client_ip import client_key, group_address
from scoring.services import ballots
from tests.factories import UserFactory
from tests.scoring.public_input.builders import public_campaign

ROOT = Path(__file__).resolve().parents[2]
PASSWORD = "demo-pass-2026"


@pytest.mark.parametrize(
    ("address", "expected"),
    [
        ("203.0.113.5", "203.0.113.5"),
        ("2001:db8:1:2::7", "2001:db8:1:2::"),
        ("2001:db8:1:2:ffff:ffff:ffff:ffff", "2001:db8:1:2::"),
        ("2001:db8:1:3::1", "2001:db8:1:3::"),
        ("::ffff:198.51.100.4", "198.51.100.4"),  # IPv4-mapped: the IPv4 client
        ("", None),
        (None, None),
    ],
)
def test_group_address(address, expected):
    assert group_address(address) == expected


def test_client_key_is_the_trusted_client_grouped(settings):
    settings.TRUSTED_PROXIES = ["127.0.0.1"]
    behind = RequestFactory().get(
        "/", REMOTE_ADDR="127.0.0.1", HTTP_X_FORWARDED_FOR="6.6.6.6, 2001:db8:9:9::5"
    )
    assert client_key(behind) == "2001:db8:9:9::"
    direct = RequestFactory().get("/", REMOTE_ADDR="198.51.100.9", HTTP_X_FORWARDED_FOR="6.6.6.6")
    assert client_key(direct) == "198.51.100.9"  # not from the proxy: the header is ignored


def test_nothing_but_the_helper_reads_the_peer_address():
    """One helper for every limit and the audit trail: REMOTE_ADDR (and X-Forwarded-For) appear in the
    application's code only in config/client_ip.py."""
    files = subprocess.run(
        ["git", "ls-files", "*.py"], cwd=ROOT, capture_output=True, text=True, check=True
    ).stdout.split()
    offenders = [
        name
        for name in files
        if not name.startswith(("tests/", "bench/"))
        and name != "config/client_ip.py"
        and any(word in (ROOT / name).read_text() for word in ("REMOTE_ADDR", "HTTP_X_FORWARDED_FOR"))
    ]
    assert offenders == []


@pytest.mark.django_db
def test_public_vote_codes_count_an_ipv6_client_by_its_64(settings):
    settings.PUBLIC_VOTE_LIMITS = {**settings.PUBLIC_VOTE_LIMITS, "code_per_ip": 2, "code_per_subnet": 100}
    campaign, _apps = public_campaign()
    for n in range(2):
        ballots.code_request(campaign=campaign, contact=f"v6{n}@example.cn", ip=f"2001:db8:5:6::{n + 1}")
    with pytest.raises(ValidationError, match="此网络地址请求验证码过于频繁"):
        ballots.code_request(campaign=campaign, contact="v69@example.cn", ip="2001:db8:5:6:abcd::3")
    ballots.code_request(campaign=campaign, contact="v7@example.cn", ip="2001:db8:5:7::1")  # the next /64


@pytest.mark.django_db
def test_the_login_lockout_counts_an_ipv6_client_by_its_64(client, settings):
    """Issue 21 item 5: wrong passwords from addresses that change inside one /64 are one client."""
    settings.AXES_ENABLED = True
    settings.AXES_FAILURE_LIMIT = 3
    settings.TRUSTED_PROXIES = []
    UserFactory(username="committee2")
    for n in range(3):
        client.post(
            reverse("login"),
            {"username": "committee2", "password": "wrong"},
            REMOTE_ADDR=f"2001:db8:7:8::{n + 1}",
        )
    refused = client.post(
        reverse("login"), {"username": "committee2", "password": PASSWORD}, REMOTE_ADDR="2001:db8:7:8:1:2:3:4"
    )
    assert refused.status_code == 429
    assert "_auth_user_id" not in client.session
