"""Fixtures loaded by the data migrations: taxonomy, honor types, rubrics."""

import json

import pytest
from django.db.models import Sum

from awards.fixture_loader import FIXTURES, load_award_types, load_taxonomy
from awards.models import AwardType, IndustryCategory, IndustrySubcategory, TechDomain
from scoring.models import Band, Criterion, Dimension, Rubric
from scoring.services.rubric_loader import load_rubrics

pytestmark = pytest.mark.django_db


def test_six_technical_domains_are_loaded_in_order():
    assert list(TechDomain.objects.order_by("order").values_list("name", flat=True)) == [
        "物联感知建设",
        "网络通信建设",
        "数据及服务支撑",
        "智慧应用开发",
        "管理及保障建设",
        "智慧化设备应用",
    ]


def test_craftsman_may_apply_in_all_six_domains():
    assert AwardType.objects.get(code="craftsman").tech_domains.count() == 6


def test_pioneer_may_apply_in_the_first_five_domains_only():
    pioneer = AwardType.objects.get(code="pioneer")
    assert set(pioneer.tech_domains.values_list("order", flat=True)) == {1, 2, 3, 4, 5}


def test_four_industry_categories_with_their_declared_subcategory_counts():
    rows = list(IndustryCategory.objects.order_by("order").values_list("name", "subcategory_count"))
    assert rows == [("智慧经济", 5), ("智慧生活", 8), ("智慧治理", 5), ("智慧政务", 5)]
    assert sum(count for _, count in rows) == 23


def test_only_the_subcategories_the_regulation_names_are_loaded():
    loaded = {
        c.name: sorted(c.subcategories.filter(is_other=False).values_list("name", flat=True))
        for c in IndustryCategory.objects.all()
    }
    assert loaded == {
        "智慧经济": sorted(["智慧制造", "智慧商务", "智慧企业"]),
        "智慧生活": sorted(["智慧交通", "智慧教育", "智慧养老"]),
        "智慧治理": sorted(["综合管理信息化", "食品安全信息化"]),
        "智慧政务": sorted(["电子政务一体化", "公共服务渠道"]),
    }
    for category in IndustryCategory.objects.all():
        assert category.subcategories.filter(is_other=False).count() <= category.subcategory_count


def test_each_category_offers_other_please_specify_until_the_office_names_every_subcategory():
    from awards.forms import offered_subcategories

    offered = list(offered_subcategories())
    others = [s for s in offered if s.is_other]
    assert sorted(s.category.name for s in others) == sorted(["智慧经济", "智慧生活", "智慧治理", "智慧政务"])
    assert all(s.name == "其他（请注明）" for s in others)
    economy = IndustryCategory.objects.get(name="智慧经济")
    for name in ("智慧金融", "智慧物流"):  # the office names the two unnamed ones of 智慧经济 (5)
        IndustrySubcategory.objects.create(category=economy, name=name)
    assert economy.pk not in {s.category_id for s in offered_subcategories() if s.is_other}


def test_fresh_database_has_both_rubrics_from_the_data_migration():
    assert set(Rubric.objects.values_list("code", flat=True)) == {"craftsman-100", "pioneer-150"}


@pytest.mark.parametrize(
    ("code", "max_total", "criteria"), [("craftsman-100", 100, 7), ("pioneer-150", 150, 12)]
)
def test_rubric_criteria_sum_to_the_rubric_total(code, max_total, criteria):
    rubric = Rubric.objects.get(code=code)
    assert rubric.max_total == max_total
    qs = Criterion.objects.filter(dimension__rubric=rubric)
    assert qs.count() == criteria
    assert qs.aggregate(s=Sum("max_points"))["s"] == max_total
    assert Dimension.objects.filter(rubric=rubric).aggregate(s=Sum("max_points"))["s"] == max_total


def test_every_criterion_has_four_bands_ending_at_its_maximum():
    for criterion in Criterion.objects.all():
        bands = list(criterion.bands.order_by("order"))
        assert len(bands) == 4, criterion.code
        assert bands[0].min_points == 1
        assert bands[-1].max_points == criterion.max_points
        for lower, upper in zip(bands, bands[1:], strict=False):
            assert upper.min_points == lower.max_points + 1


def test_each_craftsman_criterion_has_three_aspects():
    for criterion in Criterion.objects.filter(dimension__rubric__code="craftsman-100"):
        assert criterion.aspects.count() == 3, criterion.code


def test_honor_types_use_their_rubrics_and_number_prefixes():
    rows = dict(AwardType.objects.values_list("code", "rubric__code"))
    assert rows == {"craftsman": "craftsman-100", "pioneer": "pioneer-150"}
    assert dict(AwardType.objects.values_list("code", "number_prefix")) == {
        "craftsman": "ZHGJ",
        "pioneer": "LJXF",
    }


def test_loading_the_fixtures_again_changes_nothing():
    before = (
        Rubric.objects.count(),
        Criterion.objects.count(),
        Band.objects.count(),
        IndustrySubcategory.objects.count(),
        TechDomain.objects.count(),
        AwardType.objects.count(),
    )
    load_rubrics()
    load_taxonomy()
    load_award_types()
    after = (
        Rubric.objects.count(),
        Criterion.objects.count(),
        Band.objects.count(),
        IndustrySubcategory.objects.count(),
        TechDomain.objects.count(),
        AwardType.objects.count(),
    )
    assert after == before


def test_the_taxonomy_fixture_file_declares_23_subcategories_in_all():
    data = json.loads((FIXTURES / "taxonomy.json").read_text(encoding="utf-8"))
    assert sum(c["subcategory_count"] for c in data["industry_categories"]) == 23
