"""Reads for the office and committee pages (B owns workflow/selectors.py). Each list is a fixed number of
queries whatever its length."""

import datetime
from dataclasses import dataclass

from django.db.models import Count, Exists, OuterRef, Q
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from awards.models import Application, Campaign
from workflow import calendar
from workflow.models import EligibilityReview

S = Application.State


def office_campaigns():
    return Campaign.objects.select_related("award_type").annotate(
        submitted_count=Count("applications", filter=~Q(applications__state__in=[S.DRAFT, S.RETRACTED]))
    )


def state_counts(campaign: Campaign) -> list[tuple[str, str, int]]:
    """(state, label, count) for every application state that occurs, in the procedure's order."""
    counts = dict(
        campaign.applications.values_list("state").annotate(n=Count("id")).values_list("state", "n")
    )
    return [(s.value, s.label, counts[s.value]) for s in S if counts.get(s.value)]


@dataclass
class Deadline:
    label: str
    date: datetime.date
    working_days_left: int | None
    passed: bool
    at: datetime.datetime | None = None  # the exact moment, for dates set with a time (申报截止 17:00)
    starts: bool = False  # a start (已开始 once passed) rather than an end (已截止)
    is_today: bool = False


def deadlines(
    campaign: Campaign, today: datetime.date | None = None, now: datetime.datetime | None = None
) -> list[Deadline]:
    """The campaign's dates with the working days left (workflow.calendar). A date with a time has passed at that
    moment (a same-day deadline at 12:00 is 已截止 in the afternoon); a date without one at the end of that day."""
    now = now or timezone.now()
    today = today or timezone.localdate(now)
    items = []

    def add(label, value, starts=False):
        if value is None:
            return
        if isinstance(value, datetime.datetime):
            day, at, passed = timezone.localdate(value), value, now >= value
        else:
            day, at, passed = value, None, value < today
        left = calendar.working_days_between(today, day) if not passed and day > today else None
        items.append(Deadline(label, day, left, passed, at, starts, is_today=not passed and day == today))

    add(_("申报开始"), campaign.opens_at, starts=True)
    add(_("申报截止"), campaign.closes_at)
    if campaign.public_input_enabled:
        add(_("公众评价开始"), campaign.public_input_opens_at, starts=True)
        add(_("公众评价结束"), campaign.public_input_closes_at)
    publicity = getattr(campaign, "publicity", None)
    if publicity is not None:
        add(_("公示开始"), publicity.starts_on, starts=True)
        add(_("公示结束"), publicity.ends_on)
    return items


def calendar_warnings(items: list[Deadline], today: datetime.date | None = None) -> list[str]:
    """Years the campaign's periods reach for which no official holiday data exists."""
    if not items:
        return []
    today = today or timezone.localdate()
    start = min([today] + [d.date for d in items])
    end = max([today] + [d.date for d in items])
    return [
        _("%(year)s 年尚无官方节假日安排，按周一至周五计算工作日；请在“工作日调整”中补录后再确认期限。")
        % {"year": year}
        for year in calendar.unofficial_years(start, end)
    ]


def campaign_dashboard(campaign: Campaign, user) -> dict:
    from workflow import charts

    items = deadlines(campaign)
    counts = state_counts(campaign)  # once: the chart, the table and the total show the same counts
    domains = (
        campaign.applications.exclude(state__in=[S.DRAFT, S.RETRACTED])
        .values_list("tech_domain__name", "tech_domain__name_en")
        .annotate(n=Count("id"))
        .order_by("tech_domain__order")
    )
    english = (get_language() or "").startswith("en")
    return {
        "state_chart": charts.bar_chart([(label, n) for _s, label, n in counts], title=_("各状态申报数")),
        "domain_chart": charts.bar_chart(
            [((english and name_en) or name or _("未填"), n) for name, name_en, n in domains],
            title=_("各技术领域申报数"),
        ),
        "campaign": campaign,
        "counts": counts,
        "total": sum(n for _s, _l, n in counts),
        "actions": phase_rows(campaign, user),
        "deadlines": items,
        "calendar_warnings": calendar_warnings(items),
        "log": campaign.transition_logs.filter(subject="campaign")
        .select_related("actor")
        .order_by("-created_at")[:10],
    }


# --- eligibility --------------------------------------------------------------------------------------------------

ELIGIBILITY_STATES = (S.SUBMITTED, S.RETURNED, S.ELIGIBLE, S.INELIGIBLE)


def eligibility_queue(campaign: Campaign, *, q="", domain=None, unit=None, state="", flag=""):
    qs = (
        campaign.applications.filter(state__in=ELIGIBILITY_STATES)
        .select_related("tech_domain", "employer", "campaign__award_type", "eligibility_review")
        .annotate(has_review=Exists(EligibilityReview.objects.filter(application=OuterRef("pk"))))
        .order_by("number", "submitted_at", "id")
    )
    if q:
        qs = qs.filter(Q(name__icontains=q) | Q(number__icontains=q))
    if domain:
        qs = qs.filter(tech_domain=domain)
    if unit:
        qs = qs.filter(unit_name=unit)
    if state:
        qs = qs.filter(state=state)
    if flag == "unreviewed":
        qs = qs.filter(has_review=False)
    rows = list(qs)
    from awards.eligibility import threshold_problems

    for app in rows:  # computed from fields already loaded: no query per row
        app.problems = threshold_problems(app)
    if flag == "threshold":
        rows = [a for a in rows if a.problems]
    return rows


def application_for_review(pk: int) -> Application:
    return (
        Application.objects.select_related(
            "campaign__award_type", "tech_domain", "employer", "recommender", "industry_subcategory"
        )
        .prefetch_related("attachments", "education_entries", "work_entries", "supplement_requests")
        .get(pk=pk)
    )


# --- panels ---------------------------------------------------------------------------------------------------------


def panels_page(campaign: Campaign) -> dict:
    from django.contrib.auth import get_user_model
    from django.db.models import Prefetch

    from scoring.models import ConflictOfInterest, PanelAssignment, PanelMember

    panels = list(
        campaign.panels.prefetch_related(
            "tech_domains",
            Prefetch(
                "members",
                queryset=PanelMember.objects.select_related("expert__expert_profile__organization").order_by(
                    "-is_chair", "expert__username"
                ),
            ),
        )
    )
    apps = list(
        campaign.applications.filter(state__in=("eligible", "shortlisted", "not_shortlisted"))
        .select_related("tech_domain", "employer", "recommender", "panel_assignment__panel")
        .order_by("number", "id")
    )
    conflicts: dict[int, list] = {}
    for c in ConflictOfInterest.objects.filter(application__campaign=campaign).select_related("expert"):
        conflicts.setdefault(c.application_id, []).append(c)
    for app in apps:
        app.conflict_list = conflicts.get(app.pk, [])
        app.assignment = getattr(app, "panel_assignment", None)
    experts = list(
        get_user_model()
        .objects.filter(groups__name="expert", is_active=True)
        .select_related("expert_profile__organization")
        .order_by("username")
    )
    for panel in panels:  # 加入专家 offers only the experts not yet on this panel
        on_panel = {m.expert_id for m in panel.members.all()}
        panel.addable_experts = [e for e in experts if e.pk not in on_panel]
    return {
        "campaign": campaign,
        "panels": panels,
        "apps": apps,
        "experts": experts,
        "unassigned": sum(1 for a in apps if a.assignment is None),
        "assignments": PanelAssignment.objects.filter(application__campaign=campaign).count(),
    }


# --- stages ---------------------------------------------------------------------------------------------------------


def stage_page(campaign: Campaign, stage: str) -> dict:
    """Progress per panel and per expert (sheets submitted / expected), the panel scores and, for the material
    review, the proposed shortlist with ties at the line; for the on-site stage, the schedule."""
    from django.contrib.auth import get_user_model

    from scoring.models import Panel, PanelAssignment, PanelResult, ScoreSheet
    from scoring.selectors import expected_sheets

    expected = expected_sheets(campaign, stage)
    submitted = set(
        ScoreSheet.objects.filter(
            application__campaign=campaign, stage=stage, state=ScoreSheet.State.SUBMITTED
        ).values_list("expert_id", "application_id")
    )
    panel_of = dict(
        PanelAssignment.objects.filter(application_id__in=expected).values_list("application_id", "panel_id")
    )
    per_panel: dict[int, list[int]] = {}
    per_expert: dict[int, list[int]] = {}
    for app_id, pairs in expected.items():
        for pair in pairs:
            done = int(pair in submitted)
            per_panel.setdefault(panel_of[app_id], [0, 0])
            per_panel[panel_of[app_id]][0] += done
            per_panel[panel_of[app_id]][1] += 1
            per_expert.setdefault(pair[0], [0, 0])
            per_expert[pair[0]][0] += done
            per_expert[pair[0]][1] += 1
    panels = {p.pk: p for p in Panel.objects.filter(campaign=campaign)}
    users = {u.pk: u for u in get_user_model().objects.filter(pk__in=per_expert)}
    panel_rows = [
        {"panel": panels[pid], "done": d, "total": t, "percent": round(100 * d / t) if t else 100}
        for pid, (d, t) in sorted(per_panel.items())
    ]
    expert_rows = [
        {"expert": users[eid], "done": d, "total": t}
        for eid, (d, t) in sorted(per_expert.items(), key=lambda kv: users[kv[0]].username)
    ]
    results = list(
        PanelResult.objects.filter(application__campaign=campaign, stage=stage)
        .select_related("application", "panel")
        .order_by("-score", "application__number")
    )
    from workflow import charts

    maximum = campaign.award_type.rubric.max_total
    by_panel: dict = {}
    for r in results_for_chart(campaign, stage):
        by_panel.setdefault(r[0], []).append(float(r[1]))
    context = {
        "charts": [
            (name, charts.histogram(scores, title=_("%(p)s得分分布") % {"p": name}, maximum=maximum))
            for name, scores in sorted(by_panel.items())
        ],
        "campaign": campaign,
        "stage": stage,
        "panel_rows": panel_rows,
        "expert_rows": expert_rows,
        "sheets_done": sum(r["done"] for r in panel_rows),
        "sheets_total": sum(r["total"] for r in panel_rows),
        "results": results,
    }
    if stage == "material":
        context.update(shortlist_proposal(campaign, results))
        opinions = panel_recommendations(campaign, stage)
        recommended = {a.pk for o in opinions for a in o.recommended.all()}
        for row in context["proposal"]:
            row["panel_recommended"] = row["result"].application_id in recommended
        context["panel_opinions"] = opinions
    else:
        context["schedule"] = list(
            PanelAssignment.objects.filter(application__campaign=campaign, application__state=S.SHORTLISTED)
            .select_related("application", "panel")
            .order_by("onsite_date", "onsite_room", "onsite_order", "application__number")
        )
    return context


def panel_recommendations(campaign: Campaign, stage: str) -> list:
    """Each panel's written opinion with its recommended names (第十条 (二)(三)), for the office deciding the list."""
    from scoring.models import PanelOpinion

    return list(
        PanelOpinion.objects.filter(panel__campaign=campaign, stage=stage)
        .select_related("panel")
        .prefetch_related("recommended")
        .order_by("panel__name")
    )


def results_for_chart(campaign: Campaign, stage: str):
    from scoring.models import PanelResult

    return PanelResult.objects.filter(application__campaign=campaign, stage=stage).values_list(
        "panel__name", "score"
    )


def shortlist_proposal(campaign: Campaign, results) -> dict:
    """The best `shortlist_size` eligible applications by material-review score; those equal to the last one
    inside the line are shown as tied (the office decides, nothing is cut silently)."""
    eligible = [r for r in results if r.application.state == S.ELIGIBLE]
    size = campaign.shortlist_size
    line_score = eligible[size - 1].score if len(eligible) >= size else None
    rows = []
    for i, r in enumerate(eligible):
        tied = (
            line_score is not None
            and r.score == line_score
            and ((i < size and any(x.score == line_score for x in eligible[size:])) or (i >= size))
        )
        rows.append({"result": r, "proposed": i < size, "tied_at_line": tied, "position": i + 1})
    return {"proposal": rows, "line_after": min(size, len(eligible))}


# --- ranking ------------------------------------------------------------------------------------------------------


def ranking_page(campaign: Campaign) -> dict:
    from scoring.ranking import explain

    ranking = campaign.rankings.filter(is_current=True).select_related("computed_by").first()
    entries = []
    if ranking is not None:
        entries = list(
            ranking.entries.select_related("application__tech_domain").order_by("rank", "application__number")
        )
        for e in entries:
            e.why = explain(e)
        from scoring.selectors import attach_panel_views

        attach_panel_views(campaign, entries)
    quota_after = minimum_after = None
    recommended = [e for e in entries if e.outcome == "recommended"]
    if recommended:
        quota_after = recommended[-1].pk
    above = [e for e in entries if e.composite >= campaign.min_composite_score]
    if above and len(above) < len(entries):
        minimum_after = above[-1].pk
    from scoring.public.selectors import group_counts
    from workflow import charts

    return {
        "public_counts": group_counts(campaign) if campaign.public_input_enabled else [],
        "chart": charts.ranking_chart(
            entries,
            quota=campaign.quota,
            minimum=float(campaign.min_composite_score),
            maximum=float(campaign.award_type.rubric.max_total),
        ),
        "campaign": campaign,
        "ranking": ranking,
        "entries": entries,
        "quota_after": quota_after,
        "minimum_after": minimum_after,
        "below_all": not above and bool(entries),
        "ties": [e for e in entries if e.tied],
    }


# --- committee ----------------------------------------------------------------------------------------------------


def committee_decisions(*, pending_only: bool = False, campaign=None, member=None):
    from django.db.models import Prefetch

    from workflow.models import CommitteeDecision, CommitteeVote

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
    from scoring.models import PanelOpinion
    from scoring.ranking import explain
    from workflow.models import CommitteeDecision, Objection, UnitNotice
    from workflow.services.committee import decision_tally

    campaign = decision.campaign
    context = {
        "decision": decision,
        "campaign": campaign,
        "tally": decision_tally(decision),
        "votes": decision.votes.select_related("member").order_by("created_at"),
    }
    if decision.kind == CommitteeDecision.Kind.REVOCATION:
        context["revocation"] = decision.revocation
        return context
    if decision.kind == CommitteeDecision.Kind.RULES:
        from workflow.services.rules import RULE_FIELDS

        approved = campaign.rules_approved or {}
        context["proposed_rules"] = [
            (
                str(label),
                approved.get(name),
                decision.rules.get(name),
                approved.get(name) != decision.rules.get(name),
            )
            for name, label in RULE_FIELDS.items()
        ]
        return context
    ranking = campaign.rankings.filter(is_current=True).first()
    entries = []
    if ranking is not None:
        entries = list(ranking.entries.select_related("application").order_by("rank", "application__number"))
        for e in entries:
            e.why = explain(e)
        from scoring.selectors import attach_panel_views

        attach_panel_views(campaign, entries)
    from scoring.public.selectors import approved_comments

    comments = approved_comments(campaign)
    for e in entries:
        e.public_comments = comments.get(e.application_id, [])
    context.update(
        {
            "has_public_comments": bool(comments),
            "ranking": ranking,
            "entries": entries,
            "listed": [e for e in entries if e.application.state in (S.RECOMMENDED, S.NOMINATED)],
            "opinions": PanelOpinion.objects.filter(panel__campaign=campaign)
            .select_related("panel", "written_by")
            .prefetch_related("recommended")
            .order_by("panel__name", "stage"),
            "objections": Objection.objects.filter(campaign=campaign).select_related("application"),
            "withdrawn_apps": [e.application for e in entries if e.application_id in set(decision.withdrawn)],
            "unit_notices": UnitNotice.objects.filter(publicity__campaign=campaign).select_related(
                "organization"
            ),
        }
    )
    return context


def phase_rows(campaign: Campaign, user) -> list[tuple]:
    """Each campaign row leaving the current phase with every message that blocks it now (all guards, not
    only the first), so that the office sees the whole to-do list."""
    from workflow.errors import TransitionRefused
    from workflow.guards import Context
    from workflow.services.transitions import allowed_actions

    rows = []
    for row, why_not in allowed_actions("campaign", campaign, user):
        messages = []
        if why_not:
            ctx = Context(campaign=campaign, user=user, reason="-", extra={"current_label": ""})
            for guard in row.guards:
                try:
                    guard(ctx)
                except TransitionRefused as e:
                    messages.extend(e.messages)
            if not messages:
                messages = [why_not]
        rows.append((row, messages))
    return rows
