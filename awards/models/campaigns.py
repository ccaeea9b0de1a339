"""Honor types (荣誉称号) and campaigns (届次活动)."""

from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from awards import frozen
from awards.models.taxonomy import TechDomain
from awards.text_limits import BoundedText

#: 第三十一条: the materials of a campaign are kept 5 years after it is archived (workflow/services/retention.py
#: purges them; the person's own data page shows the date).
RETENTION_YEARS = 5


class AwardType(models.Model):
    """荣誉称号 — 智慧工匠 (craftsman), 领军先锋 (pioneer), or any other honor loaded from
    `fixtures/award_types.json`: thresholds, annex wording and the rules a refusal cites are data, never code
    (docs/architecture.md §11 “Add an honor type”). No code branches on `code`; it is only an identifier."""

    code = models.SlugField(_("代码"), max_length=20, unique=True)
    name = models.CharField(_("名称"), max_length=50)
    name_en = models.CharField(_("英文名称"), max_length=80, blank=True)
    rubric = models.ForeignKey("scoring.Rubric", on_delete=models.PROTECT, verbose_name=_("评分标准"))
    tech_domains = models.ManyToManyField(TechDomain, verbose_name=_("可申报技术领域"))
    number_prefix = models.CharField(_("编号前缀"), max_length=10, help_text=_("例如 ZHGJ、LJXF"))
    min_industry_years = models.PositiveSmallIntegerField(_("行业单位工作年限下限"))
    min_post_years = models.PositiveSmallIntegerField(_("现岗位或相似岗位年限下限"), default=0)
    min_management_years = models.PositiveSmallIntegerField(_("管理类工作年限下限"), default=0)
    requires_direct_technical_work = models.BooleanField(_("须直接从事技术或技能型工作"), default=False)
    requires_unit_opinion = models.BooleanField(_("须所在单位推荐意见"), default=False)
    reapply_ban_years = models.PositiveSmallIntegerField(_("获荣后不得重复申报年限"), default=5)
    default_quota = models.PositiveSmallIntegerField(_("每届名额"), default=10)
    section_labels = models.JSONField(
        _("主要成绩三部分标题"),
        default=list,
        help_text=_('三个部分的标题与说明：[{"zh":…,"en":…,"hint":…}]'),
    )
    wording = models.JSONField(
        _("附件措辞与条款引用"),
        default=dict,
        blank=True,
        help_text=_(
            '各附件的固定措辞与拒绝理由引用的条款，{"键": {"zh": …, "en": …}}；'
            "键见 awards/wording.py（缺省时引用管理办法条款）。"
        ),
    )
    sheet_level_column = models.BooleanField(
        _("评分表列出评分级别"), default=False, help_text=_("评分表按维度列出各档评分级别（智慧工匠附件3）。")
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("荣誉称号")
        verbose_name_plural = _("荣誉称号")
        ordering = ["id"]

    def __str__(self):
        """The honor's name in the reader's language, as a choice list (the campaign form's 荣誉称号) shows it."""
        return self.label()

    def label(self, language: str | None = None) -> str:
        """The honor's name in the reader's language (名称 / 英文名称)."""
        lang = language or get_language() or "zh-hans"
        return self.name_en if lang.startswith("en") and self.name_en else self.name


def _refuse_training_change():
    from django.core.exceptions import ValidationError

    raise ValidationError(
        _("“培训演练”只能在创建活动时选择，之后不能更改：演练活动不能转为正式活动，正式活动也不能改为演练。"),
        code="training_fixed",
    )


class CampaignQuerySet(models.QuerySet):
    def update(self, **kwargs):
        if "is_training" in kwargs:
            _refuse_training_change()
        frozen.check_update(self, kwargs)  # decisions 121: no door around the frozen fields
        return super().update(**kwargs)


class Campaign(BoundedText, models.Model):
    """届次活动 — one year's selection for one honor type, moved through the phases of workflow.procedure."""

    class Phase(models.TextChoices):
        DRAFT = "draft", _("筹备")
        OPEN = "open", _("申报")
        ELIGIBILITY = "eligibility", _("资格审查")
        MATERIAL_REVIEW = "material_review", _("材料评议")
        ONSITE = "onsite", _("现场展示")
        PUBLIC_INPUT = "public_input", _("公众评价")
        COMPOSITE = "composite", _("综合评价")
        PUBLICITY = "publicity", _("公示")
        APPROVAL = "approval", _("报批")
        AWARDED = "awarded", _("表彰")
        ARCHIVED = "archived", _("归档")

    award_type = models.ForeignKey(AwardType, on_delete=models.PROTECT, related_name="campaigns")
    year = models.PositiveSmallIntegerField(_("年度"))
    title = models.CharField(_("活动名称"), max_length=200)
    phase = models.CharField(
        _("阶段"), max_length=20, choices=Phase.choices, default=Phase.DRAFT, editable=False
    )
    call_text = models.TextField(_("申报通知"), blank=True, max_length=20000)
    opens_at = models.DateTimeField(_("申报开始"), null=True, blank=True)
    closes_at = models.DateTimeField(_("申报截止"), null=True, blank=True)
    quota = models.PositiveSmallIntegerField(_("名额"), default=10)
    nomination_quota = models.PositiveSmallIntegerField(_("提名名额"), default=0)
    shortlist_size = models.PositiveSmallIntegerField(_("入围现场展示人数"), default=20)
    min_composite_score = models.DecimalField(
        _("最低综合得分"), max_digits=6, decimal_places=2, default=Decimal("0"), help_text=_("宁缺毋滥")
    )
    weight_material = models.PositiveSmallIntegerField(
        _("材料评议权重 %"), default=30, validators=[MaxValueValidator(100)]
    )
    weight_onsite = models.PositiveSmallIntegerField(
        _("现场展示权重 %"), default=50, validators=[MaxValueValidator(100)]
    )
    weight_public = models.PositiveSmallIntegerField(
        _("公众评价权重 %"), default=20, validators=[MaxValueValidator(100)]
    )
    public_weight_general = models.PositiveSmallIntegerField(
        _("公众评价中社会公众权重 %"), default=40, validators=[MaxValueValidator(100)]
    )
    public_weight_practitioner = models.PositiveSmallIntegerField(
        _("公众评价中从业人员权重 %"), default=40, validators=[MaxValueValidator(100)]
    )
    public_weight_organisation = models.PositiveSmallIntegerField(
        _("公众评价中企事业单位权重 %"), default=20, validators=[MaxValueValidator(100)]
    )
    use_trimmed_mean = models.BooleanField(
        _("去掉一个最高分和一个最低分"),
        default=False,
        help_text=_("对每位候选人一律适用，至少须 3 位专家评分；评议组不足 3 人时不计算，提请组委会决定。"),
    )
    public_input_enabled = models.BooleanField(_("开展公众评价"), default=True)

    class UnratedRule(models.TextChoices):
        """How a public group without (enough) ratings counts (docs/decisions.md 171)."""

        REDISTRIBUTE = "redistribute", _("不计入，其权重按比例分给其他已评价的部分")
        NEUTRAL = "neutral", _("按中间值 3 分（一般）计")

    public_unrated_rule = models.CharField(
        _("未获评价（或评价数不足）的类别"),
        max_length=20,
        choices=UnratedRule.choices,
        default=UnratedRule.REDISTRIBUTE,
    )
    public_min_ratings = models.PositiveSmallIntegerField(
        _("一类评价计入所需的最少评价数"),
        default=10,
        validators=[MinValueValidator(1), MaxValueValidator(10000)],
        help_text=_("某类评价少于此数时，该类按“未获评价”处理。"),
    )
    public_prior_weight = models.PositiveSmallIntegerField(
        _("向全体平均收缩的先验票数"),
        default=0,
        validators=[MaxValueValidator(10000)],
        help_text=_(
            "0 表示不收缩；k > 0 时该类平均分 = (评分之和 + k × 本类全体候选人平均分) ÷ (评价数 + k)。"
        ),
    )
    tiebreak_order = models.JSONField(
        _("综合得分相同时的比较顺序"),
        default=list,
        blank=True,
        help_text=_("为空时，综合得分相同者并列，提请组委会决定。"),
    )

    class Normalisation(models.TextChoices):
        """Whether the experts' totals are put on one scale before the panel scores (docs/decisions.md 210)."""

        NONE = "none", _("不标准化（按专家原始总分）")
        PANEL = "panel", _("按评议组标准化（各组总分的标准分映射回全体的平均分和标准差）")
        EXPERT = "expert", _("按专家标准化（评分表不足 5 份的专家不标准化）")

    score_normalisation = models.CharField(
        _("评分尺度标准化"),
        max_length=10,
        choices=Normalisation.choices,
        default=Normalisation.NONE,
        help_text=_("组委会在排名页并排比较采用前后每位候选人的名次之后，方可作为评议规则通过。"),
    )
    public_input_opens_at = models.DateTimeField(_("公众评价开始"), null=True, blank=True)
    public_input_closes_at = models.DateTimeField(_("公众评价结束"), null=True, blank=True)
    publicity_working_days = models.PositiveSmallIntegerField(
        _("公示工作日数"), default=5, validators=[MinValueValidator(5)]
    )
    committee_quorum = models.PositiveSmallIntegerField(
        _("组委会表决法定人数"), default=0, help_text=_("0 表示过半数委员")
    )
    committee_majority_percent = models.PositiveSmallIntegerField(
        _("通过所需赞成比例 %"),
        default=50,
        help_text=_("赞成票须超过出席委员的该比例"),
        validators=[MinValueValidator(1), MaxValueValidator(100)],
    )
    rules_approved = models.JSONField(
        _("组委会审议通过的评议规则"),
        default=dict,
        blank=True,
        editable=False,
        help_text=_("第八条（二）：审议通过时的规则快照；通过后冻结，修改须重新审议。"),
    )
    rules_approved_at = models.DateTimeField(_("评议规则审议通过时间"), null=True, blank=True, editable=False)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL)
    created_at = models.DateTimeField(auto_now_add=True)
    archived_at = models.DateTimeField(_("归档时间"), null=True, blank=True, editable=False)
    #: 培训演练 (decisions 260): chosen at creation only, never turned into a live campaign or back.
    is_training = models.BooleanField(
        _("培训演练"),
        default=False,
        help_text=_("用于培训和演练的活动：办公室可推进模拟日期；不出现在公开页面，不能转为正式活动。"),
    )
    #: The training clock (config/clock.py, decisions 261): days added to the real date; only moves forward.
    clock_offset_days = models.IntegerField(_("模拟日期偏移（天）"), default=0, editable=False)
    next_number = models.PositiveIntegerField(default=1, editable=False)
    history = HistoricalRecords()

    objects = CampaignQuerySet.as_manager()

    class Meta:
        verbose_name = _("评选活动")
        verbose_name_plural = _("评选活动")
        ordering = ["-year", "award_type_id"]
        constraints = [
            models.UniqueConstraint(
                fields=["award_type", "year"],
                condition=models.Q(is_training=False),
                name="uniq_campaign_per_type_year",
            ),
            models.CheckConstraint(
                condition=models.Q(is_training=True) | models.Q(clock_offset_days=0),
                name="live_campaign_real_clock",
            ),
            models.CheckConstraint(
                condition=models.Q(publicity_working_days__gte=5), name="publicity_at_least_5"
            ),
        ]

    def __str__(self):
        return self.title

    def save(self, *args, **kwargs):
        update_fields = kwargs.get("update_fields")
        if self.pk and not self._state.adding and (update_fields is None or "is_training" in update_fields):
            stored = type(self)._base_manager.filter(pk=self.pk).values_list("is_training", flat=True).first()
            if stored is not None and stored != self.is_training:
                _refuse_training_change()
        frozen.check_save(self, update_fields)  # decisions 121
        return super().save(*args, **kwargs)
