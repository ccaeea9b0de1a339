"""Two-factor sign-in (issue 25 item 1): required by role, enrolment with a QR code, TOTP and single-use backup
codes, the office's reset of a lost device with a logged reason, the admin site behind it."""

import re
import time

import pytest
from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.urls import reverse
from django_otp.plugins.otp_static.models import StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from security.models import SecurityEvent
from tests.factories import user_with_role
from tests.security.twofactor.support import code, enrol, verified_login

pytestmark = pytest.mark.django_db
PASSWORD = "demo-pass-2026"


@pytest.fixture
def required(settings):
    settings.OTP_REQUIRED_ROLES = ["office", "committee", "expert", "admin"]


def _login(client, user):
    response = client.post(reverse("login"), {"username": user.username, "password": PASSWORD})
    assert response.status_code == 302, response.content.decode()[:500]
    return response


def test_a_required_role_is_sent_to_enrolment_and_gets_in_only_with_the_apps_code(client, required):
    office = user_with_role("office", username="o-1", is_staff=True)
    _login(client, office)
    response = client.get("/office/")
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("security:otp_setup"))
    page = client.get(response["Location"])
    assert page.status_code == 200
    svg = client.get(reverse("security:otp_qr"))
    assert svg["Content-Type"] == "image/svg+xml" and b"<svg" in svg.content
    device = TOTPDevice.objects.get(user=office, confirmed=False)
    secret = re.search(r'id="otp-secret">([A-Z2-7 ]+)<', page.content.decode()).group(1)
    assert secret.replace(" ", "") in device.config_url
    assert "issuer=" in device.config_url

    wrong = client.post(reverse("security:otp_setup"), {"token": "000000", "next": "/office/"})
    assert wrong.status_code == 400
    assert "验证码不正确" in wrong.content.decode()
    assert client.get("/office/").status_code == 302  # still not in
    time.sleep(1.1)  # django-otp waits a second after a wrong code before it checks the next

    done = client.post(reverse("security:otp_setup"), {"token": code(device), "next": "/office/"})
    assert done.status_code == 302 and done["Location"].startswith(reverse("security:backup_codes"))
    codes_page = client.get(done["Location"]).content.decode()
    codes = re.findall(r"<li><code>([a-z2-7]+)</code></li>", codes_page)
    assert len(codes) == 10
    assert client.get(done["Location"]).content.decode().count("<li><code>") == 0  # shown once
    assert client.get("/office/").status_code == 200
    kinds = list(SecurityEvent.objects.filter(user=office).values_list("kind", flat=True))
    assert kinds[:1] == ["login_ok"] and "otp_failed" in kinds and "otp_enrolled" in kinds


def test_the_next_sign_in_asks_for_a_code_and_takes_a_backup_code_once(client, required):
    expert = user_with_role("expert", username="e-1")
    device = enrol(expert)
    token = StaticToken.objects.create(
        device=expert.staticdevice_set.create(name="backup", confirmed=True), token="abcd2345"
    )
    _login(client, expert)
    response = client.get("/expert/")
    assert response["Location"].startswith(reverse("security:otp_verify"))
    assert client.post(reverse("security:otp_verify"), {"token": "123456"}).status_code == 400
    throttled = client.post(reverse("security:otp_verify"), {"token": code(device)})
    assert "次数过多" in throttled.content.decode()  # right away after a wrong code: wait
    time.sleep(1.1)
    ok = client.post(reverse("security:otp_verify"), {"token": token.token, "next": "/expert/"})
    assert ok.status_code == 302 and ok["Location"] == "/expert/"
    assert not StaticToken.objects.filter(pk=token.pk).exists()
    assert client.get("/expert/").status_code == 200
    event = SecurityEvent.objects.filter(kind="backup_code_used").get()
    assert event.details == {"backup_codes_left": 0} and event.username == "e-1"

    client.post(reverse("logout"))
    _login(client, expert)
    assert client.post(reverse("security:otp_verify"), {"token": token.token}).status_code == 400  # used up
    # a wrong backup code is not a wrong code of the app: the app's code is taken at once
    ok = client.post(reverse("security:otp_verify"), {"token": code(device), "next": "/expert/"})
    assert ok.status_code == 302
    assert client.get("/expert/").status_code == 200


def test_applicants_are_not_asked_but_may_enable_it_and_then_are_asked(client, required):
    applicant = user_with_role("applicant", username="a-1")
    _login(client, applicant)
    assert client.get(reverse("awards:my_applications")).status_code == 200
    page = client.get(reverse("security:account")).content.decode()
    assert "未启用" in page
    client.get(reverse("security:otp_setup"))
    device = TOTPDevice.objects.get(user=applicant)
    client.post(reverse("security:otp_setup"), {"token": code(device)})
    client.post(reverse("logout"))
    _login(client, applicant)
    assert client.get(reverse("awards:my_applications"))["Location"].startswith(
        reverse("security:otp_verify")
    )
    client.post(reverse("security:otp_verify"), {"token": code(device, drift=1)})
    assert client.get(reverse("awards:my_applications")).status_code == 200
    assert client.post(reverse("security:otp_disable")).status_code == 302
    assert not TOTPDevice.objects.filter(user=applicant).exists()


def test_a_required_role_cannot_disable_it(client, required):
    committee = user_with_role("committee", username="c-1")
    verified_login(client, committee)
    assert client.post(reverse("security:otp_disable")).status_code == 403
    assert TOTPDevice.objects.filter(user=committee).exists()


def test_the_office_resets_a_lost_device_with_a_reason_and_the_members_sessions_end(client, required):
    from django.test import Client

    office = user_with_role("office", username="o-2", is_staff=True)
    expert = user_with_role("expert", username="e-2", first_name="王专家")
    enrol(expert)
    theirs = Client()
    verified_login(theirs, expert)
    assert theirs.get("/expert/").status_code == 200
    verified_login(client, office)
    listing = client.get(reverse("security:office_members")).content.decode()
    assert "e-2" in listing and "已绑定" in listing
    url = reverse("security:office_reset", args=[expert.pk])
    client.post(url, {"reason": ""})
    assert TOTPDevice.objects.filter(user=expert).exists()  # no reason: refused
    client.post(url, {"reason": "手机丢失，已电话核实本人身份"})
    assert not TOTPDevice.objects.filter(user=expert).exists()
    event = SecurityEvent.objects.get(kind="otp_reset")
    assert event.user == office and event.details["member"] == "e-2"
    assert event.details["reason"] == "手机丢失，已电话核实本人身份"
    assert theirs.get("/expert/")["Location"].startswith(reverse("login"))  # signed out
    assert (
        client.post(
            reverse("security:office_reset", args=[office.pk]), {"reason": "自己重置自己"}
        ).status_code
        == 403
    )


def test_only_the_office_may_reset(client, required):
    committee = user_with_role("committee", username="c-2")
    expert = user_with_role("expert", username="e-3")
    enrol(expert)
    verified_login(client, committee)
    assert (
        client.post(reverse("security:office_reset", args=[expert.pk]), {"reason": "试试看重置"}).status_code
        == 403
    )
    assert TOTPDevice.objects.filter(user=expert).exists()
    assert SecurityEvent.objects.filter(kind="access_denied", user=committee).exists()


def test_the_admin_site_requires_the_second_factor(client, required):
    admin = User.objects.create_superuser("root-1", "root@example.cn", PASSWORD)
    client.force_login(admin)
    response = client.get("/admin/")
    assert response.status_code == 302 and response["Location"].startswith(reverse("security:otp_setup"))
    verified_login(client, admin)
    assert client.get("/admin/").status_code == 200


def test_without_the_setting_nobody_is_asked(client, settings):
    settings.OTP_REQUIRED_ROLES = []
    office = user_with_role("office", username="o-3", is_staff=True)
    client.force_login(office)
    assert client.get("/office/").status_code == 200


def test_password_rules(settings):
    from django.contrib.auth.password_validation import validate_password

    user = User(username="zhangsan", email="zhangsan@example.cn")
    validate_password("Pudong-2026x", user)
    for weak, why in [
        ("Ab1!xyz", "至少"),  # shorter than 10
        ("pudongxinqu2026", "四类"),  # two classes only
        ("zhangsan2026!", "相似"),  # like the user name
        ("Password1234", "常见"),
    ]:
        with pytest.raises(ValidationError) as refused:
            validate_password(weak, user)
        assert any(why in m or "too" in m for m in refused.value.messages), (weak, refused.value.messages)


def test_the_pages_in_english(client, required):
    office = user_with_role("office", username="o-en", is_staff=True)
    client.cookies["django_language"] = "en"
    client.force_login(office)
    setup = client.get(reverse("security:otp_setup")).content.decode()
    assert "Enrol an authenticator" in setup and "Scan the QR code" in setup and "绑定" not in setup
    verified_login(client, office)
    account = client.get(reverse("security:account")).content.decode()
    assert "Two-step verification" in account and "Sign out all other sessions" in account
    assert "Your role is signed out after 15 minutes" in account
