"""组委会决定 (第八条, 第二十条, 第二十二条, 第二十九–三十条): open a matter, members vote, the office closes it.

Quorum and majority are the committee's own standing rules (议事规则, issue 22 item 5, docs/decisions.md 201):
`committee_quorum` (0 = more than half of all committee members) and `committee_majority_percent` (approvals must
exceed that share of the votes cast, abstentions included). Only the committee changes them, by a `standing_rules`
decision voted under the rules then in force; the office cannot edit them. Whatever is stored, a vote never counts
with fewer than more than half of the members present nor passes with half of the votes or less (第八条).
"""

import datetime

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from awards.models import Application, Campaign
from awards.permissions import Role, role_refusal
from config import clock
from workflow import guards, permissions
from workflow.errors import TransitionRefused
from workflow.models import CommitteeDecision, CommitteeVote, Objection, Revocation
from workflow.notifications import notify_committee_decision_opened
from workflow.selectors.committee import (
    MAX_MAJORITY_PERCENT,
    MIN_MAJORITY_PERCENT,
    committee_members,
    decision_tally,
    effective_majority,
    standing_rules_in_words,
)
from workflow.selectors.rules import approved_rules, rules_of
from workflow.services import rules as rule_service
from workflow.services.audit import chain_append
from workflow.services.history import save_with_history, stamp
from workflow.services.rules import apply_approved_rules, apply_standing_rules
from workflow.services.states import DECISION_STATES, REVOCATION_STATES
from workflow.services.transitions import application_transition

Kind = CommitteeDecision.Kind
S = Application.State
P = Campaign.Phase

KIND_PHASE = {Kind.CONFIRM_RECOMMENDED: P.COMPOSITE, Kind.FINAL_LIST: P.APPROVAL}


def decision_open(
    *,
    campaign: Campaign,
    user,
    kind: str,
    summary: str = "",
    revocation: Revocation | None = None,
    keep_ids=(),
    rules: dict | None = None,
) -> CommitteeDecision:
    """Put a matter to the committee: confirm the recommended list (综合评价 phase, 第二十条), decide the final
    list (报批 phase, 第二十二条) or approve a revocation/cancellation (第二十九、三十条).

    第二十二条: with the final list go the office's findings on upheld objections — every listed candidate with an
    upheld objection is proposed for withdrawal (`withdrawn`) unless the office proposes to keep them
    (`keep_ids`, explained in the summary); the committee decides both with one vote."""
    if not permissions.may_put_to_vote(user, kind):
        raise role_refusal(_("提请组委会表决"), Role.OFFICE)
    with transaction.atomic():
        campaign = Campaign.objects.select_for_update(of=("self",)).get(pk=campaign.pk)
        pending = campaign.committee_decisions.filter(result=CommitteeDecision.Result.PENDING)
        if kind != Kind.STANDING_RULES and pending.filter(kind=Kind.STANDING_RULES).exists():
            raise ValidationError(
                _("组委会正在表决议事规则（法定人数、通过比例），表决结束前不能提请其他事项。")
            )
        if kind in KIND_PHASE and campaign.phase != KIND_PHASE[kind]:
            raise ValidationError(
                _("“%(kind)s”只能在%(phase)s阶段提请组委会表决。")
                % {"kind": Kind(kind).label, "phase": P(KIND_PHASE[kind]).label}
            )
        if kind == Kind.REVOCATION:
            if revocation is None or revocation.status != Revocation.Status.PROPOSED:
                raise ValidationError(_("第三十条：须先由办公室提出撤销/取消建议。"))
            if CommitteeDecision.objects.filter(revocation=revocation).exists():
                raise ValidationError(_("该撤销/取消建议已提请组委会表决。"))
        elif kind == Kind.RULES:
            rules = _check_rules_proposal(campaign, rules)
        elif kind == Kind.STANDING_RULES:
            if pending.exists():
                raise ValidationError(
                    _(
                        "组委会还有正在进行的表决；议事规则只能在没有其他表决进行时提请，以免改变正在表决事项的规则。"
                    )
                )
            rules = check_standing_rules(campaign, rules)
        elif kind in KIND_PHASE:
            if campaign.committee_decisions.filter(
                kind=kind, result=CommitteeDecision.Result.PENDING
            ).exists():
                raise ValidationError(_("该事项已有一项正在进行的表决。"))
            approved = guards.latest_approved(campaign, kind)
            if approved and approved.listed == guards.current_list(campaign):
                raise ValidationError(_("组委会已就该事项作出通过的决定，名单此后没有变动。"))
            _check_list_ready(campaign, kind)
        else:
            raise ValidationError(_("未知的表决事项。"))
        withdrawn = []
        if kind == Kind.FINAL_LIST:
            keep = {int(i) for i in keep_ids}
            if keep and not summary.strip():
                raise ValidationError(
                    {"summary": _("第二十二条：建议保留异议成立的人员时，请在说明中写明理由。")}
                )
            withdrawn = sorted(
                set(
                    Objection.objects.filter(
                        campaign=campaign,
                        status=Objection.Status.UPHELD,
                        application__state__in=[S.RECOMMENDED, S.NOMINATED],
                    ).values_list("application_id", flat=True)
                )
                - keep
            )
        decision = CommitteeDecision(
            campaign=campaign,
            kind=kind,
            summary=summary,
            revocation=revocation,
            opened_by=user,
            listed=guards.current_list(campaign) if kind in KIND_PHASE else [],
            withdrawn=withdrawn,
            rules=rules if kind in (Kind.RULES, Kind.STANDING_RULES) else {},
        )
        save_with_history(decision, user)

    transaction.on_commit(lambda: notify_committee_decision_opened(decision.pk))
    return decision


def _check_rules_proposal(campaign: Campaign, rules: dict | None) -> dict:
    """第八条（二）: a rules proposal (the campaign's current rules when none is given) before 综合评价."""

    if campaign.phase not in rule_service.RULE_PHASES:
        raise ValidationError(_("第八条（二）：综合评价开始后不能再修改评议规则。"))
    if campaign.committee_decisions.filter(kind=Kind.RULES, result=CommitteeDecision.Result.PENDING).exists():
        raise ValidationError(_("评议规则已有一项正在进行的表决。"))
    proposal = rules_of(campaign)
    proposal.update(rules_of({**proposal, **(rules or {})}))
    rule_service.validate_rules(proposal, campaign.award_type)
    if campaign.rules_approved_at and proposal == approved_rules(campaign):
        raise ValidationError(_("提请审议的评议规则与组委会已通过的规则相同。"))
    return proposal


def check_standing_rules(campaign: Campaign, rules: dict | None) -> dict:
    """A proposal of the committee's 议事规则 (decisions 201): quorum 0 (more than half of the members, whoever
    they are at the vote) or a number from more than half up to all members; approvals must exceed 50–99 % of the
    votes cast. A proposal equal to the rules in force is refused."""

    rules = rules or {}
    members = committee_members().count()
    errors = {}
    quorum, majority = rules.get("committee_quorum"), rules.get("committee_majority_percent")
    if not isinstance(quorum, int) or isinstance(quorum, bool):
        errors["committee_quorum"] = _("请填写法定人数（整数；0 表示过半数委员）。")
    elif quorum != 0 and not members // 2 < quorum <= members:
        errors["committee_quorum"] = _(
            "法定人数须超过委员总数的一半且不超过委员总数：现有委员 %(members)s 人，可填 %(low)s 到 "
            "%(members)s，或填 0 表示过半数委员。"
        ) % {"members": members, "low": members // 2 + 1}
    if not isinstance(majority, int) or isinstance(majority, bool):
        errors["committee_majority_percent"] = _("请填写通过所需赞成比例（整数）。")
    elif not MIN_MAJORITY_PERCENT <= majority <= MAX_MAJORITY_PERCENT:
        errors["committee_majority_percent"] = _(
            "通过所需赞成比例须在 %(low)s 到 %(high)s 之间：赞成票须超过出席委员的该比例，"
            "低于 %(low)s 即少数可以通过，100 则永远不能通过。"
        ) % {"low": MIN_MAJORITY_PERCENT, "high": MAX_MAJORITY_PERCENT}
    if errors:
        raise ValidationError(errors)
    proposal = {"committee_quorum": quorum, "committee_majority_percent": majority}
    if standing_rules_adopted(campaign) and proposal == {
        "committee_quorum": campaign.committee_quorum,
        "committee_majority_percent": campaign.committee_majority_percent,
    }:
        raise ValidationError(_("提请表决的议事规则与现行议事规则相同。"))
    return proposal


def standing_rules_adopted(campaign: Campaign) -> CommitteeDecision | None:
    """The committee's last approved 议事规则 decision for the campaign, or None (the first rules not yet adopted:
    the default of 第八条 applies — decisions 201)."""
    return guards.latest_approved(campaign, Kind.STANDING_RULES)


def standing_rules_status(campaign: Campaign) -> dict:
    """For the committee's 议事规则 page: the rules in force in words, whether the committee adopted them, the
    pending proposal and the past decisions."""
    decisions = campaign.committee_decisions.filter(kind=Kind.STANDING_RULES).order_by("-pk")
    return {
        "adopted": standing_rules_adopted(campaign),
        "in_words": standing_rules_in_words(campaign.committee_quorum, campaign.committee_majority_percent),
        "pending": decisions.filter(result=CommitteeDecision.Result.PENDING).first(),
        "decisions": list(decisions),
        "quorum": campaign.committee_quorum,
        "majority": effective_majority(campaign.committee_majority_percent),
    }


def _check_list_ready(campaign: Campaign, kind: str) -> None:
    ctx = guards.Context(campaign=campaign, user=None)
    if kind == Kind.CONFIRM_RECOMMENDED:
        guards.ranking_computed(ctx)
        guards.recommended_list_within_rules(ctx)
    if not campaign.applications.filter(state__in=[S.RECOMMENDED, S.NOMINATED]).exists():
        raise TransitionRefused(_("第二十条：名单为空，无需表决。"), rule="第二十条")


def decision_vote(*, decision: CommitteeDecision, user, choice: str, comment: str = "") -> CommitteeVote:
    """One committee member's vote (同意/不同意/弃权) with an optional comment; a second vote is refused."""
    permissions.require_vote(user, decision, _("参加组委会表决"))
    if choice not in CommitteeVote.Choice.values:
        raise ValidationError({"choice": _("请选择同意、不同意或弃权。")})
    try:
        with transaction.atomic():
            locked = CommitteeDecision.objects.select_for_update(of=("self",)).get(pk=decision.pk)
            if locked.result != CommitteeDecision.Result.PENDING:
                raise ValidationError(_("该事项表决已结束。"))
            if locked.votes.filter(member=user).exists():
                raise ValidationError(_("您已对该事项表决，每位委员只能表决一次。"))
            vote = CommitteeVote(decision=locked, member=user, choice=choice, comment=comment.strip())
            stamp(vote, user)
            chain_append(vote, campaign_id=locked.campaign_id)
    except IntegrityError:
        raise ValidationError(_("您已对该事项表决，每位委员只能表决一次。"))
    return vote


def decision_close(
    *,
    decision: CommitteeDecision,
    user,
    document_number: str = "",
    decided_on: datetime.date | None = None,
    ip: str | None = None,
    now=None,
) -> CommitteeDecision:
    """Close the vote: refused without quorum; approved when approvals exceed `committee_majority_percent`
    of the votes cast. An approved decision records its 发文号 and date and then runs the procedure: the final
    list grants the honors (system rows `grant_title`/`grant_nomination`), a revocation runs `revoke`/`cancel`."""
    permissions.require_office(user, _("结束组委会表决"))
    now = now or clock.now(decision.campaign)
    decided_on = decided_on or timezone.localdate(now)
    with transaction.atomic():
        locked = (
            CommitteeDecision.objects.select_for_update(of=("self",))
            .select_related("campaign", "revocation__honor__application")
            .get(pk=decision.pk)
        )
        if locked.result != CommitteeDecision.Result.PENDING:
            raise ValidationError(_("该事项表决已结束。"))
        if (
            locked.kind in KIND_PHASE
            and locked.listed
            and locked.listed != guards.current_list(locked.campaign)
        ):
            raise ValidationError(_("名单在表决期间有变动，本次表决不能结束；请重新提请组委会表决。"))
        tally = decision_tally(locked)
        if tally.cast < tally.quorum:
            raise ValidationError(
                _("第八条：已表决 %(cast)s 人，未达到法定人数 %(quorum)s 人（委员共 %(members)s 人）。")
                % {"cast": tally.cast, "quorum": tally.quorum, "members": tally.members}
            )
        majority = effective_majority(locked.campaign.committee_majority_percent)
        approved = tally.approvals * 100 > majority * tally.cast
        if approved and not document_number.strip():
            raise ValidationError({"document_number": _("表决通过，请填写发文号。")})
        if (
            approved
            and locked.kind == Kind.REVOCATION
            and not (locked.revocation.sponsor_consent_document and locked.revocation.sponsor_consent_on)
        ):
            raise ValidationError(_("第二十九、三十条：须报主办方同意，请先登记主办单位同意的文号和日期。"))
        DECISION_STATES.apply(locked, "approve" if approved else "reject")
        locked.document_number = document_number.strip()
        locked.decided_on = decided_on
        locked.closed_by = user
        locked.closed_at = now
        locked.members_count = tally.members
        locked.quorum = tally.quorum
        locked.majority_percent = majority
        locked.approvals = tally.approvals
        locked.rejections = tally.rejections
        locked.abstentions = tally.abstentions
        save_with_history(locked, user, f"decision_close: {locked.result}")
        if locked.kind == Kind.FINAL_LIST and approved:
            _grant_final_list(locked, user, ip, now)
        if locked.kind == Kind.REVOCATION:
            _execute_revocation(locked, approved, user, ip, now)
        if locked.kind == Kind.RULES and approved:
            apply_approved_rules(locked, now)
        if locked.kind == Kind.STANDING_RULES and approved:
            apply_standing_rules(locked)
    return locked


def _grant_final_list(decision: CommitteeDecision, user, ip, now) -> None:

    reason = _("组委会决定（%(doc)s）") % {"doc": decision.document_number}
    listed = decision.campaign.applications.filter(state__in=[S.RECOMMENDED, S.NOMINATED]).order_by("number")
    withdrawn = set(decision.withdrawn)
    for app in listed.filter(pk__in=withdrawn):  # 第二十二条: the committee decided on the upheld objections
        outcome = (
            Objection.objects.filter(application=app, status=Objection.Status.UPHELD)
            .order_by("-decided_at")
            .values_list("outcome", flat=True)
            .first()
        )
        application_transition(
            application=app,
            action="withdraw",
            user=user,
            reason=_("异议成立：%(outcome)s（组委会决定 %(doc)s）")
            % {"outcome": outcome or "", "doc": decision.document_number},
            ip=ip,
            system=True,
            now=now,
        )
    for app in listed.exclude(pk__in=withdrawn):
        application_transition(
            application=app,
            action="grant_title" if app.state == S.RECOMMENDED else "grant_nomination",
            user=user,
            reason=reason,
            ip=ip,
            system=True,
            now=now,
            document_number=decision.document_number,
            awarded_on=decision.decided_on,
        )


def _execute_revocation(decision: CommitteeDecision, approved: bool, user, ip, now) -> None:
    revocation = (
        Revocation.objects.select_for_update(of=("self",))
        .select_related("honor__application")
        .get(pk=decision.revocation_id)
    )
    REVOCATION_STATES.apply(revocation, "approve" if approved else "reject")
    save_with_history(revocation, user, update_fields=["status"])
    if not approved:
        return
    application_transition(
        application=revocation.honor.application,
        action="revoke" if revocation.kind == Revocation.Kind.REVOKE else "cancel",
        user=user,
        reason=_("%(reason)s（组委会决定 %(doc)s）")
        % {"reason": revocation.reason, "doc": decision.document_number},
        ip=ip,
        system=True,
        now=now,
        revocation=revocation,
    )
