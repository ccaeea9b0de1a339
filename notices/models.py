"""The in-page notice (站内通知), as shown on /me/, /unit/ and the expert's page and sent by email."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Notification(models.Model):
    """站内通知 — shown in the page as well as sent by email."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications")
    kind = models.CharField(_("类别"), max_length=40, blank=True)
    subject = models.CharField(max_length=200)
    body = models.TextField()
    link = models.CharField(max_length=300, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    read_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        # moved from workflow with its rows (migrations: workflow 0016, notices 0001): the table keeps its name
        db_table = "workflow_notification"
        verbose_name = _("通知")
        verbose_name_plural = _("通知")
        ordering = ["-created_at"]
