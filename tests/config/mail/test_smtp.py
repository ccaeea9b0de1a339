"""Mail as documented (issue 21 item 3, issue 24 item 1): the SMTP backend configured by the documented variables
delivers to a real SMTP server; a server that refuses the message gives a page in the layout that says so, never a
500, and nothing is left half-created."""

import pytest
from django.contrib.auth.models import User
from django.urls import reverse

from scoring.models import VerificationCode
from tests.factories import user_with_role
from tests.scoring.public_input.builders import public_campaign

pytestmark = pytest.mark.django_db

REGISTRATION = {
    "username": "liming",
    "email": "liming@example.cn",
    "phone": "13912345678",
    "password1": "Zhihui-Gongjiang-2026",
    "password2": "Zhihui-Gongjiang-2026",
}
FAILED = "邮件发送失败，请稍后再试。"
LAYOUT = "智慧城市荣誉评选"  # the brand of base.html


def test_registration_mails_the_confirmation_through_the_smtp_server(client, smtp_mailer):
    response = client.post(reverse("awards:register"), REGISTRATION)
    assert response.status_code == 200 and "确认邮件已发送至 liming@example.cn" in response.content.decode()
    [(recipients, message)] = smtp_mailer.messages
    assert recipients == ["liming@example.cn"]
    assert "/accounts/confirm/" in message.get_content()
    assert User.objects.get(username="liming").is_active is False


def test_a_refused_registration_mail_is_a_page_in_the_layout_and_leaves_no_account(client, refusing_mailer):
    response = client.post(reverse("awards:register"), REGISTRATION)
    html = response.content.decode()
    assert response.status_code == 503
    assert FAILED in html and LAYOUT in html
    assert 'value="liming@example.cn"' in html  # the form as typed, to send again later
    assert not User.objects.filter(username="liming").exists()


def test_an_unreachable_mail_server_is_the_same_page(client, settings):
    from config.mailers import mailer_from_environ
    from tests.config.mail.conftest import free_port, smtp_environ

    settings.MAILERS = {"default": mailer_from_environ(smtp_environ(free_port()), default_backend="unused")}
    response = client.post(reverse("awards:register"), REGISTRATION)
    assert response.status_code == 503 and FAILED in response.content.decode()
    assert not User.objects.filter(username="liming").exists()


def test_password_reset_goes_through_the_smtp_server(client, smtp_mailer):
    user_with_role("applicant", email="wang@example.cn")
    response = client.post(reverse("password_reset"), {"email": "wang@example.cn"})
    assert response.status_code == 302
    [(recipients, message)] = smtp_mailer.messages
    assert recipients == ["wang@example.cn"] and "/accounts/reset/" in message.get_content()


def test_a_refused_password_reset_mail_is_a_page_in_the_layout(client, refusing_mailer):
    user_with_role("applicant", email="wang@example.cn")
    response = client.post(reverse("password_reset"), {"email": "wang@example.cn"})
    html = response.content.decode()
    assert response.status_code == 503 and FAILED in html and LAYOUT in html
    assert reverse("password_reset") in html  # the way back


def test_a_code_goes_through_the_smtp_server(client, smtp_mailer):
    campaign, _apps = public_campaign()
    url = reverse("public_input:verify", args=[campaign.pk])
    response = client.post(url, {"step": "request", "contact": "citizen@example.cn"})
    assert response.status_code == 302
    [(recipients, message)] = smtp_mailer.messages
    assert recipients == ["citizen@example.cn"] and "验证码为" in message.get_content()


def test_a_refused_code_mail_keeps_the_contact_and_stores_no_code(client, refusing_mailer):
    """Issue 24 item 1: the citizen sees the page in the layout with the contact kept, not 'Server Error (500)'."""
    campaign, _apps = public_campaign()
    url = reverse("public_input:verify", args=[campaign.pk])
    response = client.post(url, {"step": "request", "contact": "citizen@example.cn"})
    html = response.content.decode()
    assert response.status_code == 400 and FAILED in html and LAYOUT in html
    assert 'value="citizen@example.cn"' in html
    assert not VerificationCode.objects.exists()


def test_a_refused_invitation_mail_leaves_no_invitation_and_no_account(client, refusing_mailer):
    """A unit's invitation to a new person makes an account whose only way in is the mailed link: no mail, no
    account and no invitation, and the unit is told (it was told "已向…发出推荐邀请" before)."""
    from awards.models import RecommendationInvitation
    from tests.awards.applicant_support import open_campaign
    from tests.factories import OrganizationFactory

    org = OrganizationFactory(name="上海城市数据有限公司")
    staff = user_with_role("recommender")
    org.staff.add(staff)
    campaign = open_campaign()
    client.force_login(staff)
    response = client.post(
        reverse("awards:recommender_start"),
        {"campaign": campaign.pk, "organization": org.pk, "name": "赵工", "email": "zhao@example.cn"},
    )
    html = response.content.decode()
    assert response.status_code == 503 and FAILED in html and LAYOUT in html
    assert not User.objects.filter(email="zhao@example.cn").exists()
    assert not RecommendationInvitation.objects.exists()
