"""Mailbox flooding (issue 21 item 6): mails are limited per normalised mailbox and per client, and the pages
say so with the numbers. Each test repeats the issue's flood and counts what was sent and created."""

import pytest
from django.contrib.auth.models import User
from django.core import mail
from django.test import Client
from django.urls import reverse

from config.mail import normalise_mailbox
from scoring.models import VerificationCode
from tests.factories import user_with_role
from tests.scoring.public_input.builders import public_campaign

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "address, mailbox",
    [
        ("Victim@Example.cn", "victim@example.cn"),
        ("victim+7@example.cn", "victim@example.cn"),
        ("v.i.c.t.i.m+spam@gmail.com", "victim@gmail.com"),
        ("Vic.Tim@googlemail.com", "victim@gmail.com"),
        ("vic.tim@example.cn", "vic.tim@example.cn"),  # dots matter elsewhere
        ("  victim@example.cn ", "victim@example.cn"),
    ],
)
def test_normalise_mailbox(address, mailbox):
    assert normalise_mailbox(address) == mailbox


def registration(n: int, email: str) -> dict:
    return {
        "username": f"user{n}",
        "email": email,
        "phone": "13912345678",
        "password1": "Zhihui-Gongjiang-2026",
        "password2": "Zhihui-Gongjiang-2026",
    }


def test_thirty_code_requests_to_one_gmail_mailbox_send_three_mails(client, settings):
    campaign, _apps = public_campaign()
    url = reverse("public_input:verify", args=[campaign.pk])
    pages = []
    for n in range(30):
        pages.append(
            Client().post(  # a new browser each time (one browser may only resend after a minute, decisions 253)
                url,
                {"step": "request", "contact": f"victim+{n}@gmail.com"},
                REMOTE_ADDR=f"198.51.{n}.7",  # every request from another network: only the mailbox counts
            )
        )
    limit = settings.PUBLIC_VOTE_LIMITS["code_per_identity"]
    assert len(mail.outbox) == limit == 3
    assert VerificationCode.objects.count() == limit
    refused = pages[-1].content.decode()
    assert pages[-1].status_code == 400
    # the aliases are one voter (decisions 240) and one mailbox: whichever limit answers first, it says so
    assert (
        "向该邮箱发送的验证码已达上限（每小时最多 3 封，同一邮箱的不同写法合并计算）" in refused
        or "该手机号码或邮箱请求验证码过于频繁，请一小时后再试。" in refused
    )
    assert 'value="victim+29@gmail.com"' in refused


def test_fifteen_password_resets_of_one_address_send_three_mails(client):
    user_with_role("applicant", email="wang.wei@gmail.com")
    for n in range(15):
        address = "wang.wei@gmail.com" if n % 2 else "Wang.Wei@GMAIL.com"  # both reach the account
        response = client.post(reverse("password_reset"), {"email": address}, REMOTE_ADDR=f"198.51.100.{n}")
    assert len(mail.outbox) == 3
    assert response.status_code == 429
    assert "向该邮箱发送的邮件已达上限（每 60 分钟最多 3 封）" in response.content.decode()


def test_fifteen_registrations_naming_one_address_send_three_mails(client):
    for n in range(15):
        response = client.post(
            reverse("awards:register"),
            registration(n, "victim@example.cn" if n % 2 else "Victim@Example.cn"),
            REMOTE_ADDR=f"198.51.100.{n}",
        )
    assert len(mail.outbox) == 3  # the confirmation, then two notes to the address's owner
    assert User.objects.filter(email__iexact="victim@example.cn").count() == 1
    assert response.status_code == 429
    assert "向该邮箱发送的邮件已达上限（每 60 分钟最多 3 封）" in response.content.decode()


def test_registrations_naming_tagged_forms_of_one_mailbox_share_its_limit(client):
    for n in range(15):
        client.post(
            reverse("awards:register"),
            registration(n, f"victim+{n}@example.cn"),
            REMOTE_ADDR=f"198.51.100.{n}",
        )
    assert len(mail.outbox) == 3
    assert {tuple(m.to) for m in mail.outbox} == {
        ("victim+0@example.cn",),
        ("victim+1@example.cn",),
        ("victim+2@example.cn",),
    }


def test_twenty_registrations_from_one_client_make_ten_accounts(client, settings):
    """Also what probing user names through the registration mail costs: ten answers per client and hour."""
    for n in range(20):
        response = client.post(
            reverse("awards:register"), registration(n, f"person{n}@example.cn"), REMOTE_ADDR="203.0.113.9"
        )
    assert settings.MAIL_LIMITS["per_client"] == 10
    assert User.objects.filter(username__startswith="user").count() == 10
    assert len(mail.outbox) == 10
    html = response.content.decode()
    assert response.status_code == 429
    assert "您的网络地址提交次数过多（每 60 分钟最多 10 次），请稍后再试。" in html
    assert 'value="person19@example.cn"' in html


def test_the_pages_state_the_limits(client):
    expected = "为防止邮箱被滥发：每 60 分钟内，同一邮箱最多收到 3 封此类邮件，同一网络地址最多提交 10 次。"
    assert expected in client.get(reverse("awards:register")).content.decode()
    assert expected in client.get(reverse("password_reset")).content.decode()
