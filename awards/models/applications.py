"""申报 — applications with every field of the Annex forms, their rows and attachments."""

from django.conf import settings
from django.core.validators import MaxValueValidator
from django.db import models
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from awards.choices import Degree, Education, Gender, PoliticalStatus, TitleLevel
from awards.fields import BlindIndexField, EncryptedTextField
from awards.models.campaigns import Campaign
from awards.models.organisations import Organization, Person
from awards.models.taxonomy import IndustrySubcategory, TechDomain
from awards.text_limits import BoundedText, length_checks
from awards.validators import validate_phone, validate_postcode, validate_resident_id

ACHIEVEMENTS_MAX_CHARS = 4000
# A draft may exceed the form's limit by this much while it is being shortened; submission needs ≤ 4000.
ACHIEVEMENTS_DRAFT_MAX_CHARS = 4400
TEXT_LIMITS = {
    "social_posts": 2000,
    "awards_received": 4000,
    "punishments": 2000,
    "section_basic": ACHIEVEMENTS_DRAFT_MAX_CHARS,
    "section_second": ACHIEVEMENTS_DRAFT_MAX_CHARS,
    "section_third": ACHIEVEMENTS_DRAFT_MAX_CHARS,
    "representative_achievements": 4000,
    "unit_opinion": 2000,
}


class Application(BoundedText, models.Model):
    """申报表 (附件2 / 领军先锋 附件1). Its `state` only changes through workflow.procedure."""

    class State(models.TextChoices):
        DRAFT = "draft", _("草稿")
        SUBMITTED = "submitted", _("已提交")
        RETURNED = "returned", _("退回补正")
        RETRACTED = "retracted", _("已撤回申报")
        ELIGIBLE = "eligible", _("资格审查合格")
        INELIGIBLE = "ineligible", _("资格审查不合格")
        SHORTLISTED = "shortlisted", _("入围现场展示")
        NOT_SHORTLISTED = "not_shortlisted", _("未入围")
        RECOMMENDED = "recommended", _("建议名单")
        NOMINATED = "nominated", _("提名")
        NOT_RECOMMENDED = "not_recommended", _("未推荐")
        AWARDED = "awarded", _("获荣")
        NOMINATION_AWARDED = "nomination_awarded", _("获提名荣誉")
        WITHDRAWN = "withdrawn", _("因异议撤销推荐")
        REVOKED = "revoked", _("荣誉已撤销")
        CANCELLED = "cancelled", _("荣誉已取消")

    class Route(models.TextChoices):
        SELF = "self", _("个人自荐")
        UNIT = "unit", _("单位推荐")
        ASSOCIATION = "association", _("行业协会推荐")

    campaign = models.ForeignKey(Campaign, on_delete=models.PROTECT, related_name="applications")
    applicant = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="applications",
        verbose_name=_("申报账号"),
    )
    person = models.ForeignKey(
        Person, null=True, blank=True, on_delete=models.PROTECT, related_name="applications", editable=False
    )
    state = models.CharField(
        _("状态"), max_length=20, choices=State.choices, default=State.DRAFT, editable=False
    )
    number = models.CharField(_("编号"), max_length=20, blank=True, editable=False)
    route = models.CharField(_("推荐方式"), max_length=20, choices=Route.choices, default=Route.SELF)
    recommender = models.ForeignKey(
        Organization,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="recommended_applications",
        verbose_name=_("推荐机构"),
    )
    recommender_confirmed_at = models.DateTimeField(
        _("推荐机构确认时间"), null=True, blank=True, editable=False
    )

    # Cover (封面)
    applied_on = models.DateField(_("申报日期"), null=True, blank=True)
    tech_domain = models.ForeignKey(
        TechDomain, null=True, blank=True, on_delete=models.PROTECT, verbose_name=_("技术领域")
    )
    industry_subcategory = models.ForeignKey(
        IndustrySubcategory, null=True, blank=True, on_delete=models.PROTECT, verbose_name=_("行业小类")
    )
    industry_other = models.CharField(
        _("行业小类（请注明）"),
        max_length=100,
        blank=True,
        help_text=_("选择“其他（请注明）”时填写所属小类。"),
    )

    # 一、个人基本情况
    name = models.CharField(_("姓名"), max_length=50, blank=True)
    # Encrypted at rest; the 5-year ban and one-honor-per-year look it up by the blind index (issue 25).
    resident_id = EncryptedTextField(
        _("身份证号"), max_length=18, blank=True, validators=[validate_resident_id], purpose="resident_id"
    )
    resident_id_bidx = BlindIndexField(source="resident_id", kind="resident_id", db_index=True)
    gender = models.CharField(_("性别"), max_length=1, choices=Gender.choices, blank=True)
    political_status = models.CharField(
        _("政治面貌"), max_length=2, choices=PoliticalStatus.choices, blank=True
    )
    title_level = models.CharField(_("职称"), max_length=20, choices=TitleLevel.choices, blank=True)
    title_name = models.CharField(_("职称名称"), max_length=100, blank=True)
    education = models.CharField(_("学历"), max_length=2, choices=Education.choices, blank=True)
    degree = models.CharField(_("学位"), max_length=1, choices=Degree.choices, blank=True)
    employer = models.ForeignKey(
        Organization,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="employee_applications",
        verbose_name=_("所在单位"),
    )
    unit_name = models.CharField(_("所在单位名称"), max_length=200, blank=True)
    position = models.CharField(_("担任职务"), max_length=100, blank=True)
    years_in_industry = models.PositiveSmallIntegerField(
        _("在智慧城市建设相关行业单位工作年限"), null=True, blank=True, validators=[MaxValueValidator(60)]
    )
    years_in_post = models.PositiveSmallIntegerField(
        _("现岗位或相似岗位工作年限"), null=True, blank=True, validators=[MaxValueValidator(60)]
    )
    years_in_management = models.PositiveSmallIntegerField(
        _("从事智慧城市建设管理类工作年限"), null=True, blank=True, validators=[MaxValueValidator(60)]
    )
    direct_technical_work = models.BooleanField(_("岗位内容为直接从事技术或技能型相关工作"), default=False)
    integrity_declared = models.BooleanField(_("本人承诺守法诚信、材料真实"), default=False)
    union_member = models.BooleanField(_("是否工会会员"), null=True, blank=True)
    phone = EncryptedTextField(
        _("联系电话"), max_length=20, blank=True, validators=[validate_phone], purpose="phone"
    )
    email = models.EmailField(_("E-mail"), blank=True)
    unit_address = models.CharField(_("单位地址"), max_length=300, blank=True)
    unit_postcode = models.CharField(_("邮编"), max_length=6, blank=True, validators=[validate_postcode])
    social_posts = models.TextField(_("社会团体兼职情况"), blank=True, max_length=2000)
    awards_received = models.TextField(_("何时何地受过何种奖励"), blank=True, max_length=4000)
    punishments = models.TextField(_("何时何地受过何种处罚"), blank=True, max_length=2000)

    # 主要工作成绩和突出贡献 (限 4000 字以内, three sections together)
    section_basic = models.TextField(_("（一）基本情况"), blank=True, max_length=ACHIEVEMENTS_DRAFT_MAX_CHARS)
    section_second = models.TextField(
        _("（二）精神特质 / 个人方面"), blank=True, max_length=ACHIEVEMENTS_DRAFT_MAX_CHARS
    )
    section_third = models.TextField(
        _("（三）技术/技能水平 / 团队方面"), blank=True, max_length=ACHIEVEMENTS_DRAFT_MAX_CHARS
    )
    representative_achievements = models.TextField(_("代表性成果的情况说明"), blank=True, max_length=4000)
    # 公众评价 (第十九条): only what the applicant agreed to publish is shown to the public.
    public_summary = models.TextField(
        _("公开简介"),
        blank=True,
        max_length=800,
        help_text=_("入围后在公众评价页面公开展示，请勿填写身份证号、电话、邮箱、住址等个人信息。"),
    )
    public_achievements = models.TextField(
        _("公开的代表性成果"),
        blank=True,
        max_length=1500,
        help_text=_("入围后在公众评价页面公开展示的代表性成果（可与申报表不同，宜简明）。"),
    )
    public_consent = models.BooleanField(_("同意在公众评价期间公开上述简介与代表性成果"), default=False)

    # 二、所在单位推荐意见 (pioneer)
    unit_contact = models.CharField(_("单位联系人及联系电话、邮箱"), max_length=200, blank=True)
    unit_opinion = models.TextField(_("推荐意见"), blank=True, max_length=2000)
    unit_responsible = models.CharField(_("负责人"), max_length=50, blank=True)
    unit_opinion_date = models.DateField(_("推荐意见日期"), null=True, blank=True)
    unit_opinion_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        editable=False,
    )

    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    submitted_at = models.DateTimeField(_("提交时间"), null=True, blank=True, editable=False)
    personal_data_purged_at = models.DateTimeField(
        _("个人资料已按保存期限清除"), null=True, blank=True, editable=False
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("申报")
        verbose_name_plural = _("申报")
        ordering = ["campaign_id", "number", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["campaign", "number"], condition=~models.Q(number=""), name="uniq_application_number"
            ),
            *length_checks("application", TEXT_LIMITS),
        ]
        indexes = [models.Index(fields=["campaign", "state"])]

    def __str__(self):
        return f"{self.number or '—'} {self.name}"

    def extra_text_errors(self) -> dict[str, str]:
        if self.achievements_length > ACHIEVEMENTS_DRAFT_MAX_CHARS:
            return {"section_basic": achievements_over_cap_message(self.achievements_length)}
        return {}

    @property
    def industry_label(self) -> str:
        """大类 — 小类 in the reader's language; “其他：…” with the applicant's words for an unnamed subcategory."""
        sub = self.industry_subcategory
        if sub is None:
            return ""
        if sub.is_other and self.industry_other:
            return f"{sub.category.label()} — {sub.label()}{_('：')}{self.industry_other}"
        return f"{sub.category.label()} — {sub.label()}"

    @property
    def achievements_length(self) -> int:
        return len(self.section_basic) + len(self.section_second) + len(self.section_third)


def achievements_over_cap_message(length: int) -> str:
    return gettext(
        "主要工作成绩和突出贡献三部分合计 %(n)s 字，超过草稿上限 %(cap)s 字（提交时限 %(max)s 字），"
        "这三部分本次未保存，请删减后再保存。"
    ) % {"n": length, "cap": ACHIEVEMENTS_DRAFT_MAX_CHARS, "max": ACHIEVEMENTS_MAX_CHARS}


class EducationEntry(BoundedText, models.Model):
    """教育经历（从高中起） — one row."""

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="education_entries")
    start = models.DateField(_("开始"))
    end = models.DateField(_("结束"), null=True, blank=True)
    school = models.CharField(_("学校"), max_length=200)
    major = models.CharField(_("专业"), max_length=100, blank=True)
    qualification = models.CharField(_("学历/学位"), max_length=50, blank=True)
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        verbose_name = _("教育经历")
        verbose_name_plural = _("教育经历")
        ordering = ["order", "start"]


class WorkEntry(BoundedText, models.Model):
    """工作经历 — one row."""

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="work_entries")
    start = models.DateField(_("开始"))
    end = models.DateField(_("结束"), null=True, blank=True)
    employer = models.CharField(_("单位"), max_length=200)
    post = models.CharField(_("岗位/职务"), max_length=100, blank=True)
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        verbose_name = _("工作经历")
        verbose_name_plural = _("工作经历")
        ordering = ["order", "start"]


def attachment_path(instance, filename):
    return f"applications/{instance.application.campaign_id}/{instance.application_id}/{instance.kind}/{filename}"


class Attachment(models.Model):
    """附件 — the photo (jpg), supporting evidence (PDF ≤ 10 pages) and other files."""

    class Kind(models.TextChoices):
        PHOTO = "photo", _("证件照")
        EVIDENCE = "evidence", _("证实性材料")
        OTHER = "other", _("其他")

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="attachments")
    kind = models.CharField(_("类型"), max_length=20, choices=Kind.choices)
    file = models.FileField(_("文件"), upload_to=attachment_path, max_length=300, null=True, blank=True)
    original_name = models.CharField(_("原文件名"), max_length=255)
    size = models.PositiveIntegerField(_("大小（字节）"))
    content_type = models.CharField(_("内容类型"), max_length=100)
    pages = models.PositiveSmallIntegerField(_("页数"), null=True, blank=True)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL)
    uploaded_at = models.DateTimeField(auto_now_add=True)
    purged_at = models.DateTimeField(_("已按保存期限清除"), null=True, blank=True, editable=False)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("附件")
        verbose_name_plural = _("附件")
        ordering = ["kind", "uploaded_at"]

    def __str__(self):
        return self.original_name
