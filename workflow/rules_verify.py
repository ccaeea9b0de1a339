"""`manage.py verify_audit`, the frozen fields (awards/frozen.py, decisions 121): a rule, the committee's voting
rules, the publicity length or an opened window changed outside its sanctioned path is reported.

- the campaign's rules equal the snapshot the committee approved, and the snapshot equals the rules of the last
  approved rules decision (第八条（二）);
- every change of a frozen field in the campaign's history came through a sanctioned path (its history reason
  starts with `awards.frozen.REASON_PREFIX`), and the row still holds what its last history record holds (an
  UPDATE that bypassed `save()` leaves no history record);
- each closed committee decision's result follows from its counted votes and the majority in force when it was
  closed (第八条);
- the publicity's dates are still those set when it opened (第二十一条).

Kept apart from `workflow/audit_verify.py` (the audit chain); the command adds its findings to the chain's."""

from django.utils.translation import gettext as _

from awards import frozen
from awards.models import Campaign
from workflow.audit_verify import Mismatch
from workflow.models import CommitteeDecision, Publicity

#: The names of the checks below, as `Mismatch.check` carries them (verify_audit's report lists them as one line).
FROZEN_CHECKS = ("approved_rules", "frozen_history", "decisions", "publicity")


def verify_frozen(campaign_ids=None) -> list[Mismatch]:
    campaigns = Campaign.objects.order_by("pk")
    if campaign_ids:
        campaigns = campaigns.filter(pk__in=campaign_ids)
    problems: list[Mismatch] = []
    for campaign in campaigns:
        for check in (_approved_rules, _frozen_history, _decisions, _publicity):
            message = check(campaign)
            if message:
                problems.append(Mismatch(campaign.pk, check.__name__.lstrip("_"), message))
    return problems


def _label(name: str) -> str:
    return str(Campaign._meta.get_field(name).verbose_name)


def _approved_rules(campaign) -> str | None:
    from workflow.selectors.rules import RULE_FIELDS, rules_of  # noqa: PLC0415 (the rules import the models)

    if not campaign.rules_approved_at:
        return None
    current = rules_of(campaign)
    for name in RULE_FIELDS:
        if current.get(name) != campaign.rules_approved.get(name):
            return _("评议规则“%(label)s”为 %(now)s，与组委会审议通过的 %(approved)s 不符。") % {
                "label": _label(name),
                "now": current.get(name),
                "approved": campaign.rules_approved.get(name),
            }
    decision = (
        campaign.committee_decisions.filter(
            kind=CommitteeDecision.Kind.RULES, result=CommitteeDecision.Result.APPROVED
        )
        .order_by("-closed_at", "-pk")
        .first()
    )
    if decision is not None and rules_of({**current, **decision.rules}) != campaign.rules_approved:
        return _("审议通过的评议规则快照与组委会决定 #%(pk)s 通过的规则不符。") % {"pk": decision.pk}
    return None


def _frozen_history(campaign) -> str | None:
    records = list(campaign.history.order_by("history_date", "history_id"))
    for before, after in zip(records, records[1:], strict=False):
        reason = after.history_change_reason or ""
        if reason.startswith(frozen.REASON_PREFIX):
            continue
        for field in frozen.FROZEN_FIELDS:
            if field.is_frozen(before, after.history_date) and getattr(before, field.name) != getattr(
                after, field.name
            ):
                return _("“%(label)s”在 %(when)s 被修改（%(old)s → %(new)s），未经规定的修改途径。") % {
                    "label": _label(field.name),
                    "when": after.history_date.isoformat(timespec="seconds"),
                    "old": getattr(before, field.name),
                    "new": getattr(after, field.name),
                }
    if records:
        last = records[-1]
        for field in frozen.FROZEN_FIELDS:
            if getattr(last, field.name) != getattr(campaign, field.name):
                return _(
                    "“%(label)s”现为 %(now)s，与最后一条修改记录的 %(recorded)s 不符（绕过了修改记录）。"
                ) % {
                    "label": _label(field.name),
                    "now": getattr(campaign, field.name),
                    "recorded": getattr(last, field.name),
                }
    return None


def _majority_at(campaign, when) -> int:
    if when is not None:
        try:
            return campaign.history.as_of(when).committee_majority_percent
        except Campaign.DoesNotExist:
            pass
    return campaign.committee_majority_percent


def _decisions(campaign) -> str | None:
    closed = campaign.committee_decisions.exclude(result=CommitteeDecision.Result.PENDING).order_by("pk")
    for decision in closed:
        if decision.approvals is None:
            continue
        cast = decision.approvals + (decision.rejections or 0) + (decision.abstentions or 0)
        majority = decision.majority_percent or _majority_at(campaign, decision.closed_at)
        approved = decision.approvals * 100 > majority * cast
        if approved != (decision.result == CommitteeDecision.Result.APPROVED):
            return _(
                "组委会决定 #%(pk)s 记为“%(result)s”，但 %(cast)s 票中 %(yes)s 票赞成、通过比例 %(pct)s%% 应得出相反结果。"
            ) % {
                "pk": decision.pk,
                "result": decision.get_result_display(),
                "cast": cast,
                "yes": decision.approvals,
                "pct": majority,
            }
    return None


def _publicity(campaign) -> str | None:
    """The publicity's dates are set once, when it opens (its end from the approved number of working days);
    nothing changes them afterwards."""
    publicity = Publicity.objects.filter(campaign=campaign).first()
    if publicity is None:
        return None
    first = publicity.history.order_by("history_date", "history_id").first()
    if first is None:
        return None
    for name in ("starts_on", "ends_on"):
        if getattr(publicity, name) != getattr(first, name):
            return _("公示的“%(label)s”为 %(now)s，与公示开始时确定的 %(then)s 不符。") % {
                "label": str(Publicity._meta.get_field(name).verbose_name),
                "now": getattr(publicity, name).isoformat(),
                "then": getattr(first, name).isoformat(),
            }
    return None
