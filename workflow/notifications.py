"""Notifications to the people a transition concerns: email (Django's backend) and in-page."""

from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.utils import translation

from workflow.models import Notification


def notify_transition(kind: str, *, campaign, application=None, reason: str = "") -> None:
    recipients = []
    if application is not None:
        recipients.append(application.applicant)
    for user in recipients:
        if user is None:
            continue
        with translation.override("zh-hans"):
            context = {"campaign": campaign, "application": application, "reason": reason, "kind": kind}
            subject = render_to_string("emails/subject.txt", context).strip()
            body = render_to_string("emails/body.txt", context)
        Notification.objects.create(user=user, subject=subject, body=body)
        if user.email:
            send_mail(subject, body, None, [user.email], fail_silently=True)
