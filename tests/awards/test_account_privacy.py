"""Registration and password reset reveal no account (issue 10, defect 8); the confirmation mail is readable
text and a login before confirming says so (issue 13, item 8)."""

import io
import re

import pytest
from django.contrib.auth.models import User
from django.core import mail
from django.core.mail.backends.console import EmailBackend
from django.urls import reverse

from tests.factories import user_with_role

pytestmark = pytest.mark.django_db

GOOD = {
    "username": "liming",
    "email": "liming@example.cn",
    "phone": "13912345678",
    "password1": "Zhihui-Gongjiang-2026",
    "password2": "Zhihui-Gongjiang-2026",
}


def register(client, **overrides):
    return client.post(reverse("awards:register"), {**GOOD, **overrides})


def page_text(response) -> str:
    html = response.content.decode()
    return re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", html)


def test_an_existing_email_gets_the_same_page_and_its_owner_a_mail(client):
    owner = User.objects.create_user("someone", "liming@example.cn", "x")
    taken = register(client)
    assert taken.status_code == 200 and "确认邮件已发送至 liming@example.cn" in taken.content.decode()
    assert not User.objects.filter(username="liming").exists()
    assert mail.outbox[-1].to == ["liming@example.cn"]
    assert f"本邮箱已有账号（用户名 {owner.username}）" in mail.outbox[-1].body
    assert "http://testserver" + reverse("password_reset") in mail.outbox[-1].body


def test_an_existing_user_name_gets_the_same_page_and_a_mail_asking_for_another_name(client):
    User.objects.create_user("LiMing", "other@example.cn", "x")
    taken = register(client)
    User.objects.filter(username="LiMing").delete()
    fresh = register(client, username="liming", email="liming@example.cn")
    assert page_text(taken) == page_text(fresh)
    first, second = mail.outbox[-2:]
    assert first.to == ["liming@example.cn"] and "用户名“liming”已被他人使用，账号未建立" in first.body
    assert "/accounts/confirm/" in second.body


def test_the_form_never_says_a_name_or_email_is_registered(client):
    User.objects.create_user("liming", "liming@example.cn", "x")
    html = register(client).content.decode()
    assert "已被注册" not in html and "该邮箱已注册" not in html


def test_password_reset_answers_the_same_for_a_known_and_an_unknown_email(client):
    User.objects.create_user("wang", "wang@example.cn", "Old-Password-2026")
    known = client.post(reverse("password_reset"), {"email": "wang@example.cn"}, follow=True)
    unknown = client.post(reverse("password_reset"), {"email": "nobody@example.cn"}, follow=True)
    assert known.redirect_chain == unknown.redirect_chain
    assert page_text(known) == page_text(unknown)
    assert len(mail.outbox) == 1


def test_the_confirmation_mail_is_plain_utf8_text_with_a_readable_link(client):
    register(client)
    message = mail.outbox[-1]
    raw = message.message().as_bytes()
    assert b"Content-Transfer-Encoding: 8bit" in raw and b"base64" not in raw
    link = re.search(r"http://testserver/accounts/confirm/\S+/", message.body).group(0)
    stream = io.StringIO()
    EmailBackend(stream=stream).send_messages([message])
    printed = stream.getvalue()
    assert link in printed and "请在3天内打开以下链接确认邮箱并激活账号" in printed


def test_the_password_reset_mail_is_plain_text_too(client):
    User.objects.create_user("wang", "wang@example.cn", "Old-Password-2026")
    client.post(reverse("password_reset"), {"email": "wang@example.cn"})
    raw = mail.outbox[-1].message().as_bytes()
    assert b"base64" not in raw and b"/accounts/reset/" in raw


def login(client, username, password):
    return client.post(reverse("login"), {"username": username, "password": password})


def test_login_before_confirming_with_the_right_password_says_confirm_first_with_a_resend_button(client):
    register(client)
    html = login(client, "liming", GOOD["password1"]).content.decode()
    assert "请先确认邮箱" in html and 'id="resend-link"' in html
    assert reverse("awards:resend_confirmation") in html


def test_login_before_confirming_with_a_wrong_password_says_nothing_more(client):
    register(client)
    wrong = page_text(login(client, "liming", "Wrong-Password-1"))
    nobody = page_text(login(client, "nobody", "Wrong-Password-1"))
    assert "请先确认邮箱" not in wrong and 'id="resend-link"' not in wrong
    assert wrong.replace("liming", "nobody") == nobody


def test_a_deactivated_confirmed_account_is_not_told_to_confirm(client):
    user = user_with_role("applicant", username="gone")
    from django.utils import timezone

    from awards.models import AccountProfile

    AccountProfile.objects.create(user=user, email_confirmed_at=timezone.now())
    User.objects.filter(pk=user.pk).update(is_active=False)
    assert "请先确认邮箱" not in login(client, "gone", "demo-pass-2026").content.decode()


def test_the_resend_button_sends_a_new_link_that_activates_the_account(client, settings):
    settings.CONFIRMATION_RESEND_LIMIT = 1
    register(client)
    html = login(client, "liming", GOOD["password1"]).content.decode()
    token = re.search(r'name="token" value="([^"]+)"', html).group(1)
    sent = len(mail.outbox)
    response = client.post(reverse("awards:resend_confirmation"), {"token": token}, follow=True)
    assert (
        len(mail.outbox) == sent + 1 and "确认邮件已重新发送至 liming@example.cn" in response.content.decode()
    )
    again = client.post(reverse("awards:resend_confirmation"), {"token": token}, follow=True)
    assert len(mail.outbox) == sent + 1 and "确认邮件已多次发送" in again.content.decode()
    link = re.search(r"http://testserver(/accounts/confirm/\S+/)", mail.outbox[-1].body).group(1)
    client.get(link)
    assert client.login(username="liming", password=GOOD["password1"])


def test_a_forged_resend_token_is_refused(client):
    register(client)
    sent = len(mail.outbox)
    response = client.post(reverse("awards:resend_confirmation"), {"token": "1:forged"}, follow=True)
    assert "重新发送链接已失效" in response.content.decode() and len(mail.outbox) == sent
