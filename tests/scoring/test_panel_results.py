"""评议组得分 (第二十条 mean / trimmed mean), the chair's opinion (第十条), rater analytics and documents."""

import re
from decimal import Decimal
from io import BytesIO

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from openpyxl import load_workbook
from pypdf import PdfReader

from scoring.aggregation import PanelTooSmall, panel_score
from scoring.documents.sheets import score_matrix_xlsx, sheet_pdf
from scoring.models import ConflictOfInterest, PanelResult
from scoring.selectors.analytics import average_ranks, kendalls_w
from scoring.selectors.panels import sheet_for_document
from scoring.services import EntryInput, panel_opinion_save, panel_results_compute, sheet_submit
from tests.scoring.builders import CRAFTSMAN_EXAMPLE, craftsman_entries, scoring_world
from tests.xlsx import table

pytestmark = pytest.mark.django_db
PASSWORD = "demo-pass-2026"


def entries_with_total(delta: int) -> dict[str, EntryInput]:
    """The craftsman example shifted by `delta` on the last criterion (16 → 16+delta, band 16~20 at 3+显著)."""
    example = list(CRAFTSMAN_EXAMPLE)
    points, n, sig = example[-1]
    example[-1] = (points + delta, n, sig)
    return craftsman_entries(example)


def score_all(world, deltas):
    for app in world.apps:
        for expert, delta in zip(world.experts, deltas, strict=False):
            if not ConflictOfInterest.objects.filter(expert=expert, application=app).exists():
                sheet_submit(
                    expert=expert,
                    application=app,
                    stage="material",
                    entries=entries_with_total(delta),
                    password=PASSWORD,
                    signature_name=expert.get_full_name(),
                )


def test_mean_of_three_totals():
    assert panel_score([75, 76, 80], trimmed_mean=False) == (Decimal("77.000"), False)


def test_the_approved_trimmed_mean_applies_from_three_totals_and_is_never_switched_silently():
    """Issue 22 item 6 (decisions 175): one formula per campaign whatever the panel's size."""
    assert panel_score([75, 76, 80], trimmed_mean=True) == (Decimal("76.000"), True)
    with pytest.raises(PanelTooSmall):
        panel_score([75, 80], trimmed_mean=True)
    # a ranking stored before decisions 175 is recomputed with the rule of then
    assert panel_score([75, 76, 80], trimmed_mean=True, legacy=True) == (Decimal("77.000"), False)


def test_trimmed_mean_drops_one_highest_and_one_lowest_with_five_experts():
    assert panel_score([60, 75, 76, 77, 99], trimmed_mean=True) == (Decimal("76.000"), True)


def test_trimmed_mean_is_not_used_when_the_campaign_does_not_ask():
    assert panel_score([60, 75, 76, 77, 99], trimmed_mean=False) == (Decimal("77.400"), False)


def test_panel_results_are_refused_while_a_sheet_is_missing(world):
    score_all(world, [0, 1])
    with pytest.raises(ValidationError) as exc:
        panel_results_compute(campaign=world.campaign, stage="material")
    assert "2 张评分表未提交" in exc.value.messages[0]


def test_panel_results_store_the_mean_and_each_experts_total(world):
    score_all(world, [0, 1, 4])
    results = panel_results_compute(campaign=world.campaign, stage="material")
    assert len(results) == 2
    result = PanelResult.objects.get(application=world.apps[0], stage="material")
    assert result.score == Decimal("76.667")
    assert sorted(r["total"] for r in result.expert_totals) == [75, 76, 79]
    assert result.trimmed is False


def test_panel_results_use_the_trimmed_mean_with_five_experts():
    w = scoring_world(experts=5, apps=1)
    w.campaign.use_trimmed_mean = True
    w.campaign.save()
    score_all(w, [0, 1, 2, 3, 4])
    result = panel_results_compute(campaign=w.campaign, stage="material")[0]
    assert (result.score, result.trimmed) == (Decimal("77.000"), True)


def test_a_recusal_that_shrinks_the_panel_to_four_keeps_the_trimmed_mean():
    """Five experts give a trimmed mean; when one recuses the other four's totals are trimmed too (today: an
    untrimmed mean of four — two formulas in one campaign)."""
    w = scoring_world(experts=5, apps=1)
    w.campaign.use_trimmed_mean = True
    w.campaign.save()
    ConflictOfInterest.objects.create(
        expert=w.experts[4], application=w.apps[0], source="declared", reason="x"
    )
    score_all(w, [0, 0, 1, 4, 4])  # totals 75, 75, 76, 79 (the fifth recused)
    result = panel_results_compute(campaign=w.campaign, stage="material")[0]
    assert (result.score, result.trimmed) == (Decimal("75.500"), True)


def test_a_panel_too_small_for_the_approved_trimmed_mean_goes_to_the_committee():
    w = scoring_world(experts=3, apps=1)
    w.campaign.use_trimmed_mean = True
    w.campaign.save()
    ConflictOfInterest.objects.create(
        expert=w.experts[2], application=w.apps[0], source="declared", reason="x"
    )
    score_all(w, [0, 4])
    with pytest.raises(ValidationError) as exc:
        panel_results_compute(campaign=w.campaign, stage="material")
    assert exc.value.code == "panel_too_small"
    assert "至少需要 3 位专家" in exc.value.messages[0] and "提请组委会决定" in exc.value.messages[0]
    assert w.apps[0].number in exc.value.messages[0]
    assert not PanelResult.objects.exists()


def test_an_expert_with_a_conflict_is_not_waited_for(world):
    ConflictOfInterest.objects.create(
        expert=world.experts[2], application=world.apps[1], source="declared", reason="x"
    )
    score_all(world, [0, 2, 4])
    panel_results_compute(campaign=world.campaign, stage="material")
    assert PanelResult.objects.get(application=world.apps[1]).score == Decimal("76.000")


def test_the_chair_writes_the_opinion_and_recommended_names(world):
    opinion = panel_opinion_save(
        panel=world.panel,
        stage="material",
        user=world.experts[0],
        opinion="两位申报人材料翔实，建议入围。",
        recommended_ids=[world.apps[0].pk],
    )
    assert list(opinion.recommended.all()) == [world.apps[0]]


def test_a_member_who_is_not_chair_cannot_write_the_opinion(world):
    with pytest.raises(PermissionDenied):
        panel_opinion_save(
            panel=world.panel, stage="material", user=world.experts[1], opinion="x", recommended_ids=[]
        )


def test_recommended_names_must_come_from_the_panel(world):
    other = scoring_world(apps=1)
    with pytest.raises(ValidationError):
        panel_opinion_save(
            panel=world.panel,
            stage="material",
            user=world.experts[0],
            opinion="意见",
            recommended_ids=[other.apps[0].pk],
        )


def test_average_ranks_share_ties():
    assert average_ranks([90, 80, 80, 70]) == [1.0, 2.5, 2.5, 4.0]


def test_kendalls_w_is_one_when_every_expert_ranks_alike():
    assert kendalls_w([[90, 80, 70], [85, 75, 60], [99, 50, 40]]) == 1.0


def test_kendalls_w_is_zero_for_opposite_rankings_of_two_experts():
    assert kendalls_w([[1, 2, 3], [3, 2, 1]]) == 0.0


def lowest_entries() -> dict[str, EntryInput]:
    """1 point on every criterion (no aspect shown: the lowest band) — a total of 7."""
    return {code: EntryInput(points=1, aspects=[], significant=False) for code in craftsman_entries()}


def sign(expert, app, entries):
    sheet_submit(
        expert=expert,
        application=app,
        stage="material",
        entries=entries,
        password=PASSWORD,
        signature_name=expert.get_full_name(),
    )


def analytics_world(world):
    e1, e2, e3 = world.experts
    first, second = world.apps
    sign(e1, first, entries_with_total(0))  # 75
    sign(e2, first, entries_with_total(1))  # 76
    sign(e3, first, lowest_entries())  # 7: far below the median 75
    sign(e1, second, entries_with_total(1))  # 76
    sign(e2, second, entries_with_total(3))  # 78
    sign(e3, second, entries_with_total(0))  # 75
    return world


def test_analytics_page_flags_a_total_far_from_the_median(client, world, office):
    analytics_world(world)
    client.force_login(office)
    html = client.get(reverse("scoring:panel_analytics", args=[world.panel.pk, "material"])).content.decode()
    assert html.count('class="flag"') == 1
    assert "专家3 → " + world.apps[0].number in html


def test_analytics_page_shows_kendalls_w_and_a_chart_per_criterion(client, world, office):
    analytics_world(world)
    client.force_login(office)
    html = client.get(reverse("scoring:panel_analytics", args=[world.panel.pk, "material"])).content.decode()
    assert 'data-testid="kendalls-w">1.0<' in html
    assert html.count("<svg") == 7
    assert 'data-points="16" data-count="5"' in html


def test_chair_cannot_see_results_before_every_sheet_is_in(client, world):
    score_all(world, [0])
    client.force_login(world.experts[0])
    html = client.get(reverse("scoring:panel_results", args=[world.panel.pk, "material"])).content.decode()
    assert "全部评分表提交后组长才能查看" in html
    main = html[html.index("<main") : html.index("</main>")]
    assert "75" not in re.sub(r'<input type="hidden" name="csrfmiddlewaretoken" value="[^"]*">', "", main)


def test_a_member_who_is_not_chair_gets_404_on_results(client, world):
    client.force_login(world.experts[1])
    assert client.get(reverse("scoring:panel_results", args=[world.panel.pk, "material"])).status_code == 404


def test_signed_sheet_pdf_shows_scores_total_name_and_date(world):
    sheet = sheet_submit(
        expert=world.experts[0],
        application=world.apps[0],
        stage="material",
        entries=craftsman_entries(),
        password=PASSWORD,
        signature_name="专家1",
    )
    text = "".join(
        page.extract_text() for page in PdfReader(BytesIO(sheet_pdf(sheet_for_document(sheet.pk)))).pages
    )
    assert world.apps[0].name in text
    assert "75" in text and "专家1" in text and "材料评议" in text
    assert sheet.signed_on.strftime("%Y年").rstrip("年") in text


def test_score_matrix_has_each_experts_criteria_totals_and_the_panel_score(world):
    score_all(world, [0, 1, 4])
    panel_results_compute(campaign=world.campaign, stage="material")
    _header, *rows = table(
        load_workbook(
            BytesIO(score_matrix_xlsx(campaign=world.campaign, stage="material", panel=world.panel))
        ).active
    )
    first = [r for r in rows if r[0] == world.apps[0].number]
    expert_row = next(r for r in first if r[2] == "专家1")
    assert list(expert_row[3:10]) == [6, 8, 9, 6, 14, 16, 16]
    assert expert_row[10] == 75
    panel_row = next(r for r in first if r[2] == "评议组得分")
    assert panel_row[10] == pytest.approx(76.667)


def test_office_computes_results_from_the_page_and_sees_the_panel_score(client, world, office):
    score_all(world, [0, 1, 4])
    client.force_login(office)
    url = reverse("scoring:panel_results_compute", args=[world.campaign.pk, "material"])
    client.post(url, {"panel": world.panel.pk})
    html = client.get(reverse("scoring:panel_results", args=[world.panel.pk, "material"])).content.decode()
    assert 'data-testid="panel-score">76.667<' in html


def test_chair_writes_the_opinion_through_the_page_once_every_sheet_is_in(client, world, office):
    score_all(world, [0, 1, 4])
    client.force_login(world.experts[0])
    client.post(
        reverse("scoring:panel_opinion", args=[world.panel.pk, "material"]),
        {"opinion": "材料翔实，建议入围现场展示。", "recommended": [str(world.apps[1].pk)]},
    )
    client.force_login(office)
    html = client.get(reverse("scoring:panel_results", args=[world.panel.pk, "material"])).content.decode()
    assert "材料翔实，建议入围现场展示。" in html
    assert f"{world.apps[1].number} {world.apps[1].name}" in html


def test_results_page_query_count_does_not_grow_with_applications(
    client, office, django_assert_max_num_queries
):
    for apps in (1, 6):
        w = scoring_world(apps=apps)
        client.force_login(office)
        with django_assert_max_num_queries(19):  # + the shortlist and its confirmation (第十七条)
            client.get(reverse("scoring:panel_results", args=[w.panel.pk, "material"]))
