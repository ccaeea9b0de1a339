"""综合评价 (第二十条) — compute and store a campaign's composite ranking, the one write of it (a new current
`Ranking` with one `RankingEntry` per candidate and its breakdown; the previous one stays, not current).

The formula, its inputs and every read of a stored ranking (whether it is still current, `verify_ranking`,
`explain`, `compare`) are in scoring/selectors/ranking.py: a selector reaches no service (docs/architecture.md §3).
"""

from django.db import transaction
from django.utils.translation import gettext_lazy

from awards.models import Campaign
from scoring.models import PanelResult, Ranking, RankingEntry, Stage
from scoring.selectors import fairness
from scoring.selectors.ranking import (
    build_rows,
    digest_scores,
    inputs_digest,
    inputs_version,
    public_tallies,
    q3,
    ranked_application_ids,
    ranking_inputs,
    tiebreak_subtotals,
)


def _result_json(result: PanelResult | None):
    if result is None:
        return None
    return {
        "score": str(q3(result.score)),
        "expert_totals": result.expert_totals,
        "trimmed": result.trimmed,
        "panel": result.panel_id,
    }


def _normalisation_json(app_id: int, mode: str, normalised: dict):
    """The normalised totals a candidate's scores were taken of (None: not normalised)."""
    if mode == fairness.NONE:
        return None
    return {
        "mode": mode,
        **{
            stage: [str(t) for t in normalised.get((app_id, stage), [])]
            for stage in (Stage.MATERIAL.value, Stage.ONSITE.value)
        },
    }


def compute_ranking(*, campaign: Campaign, user=None) -> Ranking:
    """Compute and store the campaign's current composite ranking (the previous one stays, not current)."""
    version = inputs_version(campaign.pk)  # before any input is read (decisions 360)
    campaign = Campaign.objects.select_related("award_type__rubric").get(pk=campaign.pk)
    inputs = ranking_inputs(campaign)
    app_ids = ranked_application_ids(campaign)
    results = {(r.application_id, r.stage): r for r in PanelResult.objects.filter(application_id__in=app_ids)}
    scores = {key: r.score for key, r in results.items()}
    mode = inputs["score_normalisation"]
    normalised: dict = {}
    if mode != fairness.NONE:  # the committee adopted it (decisions 210): the scores of the normalised totals
        normalised, skipped = fairness.normalise(fairness.submitted_sheets(app_ids), mode)
        scores = fairness.panel_scores(normalised, use_trimmed_mean=inputs["use_trimmed_mean"])
        inputs["normalisation_skipped"] = [[s.stage, s.key, s.count] for s in skipped]
    tallies = public_tallies(campaign, app_ids) if inputs["weights"]["public"] else {}
    dimension = inputs["tiebreak_dimension"]
    subtotals = (
        tiebreak_subtotals(app_ids, dimension) if dimension and "subtotal" in inputs["tiebreak_order"] else {}
    )
    ordered, missing_onsite, missing_material = build_rows(app_ids, inputs, scores, tallies, subtotals)
    inputs["missing_onsite"] = missing_onsite
    inputs["missing_material"] = missing_material
    digest = inputs_digest(
        campaign, app_ids=app_ids, tallies=tallies, sheets_or_scores=digest_scores(app_ids)
    )
    with transaction.atomic():
        campaign.rankings.filter(is_current=True).update(is_current=False)
        ranking = Ranking.objects.create(
            campaign=campaign,
            computed_by=user,
            inputs=inputs,
            is_current=True,
            inputs_digest=digest,
            inputs_version=version,
        )
        RankingEntry.objects.bulk_create(
            RankingEntry(
                ranking=ranking,
                application_id=row.application_id,
                material_score=row.material,
                onsite_score=row.onsite,
                public_score=row.public,
                composite=row.composite,
                rank=row.rank,
                tied=row.tied,
                outcome=row.outcome,
                breakdown={
                    "material": _result_json(results.get((row.application_id, Stage.MATERIAL))),
                    "onsite": _result_json(results.get((row.application_id, Stage.ONSITE))),
                    "normalisation": _normalisation_json(row.application_id, mode, normalised),
                    "public": row.public_detail,
                    "weights": row.weights,
                    "tiebreak_subtotal": str(row.subtotal) if row.subtotal is not None else None,
                    "tie_at_line": row.tie_at_line,
                },
            )
            for row in ordered
        )
    return ranking


#: The refusal of a step that would use a stale ranking (decisions 245).
STALE_MESSAGE = gettext_lazy(
    "排名已过期：计算后选票被作废或恢复、或评分有变化，请先重新计算综合排名（第二十条）。"
)
