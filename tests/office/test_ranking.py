"""第二十条 综合评价: the composite ranking, its lines and its ties."""

from decimal import Decimal

import pytest

from scoring.models import Ranking, RankingEntry
from scoring.ranking import Row, composite_of, compute_ranking, explain, public_score_of, rank_rows
from tests.office.builders import campaign_in, candidate, onsite_sheet, panel_for, result, votes

pytestmark = pytest.mark.django_db
D = Decimal
REC, NOM, NONE = RankingEntry.Outcome.RECOMMENDED, RankingEntry.Outcome.NOMINATED, RankingEntry.Outcome.NONE


def test_public_rating_is_scaled_to_the_rubric_maximum():
    assert public_score_of(4.5, 100) == D("90.000")
    assert public_score_of(3, 150) == D("90.000")
    assert public_score_of(None, 100) is None


def test_composite_weighs_onsite_80_and_public_20():
    composite, weights = composite_of(D("80"), D("90"), 80, 20)
    assert composite == D("82.000")
    assert weights == {"onsite": "0.800", "public": "0.200"}


def test_composite_without_public_score_counts_onsite_fully():
    composite, weights = composite_of(D("85"), None, 80, 20)
    assert composite == D("85.000")
    assert weights == {"onsite": "1", "public": "0"}


@pytest.fixture
def worked_example():
    """Quota 2, nomination quota 1, minimum 60, weights 80/20."""
    campaign = campaign_in(quota=2, nomination_quota=1, min_composite_score=D("60"))
    panel = panel_for(campaign)
    apps = {}
    for name, onsite, material, ratings in (
        ("甲", 80, 70, (4, 5)),  # public 4.5 → 90; composite 64 + 18 = 82
        ("乙", 85, 72, ()),  # no votes → 85
        ("丙", 75, 74, (5,)),  # public 100; composite 60 + 20 = 80
        ("丁", 70, 60, (1,)),  # public 20; composite 56 + 4 = 60
        ("戊", 50, 55, (3,)),  # public 60; composite 40 + 12 = 52
    ):
        app = candidate(campaign, name=name)
        result(app, panel, "onsite", onsite, totals=[onsite - 1, onsite, onsite + 1])
        result(app, panel, "material", material, totals=[material])
        votes(app, *ratings)
        apps[name] = app
    return campaign, apps


def _by_name(ranking):
    return {e.application.name: e for e in ranking.entries.select_related("application")}


def test_worked_example_ranks_by_composite_and_fills_the_quota_then_the_nomination_quota(worked_example):
    campaign, _apps = worked_example
    ranking = compute_ranking(campaign=campaign)
    entries = _by_name(ranking)
    assert [(n, entries[n].composite, entries[n].rank) for n in ("乙", "甲", "丙", "丁", "戊")] == [
        ("乙", D("85.000"), 1),
        ("甲", D("82.000"), 2),
        ("丙", D("80.000"), 3),
        ("丁", D("60.000"), 4),
        ("戊", D("52.000"), 5),
    ]
    assert [entries[n].outcome for n in ("乙", "甲", "丙", "丁", "戊")] == [REC, REC, NOM, NONE, NONE]


def test_ranking_is_stored_with_its_inputs_and_replaces_the_current_one(worked_example):
    campaign, _apps = worked_example
    first = compute_ranking(campaign=campaign)
    second = compute_ranking(campaign=campaign)
    first.refresh_from_db()
    assert (first.is_current, second.is_current) == (False, True)
    assert second.inputs["quota"] == 2
    assert second.inputs["min_composite_score"] == "60.000"
    assert second.inputs["rubric_max"] == 100
    assert Ranking.objects.filter(campaign=campaign).count() == 2


def test_candidates_below_the_minimum_are_not_recommended_even_with_places_left(worked_example):
    campaign, _apps = worked_example
    campaign.quota = 4
    campaign.min_composite_score = D("81")
    campaign.save()
    entries = _by_name(compute_ranking(campaign=campaign))
    assert [entries[n].outcome for n in ("乙", "甲", "丙", "丁", "戊")] == [REC, REC, NOM, NONE, NONE]


def test_without_public_input_the_composite_is_the_onsite_score(worked_example):
    campaign, _apps = worked_example
    campaign.public_input_enabled = False
    campaign.save()
    entries = _by_name(compute_ranking(campaign=campaign))
    assert entries["甲"].composite == D("80.000")
    assert entries["甲"].public_score is None
    assert entries["甲"].breakdown["weights"] == {"onsite": "1", "public": "0"}


def test_breakdown_keeps_each_experts_total_and_whether_the_mean_was_trimmed():
    campaign = campaign_in(use_trimmed_mean=True)
    panel = panel_for(campaign, experts=5)
    app = candidate(campaign)
    result(app, panel, "onsite", "80", totals=[60, 78, 80, 82, 95], trimmed=True)
    entry = compute_ranking(campaign=campaign).entries.get()
    assert entry.breakdown["onsite"]["expert_totals"] == [60, 78, 80, 82, 95]
    assert entry.breakdown["onsite"]["trimmed"] is True
    assert "各专家总分 60、78、80、82、95，去掉一个最高分和一个最低分后取平均 = 80.000" in explain(entry)[0]


def test_candidate_without_an_onsite_result_is_left_out_and_listed_as_missing():
    campaign = campaign_in()
    panel = panel_for(campaign)
    scored = candidate(campaign)
    unscored = candidate(campaign)
    result(scored, panel, "onsite", 70)
    ranking = compute_ranking(campaign=campaign)
    assert list(ranking.entries.values_list("application_id", flat=True)) == [scored.pk]
    assert ranking.inputs["missing_onsite"] == [unscored.pk]


def test_equal_composite_is_decided_by_the_higher_onsite_score():
    rows = [
        Row(application_id=1, onsite=D("80"), composite=D("82")),
        Row(application_id=2, onsite=D("85"), composite=D("82")),
    ]
    ordered = rank_rows(rows, quota=1, nomination_quota=0, minimum=D("0"))
    assert [(r.application_id, r.rank, r.tied, r.outcome) for r in ordered] == [
        (2, 1, False, REC),
        (1, 2, False, NONE),
    ]


def test_equal_composite_and_onsite_is_decided_by_the_material_score_last():
    rows = [
        Row(application_id=1, onsite=D("80"), subtotal=D("50"), material=D("70"), composite=D("80")),
        Row(application_id=2, onsite=D("80"), subtotal=D("50"), material=D("75"), composite=D("80")),
    ]
    ordered = rank_rows(rows, quota=1, nomination_quota=0, minimum=D("0"))
    assert [r.application_id for r in ordered] == [2, 1]


def test_full_tie_shares_a_rank_is_flagged_and_straddling_the_quota_line_gets_no_outcome():
    rows = [
        Row(application_id=1, onsite=D("90"), composite=D("90")),
        Row(application_id=2, onsite=D("80"), subtotal=D("50"), material=D("70"), composite=D("80")),
        Row(application_id=3, onsite=D("80"), subtotal=D("50"), material=D("70"), composite=D("80")),
        Row(application_id=4, onsite=D("70"), composite=D("70")),
    ]
    ordered = rank_rows(rows, quota=2, nomination_quota=1, minimum=D("0"))
    assert [(r.application_id, r.rank, r.tied, r.outcome, r.tie_at_line) for r in ordered] == [
        (1, 1, False, REC, ""),
        (2, 2, True, NONE, "quota"),
        (3, 2, True, NONE, "quota"),
        (4, 4, False, NOM, ""),
    ]


def test_full_tie_inside_the_quota_keeps_both_recommended_and_flagged():
    rows = [
        Row(application_id=1, onsite=D("80"), composite=D("80")),
        Row(application_id=2, onsite=D("80"), composite=D("80")),
    ]
    ordered = rank_rows(rows, quota=2, nomination_quota=0, minimum=D("0"))
    assert [(r.rank, r.tied, r.outcome) for r in ordered] == [(1, True, REC), (1, True, REC)]


def test_craftsman_tie_is_broken_by_the_skill_subtotal_of_the_onsite_sheets():
    campaign = campaign_in(public_input_enabled=False)
    panel = panel_for(campaign, experts=1)
    expert = panel.members.get().expert
    strong = candidate(campaign, name="技能高")
    weak = candidate(campaign, name="技能低")
    for app in (strong, weak):
        result(app, panel, "onsite", 75)
        result(app, panel, "material", 70)
    onsite_sheet(strong, panel, expert, {"craftsman-effectiveness": 20})
    onsite_sheet(weak, panel, expert, {"craftsman-effectiveness": 10})
    entries = _by_name(compute_ranking(campaign=campaign))
    assert (entries["技能高"].rank, entries["技能低"].rank) == (1, 2)
    assert entries["技能高"].breakdown["tiebreak_subtotal"] == "22.000"
    assert entries["技能低"].tied is False


def test_explanation_names_the_public_scaling_and_the_weights(worked_example):
    campaign, _apps = worked_example
    entry = _by_name(compute_ranking(campaign=campaign))["甲"]
    lines = explain(entry)
    assert "公众评价：2 票，平均 4.500 分（满分 5），折算 4.500 ÷ 5 × 100 = 90.000" in lines
    assert "综合得分 = 现场展示 × 0.800 + 公众评价 × 0.200 = 82.000" in lines
