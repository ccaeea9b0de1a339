"""Notices to people: the notification on their page and its email (workflow's `Notification`)."""

from django.urls import reverse
from django.utils import timezone


def tell(user, subject: str, body: str = "", link: str = "", *, mail: bool = True) -> None:
    """A notice on the user's page (/me/ or /unit/) and, with `mail`, a `body` and the user's email, a mail."""
    # upward: notices are workflow's model and its quiet mailer; awards only writes them
    from workflow.models import Notification
    from workflow.notifications import mail_quietly

    Notification.objects.create(user=user, subject=str(subject)[:200], body=body, link=link)
    if mail and body and user.email:
        mail_quietly(subject, body, user.email)


def tell_unit(organization, subject: str, body: str = "") -> None:
    """Every account of `organization`, with a link to its workbench (推荐机构工作台)."""
    for user in organization.staff.all():
        tell(user, subject, body, link=reverse("awards:recommender_home"))


def notification_mark_read(*, user, notification_id: int) -> None:
    # upward: see tell()
    from workflow.models import Notification

    Notification.objects.filter(pk=notification_id, user=user, read_at__isnull=True).update(
        read_at=timezone.now()
    )
