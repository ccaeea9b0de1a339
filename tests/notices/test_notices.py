"""The notices app (docs/architecture.md §3): the in-page `Notification` rows for the given users and their mail
after commit, a failing mail server that never undoes a step, and the read mark of one's own notice."""

import logging

import pytest
from django.core import mail

from config.mail import MailNotSent
from notices import services
from notices.models import Notification
from notices.services import notification_mark_read, notify
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_each_user_is_told_once_on_the_page_and_by_mail_after_commit(django_capture_on_commit_callbacks):
    one, two, silent = UserFactory(), UserFactory(), UserFactory(email="")
    with django_capture_on_commit_callbacks(execute=False) as mails:
        told = notify(
            [one, None, two, one, silent], subject="评分提醒" * 60, body="请尽快提交。", link="/expert/"
        )
    assert told == 3
    rows = Notification.objects.order_by("pk")
    assert [n.user for n in rows] == [one, two, silent]
    assert {(len(n.subject), n.body, n.link, n.kind) for n in rows} == {(200, "请尽快提交。", "/expert/", "")}
    assert (
        mail.outbox == [] and len(mails) == 2
    )  # not before the transaction commits, and none without an address
    for send in mails:
        send()
    assert sorted(m.to[0] for m in mail.outbox) == sorted([one.email, two.email])
    assert mail.outbox[0].subject == "评分提醒" * 60  # the mail keeps the whole subject


def test_no_mail_without_a_body_or_when_asked_for_none(django_capture_on_commit_callbacks):
    user = UserFactory()
    with django_capture_on_commit_callbacks(execute=True):
        notify([user], subject="推荐邀请", body="请打开邀请页面。", mail=False)
        notify([user], subject="已读提示")
    assert Notification.objects.filter(user=user).count() == 2 and mail.outbox == []


def test_a_mail_server_failure_is_logged_and_the_notice_stays(
    django_capture_on_commit_callbacks, monkeypatch, caplog
):
    def refuse(*args, **kwargs):
        raise MailNotSent("550")

    monkeypatch.setattr(services, "send_plain_mail", refuse)
    user = UserFactory()
    with caplog.at_level(logging.ERROR, logger="notices.services"):
        with django_capture_on_commit_callbacks(execute=True):
            notify([user], subject="申报已提交", body="您的申报已提交。")
    assert Notification.objects.filter(user=user).exists()
    assert f"notification email to {user.email} failed" in caplog.text


def test_only_ones_own_notice_is_marked_read():
    mine, other = UserFactory(), UserFactory()
    notify([mine, other], subject="通知", mail=False)
    theirs = Notification.objects.get(user=other)
    notification_mark_read(user=mine, notification_id=theirs.pk)
    notification_mark_read(user=mine, notification_id=Notification.objects.get(user=mine).pk)
    assert Notification.objects.get(user=mine).read_at is not None
    assert Notification.objects.get(user=other).read_at is None
