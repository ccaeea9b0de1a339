"""修改密码 (issue 26 item 1 found it in the admin's look): the page is in the site's layout and reached from 账号安全;
a wrong current password or a weak new one is refused in the user's language with nothing changed; a change keeps
this session, ends the account's other sessions and is written to the security log."""

import pytest
from django.contrib.auth.models import User
from django.test import Client
from django.urls import reverse

from security.models import SecurityEvent, UserSession
from tests.factories import user_with_role

pytestmark = pytest.mark.django_db
PASSWORD = "demo-pass-2026"
NEW = "Xin-mima-2026-honors"


def _login(client, user, agent):
    assert (
        client.post(
            reverse("login"), {"username": user.username, "password": PASSWORD}, HTTP_USER_AGENT=agent
        )
    ).status_code == 302


def test_the_page_is_in_the_sites_layout_and_linked_from_account_security(client):
    user = user_with_role("applicant", username="pc-1")
    _login(client, user, "Browser-A")
    account = client.get(reverse("security:account")).content.decode()
    assert f'id="change-password" href="{reverse("password_change")}"' in account
    page = client.get(reverse("password_change")).content.decode()
    assert "<title>修改密码</title>" in page and 'class="site-header"' in page
    assert "站点管理" not in page and "admin/css" not in page
    assert 'name="old_password"' in page and 'name="new_password2"' in page


def test_a_wrong_current_password_or_a_weak_new_one_is_refused_and_nothing_changes(client):
    user = user_with_role("applicant", username="pc-2")
    _login(client, user, "Browser-A")
    wrong = client.post(
        reverse("password_change"), {"old_password": "nope", "new_password1": NEW, "new_password2": NEW}
    )
    assert wrong.status_code == 200 and "旧密码不正确" in wrong.content.decode()
    assert 'aria-invalid="true"' in wrong.content.decode()
    weak = client.post(
        reverse("password_change"),
        {"old_password": PASSWORD, "new_password1": "12345678", "new_password2": "12345678"},
    )
    assert weak.status_code == 200 and 'class="error-summary"' in weak.content.decode()
    user.refresh_from_db()
    assert user.check_password(PASSWORD)
    assert not SecurityEvent.objects.filter(kind="password_changed").exists()


def test_a_change_keeps_this_session_ends_the_others_and_is_logged():
    user = user_with_role("applicant", username="pc-3")
    here, there = Client(), Client()
    _login(there, user, "Browser-A")
    _login(here, user, "Browser-B")
    response = here.post(
        reverse("password_change"), {"old_password": PASSWORD, "new_password1": NEW, "new_password2": NEW}
    )
    assert response.status_code == 302 and response["Location"] == reverse("security:account")
    assert "密码已修改；其他1个会话已退出。" in here.get(reverse("security:account")).content.decode()
    assert there.get(reverse("awards:my_applications"))["Location"].startswith(reverse("login"))
    assert here.get(reverse("awards:my_applications")).status_code == 200
    assert User.objects.get(pk=user.pk).check_password(NEW)
    event = SecurityEvent.objects.get(kind="password_changed")
    assert event.user_id == user.pk and event.details == {"other_sessions_ended": 1}
    # this session's row follows its new key: "sign out everywhere" later still finds it
    (row,) = UserSession.objects.filter(user=user, ended_at__isnull=True)
    assert row.session_key == here.session.session_key


def test_the_page_in_english(client):
    user = user_with_role("applicant", username="pc-4")
    _login(client, user, "Browser-A")
    client.post(reverse("set_language"), {"language": "en", "next": "/"})
    page = client.get(reverse("password_change")).content.decode()
    assert "<title>Change password</title>" in page and "Back to account security" in page


def test_with_no_other_session_the_message_says_only_that_the_password_changed(client):
    user = user_with_role("applicant", username="pc-5")
    _login(client, user, "Browser-A")
    client.post(
        reverse("password_change"), {"old_password": PASSWORD, "new_password1": NEW, "new_password2": NEW}
    )
    page = client.get(reverse("security:account")).content.decode()
    assert "密码已修改。" in page and "会话已退出" not in page


def test_the_form_is_in_the_page_s_language_and_a_refused_change_shows_its_errors(client):
    """The Chinese page after the English one (or the other way round) has its own labels and the password rules'
    help, and a refused change shows its errors."""
    user = user_with_role("applicant", username="pc-6")
    _login(client, user, "Browser-A")
    chinese = client.get(reverse("password_change")).content.decode()
    client.post(reverse("set_language"), {"language": "en", "next": "/"})
    english = client.get(reverse("password_change")).content.decode()
    assert ">旧密码</label>" in chinese and ">Old password</label>" not in chinese
    assert ">Old password</label>" in english and ">旧密码</label>" not in english
    assert english.count('name="new_password') == chinese.count('name="new_password') == 2
    refused = client.post(
        reverse("password_change"), {"old_password": "nope", "new_password1": NEW, "new_password2": NEW}
    ).content.decode()
    assert 'aria-invalid="true"' in refused and 'id="id_old_password_error"' in refused
