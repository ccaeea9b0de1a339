"""Records the office keeps of letters on paper: the written consultations of 第十六条 and the 主办单位's 发文 of
第二十三条 (issue 22 item 9, docs/decisions.md 233–234)."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from awards.text_limits import BoundedText


def consultation_reply_path(instance, filename):
    return f"consultations/{instance.application_id}/{filename}"


def award_document_path(instance, filename):
    return f"award-documents/{instance.campaign_id}/{filename}"


class Consultation(BoundedText, models.Model):
    """第十六条 “必要时以书面形式征求相关部门意见”: one written consultation of one department about one application,
    with the department's written reply. The eligibility decision waits for every reply asked for."""

    application = models.ForeignKey(
        "awards.Application", on_delete=models.CASCADE, related_name="consultations"
    )
    department = models.CharField(_("征求意见的部门"), max_length=200)
    sent_on = models.DateField(_("发函日期"))
    question = models.TextField(_("征求意见事项"), max_length=2000, blank=True)
    reply_on = models.DateField(_("复函日期"), null=True, blank=True)
    reply_text = models.TextField(_("复函意见"), max_length=4000, blank=True)
    reply_file = models.FileField(_("复函扫描件"), upload_to=consultation_reply_path, null=True, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("书面征求意见")
        verbose_name_plural = _("书面征求意见")
        ordering = ["sent_on", "pk"]

    def __str__(self):
        return f"{self.department} ({self.sent_on})"

    @property
    def answered(self) -> bool:
        return self.reply_on is not None


class AwardDocument(models.Model):
    """第二十三条 “由主办单位发文，公布…荣誉称号名单”: the 主办单位's document (number, date, scan) that publishes the
    honors of a campaign. Its date starts the two years of 第三十条 (docs/decisions.md 234)."""

    campaign = models.OneToOneField(
        "awards.Campaign", on_delete=models.PROTECT, related_name="award_document"
    )
    document_number = models.CharField(_("发文号"), max_length=100)
    issued_on = models.DateField(_("发文日期"))
    file = models.FileField(_("发文扫描件"), upload_to=award_document_path, null=True, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    recorded_at = models.DateTimeField(auto_now=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("主办单位发文")
        verbose_name_plural = _("主办单位发文")

    def __str__(self):
        return self.document_number
