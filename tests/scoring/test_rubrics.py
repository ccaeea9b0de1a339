"""Rubrics as data (docs/decisions.md 3): codes in the regulation's order, the worked examples, refusals,
bands."""

import pytest
from django.core.exceptions import ValidationError

from scoring.models import Criterion
from scoring.rubrics import allowed_band, criterion_codes, total

pytestmark = pytest.mark.django_db

CRAFTSMAN = "craftsman-100"
PIONEER = "pioneer-150"


def test_craftsman_rubric_has_seven_criteria_in_the_regulations_order():
    codes = criterion_codes(CRAFTSMAN)
    names = [Criterion.objects.get(code=c).name for c in codes]
    assert names == ["创新", "敬业", "专注", "求精", "有效性", "先进性", "创造性"]


def test_pioneer_rubric_has_twelve_criteria_in_the_regulations_order():
    codes = criterion_codes(PIONEER)
    names = [Criterion.objects.get(code=c).name for c in codes]
    assert names == [
        "大局为重",
        "务实敬业",
        "开拓进取",
        "追求卓越",
        "系统学习",
        "学而思进",
        "改革创新",
        "中流砥柱",
        "沟通协作",
        "团队建设",
        "行业特色",
        "相关成果",
    ]


def test_craftsman_worked_example_totals_75():
    points = dict(zip(criterion_codes(CRAFTSMAN), [6, 8, 9, 6, 14, 16, 16], strict=True))
    assert total(CRAFTSMAN, points) == 75


def test_pioneer_worked_example_totals_104():
    points = dict(zip(criterion_codes(PIONEER), [6, 9, 6, 8, 6, 5, 7, 8, 5, 6, 14, 24], strict=True))
    assert total(PIONEER, points) == 104


def _craftsman_example() -> dict[str, int]:
    return dict(zip(criterion_codes(CRAFTSMAN), [6, 8, 9, 6, 14, 16, 16], strict=True))


def test_total_refuses_an_unknown_criterion():
    points = {**_craftsman_example(), "no-such-criterion": 5}
    with pytest.raises(ValidationError) as e:
        total(CRAFTSMAN, points)
    assert e.value.code == "unknown_criterion"
    assert "no-such-criterion" in " ".join(e.value.messages)


def test_total_refuses_a_pioneer_criterion_on_the_craftsman_rubric():
    points = {**_craftsman_example(), criterion_codes(PIONEER)[0]: 5}
    with pytest.raises(ValidationError) as e:
        total(CRAFTSMAN, points)
    assert e.value.code == "unknown_criterion"


def test_total_refuses_a_missing_criterion_and_names_it():
    points = _craftsman_example()
    del points[criterion_codes(CRAFTSMAN)[6]]
    with pytest.raises(ValidationError) as e:
        total(CRAFTSMAN, points)
    assert e.value.code == "missing_criterion"
    assert "创造性" in " ".join(e.value.messages)


def test_total_refuses_eleven_on_a_ten_point_criterion():
    points = {**_craftsman_example(), criterion_codes(CRAFTSMAN)[0]: 11}
    with pytest.raises(ValidationError) as e:
        total(CRAFTSMAN, points)
    assert e.value.code == "out_of_range"
    assert "1~10" in " ".join(e.value.messages)


def test_total_refuses_zero_points():
    points = {**_craftsman_example(), criterion_codes(CRAFTSMAN)[4]: 0}
    with pytest.raises(ValidationError) as e:
        total(CRAFTSMAN, points)
    assert e.value.code == "out_of_range"


@pytest.mark.parametrize("value", [7.5, "7", True, None])
def test_total_refuses_a_non_integer(value):
    points = {**_craftsman_example(), criterion_codes(CRAFTSMAN)[1]: value}
    with pytest.raises(ValidationError) as e:
        total(CRAFTSMAN, points)
    assert e.value.code == "not_integer"


def test_total_refuses_an_unknown_rubric():
    with pytest.raises(ValidationError) as e:
        total("craftsman-99", {})
    assert e.value.code == "unknown_rubric"


def test_thirty_is_allowed_on_the_pioneer_thirty_point_criterion():
    points = dict(zip(criterion_codes(PIONEER), [6, 9, 6, 8, 6, 5, 7, 8, 5, 6, 14, 30], strict=True))
    assert total(PIONEER, points) == 110


# The regulation's table (附件1 四 评价方法), plus our decision that 部分 + 显著 falls to the lowest band. Three
# aspects shown with 显著 satisfy both 全部 and 大部分 (“至少两个方面”): the expert chooses within both bands
# (issue 22 item 7, decisions 176).
EXPECTED_BANDS = {
    # (aspects_shown, significant): (10-point band, 20-point band)
    (3, True): ((6, 10), (11, 20)),
    (2, True): ((6, 8), (11, 15)),
    (3, False): ((4, 5), (6, 10)),
    (2, False): ((4, 5), (6, 10)),
    (1, False): ((1, 3), (1, 5)),
    (0, False): ((1, 3), (1, 5)),
    (1, True): ((1, 3), (1, 5)),
    (0, True): ((1, 3), (1, 5)),
}


@pytest.mark.parametrize(("aspects", "significant"), sorted(EXPECTED_BANDS))
def test_allowed_band_on_a_ten_point_spirit_criterion(aspects, significant):
    ten_point = criterion_codes(CRAFTSMAN)[0]
    assert allowed_band(ten_point, aspects, significant) == EXPECTED_BANDS[(aspects, significant)][0]


@pytest.mark.parametrize(("aspects", "significant"), sorted(EXPECTED_BANDS))
def test_allowed_band_on_a_twenty_point_skill_criterion(aspects, significant):
    twenty_point = criterion_codes(CRAFTSMAN)[4]
    assert allowed_band(twenty_point, aspects, significant) == EXPECTED_BANDS[(aspects, significant)][1]


def test_allowed_band_refuses_four_aspects():
    with pytest.raises(ValidationError) as e:
        allowed_band(criterion_codes(CRAFTSMAN)[0], 4, True)
    assert e.value.code == "aspects_range"


def test_allowed_band_refuses_a_pioneer_criterion_scored_by_levels():
    with pytest.raises(ValidationError) as e:
        allowed_band(criterion_codes(PIONEER)[0], 3, True)
    assert e.value.code == "not_aspect_rubric"


@pytest.mark.django_db
def test_the_pioneer_communication_criterion_reads_as_annex_2():
    """附件2 (the 领军先锋 score sheet): “善于沟通, 妥善处理上下级的关系, 调动团队积极性” — not the body's “妥善处理好”."""
    meaning = Criterion.objects.get(code="pioneer-communication").meaning
    assert meaning == "善于沟通，妥善处理上下级的关系，调动团队积极性"


def test_three_aspects_with_significance_may_be_scored_in_the_most_band_through_the_sheet_service():
    """Issue 22 item 7: 3 aspects + 显著 satisfy the 大部分 band too (附件1 四: 大部分 = 至少两个方面), so 7 on
    a 10-point criterion and 12 on a 20-point one are accepted (today only 9–10 / 16–20)."""
    from scoring.models import Criterion, Rubric
    from scoring.services import EntryInput
    from scoring.services.sheets import validate_entries

    criteria = list(
        Criterion.objects.filter(dimension__rubric__code=CRAFTSMAN)
        .select_related("dimension")
        .prefetch_related("bands", "aspects")
        .order_by("order")
    )
    points = {0: 7, 4: 12}
    entries = {
        c.code: EntryInput(
            points=points.get(i, 9 if c.max_points == 10 else 16), aspects=[1, 2, 3], significant=True
        )
        for i, c in enumerate(criteria)
    }
    assert validate_entries(criteria, Rubric.Method.ASPECTS, entries, complete=True) == {}
    entries[criteria[0].code] = EntryInput(points=5, aspects=[1, 2, 3], significant=True)
    errors = validate_entries(criteria, Rubric.Method.ASPECTS, entries, complete=True)
    assert "6" in " ".join(errors[criteria[0].code]) and "10" in " ".join(errors[criteria[0].code])
