"""第二十条 综合评价: the composite ranking, its lines and its ties."""

from decimal import Decimal

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.utils import timezone

from scoring.models import Ballot, Ranking, RankingEntry, ScoreSheet
from scoring.selectors.ranking import (
    Row,
    composite_of,
    explain,
    public_component,
    public_score_of,
    rank_rows,
    verify_ranking,
)
from scoring.services.ranking import compute_ranking
from tests.workflow.office.builders import campaign_in, candidate, onsite_sheet, panel_for, result, votes

pytestmark = pytest.mark.django_db
D = Decimal
REC, NOM, NONE = RankingEntry.Outcome.RECOMMENDED, RankingEntry.Outcome.NOMINATED, RankingEntry.Outcome.NONE
#: The rules the code applied on its own before issue 22, now a committee choice set explicitly here.
MIDPOINT_RULES = {
    "public_unrated_rule": "neutral",
    "public_min_ratings": 1,
    "tiebreak_order": ["onsite", "subtotal", "material"],
}


def test_public_rating_is_scaled_to_the_rubric_maximum():
    assert public_score_of(4.5, 100) == D("90.000")
    assert public_score_of(3, 150) == D("90.000")
    assert public_score_of(None, 100) is None


def test_composite_weighs_material_onsite_and_public_on_one_scale():
    weights = {"material": 30, "onsite": 50, "public": 20}
    composite, normalised = composite_of(D("70"), D("80"), D("72"), weights)
    assert composite == D("75.400")  # 21 + 40 + 14.4
    assert normalised == {"material": "0.300", "onsite": "0.500", "public": "0.200"}


def test_a_group_without_ratings_counts_the_neutral_midpoint():
    score, detail = public_component(
        {"public": (9, 2)}, {"public": 40, "practitioner": 40, "organisation": 20}, 100
    )
    assert score == D("72.000")  # 0.4 × 90 + 0.4 × 60 + 0.2 × 60
    assert detail["groups"]["practitioner"] == {
        "votes": 0,
        "sum": 0,
        "mean_rating": "3.000",
        "neutral": True,
        "dropped": False,
        "scaled": "60.000",
        "weight": "0.400",
    }


@pytest.fixture
def worked_example():
    """Quota 2, nomination quota 1, minimum 60, weights 30/50/20, public groups 40/40/20."""
    campaign = campaign_in(quota=2, nomination_quota=1, min_composite_score=D("60"), **MIDPOINT_RULES)
    panel = panel_for(campaign)
    apps = {}
    for name, onsite, material, ratings in (
        ("甲", 80, 70, (4, 5)),  # public group 90, others neutral 60 → P 72; 21 + 40 + 14.4 = 75.4
        ("乙", 85, 72, ()),  # no ballots → P 60; 21.6 + 42.5 + 12 = 76.1
        ("丙", 75, 74, (5,)),  # P = 40 + 24 + 12 = 76; 22.2 + 37.5 + 15.2 = 74.9
        ("丁", 70, 60, (1,)),  # P = 8 + 24 + 12 = 44; 18 + 35 + 8.8 = 61.8
        ("戊", 50, 55, (3,)),  # P = 60; 16.5 + 25 + 12 = 53.5
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
        ("乙", D("76.100"), 1),
        ("甲", D("75.400"), 2),
        ("丙", D("74.900"), 3),
        ("丁", D("61.800"), 4),
        ("戊", D("53.500"), 5),
    ]
    assert [entries[n].outcome for n in ("乙", "甲", "丙", "丁", "戊")] == [REC, REC, NOM, NONE, NONE]


def test_every_candidate_gets_the_same_weights_with_or_without_public_input(worked_example):
    campaign, _apps = worked_example
    entries = _by_name(compute_ranking(campaign=campaign))
    assert [e.breakdown["weights"] for e in entries.values()] == [
        {"material": "0.300", "onsite": "0.500", "public": "0.200"}
    ] * len(entries)
    assert entries["乙"].public_score == D("60.000")
    assert all(g["neutral"] for g in entries["乙"].breakdown["public"]["groups"].values())


def test_groups_count_with_their_campaign_weights(worked_example):
    campaign, apps = worked_example
    votes(apps["乙"], 5, 5, group="practitioner")
    votes(apps["乙"], 1, group="organisation")
    entry = _by_name(compute_ranking(campaign=campaign))["乙"]
    # public neutral 60 × 0.4 + practitioner 100 × 0.4 + organisation 20 × 0.2 = 24 + 40 + 4 = 68
    assert entry.public_score == D("68.000")
    assert entry.breakdown["public"]["groups"]["practitioner"]["votes"] == 2


def test_voided_ballots_stop_counting(worked_example):
    campaign, apps = worked_example
    (ballot,) = votes(apps["乙"], 1)
    assert _by_name(compute_ranking(campaign=campaign))["乙"].public_score == D("44.000")  # 8 + 24 + 12
    ballot.voided_at = timezone.now()
    ballot.save()
    assert _by_name(compute_ranking(campaign=campaign))["乙"].public_score == D("60.000")


def test_ranking_is_stored_with_its_inputs_and_replaces_the_current_one(worked_example):
    campaign, _apps = worked_example
    first = compute_ranking(campaign=campaign)
    second = compute_ranking(campaign=campaign)
    first.refresh_from_db()
    assert (first.is_current, second.is_current) == (False, True)
    assert second.inputs["quota"] == 2
    assert second.inputs["min_composite_score"] == "60.000"
    assert second.inputs["rubric_max"] == 100
    assert second.inputs["weights"]["groups"] == {"public": 40, "practitioner": 40, "organisation": 20}
    assert Ranking.objects.filter(campaign=campaign).count() == 2


def test_candidates_below_the_minimum_are_not_recommended_even_with_places_left(worked_example):
    campaign, _apps = worked_example
    campaign.quota = 4
    campaign.min_composite_score = D("75")
    campaign.save()
    entries = _by_name(compute_ranking(campaign=campaign))
    assert [entries[n].outcome for n in ("乙", "甲", "丙", "丁", "戊")] == [REC, REC, NOM, NONE, NONE]


def test_without_public_input_the_public_weight_is_zero_for_everybody(worked_example):
    campaign, _apps = worked_example
    campaign.public_input_enabled = False
    campaign.save()
    entries = _by_name(compute_ranking(campaign=campaign))
    assert entries["甲"].composite == D("76.250")  # (21 + 40) / 0.8
    assert entries["甲"].public_score is None
    assert entries["甲"].breakdown["weights"] == {"material": "0.375", "onsite": "0.625", "public": "0.000"}


def test_breakdown_keeps_each_experts_total_and_whether_the_mean_was_trimmed():
    campaign = campaign_in(use_trimmed_mean=True)
    panel = panel_for(campaign, experts=5)
    app = candidate(campaign)
    result(app, panel, "onsite", "80", totals=[60, 78, 80, 82, 95], trimmed=True)
    result(app, panel, "material", "70")
    entry = compute_ranking(campaign=campaign).entries.get()
    assert entry.breakdown["onsite"]["expert_totals"] == [60, 78, 80, 82, 95]
    assert entry.breakdown["onsite"]["trimmed"] is True
    assert "各专家总分 60、78、80、82、95，去掉一个最高分和一个最低分后取平均 = 80.000" in explain(entry)[1]


def test_candidate_without_an_onsite_result_is_left_out_and_listed_as_missing():
    campaign = campaign_in()
    panel = panel_for(campaign)
    scored = candidate(campaign)
    unscored = candidate(campaign)
    result(scored, panel, "onsite", 70)
    result(scored, panel, "material", 70)
    ranking = compute_ranking(campaign=campaign)
    assert list(ranking.entries.values_list("application_id", flat=True)) == [scored.pk]
    assert ranking.inputs["missing_onsite"] == [unscored.pk]


def test_candidate_without_a_material_result_is_left_out_and_listed_as_missing():
    campaign = campaign_in()
    panel = panel_for(campaign)
    app = candidate(campaign)
    result(app, panel, "onsite", 70)
    ranking = compute_ranking(campaign=campaign)
    assert not ranking.entries.exists()
    assert ranking.inputs["missing_material"] == [app.pk]


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
    campaign = campaign_in(public_input_enabled=False, **MIDPOINT_RULES)
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


def test_the_tie_break_dimension_is_rubric_data_not_code():
    """第二十条's tie-break reads the rubric's `tiebreak_dimension` (fixtures/rubrics.json): pointed at another
    dimension, the ranking compares that dimension's subtotal (stored in the ranking's inputs)."""
    from scoring.models import Rubric

    assert dict(Rubric.objects.values_list("code", "tiebreak_dimension")) == {
        "craftsman-100": "skill",
        "pioneer-150": "influence",
    }
    campaign = campaign_in(public_input_enabled=False)
    rubric = campaign.award_type.rubric
    other = rubric.dimensions.exclude(code="skill").order_by("order").first()
    Rubric.objects.filter(pk=rubric.pk).update(tiebreak_dimension=other.code)
    panel = panel_for(campaign, experts=1)
    expert = panel.members.get().expert
    for name in ("甲", "乙"):
        app = candidate(campaign, name=name)
        result(app, panel, "onsite", 75)
        result(app, panel, "material", 70)
        onsite_sheet(app, panel, expert, {})
    ranking = compute_ranking(campaign=campaign)
    assert ranking.inputs["tiebreak_dimension"] == other.code


def test_explanation_names_each_group_the_neutral_value_and_the_one_formula(worked_example):
    campaign, _apps = worked_example
    entry = _by_name(compute_ranking(campaign=campaign))["甲"]
    lines = explain(entry)
    assert (
        "公众评价（各类平均分 ÷ 5 × 100）：社会公众 2 票，平均 4.500 分 → 90.000（权重 0.400）；"
        "从业人员 0 票，按中间值 3 分计 → 60.000（权重 0.400）；企事业单位 0 票，按中间值 3 分计 → 60.000（权重 0.200）；"
        "合计 72.000"
    ) in lines
    assert (
        "综合得分 = 材料评议 70.000 × 0.300 + 现场展示 80.000 × 0.500 + 公众评价 72.000 × 0.200 = 75.400"
        in lines
    )


# --- verify_ranking: the stored ranking reproduces from the stored sheets and ballots --------------------------


def _sheets(app, panel, stage, totals):
    experts = [m.expert for m in panel.members.order_by("id")]
    for expert, total in zip(experts, totals, strict=True):
        ScoreSheet.objects.create(
            application=app,
            expert=expert,
            panel=panel,
            stage=stage,
            state=ScoreSheet.State.SUBMITTED,
            total=total,
        )
    result(app, panel, stage, D(sum(totals)) / len(totals), totals=list(totals))


@pytest.fixture
def sheeted():
    campaign = campaign_in(quota=1, nomination_quota=1, year=2097, **MIDPOINT_RULES)
    panel = panel_for(campaign, experts=3)
    apps = {}
    for name, material, onsite, ratings in (
        ("甲", (70, 72, 74), (80, 82, 84), (5, 4)),
        ("乙", (60, 66, 69), (85, 80, 78), (2,)),
    ):
        app = candidate(campaign, name=name, number=f"ZHGJ-2097-{name}")
        _sheets(app, panel, "material", material)
        _sheets(app, panel, "onsite", onsite)
        votes(app, *ratings)
        apps[name] = app
    return campaign, apps


def test_verify_ranking_reproduces_a_fresh_ranking_exactly(sheeted):
    campaign, _apps = sheeted
    assert verify_ranking(compute_ranking(campaign=campaign)) == []


def test_verify_ranking_reports_a_sheet_changed_after_the_ranking(sheeted):
    campaign, apps = sheeted
    ranking = compute_ranking(campaign=campaign)
    ScoreSheet.objects.filter(application=apps["甲"], stage="onsite", total=80).update(total=50)
    diffs = verify_ranking(ranking)
    assert "ZHGJ-2097-甲：现场展示 存储为 82.000，复核为 72.000" in diffs


def test_verify_ranking_reports_a_ballot_voided_after_the_ranking(sheeted):
    campaign, apps = sheeted
    ranking = compute_ranking(campaign=campaign)
    Ballot.objects.filter(votes__application=apps["乙"]).update(voided_at=timezone.now())
    diffs = verify_ranking(ranking)
    assert any(d.startswith("ZHGJ-2097-乙：公众评价 存储为") for d in diffs)


def test_verify_ranking_command_exits_non_zero_on_a_difference_and_zero_when_it_reproduces(sheeted, capsys):
    campaign, apps = sheeted
    compute_ranking(campaign=campaign)
    call_command("verify_ranking", f"craftsman-{campaign.year}")
    assert "一致" in capsys.readouterr().out
    Ballot.objects.filter(votes__application=apps["甲"]).update(voided_at=timezone.now())
    with pytest.raises(CommandError, match="处不同"):
        call_command("verify_ranking", str(campaign.pk))
    assert "ZHGJ-2097-甲：公众评价" in capsys.readouterr().out
