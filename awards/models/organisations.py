"""Organisations (单位、协会、主管部门) and people (申报人)."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from awards.choices import Degree, Education, Gender, PoliticalStatus, TitleLevel
from awards.crypto import blind_index
from awards.fields import BlindIndexField, EncryptedTextField
from awards.validators import validate_credit_code, validate_phone, validate_postcode, validate_resident_id


class Organization(models.Model):
    """单位 — an employer, industry association or supervising department."""

    class Kind(models.TextChoices):
        EMPLOYER = "employer", _("工作单位")
        ASSOCIATION = "association", _("行业协会")
        DEPARTMENT = "department", _("主管部门")

    name = models.CharField(_("名称"), max_length=200)
    credit_code = models.CharField(
        _("统一社会信用代码"),
        max_length=18,
        unique=True,
        null=True,
        blank=True,
        validators=[validate_credit_code],
    )
    kind = models.CharField(_("类型"), max_length=20, choices=Kind.choices, default=Kind.EMPLOYER)
    address = models.CharField(_("地址"), max_length=300, blank=True)
    postcode = models.CharField(_("邮编"), max_length=6, blank=True, validators=[validate_postcode])
    contact_name = models.CharField(_("联系人"), max_length=50, blank=True)
    contact_phone = models.CharField(_("联系电话"), max_length=20, blank=True, validators=[validate_phone])
    contact_email = models.EmailField(_("联系邮箱"), blank=True)
    staff = models.ManyToManyField(
        settings.AUTH_USER_MODEL, blank=True, related_name="organizations", verbose_name=_("推荐机构账号")
    )
    member_of = models.ManyToManyField(
        "self",
        symmetrical=False,
        blank=True,
        related_name="members",
        limit_choices_to={"kind": "association"},
        verbose_name=_("所属行业协会"),
        help_text=_("第十五条：单位所属的行业协会可以推荐本单位人员。"),
    )
    needs_confirmation = models.BooleanField(
        _("待组委会办公室确认"),
        default=False,
        help_text=_("申报人新填写的工作单位，经组委会办公室确认后方可作为正式单位。"),
    )
    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        editable=False,
        verbose_name=_("填写人"),
    )
    history = HistoricalRecords(m2m_fields=[staff, member_of])

    class Meta:
        verbose_name = _("单位")
        verbose_name_plural = _("单位")
        ordering = ["name"]

    def __str__(self):
        return self.name

    def may_recommend_staff_of(self, employer: "Organization | None") -> bool:
        """第十五条: the applicant's own unit, or an industry association that unit belongs to."""
        if employer is None:
            return False
        if self.pk == employer.pk:
            return True
        return self.kind == self.Kind.ASSOCIATION and employer.member_of.filter(pk=self.pk).exists()


class Person(models.Model):
    """申报人 — one natural person across campaigns, keyed by resident ID (第十三条 5-year ban)."""

    name = models.CharField(_("姓名"), max_length=50)
    # Encrypted at rest; looked up and kept unique through the blind index (awards/crypto.py, issue 25).
    resident_id = EncryptedTextField(
        _("身份证号"), max_length=18, validators=[validate_resident_id], purpose="resident_id"
    )
    resident_id_bidx = BlindIndexField(source="resident_id", kind="resident_id", unique=True)
    gender = models.CharField(_("性别"), max_length=1, choices=Gender.choices, blank=True)
    political_status = models.CharField(
        _("政治面貌"), max_length=2, choices=PoliticalStatus.choices, blank=True
    )
    title_level = models.CharField(_("职称"), max_length=20, choices=TitleLevel.choices, blank=True)
    education = models.CharField(_("学历"), max_length=2, choices=Education.choices, blank=True)
    degree = models.CharField(_("学位"), max_length=1, choices=Degree.choices, blank=True)
    phone = EncryptedTextField(
        _("联系电话"), max_length=20, blank=True, validators=[validate_phone], purpose="phone"
    )
    phone_bidx = BlindIndexField(source="phone", kind="phone", db_index=True)
    email = models.EmailField(_("E-mail"), blank=True)
    union_member = models.BooleanField(_("工会会员"), default=False)
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="person"
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("人员")
        verbose_name_plural = _("人员")
        ordering = ["name"]

    def __str__(self):
        return self.name

    def validate_unique(self, exclude=None):
        """One person per resident ID: the unique index is on the blind index (the ID itself is encrypted), which
        no form shows, so the form's field carries the message instead of an IntegrityError."""
        super().validate_unique(exclude)
        if exclude and "resident_id" in exclude:
            return
        digest = blind_index(self.resident_id or "", "resident_id")
        if digest and Person.objects.filter(resident_id_bidx=digest).exclude(pk=self.pk).exists():
            raise ValidationError({"resident_id": _("已有使用该身份证号的人员。")})
