"""评议规则 (第八条（二）) as they are read: which campaign fields are the committee's rules (`RULE_FIELDS`), their
values (`rules_of`), the approved snapshot (`approved_rules`; a rule added after the approval counts with its
default, `RULE_DEFAULTS`) and a value in the committee's words (`rule_value_display`). Pure: no query, no write.
Proposing, checking and applying rules is workflow/services/rules.py; a selector reaches no service
(docs/architecture.md §3)."""

from decimal import Decimal

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from awards.models import Campaign
from scoring.selectors.ranking import LEGACY_RULES, TIEBREAK_KEYS

#: The campaign fields that are rules, with their labels.
RULE_FIELDS = {
    "quota": gettext_lazy("名额"),
    "nomination_quota": gettext_lazy("提名名额"),
    "shortlist_size": gettext_lazy("入围现场展示人数"),
    "min_composite_score": gettext_lazy("最低综合得分"),
    "weight_material": gettext_lazy("材料评议权重"),
    "weight_onsite": gettext_lazy("现场展示权重"),
    "weight_public": gettext_lazy("公众评价权重"),
    "public_weight_general": gettext_lazy("社会公众权重"),
    "public_weight_practitioner": gettext_lazy("从业人员权重"),
    "public_weight_organisation": gettext_lazy("企事业单位权重"),
    "use_trimmed_mean": gettext_lazy("去掉一个最高分和一个最低分"),
    "public_input_enabled": gettext_lazy("开展公众评价"),
    # the ranking's rules (issue 22, docs/decisions.md 171–175)
    "public_unrated_rule": gettext_lazy("未获评价（或评价数不足）的类别"),
    "public_min_ratings": gettext_lazy("一类评价计入所需的最少评价数"),
    "public_prior_weight": gettext_lazy("向全体平均收缩的先验票数"),
    "tiebreak_order": gettext_lazy("综合得分相同时的比较顺序"),
    # decisions 210: adopted only after the side-by-side view on the ranking page
    "score_normalisation": gettext_lazy("评分尺度标准化"),
}

#: What a proposal or approved snapshot made before these rules existed meant: the ranking's behaviour then (a
#: group's mean counted from one rating, an unrated group at the midpoint 3, no shrinkage, ties broken by on-site
#: score, the tie-break dimension's subtotal, then material score). Reading an old approval with the new defaults
#: would change who wins without a vote; the migration gives existing campaigns the same values (decisions 171).
RULE_DEFAULTS = LEGACY_RULES


def rule_json(value):
    """A rule's value as the rules' JSON holds it (a decimal with two places, as a string)."""
    if isinstance(value, Decimal):
        return str(value.quantize(Decimal("0.01")))
    return value


def rules_of(source) -> dict:
    """The rules as JSON values, from a campaign or a dict of cleaned form data."""
    get = source.get if isinstance(source, dict) else lambda name: getattr(source, name)
    return {name: rule_json(get(name)) for name in RULE_FIELDS}


def approved_rules(campaign: Campaign) -> dict:
    """The approved snapshot; a rule added after the approval counts with its default (docs/decisions.md 171)."""
    if not campaign.rules_approved:
        return {}
    return {**RULE_DEFAULTS, **campaign.rules_approved}


def rule_value_display(name: str, value):
    """A rule's value as the committee reads it (choices and the tie-break order in words)."""
    if value is None:
        return None
    if name == "public_unrated_rule":
        return str(dict(Campaign.UnratedRule.choices).get(value, value))
    if name == "score_normalisation":
        return str(dict(Campaign.Normalisation.choices).get(value, value))
    if name == "tiebreak_order":
        words = [str(TIEBREAK_KEYS.get(k, k)) for k in value or []]
        return " → ".join(words) if words else _("无（并列，提请组委会决定）")
    if isinstance(value, bool):  # issue 23.8: never a raw True/False on the committee's page
        return _("是") if value else _("否")
    return value
