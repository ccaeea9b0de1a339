"""Accounts: registration with email confirmation, Django's password validators, password reset."""

import re

import pytest
from django.contrib.auth.models import User
from django.core import mail
from django.urls import reverse

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


def confirmation_link() -> str:
    return re.search(r"http://testserver(/accounts/confirm/\S+/)", mail.outbox[-1].body).group(1)


def test_registration_creates_an_inactive_applicant_and_sends_the_link(client):
    response = register(client)
    user = User.objects.get(username="liming")
    assert response.status_code == 200 and "确认邮件已发送至 liming@example.cn" in response.content.decode()
    assert not user.is_active
    assert list(user.groups.values_list("name", flat=True)) == ["applicant"]
    assert user.profile.phone == "13912345678"
    assert mail.outbox[-1].to == ["liming@example.cn"]


def test_the_confirmation_link_activates_the_account_and_login_works(client):
    register(client)
    response = client.get(confirmation_link())
    user = User.objects.get(username="liming")
    assert response.url == reverse("login")
    assert user.is_active and user.profile.email_confirmed_at is not None
    assert client.login(username="liming", password=GOOD["password1"])


def test_login_is_refused_before_the_email_is_confirmed(client):
    register(client)
    assert not client.login(username="liming", password=GOOD["password1"])


def test_a_tampered_confirmation_link_is_refused(client):
    register(client)
    response = client.get(confirmation_link().replace(":", "x", 1))
    assert response.status_code == 400
    assert "确认链接无效，请检查邮件中的链接是否完整。" in response.content.decode()


def test_short_and_numeric_passwords_are_refused_by_djangos_validators(client):
    html = register(client, password1="12345", password2="12345").content.decode()
    assert "此密码太短，至少要包含 10 个字符。" in html  # issue 25 item 5: at least 10
    assert "密码只包含数字。" in html
    assert "四类中的至少3类" in html  # security.validators.CharacterClassesValidator
    assert not User.objects.filter(username="liming").exists()


def test_different_passwords_are_refused(client):
    html = register(client, password2="Other-Password-2026").content.decode()
    assert "两次输入的密码不一致。" in html


def test_a_bad_phone_is_refused_at_registration(client):
    html = register(client, phone="555").content.decode()
    assert "联系电话格式不正确" in html


def test_password_reset_sends_a_link_that_sets_a_new_password(client):
    User.objects.create_user("wang", "wang@example.cn", "Old-Password-2026")
    client.post(reverse("password_reset"), {"email": "wang@example.cn"})
    path = re.search(r"http://testserver(/accounts/reset/\S+/)", mail.outbox[-1].body).group(1)
    form_url = client.get(path).url
    response = client.post(
        form_url, {"new_password1": "New-Password-2026", "new_password2": "New-Password-2026"}
    )
    assert response.status_code == 302
    assert client.login(username="wang", password="New-Password-2026")


def test_the_login_page_links_to_registration(client):
    assert reverse("awards:register") in client.get(reverse("login")).content.decode()
