"""Reads of the committee pages (第八条、第二十条、第二十二条、第二十九–三十条) and the office's decisions list, and
the count of a vote under the committee's 议事规则 (`decision_tally`: members, quorum, votes; the rules in words) —
a read the closing service (workflow/services/committee.py) takes from here (docs/architecture.md §3)."""

from dataclasses import dataclass

from django.conf import settings
from django.db.models import Count, Prefetch
from django.shortcuts import get_object_or_404
from django.utils.functional import SimpleLazyObject
from django.utils.translation import gettext as _

from awards.models import Application
from awards.permissions import Role, users_with_role
from awards.quota import quota_in_words
from config import pagecache
from scoring.models import PanelOpinion
from scoring.selectors.panels import attach_panel_views
from scoring.selectors.public import approved_comments
from scoring.selectors.ranking import explain, ranking_rules_in_words
from workflow.models import CommitteeDecision, CommitteeVote, Objection, UnitNotice
from workflow.selectors.rules import RULE_DEFAULTS, RULE_FIELDS, approved_rules, rule_value_display

S = Application.State


@dataclass(frozen=True)
class Tally:
    members: int
    quorum: int
    approvals: int
    rejections: int
    abstentions: int

    @property
    def cast(self) -> int:
        return self.approvals + self.rejections + self.abstentions


def committee_members():
    return users_with_role(Role.COMMITTEE)


def effective_quorum(stored: int, members: int) -> int:
    """The quorum a vote needs: more than half of the members at least (第八条, decisions 201); a stored quorum
    above the current membership counts as all members."""
    floor = members // 2 + 1
    return max(floor, min(stored or 0, members))


def effective_majority(stored: int) -> int:
    """The share of the votes cast the approvals must exceed: never below half (decisions 201)."""
    return max(MIN_MAJORITY_PERCENT, stored or 0)


#: Bounds of the committee's standing rules (decisions 201): approvals must exceed at least half of the votes
#: cast, and 100 % could never be exceeded.
MIN_MAJORITY_PERCENT = 50
MAX_MAJORITY_PERCENT = 99


def decision_tally(decision: CommitteeDecision, votes=None) -> Tally:
    """The count against the quorum; `votes`: the decision's votes when the caller has read them already."""
    campaign = decision.campaign
    members = committee_members().count()
    quorum = effective_quorum(campaign.committee_quorum, members)
    counts = {c: 0 for c in CommitteeVote.Choice.values}
    choices = decision.votes.values_list("choice", flat=True) if votes is None else [v.choice for v in votes]
    for choice in choices:
        counts[choice] += 1
    return Tally(
        members=members,
        quorum=quorum,
        approvals=counts[CommitteeVote.Choice.APPROVE],
        rejections=counts[CommitteeVote.Choice.REJECT],
        abstentions=counts[CommitteeVote.Choice.ABSTAIN],
    )


def standing_rules_in_words(quorum: int, majority: int, members: int | None = None) -> list[str]:
    """The committee's standing rules as the committee reads them (its pages show them in words)."""
    members = committee_members().count() if members is None else members
    if quorum:
        q = _("法定人数：至少 %(q)s 名委员参加表决（现有委员 %(m)s 人；任何时候不少于过半数委员）。") % {
            "q": effective_quorum(quorum, members),
            "m": members,
        }
    else:
        q = _("法定人数：过半数委员参加表决（现有委员 %(m)s 人，即至少 %(q)s 人）。") % {
            "q": effective_quorum(0, members),
            "m": members,
        }
    m = _("通过：赞成票超过参加表决委员（含弃权）的 %(p)s%%。") % {"p": effective_majority(majority)}
    return [q, m]


def decision_or_404(pk: int) -> CommitteeDecision:
    return get_object_or_404(
        CommitteeDecision.objects.select_related("campaign__award_type", "revocation__honor__application"),
        pk=pk,
    )


def committee_decisions(*, pending_only: bool = False, campaign=None, member=None):

    qs = CommitteeDecision.objects.select_related(
        "campaign__award_type", "revocation__honor__application"
    ).order_by("-created_at")
    if pending_only:
        qs = qs.filter(result=CommitteeDecision.Result.PENDING)
    if campaign is not None:
        qs = qs.filter(campaign=campaign)
    if member is not None:
        qs = qs.prefetch_related(
            Prefetch("votes", queryset=CommitteeVote.objects.filter(member=member), to_attr="my_votes")
        )
    return qs.annotate(vote_count=Count("votes"))


def decision_evidence(decision) -> dict:
    """What the committee reads before voting: the list with its ranking, the panels' opinions, objections and
    their outcomes, the in-unit publicity confirmations; for a revocation, the proposal and its evidence."""

    campaign = decision.campaign
    votes = list(decision.votes.select_related("member").order_by("created_at"))
    tally = decision_tally(decision, votes)  # the votes and the members counted once (decisions 421)
    context = {
        "decision": decision,
        "campaign": campaign,
        "tally": tally,
        "votes": votes,
        # the committee's 议事规则 this vote is counted under (decisions 201), in words
        "standing_words": standing_rules_in_words(
            campaign.committee_quorum, campaign.committee_majority_percent, tally.members
        ),
        "quota_words": quota_in_words(campaign),  # 第三条, the ceiling every list decision is held to
    }
    if decision.kind == CommitteeDecision.Kind.STANDING_RULES:
        context["proposed_standing_words"] = standing_rules_in_words(
            decision.rules.get("committee_quorum", 0), decision.rules.get("committee_majority_percent", 50)
        )
        return context
    if decision.kind == CommitteeDecision.Kind.REVOCATION:
        context["revocation"] = decision.revocation
        return context
    if decision.kind == CommitteeDecision.Kind.RULES:
        approved = approved_rules(campaign)
        proposed = {**RULE_DEFAULTS, **decision.rules}
        context["proposed_rules"] = [
            (
                str(label),
                rule_value_display(name, approved.get(name)),
                rule_value_display(name, proposed.get(name)),
                approved.get(name) != proposed.get(name),
            )
            for name, label in RULE_FIELDS.items()
        ]
        context["rules_words"] = ranking_rules_in_words(proposed)
        context["quota_words"] = quota_in_words(campaign, proposed.get("quota"))
        return context
    context.update(
        {
            "office_version": pagecache.office_version(campaign.pk),
            "cache_seconds": settings.OFFICE_CACHE_SECONDS,
            "evidence": SimpleLazyObject(lambda: list_evidence(decision)),
        }
    )
    return context


def list_evidence(decision) -> dict:
    """The evidence of a list decision: the current ranking with each entry's explanation, panel view and approved
    public comments, the panels' opinions, objections, in-unit notices. Computed only when the decision page's
    cached part is not in the cache (`{% cache %}` keyed by the decision and `office_version`, docs/decisions.md
    113); a fixed number of queries whatever the number of entries."""
    campaign = decision.campaign
    ranking = campaign.rankings.filter(is_current=True).first()
    entries = []
    if ranking is not None:
        entries = list(ranking.entries.select_related("application").order_by("rank", "application__number"))
        for e in entries:
            e.why = explain(e)

        attach_panel_views(campaign, entries)

    comments = approved_comments(campaign)
    for e in entries:
        e.public_comments = comments.get(e.application_id, [])
    withdrawn = set(decision.withdrawn)
    return {
        "has_public_comments": bool(comments),
        "ranking": ranking,
        "entries": entries,
        "rules_words": ranking_rules_in_words(ranking.inputs) if ranking is not None else [],
        "listed": [e for e in entries if e.application.state in (S.RECOMMENDED, S.NOMINATED)],
        "opinions": list(
            PanelOpinion.objects.filter(panel__campaign=campaign)
            .select_related("panel", "written_by")
            .prefetch_related("recommended")
            .order_by("panel__name", "stage")
        ),
        "objections": list(Objection.objects.filter(campaign=campaign).select_related("application")),
        "withdrawn_apps": [e.application for e in entries if e.application_id in withdrawn],
        "unit_notices": list(
            UnitNotice.objects.filter(publicity__campaign=campaign).select_related("organization")
        ),
    }
