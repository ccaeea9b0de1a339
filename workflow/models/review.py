"""Eligibility review (资格审查, 第十六条), supplements (补正), publicity (公示, 第二十一条) and objections (异议)."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from awards.fields import EncryptedTextField
from awards.text_limits import BoundedText, length_checks


class EligibilityReview(BoundedText, models.Model):
    """The office's eligibility checklist for one application (第十六条)."""

    application = models.OneToOneField(
        "awards.Application", on_delete=models.CASCADE, related_name="eligibility_review"
    )
    basic_conditions_ok = models.BooleanField(_("基本条件符合"), null=True)
    complete_ok = models.BooleanField(_("申报材料完整"), null=True)
    authentic_ok = models.BooleanField(_("申报材料真实"), null=True)
    person_credit_ok = models.BooleanField(_("申报个人信用良好"), null=True)
    unit_credit_ok = models.BooleanField(_("所属单位信用良好"), null=True)
    notes = models.TextField(_("审查意见"), blank=True, max_length=4000)
    department_consulted = models.CharField(_("书面征求意见的部门"), max_length=200, blank=True)
    department_requested_on = models.DateField(_("征求意见日期"), null=True, blank=True)
    department_opinion = models.TextField(_("相关部门书面意见"), blank=True, max_length=4000)
    department_opinion_on = models.DateField(_("意见日期"), null=True, blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    updated_at = models.DateTimeField(auto_now=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("资格审查")
        verbose_name_plural = _("资格审查")


class SupplementRequest(BoundedText, models.Model):
    """补正通知 — the office asks in writing for what is missing, with a deadline."""

    application = models.ForeignKey(
        "awards.Application", on_delete=models.CASCADE, related_name="supplement_requests"
    )
    message = models.TextField(_("需补正的内容"), max_length=4000)
    deadline = models.DateField(_("补正期限"), null=True, blank=True)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    answered_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("补正通知")
        verbose_name_plural = _("补正通知")
        ordering = ["-created_at"]


class Publicity(BoundedText, models.Model):
    """公示 — start date, computed end (working days), closing."""

    campaign = models.OneToOneField("awards.Campaign", on_delete=models.CASCADE, related_name="publicity")
    starts_on = models.DateField(_("公示开始"))
    ends_on = models.DateField(_("公示结束"))
    notice_text = models.TextField(_("公示公告"), blank=True, max_length=4000)
    opened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    closed_at = models.DateTimeField(_("公示关闭时间"), null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("公示")
        verbose_name_plural = _("公示")

    def save(self, *args, **kwargs):
        """The dates are set once, when the publicity opens (第二十一条, decisions 121): nothing shortens it."""
        if self.pk and not self._state.adding:
            stored = type(self)._base_manager.filter(pk=self.pk).values("starts_on", "ends_on").first()
            if stored and (stored["starts_on"], stored["ends_on"]) != (self.starts_on, self.ends_on):
                raise ValidationError(_("第二十一条：公示的起止日期在公示开始时确定，之后不能修改。"))
        return super().save(*args, **kwargs)


class PublicityEntry(models.Model):
    """One line of a publicity's list (第二十一条), written when the publicity opens and never changed: the list
    stays the record of who was publicised, whatever happens to the applications afterwards (an award, a
    withdrawal after an objection). The kind says how the person was listed (荣誉称号 or 提名)."""

    class Kind(models.TextChoices):
        TITLE = "title", _("荣誉称号")
        NOMINATION = "nomination", _("提名")

    publicity = models.ForeignKey(Publicity, on_delete=models.CASCADE, related_name="entries")
    application = models.ForeignKey(
        "awards.Application", on_delete=models.PROTECT, related_name="publicity_entries"
    )
    position = models.PositiveIntegerField(_("序号"))
    kind = models.CharField(_("类别"), max_length=12, choices=Kind.choices)

    class Meta:
        verbose_name = _("公示名单条目")
        verbose_name_plural = _("公示名单条目")
        ordering = ["publicity", "position"]
        constraints = [
            models.UniqueConstraint(fields=["publicity", "application"], name="uniq_publicity_entry"),
            models.UniqueConstraint(fields=["publicity", "position"], name="uniq_publicity_position"),
        ]


class UnitNotice(models.Model):
    """单位内部公示 — one per applicant unit; the unit confirms when and where it posted it."""

    publicity = models.ForeignKey(Publicity, on_delete=models.CASCADE, related_name="unit_notices")
    organization = models.ForeignKey("awards.Organization", on_delete=models.PROTECT, related_name="+")
    posted_on = models.DateField(_("张贴日期"), null=True, blank=True)
    place = models.CharField(_("张贴地点/方式"), max_length=200, blank=True)
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    confirmed_at = models.DateTimeField(null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("单位内部公示")
        verbose_name_plural = _("单位内部公示")
        constraints = [models.UniqueConstraint(fields=["publicity", "organization"], name="uniq_unit_notice")]

    @property
    def late(self) -> bool:
        """第二十一条 “同时”: the unit posted after the public list opened (flagged on the pages)."""
        return bool(self.posted_on and self.posted_on > self.publicity.starts_on)


def objection_evidence_path(instance, filename):
    return f"objections/{instance.campaign_id}/{filename}"


class Objection(BoundedText, models.Model):
    """异议 — filed by a named person during publicity; the office investigates and decides."""

    class Status(models.TextChoices):
        RECEIVED = "received", _("已受理")
        INVESTIGATING = "investigating", _("调查中")
        UPHELD = "upheld", _("异议成立")
        REJECTED = "rejected", _("异议不成立")

    campaign = models.ForeignKey("awards.Campaign", on_delete=models.PROTECT, related_name="objections")
    application = models.ForeignKey("awards.Application", on_delete=models.PROTECT, related_name="objections")
    objector_name = models.CharField(_("异议人姓名"), max_length=50)
    # Encrypted at rest (issue 25): never looked up by value (duplicates go by `fingerprint`).
    objector_id_or_contact = EncryptedTextField(
        _("身份证号或联系方式"), max_length=100, purpose="objector_id_or_contact"
    )
    objector_phone = EncryptedTextField(_("联系电话"), max_length=20, blank=True, purpose="phone")
    objector_email = models.EmailField(_("联系邮箱"), blank=True)
    content = models.TextField(_("异议内容"), max_length=4000)
    evidence = models.FileField(_("证明材料"), upload_to=objection_evidence_path, null=True, blank=True)
    status = models.CharField(_("状态"), max_length=20, choices=Status.choices, default=Status.RECEIVED)
    investigation = models.TextField(_("调查记录"), blank=True, max_length=4000)
    outcome = models.TextField(_("处理结果"), blank=True, max_length=2000)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    objector_notified_at = models.DateTimeField(_("已通知异议人"), null=True, blank=True)
    # sha256 of the objector's contact and the text, both normalised: the same objection is filed once.
    fingerprint = models.CharField(max_length=64, blank=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("异议")
        verbose_name_plural = _("异议")
        ordering = ["created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["campaign", "application", "fingerprint"],
                condition=~models.Q(fingerprint=""),
                name="uniq_objection_per_contact_and_text",
            ),
            *length_checks("objection", {"content": 4000, "investigation": 4000, "outcome": 2000}),
        ]
