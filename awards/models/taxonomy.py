"""Taxonomy: industry categories (行业大类/小类) and technical domains (技术领域) — fixtures the office edits."""

from django.db import models
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords


class NamedMixin(models.Model):
    name = models.CharField(_("名称"), max_length=100)
    name_en = models.CharField(_("英文名称"), max_length=150, blank=True)
    order = models.PositiveSmallIntegerField(_("顺序"), default=0)

    class Meta:
        abstract = True
        ordering = ["order", "id"]

    def __str__(self):
        """The name in the reader's language: a choice list or a page that shows the row itself (a filter's
        技术领域, a panel's domains) reads as the page does."""
        return self.label()

    def label(self, language: str | None = None) -> str:
        lang = language or get_language() or "zh-hans"
        return self.name_en if lang.startswith("en") and self.name_en else self.name


class IndustryCategory(NamedMixin):
    """行业大类: 智慧经济 / 智慧生活 / 智慧治理 / 智慧政务 (附件1 二)."""

    code = models.SlugField(_("代码"), unique=True)
    subcategory_count = models.PositiveSmallIntegerField(
        _("规定的小类数"), default=0, help_text=_("办法规定的小类数量；未列名的小类由办公室补录。")
    )
    history = HistoricalRecords()

    class Meta(NamedMixin.Meta):
        verbose_name = _("行业大类")
        verbose_name_plural = _("行业大类")


class IndustrySubcategory(NamedMixin):
    """行业小类 (23 in all; the regulation names only some)."""

    category = models.ForeignKey(IndustryCategory, on_delete=models.PROTECT, related_name="subcategories")
    is_other = models.BooleanField(
        _("其他（请注明）"),
        default=False,
        help_text=_("办法未列名的小类：申报人选择“其他”并注明；办公室补录全部小类后不再提供。"),
    )
    history = HistoricalRecords()

    class Meta(NamedMixin.Meta):
        verbose_name = _("行业小类")
        verbose_name_plural = _("行业小类")
        constraints = [models.UniqueConstraint(fields=["category", "name"], name="uniq_subcategory_name")]


class TechDomain(NamedMixin):
    """技术领域: the six domains of 附件1 二 (the pioneer uses the first five)."""

    code = models.SlugField(_("代码"), unique=True)
    description = models.TextField(_("内涵"), blank=True)
    history = HistoricalRecords()

    class Meta(NamedMixin.Meta):
        verbose_name = _("技术领域")
        verbose_name_plural = _("技术领域")
