"""Issue 22: fairness across panels, shown before adopted (docs/decisions.md 210) — each panel's and expert's
severity and spread with the panel's agreement (ICC(2,1)), an optional normalisation that is off by default, the
side-by-side view (who moves across the quota line) computed without storing, and verify_ranking recomputing
either."""

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from awards.models import Campaign
from scoring.models import Ranking, RankingEntry, ScoreSheet
from scoring.selectors import fairness
from scoring.selectors.analytics import icc_2_1, severity
from scoring.selectors.fairness import Sheet, normalise
from scoring.selectors.ranking import compare, explain, ranking_rules_in_words, verify_ranking
from scoring.services.ranking import compute_ranking
from tests.factories import user_with_role
from tests.workflow.office.builders import campaign_in, candidate, panel_for, result
from workflow.audit_verify import ranking_mismatch
from workflow.selectors.rules import RULE_DEFAULTS
from workflow.services.committee import decision_open
from workflow.services.rules import ranking_rule_errors

pytestmark = pytest.mark.django_db
REC = RankingEntry.Outcome.RECOMMENDED

#: Two panels of three experts; the harsh panel's best candidate is as far above its panel as the lenient
#: panel's best, yet 15 points below on the raw scale.
HARSH = {"严一": 75, "严二": 60, "严三": 55}
LENIENT = {"宽一": 90, "宽二": 88, "宽三": 80}


def two_panels(**rules):
    campaign = campaign_in(
        quota=2,
        nomination_quota=0,
        min_composite_score=Decimal("0"),
        public_input_enabled=False,
        weight_public=0,
        weight_material=50,
        weight_onsite=50,
        **rules,
    )
    apps = {}
    for panel_name, specs in (("严格评议组", HARSH), ("宽松评议组", LENIENT)):
        panel = panel_for(campaign, name=panel_name)
        experts = [m.expert for m in panel.members.order_by("id")]
        for name, total in specs.items():
            app = candidate(campaign, name=name, number=name)
            for stage in ("material", "onsite"):
                for expert in experts:
                    ScoreSheet.objects.create(
                        application=app,
                        expert=expert,
                        panel=panel,
                        stage=stage,
                        state=ScoreSheet.State.SUBMITTED,
                        total=total,
                    )
                result(app, panel, stage, total, totals=[total] * len(experts))
            apps[name] = app
    return campaign, apps


def outcomes(ranking):
    return {e.application.name: e.outcome for e in ranking.entries.select_related("application")}


def test_icc_2_1_of_the_shrout_fleiss_example():
    """Shrout & Fleiss (1979), table 2: 6 targets × 4 judges. By hand: grand mean 5.2917; SS between targets
    56.208 → MSR 11.242; SS between judges 97.458 → MSC 32.486; total SS 168.958 → residual 15.292 → MSE 1.019;
    ICC(2,1) = (11.242 − 1.019) / (11.242 + 3·1.019 + 4·(32.486 − 1.019)/6) = 10.222 / 35.279 = 0.290 (the
    paper's 0.29)."""
    matrix = [[9, 2, 5, 8], [6, 1, 3, 2], [8, 4, 6, 8], [7, 1, 2, 6], [10, 5, 6, 9], [6, 2, 4, 7]]
    assert icc_2_1(matrix) == 0.29
    assert icc_2_1([[1, 2]]) is None  # one subject: no agreement to speak of
    assert icc_2_1([[3, 3], [3, 3]]) is None  # every value equal


def test_normalisation_maps_each_panel_onto_the_campaigns_mean_and_sd_with_a_minimum_sample():
    """Panel A 10…50 (mean 30, SD √250), panel B 60…100; the stage over both: mean 55, SD √(8250/9). A's 50 →
    z = 20/√250 = 1.26491 → 55 + 1.26491 × 30.2765 = 93.297. Panel C has three sheets (< 5): left as it is, flagged."""
    sheets = [Sheet(i, "onsite", 1, 100 + i, t) for i, t in enumerate([10, 20, 30, 40, 50])]
    sheets += [Sheet(10 + i, "onsite", 2, 200 + i, t) for i, t in enumerate([60, 70, 80, 90, 100])]
    sheets += [Sheet(20 + i, "onsite", 3, 300 + i, t) for i, t in enumerate([1, 2, 3])]
    before = normalise(sheets[:10], fairness.NONE)[0]
    totals, skipped = normalise(sheets[:10], fairness.PANEL)
    assert before[(4, "onsite")] == [50]
    assert totals[(4, "onsite")] == [Decimal("93.297")]
    assert totals[(2, "onsite")] == [Decimal("55.000")]  # the panel's mean → the campaign's mean
    assert totals[(12, "onsite")] == [Decimal("55.000")]  # both panels are put on one scale
    assert skipped == []
    totals, skipped = normalise(sheets, fairness.PANEL)
    assert totals[(22, "onsite")] == [Decimal(3)]
    assert skipped == [fairness.Skipped("onsite", "panel", 3, 3)]
    # per expert: one sheet each, below the guard — nobody is normalised and every expert is flagged
    totals, skipped = normalise(sheets, fairness.EXPERT)
    assert totals[(4, "onsite")] == [Decimal(50)] and len(skipped) == len(sheets)


def test_severity_per_panel_and_expert_with_offset_sd_and_sample_size():
    campaign, apps = two_panels()
    sheets = fairness.submitted_sheets([a.pk for a in apps.values()])
    stages = severity(sheets, {}, {})
    assert [s["stage"] for s in stages] == ["material", "onsite"]
    onsite = stages[1]
    assert (onsite["count"], onsite["mean"]) == (18, 74.67)
    by_mean = sorted(onsite["panels"], key=lambda p: p.mean)
    harsh, lenient = by_mean
    assert (harsh.count, harsh.candidates, harsh.mean, harsh.offset, harsh.sd) == (9, 3, 63.33, -11.33, 9.01)
    assert (lenient.mean, lenient.offset, lenient.sd) == (86.0, 11.33, 4.58)
    # every expert of a panel gave the same totals: perfect agreement, over 3 candidates × 3 experts
    assert (harsh.icc, harsh.icc_n, harsh.icc_k) == (1.0, 3, 3)
    assert len(onsite["experts"]) == 6 and {e.count for e in onsite["experts"]} == {3}


def test_off_by_default_and_the_ranking_is_the_raw_one():
    campaign, apps = two_panels()
    assert Campaign().score_normalisation == "none" and RULE_DEFAULTS["score_normalisation"] == "none"
    ranking = compute_ranking(campaign=campaign)
    assert ranking.inputs["score_normalisation"] == "none"
    assert {n for n, o in outcomes(ranking).items() if o == REC} == {"宽一", "宽二"}
    assert verify_ranking(ranking) == [] and ranking_mismatch(ranking) is None
    assert "不作评分尺度标准化" in " ".join(ranking_rules_in_words(ranking.inputs))


def test_the_side_by_side_view_shows_who_crosses_the_quota_line_and_stores_nothing():
    campaign, apps = two_panels()
    compute_ranking(campaign=campaign)
    stored = (Ranking.objects.count(), RankingEntry.objects.count())
    with CaptureQueriesContext(connection) as few:
        view = compare(campaign, fairness.PANEL)
    moves = {m.application.name: m for m in view["moves"]}
    assert (moves["严一"].without.rank, moves["严一"].with_.rank, moves["严一"].delta) == (4, 1, 3)
    assert moves["严一"].crosses_quota and moves["宽二"].crosses_quota
    assert moves["宽二"].without.outcome == REC and moves["宽二"].with_.outcome != REC
    assert not moves["宽一"].crosses_quota
    assert {m.application.name for m in view["crossing"]} == {"严一", "宽二"}
    assert (Ranking.objects.count(), RankingEntry.objects.count()) == stored
    campaign.refresh_from_db()
    assert campaign.score_normalisation == "none"  # never applied silently
    # more candidates, the same number of queries (no per-row queries)
    extra = candidate(campaign, name="严四", number="严四")
    panel = ScoreSheet.objects.filter(application=apps["严三"]).first().panel
    for sheet in ScoreSheet.objects.filter(application=apps["严三"]):
        ScoreSheet.objects.create(
            application=extra,
            expert=sheet.expert,
            panel=panel,
            stage=sheet.stage,
            state=sheet.state,
            total=58,
        )
    with CaptureQueriesContext(connection) as more:
        compare(campaign, fairness.PANEL)
    assert len(more) == len(few)
    with pytest.raises(ValueError):
        compare(campaign, "zscore")


def test_once_adopted_the_ranking_uses_it_and_verify_ranking_recomputes_either():
    campaign, apps = two_panels(score_normalisation="panel")
    ranking = compute_ranking(campaign=campaign)
    assert ranking.inputs["score_normalisation"] == "panel"
    assert {n for n, o in outcomes(ranking).items() if o == REC} == {"严一", "宽一"}
    entry = ranking.entries.get(application=apps["严一"])
    assert entry.onsite_score > Decimal(75)  # 75 raw, lifted onto the campaign's scale
    assert "评分尺度标准化（按评议组）后的专家总分" in " ".join(explain(entry))
    assert "各评议组的专家总分换算为本组的标准分" in " ".join(ranking_rules_in_words(ranking.inputs))
    assert verify_ranking(ranking) == [] and ranking_mismatch(ranking) is None
    # a ranking whose stored rule says otherwise than its numbers is caught
    Ranking.objects.filter(pk=ranking.pk).update(inputs={**ranking.inputs, "score_normalisation": "none"})
    ranking.refresh_from_db()
    assert any("严一" in d for d in verify_ranking(ranking))


def test_the_rule_is_a_committee_decision_and_a_bad_value_is_refused_in_words():
    assert ranking_rule_errors({"score_normalisation": "zscore"}) == [
        "“评分尺度标准化”只能选择“不标准化”“按评议组标准化”或“按专家标准化”。"
    ]
    campaign = campaign_in(Campaign.Phase.DRAFT)
    with pytest.raises(ValidationError, match="评分尺度标准化"):
        decision_open(
            campaign=campaign, user=user_with_role("office"), kind="rules", rules={"score_normalisation": "z"}
        )


def test_the_ranking_page_shows_severity_and_the_side_by_side_view(client):
    campaign, apps = two_panels()
    compute_ranking(campaign=campaign)
    client.force_login(user_with_role("office"))
    url = reverse("workflow:ranking", args=[campaign.pk])
    page = client.get(url).content.decode()
    assert 'id="fairness"' in page and "严格评议组" in page and "-11.33" in page
    assert "现行评议规则：不标准化" in page
    assert 'id="fairness-table"' not in page  # shown only when asked for
    page = client.get(url, {"normalise": "panel"}).content.decode()
    table = page.split('id="fairness-table"')[1]
    assert "进入建议名单" in table and "退出建议名单" in table
    assert "有 2 人跨越名额线" in page
    page = client.get(url, {"normalise": "zscore"}).content.decode()
    assert "未知的标准化方式“zscore”" in page and 'id="fairness-table"' not in page
    campaign.refresh_from_db()
    assert campaign.score_normalisation == "none"


def test_adopted_only_through_the_committees_rules_decision_then_frozen_and_shown_in_words(client):
    """The side-by-side view is the evidence; adoption is the existing rules decision (第八条（二）): proposed,
    voted, closed — then the campaign's rule changes, the next ranking uses it, and the rule is frozen."""
    from tests.scoring.public_input.test_rules_approval import _approve

    campaign, apps = two_panels()
    Campaign.objects.filter(pk=campaign.pk).update(phase=Campaign.Phase.PUBLIC_INPUT)  # a rules phase
    campaign.refresh_from_db()
    office = user_with_role("office")
    committee = [user_with_role("committee") for _ in range(3)]
    assert campaign.score_normalisation == "none"
    _approve(campaign, office, committee, rules={"score_normalisation": "panel"})
    campaign.refresh_from_db()
    assert (
        campaign.score_normalisation == "panel" and campaign.rules_approved["score_normalisation"] == "panel"
    )
    ranking = compute_ranking(campaign=campaign)
    assert {n for n, o in outcomes(ranking).items() if o == REC} == {"严一", "宽一"}
    campaign.score_normalisation = "none"
    with pytest.raises(ValidationError):
        campaign.save()  # frozen: only a new committee decision changes it
    client.force_login(office)
    page = client.get(reverse("workflow:ranking", args=[campaign.pk])).content.decode()
    assert "现行评议规则：按评议组标准化" in page
    assert "各评议组的专家总分换算为本组的标准分" in page


def test_the_fairness_section_is_fully_in_english(client):
    from tests.awards.test_english import chinese_left, in_english

    campaign, apps = two_panels()
    compute_ranking(campaign=campaign)
    client.force_login(user_with_role("office"))
    in_english(client)
    page = client.get(
        reverse("workflow:ranking", args=[campaign.pk]), {"normalise": "panel"}
    ).content.decode()
    section = page[
        page.index('<section id="fairness">') : page.index("</section>", page.index('id="fairness"'))
    ]
    assert "Score normalisation: places with and without it, side by side" in section
    assert "2 candidates cross the quota line" in section and "enters the recommended list" in section
    names = [*apps, "严格评议组", "宽松评议组"]
    experts = [
        e.expert.get_full_name() or e.expert.username
        for e in campaign.panels.get(name="严格评议组").members.select_related("expert")
    ] + [
        e.expert.get_full_name() or e.expert.username
        for e in campaign.panels.get(name="宽松评议组").members.select_related("expert")
    ]
    assert chinese_left(section, *names, *experts) == []


def test_the_severity_tables_are_cached_until_a_sheet_changes(client, settings):
    """decisions 373: the 评分尺度 tables are kept under the ranking's input count; a sheet written after the first
    view shows at the next one (and would not, were they kept under the office version alone)."""
    settings.OFFICE_CACHE_SECONDS = 300
    campaign, apps = two_panels()
    compute_ranking(campaign=campaign)
    client.force_login(user_with_role("office"))
    url = reverse("workflow:ranking", args=[campaign.pk])

    def sheets_of_harsh_panel(page):
        table = page.split('class="table fairness-panels" data-stage="material"')[1].split("</table>")[0]
        row = next(r for r in table.split("<tr")[1:] if "严格评议组" in r)
        return int(row.split("<td>")[2].split("</td>")[0])

    before = sheets_of_harsh_panel(client.get(url).content.decode())
    assert sheets_of_harsh_panel(client.get(url).content.decode()) == before  # from the cache
    sheet = ScoreSheet.objects.filter(
        application__in=[a for a in apps.values()], panel__name="严格评议组", stage="material"
    ).first()
    sheet.delete()
    assert sheets_of_harsh_panel(client.get(url).content.decode()) == before - 1
