"""综合评价 (第二十条) — the composite ranking of one campaign, one formula on one scale for every candidate.

Inputs, all on the rubric's scale (100 or 150 points):
- M: 材料评议 panel score, O: 现场展示 panel score (`PanelResult`: the mean or trimmed mean of the experts' totals);
- P: 公众评价 score. Per group g (社会公众, 从业人员, 企事业单位) the counted ballots (voided ballots do not count;
  a unit's rating of a candidate it employs or recommended does not count, decisions 172). The committee-approved
  rules (decisions 171) decide: a group with fewer than `public_min_ratings` ratings counts as unrated; a rated
  group's mean is r̄_g = (Σ ratings + k·m_g) / (n + k) with k = `public_prior_weight` (0: the plain mean) and m_g
  the group's mean over every ranked candidate; an unrated group either drops out and its weight is shared by
  the rated ones (`redistribute`; no rated group at all: the public weight is shared by material and on-site)
  or counts the midpoint 3 (`neutral`). S_g = r̄_g / 5 × rubric maximum; P = Σ w_g·S_g / Σ w_g.

Composite = (w_M·M + w_O·O + w_P·P) / (w_M + w_O + w_P) with the campaign's weights (default 30/50/20); a
campaign without 公众评价 has w_P = 0 for everybody. The same weights apply to every candidate.

Order: composite, then the committee-approved `tiebreak_order` (keys of `TIEBREAK_KEYS`: on-site score, the
on-site sheets' mean subtotal of the rubric's tie-break dimension, the material-review score), default none
(decisions 174). Candidates equal on all of these share a rank and are flagged (`tied`) for the committee; a tie
is never broken by a rule the committee did not approve.

Outcome: the best `quota` at or above the minimum composite are recommended (宁缺毋滥), the next
`nomination_quota` are nominated. A tied group that straddles a line gets neither outcome: the committee decides.

Every ranking is stored by `compute_ranking` (scoring/services/ranking.py, the one write: `Ranking.inputs`, one
`RankingEntry` per candidate with its breakdown) so that it can be recomputed and explained. This module is the
formula and every read of it, so that a selector reaches none of the services (docs/architecture.md §3): the
inputs (`ranking_inputs`, `public_tallies`), whether a stored ranking is still current (`ranking_stale`,
`inputs_version`), `verify_ranking`, which recomputes it from the stored sheets and ballots, why a candidate has
its place (`explain`), the rules in words and the places without and with the score normalisation (`compare`,
never stored).
"""

import hashlib
import json
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Count, F, Q, Sum, Value
from django.db.models.functions import Coalesce
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from awards.models import Application, Campaign
from awards.quota import effective_quota
from config.text import clauses, series
from scoring.aggregation import TRIM_MIN_EXPERTS
from scoring.models import (
    GROUP_WEIGHT_FIELDS,
    PanelResult,
    PublicVote,
    Ranking,
    RankingEntry,
    RankingInputsCounter,
    ScoreEntry,
    ScoreSheet,
    Stage,
    VoterGroup,
)
from scoring.selectors import fairness

S = Application.State

#: Who is ranked: every candidate that went through the on-site presentation.
RANKED_STATES = (S.SHORTLISTED, S.RECOMMENDED, S.NOMINATED, S.NOT_RECOMMENDED)

THREE = Decimal("0.001")


#: The rating a group contributes for a candidate it did not rate under the `neutral` rule: the midpoint (“一般”).
NEUTRAL_RATING = Decimal(3)
#: The unrated rule's two values, as plain strings (they are stored in the rules' JSON): the campaign's choices.
REDISTRIBUTE, NEUTRAL = Campaign.UnratedRule.REDISTRIBUTE.value, Campaign.UnratedRule.NEUTRAL.value

#: The tie-break keys the committee may order (decisions 174), with their words.
TIEBREAK_KEYS = {
    "onsite": gettext_lazy("现场展示得分"),
    "subtotal": gettext_lazy("现场展示评分表中并列比较指标（评分标准规定的一级指标）的平均小计"),
    "material": gettext_lazy("材料评议得分"),
}

#: The rules of a ranking stored before decisions 171–175 (what the code did then), for recomputing it.
LEGACY_RULES = {
    "public_unrated_rule": NEUTRAL,
    "public_min_ratings": 1,
    "public_prior_weight": 0,
    "tiebreak_order": ["onsite", "subtotal", "material"],
    "score_normalisation": fairness.NONE,  # decisions 210: off unless the committee adopts it
}
RATING_MAX = Decimal(5)


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
    public_detail: dict | None = None
    rank: int = 0
    tied: bool = False
    tie_at_line: str = ""
    outcome: str = RankingEntry.Outcome.NONE

    def key(self, order=()) -> tuple:
        """The composite, then the tie-break keys in the approved order."""
        neg_inf = Decimal("-1")
        values = {"onsite": self.onsite, "subtotal": self.subtotal, "material": self.material}
        return (self.composite, *(values[k] if values[k] is not None else neg_inf for k in order))


def rules_of_inputs(inputs: dict) -> dict:
    """The ranking rules a stored ranking used (a ranking stored before decisions 171–175: the rules of then)."""
    return {name: inputs.get(name, default) for name, default in LEGACY_RULES.items()}


def campaign_weights(campaign: Campaign) -> dict:
    """The campaign's weights as stored in `Ranking.inputs` (integers, percent)."""
    use_public = bool(campaign.public_input_enabled)
    return {
        "material": campaign.weight_material,
        "onsite": campaign.weight_onsite,
        "public": campaign.weight_public if use_public else 0,
        "groups": {group.value: getattr(campaign, name) for group, name in GROUP_WEIGHT_FIELDS},
    }


def composite_of(material: Decimal, onsite: Decimal, public: Decimal | None, weights: dict):
    """(composite, normalised weights): Σ w·score / Σ w over material, on-site and public, the same for all.
    `public` None with a public weight: no group counted for the candidate under the `redistribute` rule, so the
    public weight is shared by material and on-site in their ratio (decisions 171)."""
    w_m, w_o, w_p = (Decimal(weights[k]) for k in ("material", "onsite", "public"))
    if public is None:
        w_p = Decimal(0)
    total = w_m + w_o + w_p
    if not total:
        raise ValueError("all weights are zero")
    value = material * w_m + onsite * w_o + (public if w_p else Decimal(0)) * w_p
    return q3(value / total), {
        "material": str(q3(w_m / total)),
        "onsite": str(q3(w_o / total)),
        "public": str(q3(w_p / total)),
    }


def public_score_of(mean_rating, rubric_max: int) -> Decimal | None:
    """A mean rating (1–5) on the rubric's scale: mean / 5 × the rubric's maximum."""
    if mean_rating is None:
        return None
    return q3(Decimal(str(mean_rating)) / RATING_MAX * Decimal(rubric_max))


def group_means(tallies: dict) -> dict[str, Decimal]:
    """{group: mean rating over every candidate's counted ratings} — the prior of the shrinkage (decisions 171)."""
    sums: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    for per_group in tallies.values():
        for group, (total, n) in per_group.items():
            sums[group][0] += total
            sums[group][1] += n
    return {g: Decimal(t) / Decimal(n) for g, (t, n) in sums.items() if n}


def public_component(
    tallies: dict, group_weights: dict, rubric_max: int, rules: dict | None = None, means: dict | None = None
) -> tuple[Decimal | None, dict]:
    """公众评价 score P of one candidate from its per-group tallies {group: (sum of ratings, count)} under the
    approved `rules` (decisions 171; None: the rules of rankings stored before them). `means`: `group_means`
    over all ranked candidates (needed when the prior weight is > 0). P is None when no group counts under the
    `redistribute` rule (the composite then shares the public weight over material and on-site)."""
    rules = rules or LEGACY_RULES
    minimum = max(int(rules["public_min_ratings"]), 1)
    prior = Decimal(int(rules["public_prior_weight"]))
    neutral_rule = rules["public_unrated_rule"] == NEUTRAL
    groups = {}
    counted = []  # (scaled, weight) of the groups that enter P
    for group, _field in GROUP_WEIGHT_FIELDS:
        total, n = tallies.get(group.value, (0, 0))
        weight = Decimal(group_weights.get(group.value, 0))
        rated = n >= minimum
        if rated and prior:
            m = (means or {}).get(group.value, NEUTRAL_RATING)
            mean = (Decimal(total) + prior * m) / (Decimal(n) + prior)
        elif rated:
            mean = Decimal(total) / Decimal(n)
        else:
            mean = NEUTRAL_RATING if neutral_rule else None
        scaled = public_score_of(mean, rubric_max)
        if scaled is not None and weight:
            counted.append((scaled, weight))
        groups[group.value] = {
            "votes": n,
            "sum": total,
            "mean_rating": str(q3(mean)) if mean is not None else None,
            "neutral": not rated and neutral_rule,
            "dropped": not rated and not neutral_rule,
            "scaled": str(scaled) if scaled is not None else None,
            "weight": weight,
        }
    counted_weight = sum((w for _s, w in counted), Decimal(0))
    for g in groups.values():
        w = g["weight"]
        share = w / counted_weight if counted_weight and g["scaled"] is not None else Decimal(0)
        g["weight"] = str(q3(share))
    if counted_weight:
        score = q3(sum(s * w for s, w in counted) / counted_weight)
    elif neutral_rule:
        score = public_score_of(NEUTRAL_RATING, rubric_max)
    else:
        score = None
    detail = {
        "groups": groups,
        "scaled": str(score) if score is not None else None,
        "rubric_max": rubric_max,
        "min_ratings": minimum,
        "prior_weight": int(prior),
        "unrated_rule": rules["public_unrated_rule"],
    }
    return score, detail


#: A unit's rating of a candidate it employs or recommended (the ids coalesced: a NULL never compares equal).
OWN_UNIT = Q(ballot__organization_id=Coalesce(F("application__employer_id"), Value(0))) | Q(
    ballot__organization_id=Coalesce(F("application__recommender_id"), Value(0))
)


def public_tallies(campaign: Campaign, application_ids) -> dict[int, dict[str, tuple[int, int]]]:
    """{application id: {group: (sum of ratings, count)}} over the counted ballots: not voided, and not a unit's
    rating of a candidate it employs or recommended (decisions 172; such a rating is refused when submitted, this
    keeps one stored before out of the count)."""
    rows = (
        PublicVote.objects.filter(campaign=campaign, application_id__in=application_ids)
        .filter(Q(ballot__isnull=True) | Q(ballot__voided_at__isnull=True))
        .exclude(OWN_UNIT)
        .annotate(grp=Coalesce("ballot__group", Value(VoterGroup.PUBLIC.value)))
        .values("application_id", "grp")
        .annotate(total=Sum("rating"), n=Count("id"))
    )
    out: dict[int, dict[str, tuple[int, int]]] = defaultdict(dict)
    for row in rows:
        out[row["application_id"]][row["grp"]] = (row["total"] or 0, row["n"])
    return out


def rank_rows(
    rows: list[Row],
    *,
    quota: int,
    nomination_quota: int,
    minimum: Decimal,
    order=LEGACY_RULES["tiebreak_order"],
) -> list[Row]:
    """Order the rows by composite then the approved tie-break `order`, give competition ranks (1, 2, 2, 4), flag
    ties and fill the quota lines (a tied group across a line: no outcome, the committee decides)."""
    order = tuple(order)
    ordered = sorted(rows, key=lambda r: r.key(order), reverse=True)
    groups: list[list[Row]] = []
    for row in ordered:
        if groups and groups[-1][0].key(order) == row.key(order):
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


def tiebreak_subtotals(application_ids, dimension_code: str) -> dict[int, Decimal]:
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


def ranking_inputs(campaign: Campaign) -> dict:
    """Everything besides the scores and ballots that decides the ranking (stored with it)."""
    rubric = campaign.award_type.rubric
    return {
        "quota": effective_quota(campaign),  # 第三条: never more than the regulation's number (decisions 230)
        "nomination_quota": campaign.nomination_quota,
        "min_composite_score": str(q3(campaign.min_composite_score)),
        "weights": campaign_weights(campaign),
        "weight_onsite": campaign.weight_onsite,
        "weight_public": campaign.weight_public,
        "public_input_enabled": campaign.public_input_enabled,
        "use_trimmed_mean": campaign.use_trimmed_mean,
        "trim_min_experts": TRIM_MIN_EXPERTS,  # decisions 175: trimmed for every panel, never switched
        "rubric": rubric.code,
        "rubric_max": rubric.max_total,
        "tiebreak_dimension": rubric.tiebreak_dimension,  # rubric data (fixtures/rubrics.json)
        # the committee-approved ranking rules (decisions 171, 174)
        "public_unrated_rule": campaign.public_unrated_rule,
        "public_min_ratings": campaign.public_min_ratings,
        "public_prior_weight": campaign.public_prior_weight,
        "tiebreak_order": list(campaign.tiebreak_order or []),
        "score_normalisation": campaign.score_normalisation,  # decisions 210
    }


def build_rows(app_ids, inputs: dict, scores: dict, tallies: dict, subtotals: dict):
    """The ranked rows from the inputs: `scores` {(application id, stage): Decimal}. Pure: no queries."""
    weights = inputs["weights"]
    rubric_max = inputs["rubric_max"]
    rules = rules_of_inputs(inputs)
    means = group_means(tallies) if rules["public_prior_weight"] else None
    rows, missing_onsite, missing_material = [], [], []
    for app_id in app_ids:
        onsite = scores.get((app_id, Stage.ONSITE.value))
        material = scores.get((app_id, Stage.MATERIAL.value))
        if onsite is None:
            missing_onsite.append(app_id)
            continue
        if material is None:
            missing_material.append(app_id)
            continue
        public = detail = None
        if weights["public"]:
            public, detail = public_component(
                tallies.get(app_id, {}), weights["groups"], rubric_max, rules, means
            )
        composite, normalised = composite_of(q3(material), q3(onsite), public, weights)
        rows.append(
            Row(
                application_id=app_id,
                onsite=q3(onsite),
                material=q3(material),
                public=public,
                public_detail=detail,
                subtotal=subtotals.get(app_id),
                composite=composite,
                weights=normalised,
            )
        )
    ordered = rank_rows(
        rows,
        quota=inputs["quota"],
        nomination_quota=inputs["nomination_quota"],
        minimum=Decimal(inputs["min_composite_score"]),
        order=rules["tiebreak_order"],
    )
    return ordered, missing_onsite, missing_material


def ranked_application_ids(campaign: Campaign) -> list[int]:
    return list(
        campaign.applications.filter(state__in=RANKED_STATES).order_by("id").values_list("id", flat=True)
    )


# --- 排名是否过期 (decisions 245) ------------------------------------------------------------------------------


def inputs_version(campaign_id: int) -> int:
    """How many writes the campaign's ranking inputs have had (0 before the first). One query."""
    total = RankingInputsCounter.objects.filter(campaign_id=campaign_id).aggregate(n=Sum("writes"))["n"]
    return total or 0


def digest_scores(app_ids) -> list:
    """What the panel scores rest on: every submitted sheet's total of the ranked candidates (the stored panel
    results and the normalised scores are both computed from them) and the stored panel results."""
    sheets = list(
        ScoreSheet.objects.filter(application_id__in=app_ids, state=ScoreSheet.State.SUBMITTED)
        .order_by("id")
        .values_list("id", "application_id", "stage", "expert_id", "total")
    )
    results = list(
        PanelResult.objects.filter(application_id__in=app_ids)
        .order_by("application_id", "stage")
        .values_list("application_id", "stage", "score")
    )
    return [sheets, results]


def inputs_digest(campaign: Campaign, *, app_ids=None, tallies=None, sheets_or_scores=None) -> str:
    """SHA-256 of everything the ranking is computed from besides its code: who is ranked, the sheets and panel
    results, the counted public ratings per candidate and group (a void or restore changes them) and the
    campaign's ranking rules. Three or four queries when nothing is passed in."""
    if app_ids is None:
        app_ids = ranked_application_ids(campaign)
    rules = ranking_inputs(campaign)
    if tallies is None:
        tallies = public_tallies(campaign, app_ids) if rules["weights"]["public"] else {}
    if sheets_or_scores is None:
        sheets_or_scores = digest_scores(app_ids)
    content = {
        "applications": sorted(app_ids),
        "scores": sheets_or_scores,
        "public": sorted((a, g, t, n) for a, per in tallies.items() for g, (t, n) in per.items()),
        "rules": rules,
    }
    return hashlib.sha256(json.dumps(content, sort_keys=True, default=str).encode()).hexdigest()


def ranking_stale(ranking: Ranking | None, campaign: Campaign | None = None) -> bool:
    """The stored ranking no longer matches its inputs (a ballot voided or restored, a score changed, a rule
    changed …): it must be recomputed before it is shown as current or turned into the lists.

    One query (decisions 360): the campaign's count of input writes (scoring/services/ranking_inputs.py) against
    the count the ranking was computed at — any write since, even one undone later, makes it stale. A ranking
    stored before the count existed is checked by its digest (decisions 245), one stored before the digest by
    recomputing it (`verify_ranking`), one stored before the one-scale formula cannot be recomputed and is taken as
    it is. `campaign`: the ranking's campaign with its award type and rubric, when the caller has it (for those
    older rankings)."""
    if ranking is None:
        return False
    if ranking.inputs_version is not None:
        return inputs_version(ranking.campaign_id) != ranking.inputs_version
    if not ranking.inputs_digest:
        return "weights" in (ranking.inputs or {}) and bool(verify_ranking(ranking))
    if campaign is None or campaign.pk != ranking.campaign_id:
        campaign = Campaign.objects.select_related("award_type__rubric").get(pk=ranking.campaign_id)
    return inputs_digest(campaign) != ranking.inputs_digest


# --- verify_ranking ------------------------------------------------------------------------------------------------


def _scores_from_sheets(
    app_ids, use_trimmed_mean: bool, legacy: bool = False, normalisation: str = fairness.NONE, sheets=None
) -> dict:
    """Panel scores recomputed from the submitted sheets (not from the stored `PanelResult`), the totals
    normalised when the ranking's rules say so (decisions 210); a panel too small for the approved trimmed mean
    has no score (the difference is reported)."""
    if sheets is None:
        sheets = fairness.submitted_sheets(app_ids)
    totals, _skipped = fairness.normalise(sheets, normalisation)
    return fairness.panel_scores(totals, use_trimmed_mean=use_trimmed_mean, legacy=legacy)


def verify_ranking(ranking: Ranking) -> list[str]:
    """Recompute a stored ranking from the stored sheets and ballots with its stored inputs; the differences
    (empty when it reproduces exactly)."""
    campaign = ranking.campaign
    inputs = dict(ranking.inputs)
    if "weights" not in inputs:  # a ranking stored before the one-scale formula
        return [_("该排名按旧公式计算，无法按现行公式复核，请重新计算。")]
    app_ids = sorted(
        set(ranked_application_ids(campaign)) | set(ranking.entries.values_list("application_id", flat=True))
    )
    scores = _scores_from_sheets(
        app_ids,
        inputs["use_trimmed_mean"],
        legacy="trim_min_experts" not in inputs,
        normalisation=rules_of_inputs(inputs)["score_normalisation"],
    )
    tallies = public_tallies(campaign, app_ids) if inputs["weights"]["public"] else {}
    dimension = inputs["tiebreak_dimension"]
    order = rules_of_inputs(inputs)["tiebreak_order"]
    subtotals = tiebreak_subtotals(app_ids, dimension) if dimension and "subtotal" in order else {}
    ordered, _mo, _mm = build_rows(app_ids, inputs, scores, tallies, subtotals)
    fresh = {row.application_id: row for row in ordered}
    stored = {e.application_id: e for e in ranking.entries.select_related("application")}
    diffs = []
    for app_id in sorted(set(fresh) | set(stored)):
        row, entry = fresh.get(app_id), stored.get(app_id)
        label = entry.application.number or entry.application.name if entry else str(app_id)
        if entry is None:
            diffs.append(_("%(a)s：复核时应参加排名，但存储的排名中没有。") % {"a": label})
            continue
        if row is None:
            diffs.append(_("%(a)s：存储的排名中有，但复核时缺少评议得分。") % {"a": label})
            continue
        for name, old, new in (
            (_("材料评议"), entry.material_score, row.material),
            (_("现场展示"), entry.onsite_score, row.onsite),
            (_("公众评价"), entry.public_score, row.public),
            (_("综合得分"), entry.composite, row.composite),
            (_("名次"), entry.rank, row.rank),
            (_("建议"), entry.outcome, row.outcome),
        ):
            if old != new:
                diffs.append(
                    _("%(a)s：%(name)s 存储为 %(old)s，复核为 %(new)s")
                    % {"a": label, "name": name, "old": old, "new": new}
                )
    return diffs


# --- 为何是这个名次 ----------------------------------------------------------------------------------------------


GROUP_LABELS = dict(VoterGroup.choices)


#: The flag of a tie at the quota or nomination line (ranking page, export, explanation; decisions 174).
TIE_AT_LINE_FLAG = gettext_lazy("并列，提请组委会决定")


def explain(entry: RankingEntry) -> list[str]:
    """ "Why this rank" in sentences (for the ranking page and the committee's evidence)."""
    b = entry.breakdown or {}
    lines = []
    for key, label in (("material", _("材料评议")), ("onsite", _("现场展示"))):
        part = b.get(key)
        if part:
            totals = series(
                str(t["total"] if isinstance(t, dict) else t) for t in part.get("expert_totals", [])
            )
            how = _("去掉一个最高分和一个最低分后取平均") if part.get("trimmed") else _("取平均")
            lines.append(
                _("%(stage)s：各专家总分 %(totals)s，%(how)s = %(score)s")
                % {"stage": label, "totals": totals or "—", "how": how, "score": part["score"]}
            )
    public = b.get("public")
    if public and "groups" in public:
        parts = []
        for group, label in GROUP_LABELS.items():
            g = public["groups"].get(group)
            if g is None:
                continue
            if g.get("dropped"):
                parts.append(
                    _("%(g)s %(n)s 票，少于计入所需的 %(min)s 票，不计入，其权重分给其他部分")
                    % {"g": label, "n": g["votes"], "min": public.get("min_ratings", 1)}
                )
            elif g["neutral"]:
                parts.append(
                    _("%(g)s 0 票，按中间值 3 分计 → %(s)s（权重 %(w)s）")
                    % {"g": label, "s": g["scaled"], "w": g["weight"]}
                )
            else:
                parts.append(
                    _("%(g)s %(n)s 票，平均 %(mean)s 分 → %(s)s（权重 %(w)s）")
                    % {
                        "g": label,
                        "n": g["votes"],
                        "mean": g["mean_rating"],
                        "s": g["scaled"],
                        "w": g["weight"],
                    }
                )
        if public.get("prior_weight"):
            parts.append(
                _("各类平均分按先验票数 %(k)s 向本类全体候选人平均分收缩") % {"k": public["prior_weight"]}
            )
        if public["scaled"] is None:
            lines.append(
                _("公众评价：%(parts)s；没有计入的类别，公众评价权重按比例分给材料评议和现场展示")
                % {"parts": clauses(parts)}
            )
        else:
            lines.append(
                _("公众评价（各类平均分 ÷ 5 × %(max)s）：%(parts)s；合计 %(scaled)s")
                % {"max": public["rubric_max"], "parts": clauses(parts), "scaled": public["scaled"]}
            )
    elif public:  # stored before the group formula
        lines.append(
            _("公众评价：%(n)s 票，平均 %(mean)s 分（满分 5），折算 %(mean)s ÷ 5 × %(max)s = %(scaled)s")
            % {
                "n": public.get("votes"),
                "mean": public.get("mean_rating"),
                "max": public.get("rubric_max"),
                "scaled": public.get("scaled"),
            }
        )
    else:
        lines.append(_("公众评价：本活动不开展（权重为 0）"))
    norm = b.get("normalisation")
    if norm:
        lines.append(
            _("评分尺度标准化（%(mode)s）后的专家总分：材料评议 %(m)s；现场展示 %(o)s")
            % {
                "mode": _("按专家") if norm["mode"] == fairness.EXPERT else _("按评议组"),
                "m": series(norm.get("material", [])) or "—",
                "o": series(norm.get("onsite", [])) or "—",
            }
        )
    weights = b.get("weights", {})
    lines.append(
        _(
            "综合得分 = 材料评议 %(m)s × %(w_m)s + 现场展示 %(o)s × %(w_on)s + 公众评价 %(p)s × %(w_pub)s"
            " = %(composite)s"
        )
        % {
            "m": entry.material_score if entry.material_score is not None else "—",
            "w_m": weights.get("material", "0"),
            "o": entry.onsite_score,
            "w_on": weights.get("onsite", "1"),
            "p": entry.public_score if entry.public_score is not None else "—",
            "w_pub": weights.get("public", "0"),
            "composite": entry.composite,
        }
    )
    if b.get("tiebreak_subtotal") is not None:
        lines.append(_("并列时比较的一级指标小计（现场展示平均）：%(s)s") % {"s": b["tiebreak_subtotal"]})
    if entry.tied:
        lines.append(_("与其他申报人在评议规则规定的全部比较项上完全相同，名次并列，须组委会裁定。"))
    if b.get("tie_at_line"):
        lines.append(str(TIE_AT_LINE_FLAG))
    if b.get("tie_at_line") == "quota":
        lines.append(_("并列者跨越名额线，是否列入建议名单由组委会裁定。"))
    elif b.get("tie_at_line") == "nomination":
        lines.append(_("并列者跨越提名名额线，是否列入提名名单由组委会裁定。"))
    return lines


# --- the ranking rules in words (the committee's and the ranking's pages) -----------------------------------------


def ranking_rules_in_words(rules: dict) -> list[str]:
    """The committee-approved rules that decide the order, as sentences (decisions 171–175). `rules`: campaign
    field names → values (`workflow.selectors.rules.rules_of`, or a ranking's stored inputs)."""
    rules = {**LEGACY_RULES, **{k: v for k, v in rules.items() if v is not None}}
    lines = []
    if rules.get("use_trimmed_mean"):
        lines.append(
            _(
                "评议组得分：每位候选人一律去掉一个最高分和一个最低分后取平均；须至少 %(n)s 位专家评分，"
                "评议组不足 %(n)s 人时不计算该候选人的得分，提请组委会决定。"
            )
            % {"n": TRIM_MIN_EXPERTS}
        )
    else:
        lines.append(_("评议组得分：每位候选人一律取全部专家总分的平均，不论评议组人数。"))
    if rules.get("public_input_enabled", True):
        lines.append(
            _(
                "公众评价：某类（社会公众、从业人员、企事业单位）对某位候选人的评价少于 %(n)s 份时，该类按“未获评价”处理。"
            )
            % {"n": rules["public_min_ratings"]}
        )
        if rules["public_unrated_rule"] == NEUTRAL:
            lines.append(_("未获评价的类别按中间值 3 分（一般）计入。"))
        else:
            lines.append(
                _(
                    "未获评价的类别不计入，其权重按比例分给已获评价的类别；三类均未获评价时，公众评价权重按比例分给"
                    "材料评议和现场展示。"
                )
            )
        if int(rules["public_prior_weight"]):
            lines.append(
                _(
                    "各类平均分向本类全体候选人的平均分收缩：(评分之和 + %(k)s × 全体平均分) ÷ (评价数 + %(k)s)。"
                )
                % {"k": rules["public_prior_weight"]}
            )
        else:
            lines.append(_("各类平均分为该类评分的算术平均，不作收缩。"))
        lines.append(_("企事业单位不能评价本单位职工或本单位推荐的候选人，此类评价不予接受、不计入。"))
    mode = rules.get("score_normalisation", fairness.NONE)
    if mode == fairness.PANEL:
        lines.append(
            _(
                "评分尺度标准化（组委会采用）：每一评议阶段，各评议组的专家总分换算为本组的标准分，再映射回全体评分表的"
                "平均分和标准差；评分表不足 %(n)s 份或总分全部相同的评议组不标准化。"
            )
            % {"n": fairness.MIN_SHEETS}
        )
    elif mode == fairness.EXPERT:
        lines.append(
            _(
                "评分尺度标准化（组委会采用）：每一评议阶段，每位专家的总分换算为该专家的标准分，再映射回全体评分表的"
                "平均分和标准差；评分表不足 %(n)s 份或总分全部相同的专家不标准化。"
            )
            % {"n": fairness.MIN_SHEETS}
        )
    else:
        lines.append(_("评议组得分按专家原始总分计算，不作评分尺度标准化。"))
    order = [str(TIEBREAK_KEYS[k]) for k in rules["tiebreak_order"] if k in TIEBREAK_KEYS]
    if order:
        lines.append(
            _("综合得分相同时依次比较：%(order)s；仍相同者并列，跨名额线时提请组委会决定。")
            % {"order": series(order)}
        )
    else:
        lines.append(_("综合得分相同者名次并列；并列跨越名额线或提名名额线时，标注“并列，提请组委会决定”。"))
    return lines


# --- 标准化前后并排比较 (decisions 210) -----------------------------------------------------------------------------


@dataclass
class Move:
    """One candidate's place without and with the normalisation."""

    application: Application
    without: Row | None
    with_: Row | None
    delta: int | None  # places gained (positive: moves up)
    crosses_quota: bool  # recommended on one side of the quota line only
    outcome_changed: bool


def compare(campaign: Campaign, mode: str) -> dict:
    """Every ranked candidate's place without and with the normalisation `mode` under the campaign's current
    rules, computed from the submitted sheets and never stored (the committee sees it before adopting the rule,
    decisions 210). A fixed number of queries whatever the number of candidates."""
    if mode not in (fairness.PANEL, fairness.EXPERT):
        raise ValueError(f"unknown normalisation {mode!r}")
    campaign = Campaign.objects.select_related("award_type__rubric").get(pk=campaign.pk)
    inputs = ranking_inputs(campaign)
    app_ids = ranked_application_ids(campaign)
    sheets = fairness.submitted_sheets(app_ids)
    tallies = public_tallies(campaign, app_ids) if inputs["weights"]["public"] else {}
    dimension = inputs["tiebreak_dimension"]
    subtotals = (
        tiebreak_subtotals(app_ids, dimension) if dimension and "subtotal" in inputs["tiebreak_order"] else {}
    )
    sides = {}
    for side in (fairness.NONE, mode):
        scores = _scores_from_sheets(app_ids, inputs["use_trimmed_mean"], normalisation=side, sheets=sheets)
        ordered, _mo, _mm = build_rows(
            app_ids, {**inputs, "score_normalisation": side}, scores, tallies, subtotals
        )
        sides[side] = {row.application_id: row for row in ordered}
    _totals, skipped = fairness.normalise(sheets, mode)
    apps = Application.objects.only("id", "number", "name").in_bulk(app_ids)
    rec = RankingEntry.Outcome.RECOMMENDED
    moves = []
    for app_id in app_ids:
        a, b = sides[fairness.NONE].get(app_id), sides[mode].get(app_id)
        if a is None and b is None:
            continue
        moves.append(
            Move(
                application=apps[app_id],
                without=a,
                with_=b,
                delta=(a.rank - b.rank) if a and b else None,
                crosses_quota=(a is not None and a.outcome == rec) != (b is not None and b.outcome == rec),
                outcome_changed=(a.outcome if a else None) != (b.outcome if b else None),
            )
        )
    big = 10**9
    moves.sort(key=lambda m: (m.without.rank if m.without else big, m.with_.rank if m.with_ else big))
    return {
        "mode": mode,
        "moves": moves,
        "crossing": [m for m in moves if m.crosses_quota],
        "skipped": skipped,
        "min_sheets": fairness.MIN_SHEETS,
        "quota": inputs["quota"],
    }
