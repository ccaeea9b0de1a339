"""In-page notifications (and email after commit) from the scoring app."""

import logging

from django.contrib.auth import get_user_model
from django.core.mail import send_mail
from django.db import transaction

from awards.permissions import Role
from workflow.models import Notification

logger = logging.getLogger(__name__)


def _send(subject: str, body: str, address: str) -> None:
    try:
        send_mail(subject, body, None, [address])
    except Exception:  # noqa: BLE001 - a mail failure must not undo the recorded notification
        logger.exception("notification mail to %s failed", address)


def notify_users(users, *, subject: str, body: str, link: str = "") -> None:
    for user in users:
        Notification.objects.create(user=user, subject=subject, body=body, link=link)
        if user.email:
            transaction.on_commit(lambda u=user: _send(subject, body, u.email))


def office_users():
    return get_user_model().objects.filter(groups__name=Role.OFFICE, is_active=True).distinct()
