"""Rubric rules read from the rubric tables (stable entry points, docs/architecture.md §10). No criterion is
spelled in code."""

from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from config.text import series
from scoring.models import Criterion, Rubric


@dataclass(frozen=True)
class BandInfo:
    order: int
    name: str
    min_points: int
    max_points: int


def _criteria(rubric_code: str):
    if not Rubric.objects.filter(code=rubric_code).exists():
        raise ValidationError(_("未知的评分标准：%(code)s") % {"code": rubric_code}, code="unknown_rubric")
    return list(
        Criterion.objects.filter(dimension__rubric__code=rubric_code)
        .select_related("dimension")
        .prefetch_related("bands")
        .order_by("order")
    )


def criterion_codes(rubric_code: str) -> list[str]:
    """The scored criteria of a rubric, in the regulation's order (7 for craftsman-100, 12 for pioneer-150)."""
    return [c.code for c in _criteria(rubric_code)]


def _criterion(criterion_code: str) -> Criterion:
    try:
        return Criterion.objects.select_related("dimension__rubric").get(code=criterion_code)
    except Criterion.DoesNotExist:
        raise ValidationError(
            _("未知的评分指标：%(code)s") % {"code": criterion_code}, code="unknown_criterion"
        )


def allowed_band(criterion_code: str, aspects_shown: int, significant: bool) -> tuple[int, int]:
    """The (min, max) a criterion of an `aspects` rubric may get when `aspects_shown` of its aspects (three for
    the craftsman, rubric data) are clearly shown and its industry character / contribution is 显著
    (`significant`) or 一般 (附件1 四 评价方法): the span of every band whose conditions hold, so the expert
    chooses within them (decisions 176)."""
    criterion = _criterion(criterion_code)
    if criterion.dimension.rubric.method != Rubric.Method.ASPECTS:
        raise ValidationError(
            _("指标“%(name)s”按档次评分，不按体现方面数定档。") % {"name": criterion.label()},
            code="not_aspect_rubric",
        )
    count = criterion.aspects.count()
    if not 0 <= aspects_shown <= count:
        raise ValidationError(
            _("明显体现的方面数应在 0 到 %(n)s 之间。") % {"n": count}, code="aspects_range"
        )
    matching = [b for b in criterion.bands.all() if b.matches(aspects_shown, bool(significant))]
    if not matching:
        raise ValidationError(_("评分标准中没有与该组合对应的档次。"), code="no_band")
    return band_span(matching)


def band_span(matching) -> tuple[int, int]:
    """The points an expert may give when several bands' conditions hold (all three aspects satisfy both 全部 and
    大部分 “至少两个方面”, 附件1 四): from the lowest of their minima to the highest of their maxima
    (docs/decisions.md 176)."""
    return min(b.min_points for b in matching), max(b.max_points for b in matching)


def bands(criterion_code: str) -> list[BandInfo]:
    criterion = _criterion(criterion_code)
    return [BandInfo(b.order, b.label(), b.min_points, b.max_points) for b in criterion.bands.all()]


def total(rubric_code: str, points: dict[str, int]) -> int:
    """Sum of the criterion scores (最终评分 = 各二级指标得分之和). Every criterion must be present exactly once
    with an integer inside one of its bands (1 … max)."""
    criteria = _criteria(rubric_code)
    known = {c.code: c for c in criteria}
    unknown = sorted(set(points) - set(known))
    if unknown:
        raise ValidationError(
            _("评分标准 %(rubric)s 中没有这些指标：%(codes)s")
            % {"rubric": rubric_code, "codes": series(unknown)},
            code="unknown_criterion",
        )
    missing = [c.label() for c in criteria if c.code not in points]
    if missing:
        raise ValidationError(
            _("缺少以下指标的评分：%(names)s") % {"names": series(missing)}, code="missing_criterion"
        )
    result = 0
    for c in criteria:
        value = points[c.code]
        if isinstance(value, bool) or not isinstance(value, int):
            raise ValidationError(
                _("指标“%(name)s”的得分必须是整数。") % {"name": c.label()}, code="not_integer"
            )
        bands_ = list(c.bands.all())
        low = min(b.min_points for b in bands_)
        high = max(b.max_points for b in bands_)
        if not low <= value <= high:
            raise ValidationError(
                _("指标“%(name)s”的得分 %(value)s 超出允许范围 %(low)s~%(high)s。")
                % {"name": c.label(), "value": value, "low": low, "high": high},
                code="out_of_range",
            )
        result += value
    return result


@dataclass
class EntryInput:
    """What the page sends for one criterion."""

    points: int | None = None
    aspects: list[int] = field(default_factory=list)
    significant: bool | None = None
    level: int | None = None
    comment: str = ""
