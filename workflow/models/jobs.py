"""State of the office's background jobs (exports, certificate zip), in the database so that every gunicorn
worker and the task worker see the same job without a shared cache."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class ExportJob(models.Model):
    class Status(models.TextChoices):
        QUEUED = "queued", _("排队中")
        RUNNING = "running", _("正在生成")
        DONE = "done", _("已完成")
        FAILED = "failed", _("失败")

    id = models.CharField(primary_key=True, max_length=32, editable=False)
    kind = models.CharField(_("类型"), max_length=40)
    campaign = models.ForeignKey("awards.Campaign", on_delete=models.CASCADE, related_name="+")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    status = models.CharField(_("状态"), max_length=10, choices=Status.choices, default=Status.QUEUED)
    done = models.PositiveIntegerField(default=0)
    total = models.PositiveIntegerField(default=0)
    path = models.CharField(max_length=500, blank=True)
    filename = models.CharField(max_length=200, blank=True)
    error = models.CharField(max_length=300, blank=True)
    #: The stated purpose of a full (unmasked) export of personal data; blank: IDs and phones masked (issue 25.4).
    purpose = models.TextField(_("完整导出用途"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("后台导出任务")
        verbose_name_plural = _("后台导出任务")

    def __str__(self):
        return f"{self.kind} {self.id}"
