"""Reads for the scoring pages (select_related/prefetch; a constant number of queries per page)."""

from dataclasses import dataclass, field
from typing import NamedTuple

from django.core.paginator import Page, Paginator
from django.db.models import Prefetch
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext_lazy

from awards.models import Application, Attachment, Campaign, TechDomain
from config.markup_keys import markup_key, templates_token
from scoring.models import (
    ConflictOfInterest,
    Criterion,
    Panel,
    PanelAssignment,
    PanelMember,
    PanelOpinion,
    PanelResult,
    Rubric,
    ScoreEntry,
    ScoreSheet,
    ShortlistConfirmation,
    Stage,
)
from scoring.permissions import STAGE_STATES, expert_assignments, stage_is_open
from scoring.selectors.kept_rubrics import kept_rubric

S = Application.State


def panel_or_404(pk: int) -> Panel:
    return get_object_or_404(Panel.objects.select_related("campaign__award_type"), pk=pk)


def sheet_or_404(pk: int) -> ScoreSheet:
    return get_object_or_404(ScoreSheet, pk=pk)


def expected_sheets(campaign, stage: str, *, panel=None) -> dict[int, list[tuple[int, int]]]:
    """application id → the (expert id, application id) pairs that must be scored in the stage (panel members
    without a conflict)."""
    assignments = PanelAssignment.objects.filter(
        application__campaign=campaign, application__state__in=STAGE_STATES[stage]
    )
    members = PanelMember.objects.filter(panel__campaign=campaign)
    if panel is not None:
        assignments = assignments.filter(panel=panel)
        members = members.filter(panel=panel)
    by_panel: dict[int, list[int]] = {}
    for panel_id, expert_id in members.values_list("panel_id", "expert_id"):
        by_panel.setdefault(panel_id, []).append(expert_id)
    conflicts = set(
        ConflictOfInterest.objects.filter(application__campaign=campaign).values_list(
            "expert_id", "application_id"
        )
    )
    result: dict[int, list[tuple[int, int]]] = {}
    for panel_id, application_id in assignments.values_list("panel_id", "application_id"):
        result[application_id] = [
            (e, application_id) for e in by_panel.get(panel_id, []) if (e, application_id) not in conflicts
        ]
    return result


# ---- expert home -------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class HomeApplication:
    """What the expert's work list shows of an application."""

    pk: int
    number: str
    name: str
    state: str
    tech_domain: TechDomain | None


@dataclass(frozen=True)
class HomeSlot:
    """An assignment on the work list: the panel and the 现场展示 schedule."""

    panel_id: int
    application_id: int
    onsite_date: object
    onsite_slot: str
    onsite_room: str
    onsite_order: int | None
    application: HomeApplication


@dataclass(frozen=True)
class HomeSheet:
    pk: int
    state: str


@dataclass(frozen=True)
class WorkGroup:
    """The heading of a run of rows on the work list: one panel's applications in one stage."""

    panel: Panel
    stage: str
    label: str
    is_open: bool


def sheet_status(sheet) -> str:
    """A work-list row's status: its sheet's state (草稿 draft, 已提交 submitted), or not_started."""
    return "not_started" if sheet is None else sheet.state


def to_score(is_open: bool, status: str) -> bool:
    """待评: the stage is open and the expert has not submitted the sheet."""
    return is_open and status != "submitted"


@dataclass
class HomeRow:
    application: Application | HomeApplication
    sheet: ScoreSheet | HomeSheet | None
    stage: str
    is_open: bool
    assignment: PanelAssignment | HomeSlot
    group: WorkGroup | None = None
    key: str = ""  # names the row's markup (`_row_keys`); empty: rendered, not kept

    @property
    def status(self) -> str:
        return sheet_status(self.sheet)

    @property
    def to_score(self) -> bool:
        return to_score(self.is_open, self.status)


@dataclass
class StageSummary:
    stage: str
    label: str
    is_open: bool
    todo: int
    done: int
    total: int


@dataclass
class HomePanel:
    member: PanelMember
    stages: list[StageSummary] = field(default_factory=list)

    @property
    def is_open(self) -> bool:
        return any(s.is_open for s in self.stages)


#: the work list's filters (?show=): 待评, 已评, 全部; the first is the default
WORK_FILTERS = {"todo": gettext_lazy("待评"), "done": gettext_lazy("已评"), "all": gettext_lazy("全部")}
WORK_PAGE_SIZE = 50


@dataclass
class ExpertWork:
    """The expert home: the panels (current ones and finished ones apart) and one page of the work list."""

    panels: list[HomePanel]
    finished: list[HomePanel]
    show: str
    counts: dict[str, int]
    page: Page

    @property
    def page_range(self):
        return self.page.paginator.get_elided_page_range(self.page.number)

    @property
    def filters(self) -> list[tuple[str, str, int]]:
        return [(key, label, self.counts[key]) for key, label in WORK_FILTERS.items()]


class WorkKey(NamedTuple):
    """A row of the work list without what it shows: all that its filters, counts and order need."""

    group: WorkGroup
    application_id: int
    sheet: HomeSheet | None
    submitted: bool
    to_score: bool  # 待评 (`to_score`)


def _work_keys(expert, members) -> list[WorkKey]:
    """Every (application, stage) the expert's panels have, with the sheet's state, in the order of `members` (the
    panels), then stage, then the on-site order and number. Only the keys: a city-scale panel gives an expert
    some 500 applications, of which a page shows 50 (`_page_rows` reads what those show)."""
    # what the expert may score (scoring.permissions: a member of the panel, panel working — 第十条 — no conflict)
    by_panel: dict[int, list[tuple[int, str]]] = {}
    for panel_id, application_id, state in (
        expert_assignments(expert)
        .order_by("onsite_order", "application__number")
        .values_list("panel_id", "application_id", "application__state")
    ):
        by_panel.setdefault(panel_id, []).append((application_id, state))
    sheets = {
        (application_id, stage): HomeSheet(pk, state)
        for pk, application_id, stage, state in ScoreSheet.objects.filter(expert=expert).values_list(
            "pk", "application_id", "stage", "state"
        )
    }
    keys = []
    for member in members:
        panel = member.panel
        for stage, label in Stage.choices:
            group = WorkGroup(panel, stage, label, stage_is_open(panel.campaign, stage))
            states = STAGE_STATES[stage]
            for application_id, state in by_panel.get(panel.pk, ()):
                if state in states:
                    sheet = sheets.get((application_id, stage))
                    status = sheet_status(sheet)
                    keys.append(
                        WorkKey(
                            group,
                            application_id,
                            sheet,
                            status == "submitted",
                            to_score(group.is_open, status),
                        )
                    )
    return keys


def _page_rows(keys: list[WorkKey]) -> list[HomeRow]:
    """The rows of one page of the work list (`_work_keys`) with what they show: the application's number, name
    and domain, and the 现场展示 schedule (one query, for at most WORK_PAGE_SIZE applications)."""
    if not keys:
        return []
    slots: dict[tuple[int, int], HomeSlot] = {}
    domains: dict[int, TechDomain] = {}
    for row in PanelAssignment.objects.filter(
        panel_id__in={k.group.panel.pk for k in keys}, application_id__in={k.application_id for k in keys}
    ).values_list(
        "panel_id",
        "application_id",
        "onsite_date",
        "onsite_slot",
        "onsite_room",
        "onsite_order",
        "application__number",
        "application__name",
        "application__state",
        "application__tech_domain_id",
        "application__tech_domain__name",
        "application__tech_domain__name_en",
    ):
        panel_id, application_id, day, slot, room, order, number, name, state, domain_id, zh, en = row
        if domain_id is not None and domain_id not in domains:
            domains[domain_id] = TechDomain(pk=domain_id, name=zh, name_en=en)
        application = HomeApplication(application_id, number, name, state, domains.get(domain_id))
        slots[panel_id, application_id] = HomeSlot(
            panel_id, application_id, day, slot, room, order, application
        )
    rows = []
    for key in keys:
        slot = slots.get((key.group.panel.pk, key.application_id))
        if slot is not None:  # the assignment removed since the keys were read: not shown
            group = key.group
            rows.append(HomeRow(slot.application, key.sheet, group.stage, group.is_open, slot, group))
    _row_keys(rows)
    return rows


#: The template of one row of the work list; its markup is kept in each process under `HomeRow.key` (decisions 424).
ROW_TEMPLATE = "scoring/_expert_row.html"


def _row_keys(rows: list[HomeRow]) -> None:
    """Each row's `key`: a digest of everything its markup shows (the application's id, number, name and domain,
    the stage and whether it is open for scoring, the 现场展示 slot, the sheet's state and id), with the request's
    language and the row template's source (`config/markup_keys.py`, docs/decisions.md 424). A change of any of
    them is another key; the same row on the next view of the list is the same key."""
    token = templates_token((ROW_TEMPLATE,))
    for row in rows:
        app, slot, sheet = row.application, row.assignment, row.sheet
        domain = app.tech_domain
        row.key = markup_key(
            token,
            (app.pk, app.number, app.name, domain and (domain.pk, domain.name, domain.name_en)),
            (row.stage, row.is_open, row.status, sheet and sheet.pk),
            (slot.onsite_date, slot.onsite_slot, slot.onsite_room, slot.onsite_order),
        )


FINISHED_PHASES = ("awarded", "archived")


def expert_work(expert, *, show: str = "todo", page=None) -> ExpertWork:
    """The expert home (评分工作台): the panels an expert sits on, open scoring first, newest campaign first, the
    finished campaigns (表彰、归档) apart; and one page (WORK_PAGE_SIZE) of the work list filtered by `show`
    (待评 `todo`: open stage, sheet not submitted; 已评 `done`: submitted; `all`). Four queries whatever the
    number of applications: the panels, the keys of every row (`_work_keys`), the sheets, and what the page's
    rows show (`_page_rows`; docs/decisions.md 418)."""
    if show not in WORK_FILTERS:
        show = next(iter(WORK_FILTERS))
    members = list(
        PanelMember.objects.filter(expert=expert)
        .select_related("panel__campaign__award_type")
        .order_by("-panel__campaign__year", "panel__name")
    )
    keys = _work_keys(expert, members)
    homes = {m.panel_id: HomePanel(member=m) for m in members}
    runs: dict[tuple[int, str], list[WorkKey]] = {}
    for key in keys:
        runs.setdefault((key.group.panel.pk, key.group.stage), []).append(key)
    for (panel_id, _stage), run in runs.items():
        group = run[0].group
        done = sum(1 for k in run if k.submitted)
        todo = sum(1 for k in run if k.to_score)
        homes[panel_id].stages.append(
            StageSummary(group.stage, group.label, group.is_open, todo, done, len(run))
        )
    # Work first: panels with a stage open for scoring, then the rest, newest campaign first within each.
    ordered = sorted(homes.values(), key=lambda h: not h.is_open)
    current = [h for h in ordered if h.member.panel.campaign.phase not in FINISHED_PHASES]
    finished = [h for h in ordered if h.member.panel.campaign.phase in FINISHED_PHASES]
    rank = {h.member.panel_id: i for i, h in enumerate(current + finished)}
    keys.sort(key=lambda k: rank[k.group.panel.pk])  # stable: stage and on-site order kept within a panel
    counts = {
        "todo": sum(1 for k in keys if k.to_score),
        "done": sum(1 for k in keys if k.submitted),
        "all": len(keys),
    }
    if show == "todo":
        keys = [k for k in keys if k.to_score]
    elif show == "done":
        keys = [k for k in keys if k.submitted]
    shown = Paginator(keys, WORK_PAGE_SIZE).get_page(page)
    shown.object_list = _page_rows(shown.object_list)
    return ExpertWork(current, finished, show, counts, shown)


# ---- reading and scoring ------------------------------------------------------------------------------------


def application_for_expert(application_id: int) -> Application:
    """The application with what the reading page shows (personal data is not loaded: no resident ID, phone,
    email, address, postcode, political status or unit contact)."""
    return (
        Application.objects.select_related(
            "campaign__award_type", "tech_domain", "industry_subcategory__category"
        )
        .only(
            "id",
            "number",
            "name",
            "state",
            "campaign__id",
            "campaign__title",
            "campaign__phase",
            "campaign__award_type__code",
            "campaign__award_type__name",
            "campaign__award_type__name_en",
            "campaign__award_type__section_labels",
            "campaign__award_type__requires_unit_opinion",
            "tech_domain__name",
            "industry_subcategory__name",
            "industry_subcategory__category__name",
            "title_level",
            "title_name",
            "education",
            "degree",
            "unit_name",
            "position",
            "years_in_industry",
            "years_in_post",
            "years_in_management",
            "direct_technical_work",
            "social_posts",
            "awards_received",
            "punishments",
            "section_basic",
            "section_second",
            "section_third",
            "representative_achievements",
            "unit_opinion",
        )
        .prefetch_related(
            "education_entries",
            "work_entries",
            Prefetch("attachments", queryset=Attachment.objects.filter(purged_at__isnull=True)),
        )
        .get(pk=application_id)
    )


def attachment_for(application_id: int, attachment_id: int) -> Attachment | None:
    return Attachment.objects.filter(
        pk=attachment_id, application_id=application_id, purged_at__isnull=True
    ).first()


def rubric_criteria(rubric: Rubric) -> list[Criterion]:
    """The rubric's criteria in order, with their dimension, bands and aspects: read once and kept in the process
    (scoring.selectors.kept_rubrics; shared by every request, so read-only)."""
    return kept_rubric(rubric.pk).criteria


def rubric_with_criteria(rubric_id: int) -> tuple[Rubric, list[Criterion]]:
    rubric = Rubric.objects.get(pk=rubric_id)
    return rubric, rubric_criteria(rubric)


def expert_sheet(expert, application_id: int, stage: str) -> ScoreSheet | None:
    """The expert's sheet of this application and stage, if any; its entries are read by `values_from_sheet`,
    which names their criteria from the rubric kept in the process (docs/decisions.md 432)."""
    try:  # at most one (uniq_score_sheet)
        return ScoreSheet.objects.get(expert=expert, application_id=application_id, stage=stage)
    except ScoreSheet.DoesNotExist:
        return None


def sheet_for_document(sheet_id: int) -> ScoreSheet | None:
    return (
        ScoreSheet.objects.select_related(
            "application__campaign__award_type__rubric", "application__tech_domain", "expert", "panel"
        )
        .prefetch_related(
            Prefetch("entries", queryset=ScoreEntry.objects.select_related("criterion__dimension")),
            "entries__criterion__bands",
            "application__campaign__award_type__tech_domains",
        )
        .filter(pk=sheet_id)
        .first()
    )


# ---- panel results ------------------------------------------------------------------------------------------


@dataclass
class PanelStageData:
    """Everything the results, analytics and matrix pages show for one panel in one stage."""

    panel: object
    stage: str
    rubric: Rubric
    criteria: list[Criterion]
    applications: list[Application]
    experts: list
    sheets: dict[tuple[int, int], ScoreSheet]
    results: dict[int, PanelResult]
    opinion: PanelOpinion | None
    expected: dict[int, list[tuple[int, int]]]

    @property
    def missing(self) -> int:
        return sum(
            1
            for pairs in self.expected.values()
            for pair in pairs
            if not (pair in self.sheets and self.sheets[pair].state == ScoreSheet.State.SUBMITTED)
        )


def panel_stage_data(panel, stage: str) -> PanelStageData:
    campaign = panel.campaign
    rubric, criteria = rubric_with_criteria(campaign.award_type.rubric_id)
    expected = expected_sheets(campaign, stage, panel=panel)
    applications = list(
        Application.objects.filter(pk__in=list(expected))
        .only("id", "number", "name", "state")
        .order_by("number")
    )
    experts = [
        m.expert
        for m in PanelMember.objects.filter(panel=panel)
        .select_related("expert")
        .order_by("-is_chair", "expert_id")
    ]
    sheets = {
        (s.expert_id, s.application_id): s
        for s in ScoreSheet.objects.filter(panel=panel, stage=stage, application_id__in=list(expected))
        .select_related("expert")
        .prefetch_related("entries")
    }
    results = {r.application_id: r for r in PanelResult.objects.filter(panel=panel, stage=stage)}
    opinion = PanelOpinion.objects.filter(panel=panel, stage=stage).prefetch_related("recommended").first()
    return PanelStageData(
        panel, stage, rubric, criteria, applications, experts, sheets, results, opinion, expected
    )


def panel_result_rows(data: PanelStageData) -> list[tuple]:
    """Per application of the results page: (application, [(expert, sheet, expected)], result, recommended)."""
    recommended = {a.id for a in data.opinion.recommended.all()} if data.opinion else set()
    rows = []
    for app in data.applications:
        cells = [
            (e, data.sheets.get((e.id, app.id)), (e.id, app.id) in data.expected.get(app.id, []))
            for e in data.experts
        ]
        rows.append((app, cells, data.results.get(app.id), app.id in recommended))
    return rows


# ---- shortlist (第十七条) ----------------------------------------------------------------------------------------


def panel_shortlist_state(panel) -> tuple[list[Application], list[int], int]:
    """The panel's applications in the material stage, the ids the office shortlisted, and how many the office
    has not decided yet."""
    apps = list(
        Application.objects.filter(
            panel_assignment__panel=panel, state__in=[S.ELIGIBLE, S.SHORTLISTED, S.NOT_SHORTLISTED]
        ).order_by("number", "pk")
    )
    return (
        apps,
        sorted(a.pk for a in apps if a.state == S.SHORTLISTED),
        sum(a.state == S.ELIGIBLE for a in apps),
    )


def shortlist_context(panel, stage: str, *, chair: bool) -> dict | None:
    """第十七条: the shortlist the office prepared and the panel's confirmation (material stage only)."""
    if stage != Stage.MATERIAL:
        return None
    apps, prepared, undecided = panel_shortlist_state(panel)
    latest = (
        panel.shortlist_confirmations.select_related("confirmed_by").order_by("-confirmed_at", "-id").first()
    )
    return {
        "apps": apps,
        "prepared": set(prepared),
        "undecided": undecided,
        "current": latest if latest and sorted(latest.shortlisted) == prepared else None,
        "may_confirm": chair and panel.campaign.phase == Campaign.Phase.MATERIAL_REVIEW and not undecided,
    }


@dataclass
class PanelView:
    """第十条(一)(三)、第二十条: the panel's 综合评议 opinion on a candidate and whether it put them on its 建议人员名单."""

    panel: str
    stage_label: str
    opinion: str
    recommended: bool


def panel_views(campaign) -> dict[int, PanelView]:
    """Per application of the campaign: its panel's latest opinion (on-site when written, else material-review),
    and whether the panel recommended the candidate. Two queries whatever the number of candidates."""
    opinions = (
        PanelOpinion.objects.filter(panel__campaign=campaign)
        .select_related("panel")
        .prefetch_related("recommended")
    )
    by_panel: dict[int, PanelOpinion] = {}
    for o in opinions:
        held = by_panel.get(o.panel_id)
        if held is None or (held.stage == Stage.MATERIAL and o.stage == Stage.ONSITE):
            by_panel[o.panel_id] = o
    views = {}
    for app_id, panel_id in PanelAssignment.objects.filter(application__campaign=campaign).values_list(
        "application_id", "panel_id"
    ):
        o = by_panel.get(panel_id)
        if o is not None:
            views[app_id] = PanelView(
                panel=o.panel.name,
                stage_label=str(o.get_stage_display()),
                opinion=o.opinion,
                recommended=any(a.pk == app_id for a in o.recommended.all()),
            )
    return views


def attach_panel_views(campaign, entries) -> None:
    """Sets `entry.panel_view` on ranking entries and `entry.panel_flag` when the ranking (or the list) puts a
    candidate the panel did not recommend on the list (第二十条: shown to the office and the committee)."""
    views = panel_views(campaign)
    listed_states = ("recommended", "nominated")
    for e in entries:
        e.panel_view = views.get(e.application_id)
        on_list = e.outcome in listed_states or e.application.state in listed_states
        e.panel_flag = bool(e.panel_view and on_list and not e.panel_view.recommended)


def shortlist_confirmation_current(panel) -> ShortlistConfirmation | None:
    """The panel's latest confirmation when it still matches the stored shortlist (None otherwise)."""
    latest = panel.shortlist_confirmations.order_by("-confirmed_at", "-id").first()
    if latest is None:
        return None
    _apps, shortlisted, _undecided = panel_shortlist_state(panel)
    return latest if sorted(latest.shortlisted) == shortlisted else None


def panels_needing_confirmation(campaign) -> list:
    """Panels with material-stage applications whose shortlist the chair has not confirmed as it now stands."""
    panel_ids = set(
        PanelAssignment.objects.filter(application__campaign=campaign).values_list("panel_id", flat=True)
    )
    return [
        p
        for p in campaign.panels.filter(pk__in=panel_ids).order_by("name")
        if not shortlist_confirmation_current(p)
    ]
