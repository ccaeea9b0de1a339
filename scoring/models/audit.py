"""评分表提交记录 — the append-only record of every submission and reopening of a score sheet."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from audit.records import ChainedRecord
from scoring.models.panels import ScoreSheet, Stage


class ScoreSheetLog(ChainedRecord):
    """One submission (with what was signed: total, points per criterion, signature, date) or one reopening
    (with the office's reason) of a score sheet. Chained per campaign (audit/chain.py); never edited."""

    class Event(models.TextChoices):
        SUBMITTED = "submitted", _("提交并签名")
        REOPENED = "reopened", _("退回修改")

    campaign = models.ForeignKey("awards.Campaign", on_delete=models.PROTECT, related_name="+")
    sheet = models.ForeignKey(ScoreSheet, on_delete=models.PROTECT, related_name="logs")
    event = models.CharField(_("事件"), max_length=10, choices=Event.choices)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+")
    application = models.ForeignKey("awards.Application", on_delete=models.PROTECT, related_name="+")
    expert = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    stage = models.CharField(_("评分类别"), max_length=10, choices=Stage.choices)
    total = models.PositiveSmallIntegerField(_("最终得分"), null=True, blank=True)
    entries = models.JSONField(_("各指标得分"), default=dict, blank=True)
    signature_name = models.CharField(_("专家签名"), max_length=50, blank=True)
    signed_on = models.DateField(_("日期"), null=True, blank=True)
    reason = models.TextField(_("理由"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("评分表提交记录")
        verbose_name_plural = _("评分表提交记录")
        ordering = ["id"]

    def __str__(self):
        return f"{self.sheet_id}: {self.event}"
