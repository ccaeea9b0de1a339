"""Sessions (issue 25 item 5) and the security event log (item 6): one's own sessions and "sign out
everywhere", the idle timeout of privileged roles, the notice of a sign-in from a new browser; the log chained,
exported as JSON lines, never purged within 180 days."""

import datetime
import io
import json
import time

import pytest
from django.contrib.auth.models import User
from django.core import mail
from django.core.management import CommandError, call_command
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from security.events import record_security_event, verify_security_log
from security.models import SecurityEvent, UserSession
from tests.factories import user_with_role

pytestmark = pytest.mark.django_db
PASSWORD = "demo-pass-2026"


def _login(client, user, agent="Browser-A"):
    response = client.post(
        reverse("login"), {"username": user.username, "password": PASSWORD}, HTTP_USER_AGENT=agent
    )
    assert response.status_code == 302
    return response


def test_own_sessions_are_listed_and_sign_out_everywhere_ends_the_others():
    user = user_with_role("applicant", username="s-1")
    first, second = Client(), Client()
    _login(first, user, "Browser-A")
    _login(second, user, "Browser-B")
    page = second.get(reverse("security:account")).content.decode()
    assert "Browser-A" in page and "Browser-B" in page and "本会话" in page
    assert second.post(reverse("security:sessions_end")).status_code == 302
    assert first.get(reverse("awards:my_applications"))["Location"].startswith(reverse("login"))
    assert second.get(reverse("awards:my_applications")).status_code == 200
    assert UserSession.objects.filter(user=user, ended_at__isnull=True).count() == 1
    assert SecurityEvent.objects.get(kind="sessions_ended").details == {"sessions": 1}


def test_a_privileged_session_idle_past_the_limit_is_signed_out(client, settings):
    settings.SESSION_IDLE_TIMEOUT_MINUTES = 15
    office = user_with_role("office", username="s-2", is_staff=True)
    _login(client, office)
    assert client.get("/office/").status_code == 200
    page = client.get("/office/").content.decode()
    assert 'id="idle-warning"' in page and 'data-timeout="900"' in page
    session = client.session
    session["security_last_activity"] = time.time() - 15 * 60 - 5
    session.save()
    response = client.get("/office/")
    assert response.status_code == 302 and response["Location"].startswith(reverse("login"))
    assert client.get("/office/")["Location"].startswith(reverse("login"))  # signed out
    assert SecurityEvent.objects.filter(kind="idle_timeout", user=office).exists()


def test_applicants_have_no_idle_timeout(client):
    applicant = user_with_role("applicant", username="s-3")
    _login(client, applicant)
    session = client.session
    session["security_last_activity"] = time.time() - 3600
    session.save()
    page = client.get(reverse("awards:my_applications"))
    assert page.status_code == 200 and 'id="idle-warning"' not in page.content.decode()


def test_a_sign_in_from_a_new_browser_is_mailed_to_the_owner():
    user = user_with_role("expert", username="s-4", email="s4@example.cn")
    known = Client()
    _login(known, user)
    known.post(reverse("logout"))
    _login(known, user)  # the same browser (its cookie): no notice
    assert mail.outbox == []
    _login(Client(), user, "Browser-New")
    assert len(mail.outbox) == 1 and mail.outbox[0].to == ["s4@example.cn"]
    assert "新的设备" in mail.outbox[0].body and "Browser-New" in mail.outbox[0].body
    assert SecurityEvent.objects.filter(kind="new_device", user=user).count() == 1


def test_sign_in_failures_and_refused_access_are_logged(client):
    user = user_with_role("applicant", username="s-5")
    client.post(reverse("login"), {"username": "s-5", "password": "wrong-one-2026"})
    client.post(reverse("login"), {"username": "nobody-here", "password": "wrong-one-2026"})
    failed = SecurityEvent.objects.filter(kind="login_failed").order_by("chain_seq")
    assert [(e.username, e.user_id) for e in failed] == [("s-5", user.pk), ("nobody-here", None)]
    client.force_login(user)
    assert client.get("/office/").status_code == 403
    denied = SecurityEvent.objects.get(kind="access_denied")
    assert denied.user == user and denied.path == "/office/" and denied.details == {"method": "GET"}


def test_an_admin_change_is_logged(client):
    admin = User.objects.create_superuser("root-2", "root2@example.cn", PASSWORD)
    client.force_login(admin)
    target = user_with_role("applicant", username="s-6")
    client.post(reverse("admin:auth_user_delete", args=[target.pk]), {"post": "yes"})
    event = SecurityEvent.objects.get(kind="admin_change")
    assert event.user == admin and event.details["action"] == "delete" and event.details["object"] == "s-6"


def test_the_log_is_a_chain_that_shows_an_edit_or_a_deletion():
    for n in range(4):
        record_security_event("login_ok", None, None, username=f"u{n}")
    assert verify_security_log() == []
    SecurityEvent.objects.filter(chain_seq=2).update(username="someone-else")
    assert "row 2 was changed" in verify_security_log()[0]
    SecurityEvent.objects.filter(chain_seq=2).update(username="u1")
    assert verify_security_log() == []
    SecurityEvent.objects.filter(chain_seq=4).delete()
    assert verify_security_log() != []


def test_a_new_audit_key_is_logged_as_a_key_rotation(settings):
    record_security_event("login_ok", None, None, username="before")
    settings.AUDIT_HMAC_RETIRED_KEYS = f"k1={'x' * 10}"
    settings.AUDIT_HMAC_KEY_ID = "k2"
    settings.AUDIT_HMAC_KEY = "a-new-key-for-the-test"
    record_security_event("login_ok", None, None, username="after")
    kinds = list(SecurityEvent.objects.order_by("chain_seq").values_list("kind", "key_id"))
    assert kinds == [("login_ok", "k1"), ("key_rotation", "k2"), ("login_ok", "k2")]


def test_export_as_json_lines_since_a_date(tmp_path):
    old = record_security_event("login_ok", None, None, username="old")
    SecurityEvent.objects.filter(pk=old.pk).update(created_at=timezone.now() - datetime.timedelta(days=10))
    record_security_event("otp_reset", None, None, username="office", reason="手机丢失")
    since = (timezone.localdate() - datetime.timedelta(days=1)).isoformat()
    target = tmp_path / "security.jsonl"
    call_command("export_security_log", "--since", since, "--output", str(target), stderr=io.StringIO())
    lines = [json.loads(line) for line in target.read_text(encoding="utf-8").splitlines()]
    assert [(r["kind"], r["username"], r["details"]) for r in lines] == [
        ("otp_reset", "office", {"reason": "手机丢失"})
    ]
    assert lines[0]["time"].endswith("Z") and len(lines[0]["row_hash"]) == 64 and lines[0]["seq"] == 2
    with pytest.raises(CommandError):
        call_command("export_security_log", "--since", "last tuesday")


def test_purging_within_180_days_is_refused_and_older_rows_go_with_the_chain_intact():
    for n in range(3):
        record_security_event("login_ok", None, None, username=f"p{n}")
    SecurityEvent.objects.filter(chain_seq__lte=2).update(
        created_at=timezone.now() - datetime.timedelta(days=200)
    )
    recent = (timezone.now() - datetime.timedelta(days=30)).date().isoformat()
    with pytest.raises(CommandError, match="180"):
        call_command("purge_security_log", "--before", recent)
    assert SecurityEvent.objects.count() == 3
    cutoff = (timezone.now() - datetime.timedelta(days=190)).date().isoformat()
    call_command("purge_security_log", "--before", cutoff, stdout=io.StringIO())
    assert list(SecurityEvent.objects.order_by("chain_seq").values_list("kind", flat=True)) == [
        "login_ok",
        "log_purged",
    ]
    assert verify_security_log() == []
    call_command("verify_security_log", stdout=io.StringIO())


def test_the_demo_prints_each_privileged_accounts_second_factor(settings):
    from demo.accounts import ensure_accounts
    from security.demo import demo_secret, seed_all_demo_accounts

    settings.OTP_REQUIRED_ROLES = ["office", "committee", "expert", "admin"]
    users = ensure_accounts()
    seed_all_demo_accounts(users)
    out = io.StringIO()
    call_command("print_demo_accounts", stdout=out)
    text = out.getvalue()
    office_line = next(line for line in text.splitlines() if line.startswith("office "))
    assert demo_secret("office") in office_line
    applicant_line = next(line for line in text.splitlines() if line.startswith("applicant1 "))
    assert "两步验证" not in applicant_line
    client = Client()
    _login(client, users["expert1"])
    from tests.security.twofactor.support import code

    device = users["expert1"].totpdevice_set.get()
    client.post(reverse("security:otp_verify"), {"token": code(device)})
    assert client.get("/expert/").status_code == 200
