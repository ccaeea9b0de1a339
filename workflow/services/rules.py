"""评议规则 (第八条（二）): the committee approves a campaign's rules — weights, minimum score (宁缺毋滥), quota,
nomination quota, shortlist size, trimmed mean, public input and its group weights — before the call is
published. Approved rules are frozen: the campaign form refuses to change them, and a change is a new proposal
that takes effect only when the committee approves it (docs/decisions.md). Which fields are rules and their values
as read (`RULE_FIELDS`, `rules_of`, `approved_rules`) are in workflow/selectors/rules.py."""

from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

from awards import frozen
from awards.models import Campaign
from awards.quota import quota_error
from config.text import series
from scoring.selectors.ranking import TIEBREAK_KEYS, ranking_rules_in_words
from workflow.models import CommitteeDecision
from workflow.selectors.rules import (
    RULE_DEFAULTS,
    RULE_FIELDS,
    approved_rules,
    rule_json,
    rule_value_display,
    rules_of,
)
from workflow.services.history import save_with_history

#: Phases in which a rules decision may be opened (before the composite is formed).
RULE_PHASES = (
    Campaign.Phase.DRAFT,
    Campaign.Phase.OPEN,
    Campaign.Phase.ELIGIBILITY,
    Campaign.Phase.MATERIAL_REVIEW,
    Campaign.Phase.ONSITE,
    Campaign.Phase.PUBLIC_INPUT,
)


def rules_are_approved(campaign: Campaign) -> bool:
    return bool(campaign.rules_approved_at) and approved_rules(campaign) == rules_of(campaign)


def changed_rules(campaign: Campaign, values: dict) -> list[str]:
    """Labels of the rules in `values` that differ from the approved ones."""
    approved = approved_rules(campaign)
    return [
        str(label)
        for name, label in RULE_FIELDS.items()
        if name in values and rule_json(values[name]) != approved.get(name)
    ]


def validate_rules(rules: dict, award_type=None) -> None:
    """The same checks as the campaign form, for a proposal (第三条's ceiling when the honor type is given)."""
    errors = []
    if award_type is not None and (message := quota_error(award_type, rules.get("quota"))):
        errors.append(message)
    try:
        Decimal(str(rules["min_composite_score"]))
    except (InvalidOperation, KeyError):
        errors.append(_("最低综合得分须为数字。"))
    if rules.get("public_input_enabled"):
        if rules["weight_material"] + rules["weight_onsite"] + rules["weight_public"] != 100:
            errors.append(_("材料评议、现场展示与公众评价的权重之和须为 100%。"))
        groups = (
            rules["public_weight_general"]
            + rules["public_weight_practitioner"]
            + rules["public_weight_organisation"]
        )
        if groups != 100:
            errors.append(_("公众评价中社会公众、从业人员与企事业单位的权重之和须为 100%。"))
    elif rules["weight_public"] or rules["weight_material"] + rules["weight_onsite"] != 100:
        errors.append(_("不开展公众评价时，公众评价权重须为 0，材料评议与现场展示的权重之和须为 100%。"))
    if rules["shortlist_size"] < rules["quota"]:
        errors.append(_("入围人数不能少于名额。"))
    errors.extend(ranking_rule_errors(rules))
    if errors:
        raise ValidationError(errors)


def ranking_rule_errors(rules: dict) -> list[str]:
    """The checks of the ranking's rules (decisions 171, 174), shared by the campaign form and a proposal."""
    errors = []
    unrated = rules.get("public_unrated_rule", RULE_DEFAULTS["public_unrated_rule"])
    if unrated not in Campaign.UnratedRule.values:
        errors.append(_("“未获评价的类别”只能选择“不计入并重新分配权重”或“按中间值 3 分计”。"))
    minimum = rules.get("public_min_ratings", RULE_DEFAULTS["public_min_ratings"])
    if not isinstance(minimum, int) or isinstance(minimum, bool) or not 1 <= minimum <= 10000:
        errors.append(_("一类评价计入所需的最少评价数须为 1 到 10000 之间的整数。"))
    prior = rules.get("public_prior_weight", RULE_DEFAULTS["public_prior_weight"])
    if not isinstance(prior, int) or isinstance(prior, bool) or not 0 <= prior <= 10000:
        errors.append(_("先验票数须为 0 到 10000 之间的整数（0 表示不收缩）。"))
    order = rules.get("tiebreak_order", RULE_DEFAULTS["tiebreak_order"])
    if (
        not isinstance(order, list)
        or any(k not in TIEBREAK_KEYS for k in order)
        or len(set(order)) != len(order)
    ):
        errors.append(
            _("综合得分相同时的比较项只能从以下各项中选择，每项最多一次：%(keys)s。")
            % {"keys": series(str(v) for v in TIEBREAK_KEYS.values())}
        )
    normalisation = rules.get("score_normalisation", RULE_DEFAULTS["score_normalisation"])
    if normalisation not in Campaign.Normalisation.values:
        errors.append(_("“评分尺度标准化”只能选择“不标准化”“按评议组标准化”或“按专家标准化”。"))
    return errors


def apply_approved_rules(decision, now=None) -> None:
    """After the committee approved a rules decision: the campaign takes the rules and freezes them."""
    campaign = Campaign.objects.select_for_update(of=("self",)).get(pk=decision.campaign_id)
    for name, value in decision.rules.items():
        if name == "min_composite_score":
            value = Decimal(value)
        setattr(campaign, name, value)
    campaign.rules_approved = rules_of(campaign)
    campaign.rules_approved_at = now or timezone.now()
    # the one sanctioned path of the committee's rules (awards/frozen.py, decisions 121)
    with frozen.sanctioned_change(
        frozen.COMMITTEE, f"rules approved by committee decision {decision.pk}"
    ) as why:
        save_with_history(campaign, None, why)


def apply_standing_rules(decision) -> None:
    """After the committee approved its 议事规则 (decisions 201): the campaign takes the quorum and majority. The
    committee's sanctioned path (awards/frozen.py); the office has none for these fields."""
    campaign = Campaign.objects.select_for_update(of=("self",)).get(pk=decision.campaign_id)
    campaign.committee_quorum = decision.rules["committee_quorum"]
    campaign.committee_majority_percent = decision.rules["committee_majority_percent"]
    with frozen.sanctioned_change(
        frozen.COMMITTEE, f"standing rules adopted by committee decision {decision.pk}"
    ) as why:
        save_with_history(campaign, None, why)


def rules_status(campaign: Campaign) -> dict:
    """For the campaign page: approved or not, the pending proposal, the differences to the approved rules."""

    decisions = campaign.committee_decisions.filter(kind=CommitteeDecision.Kind.RULES) if campaign.pk else []
    pending = decisions.filter(result=CommitteeDecision.Result.PENDING).first() if campaign.pk else None
    return {
        "approved_at": campaign.rules_approved_at,
        "in_force": bool(campaign.pk) and rules_are_approved(campaign),
        "changeable": campaign.phase in RULE_PHASES,
        "pending": pending,
        "approved": [
            (str(label), rule_value_display(name, approved_rules(campaign).get(name)))
            for name, label in RULE_FIELDS.items()
        ]
        if campaign.rules_approved
        else [],
        "in_words": ranking_rules_in_words(approved_rules(campaign)) if campaign.rules_approved else [],
    }
