"""Audit trail of the procedure and the working-day calendar overrides (the in-page notices are notices/)."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from audit.records import ChainedRecord
from awards.text_limits import BoundedText


class AuditChainHead(models.Model):
    """审计链头 — length and last hash of one chain of one campaign, so that a deleted last row is noticed
    too; its row lock serializes appends to the chain."""

    campaign = models.ForeignKey("awards.Campaign", on_delete=models.CASCADE, related_name="audit_heads")
    chain = models.CharField(_("审计链"), max_length=20)
    length = models.PositiveIntegerField(_("记录数"), default=0)
    last_hash = models.CharField(_("最后记录摘要"), max_length=64, blank=True)

    class Meta:
        verbose_name = _("审计链")
        verbose_name_plural = _("审计链")
        constraints = [models.UniqueConstraint(fields=["campaign", "chain"], name="uniq_audit_chain_head")]

    def __str__(self):
        return f"{self.campaign_id}/{self.chain}: {self.length}"


class TransitionLog(BoundedText, ChainedRecord):
    """流转记录 — one row per performed transition of a campaign or an application. Never edited."""

    class Subject(models.TextChoices):
        CAMPAIGN = "campaign", _("评选活动")
        APPLICATION = "application", _("申报")

    subject = models.CharField(max_length=20, choices=Subject.choices)
    campaign = models.ForeignKey("awards.Campaign", on_delete=models.PROTECT, related_name="transition_logs")
    application = models.ForeignKey(
        "awards.Application", null=True, blank=True, on_delete=models.PROTECT, related_name="transition_logs"
    )
    action = models.CharField(_("操作"), max_length=50)
    from_state = models.CharField(_("原状态"), max_length=20)
    to_state = models.CharField(_("新状态"), max_length=20)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+")
    role = models.CharField(_("角色"), max_length=20)
    reason = models.TextField(_("理由"), blank=True, max_length=4000)
    ip = models.GenericIPAddressField(null=True, blank=True)
    article = models.CharField(_("依据条款"), max_length=50, blank=True)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        verbose_name = _("流转记录")
        verbose_name_plural = _("流转记录")
        ordering = ["created_at", "id"]

    def __str__(self):
        return f"{self.action}: {self.from_state} → {self.to_state}"


class RecordSeal(ChainedRecord):
    """记录封存 — the content of a record that decides an outcome, as the application wrote it (workflow/seals.py),
    chained per campaign: `verify_audit` compares every such record with its last seal. Never edited."""

    campaign = models.ForeignKey("awards.Campaign", on_delete=models.CASCADE, related_name="record_seals")
    kind = models.CharField(_("记录类别"), max_length=30)
    object_id = models.PositiveBigIntegerField(_("记录编号"))
    content = models.JSONField(_("封存内容"), default=dict)
    deleted = models.BooleanField(_("已删除"), default=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("记录封存")
        verbose_name_plural = _("记录封存")
        indexes = [models.Index(fields=["campaign", "kind", "object_id"])]

    def __str__(self):
        return f"{self.kind} #{self.object_id} ({self.chain_seq})"


class CalendarOverride(models.Model):
    """工作日调整 — overrides chinesecalendar for a date (e.g. a year not yet announced)."""

    date = models.DateField(_("日期"), unique=True)
    is_working_day = models.BooleanField(_("工作日"))
    note = models.CharField(_("说明"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("工作日调整")
        verbose_name_plural = _("工作日调整")
        ordering = ["date"]

    def __str__(self):
        return f"{self.date} {'工作日' if self.is_working_day else '休息日'}"
