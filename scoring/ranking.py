"""综合评价 (第二十条) — the composite ranking of one campaign.

Inputs: per stage the panel score of each candidate (`PanelResult`, the mean or trimmed mean of the experts'
totals), public input (`PublicVote`, mean rating 1–5 scaled to the rubric: rating / 5 × rubric maximum) and the
campaign's weights (default on-site 80 %, public 20 %; on-site 100 % without public input; a candidate without
any public vote is ranked on the on-site score alone, the weights renormalised).

Order: composite, then on-site score, then the on-site sheets' mean subtotal of the tie-break dimension
(技术/技能 for the craftsman, 行业影响 for the pioneer), then the material-review score. Candidates equal on all
of these share a rank and are flagged (`tied`) for the committee; a tie is never broken silently.

Outcome: the best `quota` at or above the minimum composite are recommended (宁缺毋滥), the next
`nomination_quota` are nominated. A tied group that straddles a line gets neither outcome: the committee decides.

Every ranking is stored (`Ranking.inputs`, one `RankingEntry` per candidate with its breakdown) so that it can
be recomputed and explained.
"""

from collections import defaultdict
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from django.db import transaction
from django.db.models import Avg, Count, Sum
from django.utils.translation import gettext as _

from awards.models import Application, Campaign
from scoring.models import PanelResult, PublicVote, Ranking, RankingEntry, ScoreEntry, ScoreSheet, Stage

S = Application.State
THREE = Decimal("0.001")

#: The dimension whose on-site subtotal breaks a tie (第二十条): the rubric's dimension code per honor type.
TIEBREAK_DIMENSION = {"craftsman": "skill", "pioneer": "influence"}

#: Who is ranked: every candidate that went through the on-site presentation.
RANKED_STATES = (S.SHORTLISTED, S.RECOMMENDED, S.NOMINATED, S.NOT_RECOMMENDED)


def q3(value) -> Decimal:
    return Decimal(value).quantize(THREE, rounding=ROUND_HALF_UP)


@dataclass
class Row:
    """One candidate's inputs and, after `rank_rows`, its place."""

    application_id: int
    onsite: Decimal
    material: Decimal | None = None
    public: Decimal | None = None
    subtotal: Decimal | None = None
    composite: Decimal = Decimal("0")
    weights: dict = field(default_factory=dict)
    rank: int = 0
    tied: bool = False
    tie_at_line: str = ""
    outcome: str = RankingEntry.Outcome.NONE

    def key(self) -> tuple:
        neg_inf = Decimal("-1")
        return (
            self.composite,
            self.onsite,
            self.subtotal if self.subtotal is not None else neg_inf,
            self.material if self.material is not None else neg_inf,
        )


def composite_of(onsite: Decimal, public: Decimal | None, weight_onsite: int, weight_public: int):
    """The weighted sum; without a public score (or a zero public weight) the on-site score counts 100 %."""
    if public is None or not weight_public:
        return q3(onsite), {"onsite": "1", "public": "0"}
    total = Decimal(weight_onsite + weight_public)
    w_on = Decimal(weight_onsite) / total
    w_pub = Decimal(weight_public) / total
    return q3(onsite * w_on + public * w_pub), {"onsite": str(q3(w_on)), "public": str(q3(w_pub))}


def public_score_of(mean_rating, rubric_max: int) -> Decimal | None:
    """公众评价 on the rubric's scale: mean rating (1–5) / 5 × the rubric's maximum."""
    if mean_rating is None:
        return None
    return q3(Decimal(str(mean_rating)) / Decimal(5) * Decimal(rubric_max))


def rank_rows(rows: list[Row], *, quota: int, nomination_quota: int, minimum: Decimal) -> list[Row]:
    """Order the rows, give competition ranks (1, 2, 2, 4), flag ties and fill the quota lines."""
    ordered = sorted(rows, key=lambda r: r.key(), reverse=True)
    groups: list[list[Row]] = []
    for row in ordered:
        if groups and groups[-1][0].key() == row.key():
            groups[-1].append(row)
        else:
            groups.append([row])
    position = 1
    recommended = nominated = 0
    for group in groups:
        tied = len(group) > 1
        for row in group:
            row.rank = position
            row.tied = tied
        position += len(group)
        above_min = group[0].composite >= minimum
        if above_min and recommended < quota:
            if recommended + len(group) <= quota:
                for row in group:
                    row.outcome = RankingEntry.Outcome.RECOMMENDED
                recommended += len(group)
            else:
                for row in group:
                    row.tie_at_line = "quota"
                recommended = quota  # the remaining places are the committee's to decide
            continue
        if nominated < nomination_quota:
            if nominated + len(group) <= nomination_quota:
                for row in group:
                    row.outcome = RankingEntry.Outcome.NOMINATED
                nominated += len(group)
            else:
                for row in group:
                    row.tie_at_line = "nomination"
                nominated = nomination_quota
    return ordered


def _subtotals(application_ids, dimension_code: str) -> dict[int, Decimal]:
    """Mean over the submitted on-site sheets of the points in the tie-break dimension."""
    sums = (
        ScoreEntry.objects.filter(
            sheet__application_id__in=application_ids,
            sheet__stage=Stage.ONSITE,
            sheet__state=ScoreSheet.State.SUBMITTED,
            criterion__dimension__code=dimension_code,
        )
        .values("sheet__application_id", "sheet_id")
        .annotate(points=Sum("points"))
    )
    per_app: dict[int, list[int]] = defaultdict(list)
    for row in sums:
        per_app[row["sheet__application_id"]].append(row["points"] or 0)
    return {app_id: q3(Decimal(sum(v)) / len(v)) for app_id, v in per_app.items() if v}


def _result_json(result: PanelResult | None):
    if result is None:
        return None
    return {
        "score": str(q3(result.score)),
        "expert_totals": result.expert_totals,
        "trimmed": result.trimmed,
        "panel": result.panel_id,
    }


def compute_ranking(*, campaign: Campaign, user=None) -> Ranking:
    """Compute and store the campaign's current composite ranking (the previous one stays, not current)."""
    campaign = Campaign.objects.select_related("award_type__rubric").get(pk=campaign.pk)
    rubric = campaign.award_type.rubric
    dimension = TIEBREAK_DIMENSION.get(campaign.award_type.code, "")
    app_ids = list(
        campaign.applications.filter(state__in=RANKED_STATES).order_by("id").values_list("id", flat=True)
    )
    results = {(r.application_id, r.stage): r for r in PanelResult.objects.filter(application_id__in=app_ids)}
    votes = {
        v["application_id"]: v
        for v in PublicVote.objects.filter(campaign=campaign, application_id__in=app_ids)
        .values("application_id")
        .annotate(mean=Avg("rating"), n=Count("id"))
    }
    use_public = campaign.public_input_enabled and campaign.weight_public > 0
    subtotals = _subtotals(app_ids, dimension) if dimension else {}

    rows, missing = [], []
    for app_id in app_ids:
        onsite = results.get((app_id, Stage.ONSITE))
        if onsite is None:
            missing.append(app_id)
            continue
        material = results.get((app_id, Stage.MATERIAL))
        vote = votes.get(app_id) if use_public else None
        public = public_score_of(vote["mean"], rubric.max_total) if vote else None
        composite, weights = composite_of(
            q3(onsite.score), public, campaign.weight_onsite, campaign.weight_public if use_public else 0
        )
        rows.append(
            Row(
                application_id=app_id,
                onsite=q3(onsite.score),
                material=q3(material.score) if material else None,
                public=public,
                subtotal=subtotals.get(app_id),
                composite=composite,
                weights=weights,
            )
        )
    minimum = q3(campaign.min_composite_score)
    ordered = rank_rows(
        rows, quota=campaign.quota, nomination_quota=campaign.nomination_quota, minimum=minimum
    )
    inputs = {
        "quota": campaign.quota,
        "nomination_quota": campaign.nomination_quota,
        "min_composite_score": str(minimum),
        "weight_onsite": campaign.weight_onsite,
        "weight_public": campaign.weight_public,
        "public_input_enabled": campaign.public_input_enabled,
        "use_trimmed_mean": campaign.use_trimmed_mean,
        "rubric": rubric.code,
        "rubric_max": rubric.max_total,
        "tiebreak_dimension": dimension,
        "missing_onsite": missing,
    }
    with transaction.atomic():
        campaign.rankings.filter(is_current=True).update(is_current=False)
        ranking = Ranking.objects.create(campaign=campaign, computed_by=user, inputs=inputs, is_current=True)
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
                    "public": (
                        {
                            "votes": votes[row.application_id]["n"],
                            "mean_rating": str(q3(votes[row.application_id]["mean"])),
                            "scaled": str(row.public),
                            "rubric_max": rubric.max_total,
                        }
                        if row.public is not None
                        else None
                    ),
                    "weights": row.weights,
                    "tiebreak_subtotal": str(row.subtotal) if row.subtotal is not None else None,
                    "tie_at_line": row.tie_at_line,
                },
            )
            for row in ordered
        )
    return ranking


def explain(entry: RankingEntry) -> list[str]:
    """ "Why this rank" in sentences (for the ranking page and the committee's evidence)."""
    b = entry.breakdown or {}
    lines = []
    for key, label in (("material", _("材料评议")), ("onsite", _("现场展示"))):
        part = b.get(key)
        if part:
            totals = "、".join(
                str(t["total"] if isinstance(t, dict) else t) for t in part.get("expert_totals", [])
            )
            how = _("去掉一个最高分和一个最低分后取平均") if part.get("trimmed") else _("取平均")
            lines.append(
                _("%(stage)s：各专家总分 %(totals)s，%(how)s = %(score)s")
                % {"stage": label, "totals": totals or "—", "how": how, "score": part["score"]}
            )
    public = b.get("public")
    if public:
        lines.append(
            _("公众评价：%(n)s 票，平均 %(mean)s 分（满分 5），折算 %(mean)s ÷ 5 × %(max)s = %(scaled)s")
            % {
                "n": public["votes"],
                "mean": public["mean_rating"],
                "max": public["rubric_max"],
                "scaled": public["scaled"],
            }
        )
    else:
        lines.append(_("公众评价：无（不计入，现场展示按 100% 计）"))
    weights = b.get("weights", {})
    lines.append(
        _("综合得分 = 现场展示 × %(w_on)s + 公众评价 × %(w_pub)s = %(composite)s")
        % {
            "w_on": weights.get("onsite", "1"),
            "w_pub": weights.get("public", "0"),
            "composite": entry.composite,
        }
    )
    if b.get("tiebreak_subtotal") is not None:
        lines.append(_("并列时比较的一级指标小计（现场展示平均）：%(s)s") % {"s": b["tiebreak_subtotal"]})
    if entry.tied:
        lines.append(_("与其他申报人在全部比较项上完全相同，名次并列，须组委会裁定。"))
    if b.get("tie_at_line") == "quota":
        lines.append(_("并列者跨越名额线，是否列入建议名单由组委会裁定。"))
    elif b.get("tie_at_line") == "nomination":
        lines.append(_("并列者跨越提名名额线，是否列入提名名单由组委会裁定。"))
    return lines
