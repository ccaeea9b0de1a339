"""Rubrics (评分标准) as data: dimensions, criteria, bands and (craftsman) aspects. Loaded from fixtures."""

from django.db import models
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from config.text import aside


class Bilingual:
    def label(self, language: str | None = None) -> str:
        lang = language or get_language() or "zh-hans"
        return self.name_en if lang.startswith("en") and self.name_en else self.name


class Rubric(Bilingual, models.Model):
    """评分标准 — `craftsman-100` (附件1 四) or `pioneer-150` (领军先锋 六)."""

    class Method(models.TextChoices):
        ASPECTS = "aspects", _("按指标要求体现程度与显著性定档")
        LEVELS = "levels", _("按一般/良好/优秀/卓越定档")

    code = models.SlugField(_("代码"), unique=True)
    name = models.CharField(_("名称"), max_length=100)
    name_en = models.CharField(_("英文名称"), max_length=150, blank=True)
    max_total = models.PositiveSmallIntegerField(_("总分"))
    method = models.CharField(_("定档方法"), max_length=10, choices=Method.choices)
    tiebreak_dimension = models.CharField(
        _("并列时比较的一级维度"),
        max_length=30,
        blank=True,
        help_text=_("综合得分相同时，比较该一级维度的现场展示小计（维度代码，如 skill）"),
    )
    significance_label = models.JSONField(
        _("显著性维度名称"),
        default=dict,
        blank=True,
        help_text=_("按一级维度给出“显著/一般”所指，如行业特色、输出成果贡献"),
    )

    class Meta:
        verbose_name = _("评分标准")
        verbose_name_plural = _("评分标准")

    def __str__(self):
        return self.name


class Dimension(Bilingual, models.Model):
    """一级指标 (e.g. 精神特质 40, 行业影响 50)."""

    rubric = models.ForeignKey(Rubric, on_delete=models.CASCADE, related_name="dimensions")
    code = models.SlugField(_("代码"))
    name = models.CharField(_("名称"), max_length=50)
    name_en = models.CharField(_("英文名称"), max_length=80, blank=True)
    max_points = models.PositiveSmallIntegerField(_("分值"))
    significance_name = models.CharField(_("显著性所指"), max_length=50, blank=True)
    significance_name_en = models.CharField(_("显著性所指（英文）"), max_length=80, blank=True)
    order = models.PositiveSmallIntegerField(_("顺序"))

    class Meta:
        verbose_name = _("一级指标")
        verbose_name_plural = _("一级指标")
        ordering = ["rubric_id", "order"]
        constraints = [models.UniqueConstraint(fields=["rubric", "code"], name="uniq_dimension_code")]

    def __str__(self):
        return f"{self.label()}{aside(self.max_points)}"


class Criterion(Bilingual, models.Model):
    """二级指标 — one scored line of the sheet."""

    dimension = models.ForeignKey(Dimension, on_delete=models.CASCADE, related_name="criteria")
    code = models.SlugField(_("代码"), unique=True, max_length=60)
    name = models.CharField(_("名称"), max_length=50)
    name_en = models.CharField(_("英文名称"), max_length=80, blank=True)
    meaning = models.TextField(_("指标含义/关注重点"), blank=True)
    meaning_en = models.TextField(_("指标含义（英文）"), blank=True)
    max_points = models.PositiveSmallIntegerField(_("分值"))
    order = models.PositiveSmallIntegerField(_("顺序"))

    class Meta:
        verbose_name = _("二级指标")
        verbose_name_plural = _("二级指标")
        ordering = ["dimension__rubric_id", "order"]

    def __str__(self):
        return f"{self.label()}{aside(self.max_points)}"


class Band(Bilingual, models.Model):
    """评分档次 — an ordered level with its min–max; for the craftsman also which aspects/significance lead to it."""

    criterion = models.ForeignKey(Criterion, on_delete=models.CASCADE, related_name="bands")
    order = models.PositiveSmallIntegerField(_("顺序"), help_text=_("1 为最低档"))
    name = models.CharField(_("档次"), max_length=100)
    name_en = models.CharField(_("英文"), max_length=150, blank=True)
    min_points = models.PositiveSmallIntegerField(_("最低分"))
    max_points = models.PositiveSmallIntegerField(_("最高分"))
    aspects_min = models.PositiveSmallIntegerField(_("体现方面数下限"), null=True, blank=True)
    aspects_max = models.PositiveSmallIntegerField(_("体现方面数上限"), null=True, blank=True)
    significant = models.BooleanField(_("显著"), null=True, blank=True, help_text=_("空表示显著与一般均可"))

    class Meta:
        verbose_name = _("评分档次")
        verbose_name_plural = _("评分档次")
        ordering = ["criterion_id", "order"]
        constraints = [
            models.UniqueConstraint(fields=["criterion", "order"], name="uniq_band_order"),
            models.CheckConstraint(
                condition=models.Q(min_points__lte=models.F("max_points")), name="band_min_le_max"
            ),
        ]

    def __str__(self):
        return f"{self.name} {self.min_points}~{self.max_points}"

    def matches(self, aspects_shown: int, significant: bool) -> bool:
        if self.aspects_min is None or self.aspects_max is None:
            return False
        if not self.aspects_min <= aspects_shown <= self.aspects_max:
            return False
        return self.significant is None or self.significant == significant


class Aspect(models.Model):
    """重点评估方面 — the three aspects of a craftsman criterion (附件1 三)."""

    criterion = models.ForeignKey(Criterion, on_delete=models.CASCADE, related_name="aspects")
    order = models.PositiveSmallIntegerField(_("顺序"))
    text = models.TextField(_("内容"))
    text_en = models.TextField(_("英文"), blank=True)

    class Meta:
        verbose_name = _("评估方面")
        verbose_name_plural = _("评估方面")
        ordering = ["criterion_id", "order"]

    def __str__(self):
        return self.text[:30]

    def label(self, language: str | None = None) -> str:
        lang = language or get_language() or "zh-hans"
        return self.text_en if lang.startswith("en") and self.text_en else self.text
