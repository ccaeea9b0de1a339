"""Expert panels (专家评议组, 第十条), assignments, conflicts of interest and score sheets."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from awards.fields import EncryptedTextField
from awards.text_limits import BoundedText, length_checks
from scoring.models.rubrics import Criterion


class Stage(models.TextChoices):
    """评分类别 — the two scored stages."""

    MATERIAL = "material", _("材料评议")
    ONSITE = "onsite", _("现场展示")


class ExpertProfile(models.Model):
    """专家 — an expert account with the organisation used for conflict-of-interest checks."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="expert_profile"
    )
    organization = models.ForeignKey(
        "awards.Organization", null=True, blank=True, on_delete=models.SET_NULL, verbose_name=_("所在单位")
    )
    related_organizations = models.ManyToManyField(
        "awards.Organization",
        blank=True,
        related_name="related_experts",
        verbose_name=_("有利害关系的单位"),
        help_text=_("曾任职、兼职或有其他利害关系的单位；评议这些单位人员的申报时自动回避。"),
    )
    title = models.CharField(_("职称/职务"), max_length=100, blank=True)
    expertise = models.CharField(_("专业领域"), max_length=200, blank=True)
    phone = EncryptedTextField(_("联系电话"), max_length=20, blank=True, purpose="phone")
    history = HistoricalRecords(m2m_fields=[related_organizations])

    class Meta:
        verbose_name = _("专家")
        verbose_name_plural = _("专家")

    def __str__(self):
        return self.user.get_full_name() or self.user.username


class Panel(models.Model):
    """专家评议组 — formed per campaign and technical domain; dissolved when the campaign ends."""

    campaign = models.ForeignKey("awards.Campaign", on_delete=models.CASCADE, related_name="panels")
    name = models.CharField(_("名称"), max_length=100)
    tech_domains = models.ManyToManyField("awards.TechDomain", blank=True, verbose_name=_("负责技术领域"))
    experts = models.ManyToManyField(
        settings.AUTH_USER_MODEL, through="PanelMember", related_name="panels", verbose_name=_("专家")
    )
    material_due_on = models.DateField(
        _("材料评议截止日期"), null=True, blank=True, help_text=_("专家提交材料评议评分表的截止日期")
    )
    onsite_due_on = models.DateField(
        _("现场展示评分截止日期"), null=True, blank=True, help_text=_("专家提交现场展示评分表的截止日期")
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("专家评议组")
        verbose_name_plural = _("专家评议组")
        ordering = ["campaign_id", "name"]

    def __str__(self):
        return self.name


class PanelMember(models.Model):
    panel = models.ForeignKey(Panel, on_delete=models.CASCADE, related_name="members")
    expert = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="panel_memberships"
    )
    is_chair = models.BooleanField(_("组长"), default=False)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("评议组成员")
        verbose_name_plural = _("评议组成员")
        constraints = [
            models.UniqueConstraint(fields=["panel", "expert"], name="uniq_panel_member"),
            models.UniqueConstraint(
                fields=["panel"], condition=models.Q(is_chair=True), name="one_chair_per_panel"
            ),
        ]


class PanelAssignment(models.Model):
    """An application assigned to a panel (by technical domain, or overridden by the office)."""

    panel = models.ForeignKey(Panel, on_delete=models.CASCADE, related_name="assignments")
    application = models.OneToOneField(
        "awards.Application", on_delete=models.CASCADE, related_name="panel_assignment"
    )
    manual = models.BooleanField(_("人工指定"), default=False)
    onsite_date = models.DateField(_("现场展示日期"), null=True, blank=True)
    onsite_room = models.CharField(_("地点"), max_length=100, blank=True)
    onsite_order = models.PositiveSmallIntegerField(_("顺序"), null=True, blank=True)
    onsite_slot = models.CharField(_("时段"), max_length=50, blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("评议分配")
        verbose_name_plural = _("评议分配")


class ConflictOfInterest(models.Model):
    """回避 — an expert who must not score an application (detected or declared)."""

    class Source(models.TextChoices):
        AUTO = "auto", _("系统识别")
        DECLARED = "declared", _("专家申报")
        OFFICE = "office", _("办公室认定")

    expert = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="conflicts")
    application = models.ForeignKey("awards.Application", on_delete=models.CASCADE, related_name="conflicts")
    source = models.CharField(_("来源"), max_length=10, choices=Source.choices)
    reason = models.CharField(_("原因"), max_length=300)
    created_at = models.DateTimeField(auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("回避")
        verbose_name_plural = _("回避")
        constraints = [models.UniqueConstraint(fields=["expert", "application"], name="uniq_conflict")]


class ScoreSheet(models.Model):
    """评分表 (附件3 / 领军先锋 附件2) — one expert, one application, one stage."""

    class State(models.TextChoices):
        DRAFT = "draft", _("草稿")
        SUBMITTED = "submitted", _("已提交")

    application = models.ForeignKey(
        "awards.Application", on_delete=models.PROTECT, related_name="score_sheets"
    )
    expert = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="score_sheets"
    )
    panel = models.ForeignKey(Panel, on_delete=models.PROTECT, related_name="score_sheets")
    stage = models.CharField(_("评分类别"), max_length=10, choices=Stage.choices)
    state = models.CharField(_("状态"), max_length=10, choices=State.choices, default=State.DRAFT)
    total = models.PositiveSmallIntegerField(_("最终得分"), null=True, blank=True)
    signature_name = models.CharField(_("专家签名"), max_length=50, blank=True)
    signed_on = models.DateField(_("日期"), null=True, blank=True)
    submitted_at = models.DateTimeField(null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("评分表")
        verbose_name_plural = _("评分表")
        constraints = [
            models.UniqueConstraint(fields=["application", "expert", "stage"], name="uniq_score_sheet"),
        ]
        indexes = [models.Index(fields=["panel", "stage", "state"])]


class ScoreEntry(BoundedText, models.Model):
    """One criterion's score on a sheet, with how the band was reached."""

    sheet = models.ForeignKey(ScoreSheet, on_delete=models.CASCADE, related_name="entries")
    criterion = models.ForeignKey(Criterion, on_delete=models.PROTECT)
    points = models.PositiveSmallIntegerField(_("得分"), null=True, blank=True)
    aspects = models.JSONField(_("明显体现的方面"), default=list, blank=True)
    significant = models.BooleanField(_("显著"), null=True, blank=True)
    level = models.PositiveSmallIntegerField(_("档次"), null=True, blank=True)
    comment = models.TextField(_("意见"), blank=True, max_length=1000)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("评分项")
        verbose_name_plural = _("评分项")
        constraints = [
            models.UniqueConstraint(fields=["sheet", "criterion"], name="uniq_score_entry"),
            *length_checks("scoreentry", {"comment": 1000}),
        ]


class PanelResult(models.Model):
    """A panel's score for one application in one stage: mean or trimmed mean of the experts' totals."""

    panel = models.ForeignKey(Panel, on_delete=models.CASCADE, related_name="results")
    application = models.ForeignKey(
        "awards.Application", on_delete=models.CASCADE, related_name="panel_results"
    )
    stage = models.CharField(_("评分类别"), max_length=10, choices=Stage.choices)
    score = models.DecimalField(_("评议组得分"), max_digits=7, decimal_places=3)
    expert_totals = models.JSONField(_("各专家总分"), default=list)
    trimmed = models.BooleanField(_("去掉最高最低分"), default=False)
    computed_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("评议组得分")
        verbose_name_plural = _("评议组得分")
        constraints = [models.UniqueConstraint(fields=["application", "stage"], name="uniq_panel_result")]


class PanelOpinion(BoundedText, models.Model):
    """专家评议组意见 (第十条 (二)) and recommended names (第十条 (三)), written by the chair."""

    panel = models.ForeignKey(Panel, on_delete=models.CASCADE, related_name="opinions")
    stage = models.CharField(_("评分类别"), max_length=10, choices=Stage.choices)
    opinion = models.TextField(_("评议意见"), max_length=4000)
    recommended = models.ManyToManyField("awards.Application", blank=True, verbose_name=_("建议人员名单"))
    written_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL)
    updated_at = models.DateTimeField(auto_now=True)
    history = HistoricalRecords(m2m_fields=[recommended])

    class Meta:
        verbose_name = _("评议组意见")
        verbose_name_plural = _("评议组意见")
        constraints = [models.UniqueConstraint(fields=["panel", "stage"], name="uniq_panel_opinion")]


class ShortlistConfirmation(models.Model):
    """第十七条: the panel (专家评议组) determines who goes on to 现场展示. The office prepares the shortlist from the
    material scores; the chair confirms it for the panel, or changes it with reasons. `shortlisted` is the list the
    panel determined (application ids); the office cannot start 现场展示 until every panel's confirmation matches
    the stored shortlist (guard `shortlist_confirmed_by_panels`)."""

    panel = models.ForeignKey(Panel, on_delete=models.CASCADE, related_name="shortlist_confirmations")
    shortlisted = models.JSONField(_("确定入围名单"), default=list)
    prepared = models.JSONField(_("办公室拟定名单"), default=list)
    reason = models.TextField(_("调整理由"), blank=True, max_length=2000)
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    confirmed_at = models.DateTimeField(_("确认时间"), auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("入围名单确认")
        verbose_name_plural = _("入围名单确认")
        ordering = ["panel_id", "-confirmed_at", "-id"]

    @property
    def changed(self) -> bool:
        return sorted(self.shortlisted) != sorted(self.prepared)
