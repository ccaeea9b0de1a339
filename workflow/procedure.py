"""评选程序 — the whole procedure in one table (docs/architecture.md §4; 办法 第四章、第五章).

Every campaign phase change and every application state change is a row below: from, to, who may do it, what
must hold first (guards), what happens after (effects) and the article it implements. A transition that is not
in this table does not exist. `workflow.services.transitions.application_transition` / `campaign_transition`
are the only code that changes a state; the other services (eligibility, publicity, objections, committee,
revocation) prepare their records and then call a row of this table.

Guards are named predicates in `workflow/guards/` (each names its article when it refuses); effects are named
in `workflow/effects.py` and run in the same transaction; `notify` names the message in `templates/emails/`.
Rows whose role is `SYSTEM` are run by the procedure itself after a committee decision (第二十二条、第三十条).
"""

from dataclasses import dataclass, field

from django.utils.translation import gettext_lazy as _

from awards.models import Application, Campaign
from awards.permissions import Role
from workflow import guards as g

P = Campaign.Phase
S = Application.State

SYSTEM = "system"  # effects of another transition, performed by the procedure itself


@dataclass(frozen=True, kw_only=True)
class Transition:
    action: str
    source: tuple[str, ...]
    target: str
    roles: tuple[str, ...]
    article: str
    label: object
    guards: tuple = ()
    effects: tuple = ()
    reason_required: bool = False
    notify: str = ""  # notification template name (workflow/notifications.py), "" for none
    phases: tuple[str, ...] = field(default=())  # application rows: campaign phases in which the row may run


# ---------------------------------------------------------------------------------------------------------
# Campaign phases 筹备 → 申报 → 资格审查 → 材料评议 → 现场展示 → (公众评价) → 综合评价 → 公示 → 报批 → 表彰 → 归档
# ---------------------------------------------------------------------------------------------------------
CAMPAIGN_TRANSITIONS: tuple[Transition, ...] = (
    Transition(
        action="open",
        source=(P.DRAFT,),
        target=P.OPEN,
        roles=(Role.OFFICE,),
        article="第十四条",
        label=_("发布申报通知，开始申报"),
        guards=(g.campaign_is_set_up, g.rules_approved),
    ),
    Transition(
        action="close_applications",
        source=(P.OPEN,),
        target=P.ELIGIBILITY,
        roles=(Role.OFFICE,),
        article="第十六条",
        label=_("申报截止，开始资格审查"),
        guards=(g.deadline_passed,),
    ),
    Transition(
        action="start_material_review",
        source=(P.ELIGIBILITY,),
        target=P.MATERIAL_REVIEW,
        roles=(Role.OFFICE,),
        article="第十七条",
        label=_("资格审查完毕，开始材料评议"),
        guards=(g.every_submitted_application_decided, g.panels_cover_eligible),
        notify="scoring_open",
    ),
    Transition(
        action="start_onsite",
        source=(P.MATERIAL_REVIEW,),
        target=P.ONSITE,
        roles=(Role.OFFICE,),
        article="第十八条",
        label=_("材料评议完毕，开始现场展示"),
        guards=(g.every_sheet_submitted, g.shortlist_fixed, g.shortlist_confirmed_by_panels),
        # 第十七条: the panels decide the shortlist; candidates hear it once, when the chairs' confirmed list
        # closes material review (not when the office prepares it). The schedule has its own mail (schedule_send).
        notify="shortlist_results",
    ),
    Transition(
        action="start_public_input",
        source=(P.ONSITE,),
        target=P.PUBLIC_INPUT,
        roles=(Role.OFFICE,),
        article="第十九条",
        label=_("现场展示完毕，开始公众评价"),
        guards=(g.public_input_enabled, g.every_sheet_submitted),
    ),
    Transition(
        action="start_composite",
        source=(P.ONSITE, P.PUBLIC_INPUT),
        target=P.COMPOSITE,
        roles=(Role.OFFICE,),
        article="第二十条",
        label=_("开始综合评价"),
        guards=(g.every_sheet_submitted, g.public_input_done),
    ),
    Transition(
        action="open_publicity",
        source=(P.COMPOSITE,),
        target=P.PUBLICITY,
        roles=(Role.OFFICE,),
        article="第二十一条",
        label=_("向社会公示建议名单"),
        guards=(
            g.ranking_computed,
            g.recommended_list_within_rules,
            g.committee_confirmed_recommended,
            g.listed_candidates_have_employer,
            g.publicity_start_valid,
        ),
        effects=("create_publicity",),
        notify="publicity_opened",
    ),
    Transition(
        action="submit_for_approval",
        source=(P.PUBLICITY,),
        target=P.APPROVAL,
        roles=(Role.OFFICE,),
        article="第二十二条",
        label=_("公示期满，提请组委会决定"),
        guards=(
            g.publicity_period_elapsed,
            g.unit_notices_confirmed,
            g.objections_resolved,
            g.no_pending_decision,
        ),
        effects=("close_publicity",),
    ),
    Transition(
        action="award",
        source=(P.APPROVAL,),
        target=P.AWARDED,
        roles=(Role.OFFICE,),
        article="第二十三条",
        label=_("发文公布名单，颁发证书"),
        guards=(g.committee_decided_final_list, g.final_list_applications_decided, g.no_pending_decision),
        notify="",
    ),
    Transition(
        action="archive",
        source=(P.AWARDED,),
        target=P.ARCHIVED,
        roles=(Role.OFFICE,),
        article="第三十一条",
        label=_("活动结束，归档"),
        guards=(g.certificates_issued,),
        effects=("stamp_archived_at",),
    ),
)

# ---------------------------------------------------------------------------------------------------------
# Application states
# ---------------------------------------------------------------------------------------------------------
APPLICATION_TRANSITIONS: tuple[Transition, ...] = (
    Transition(
        action="submit",
        source=(S.DRAFT,),
        target=S.SUBMITTED,
        roles=(Role.APPLICANT, Role.RECOMMENDER),
        article="第十四条、第十五条",
        label=_("提交申报"),
        phases=(P.OPEN,),
        guards=(
            g.actor_owns_or_recommends,
            g.before_deadline,
            g.recommender_is_own_unit,
            g.application_complete,
            g.within_page_limit,
            g.not_banned,
            g.one_honor_per_year,
            g.recommender_confirmed,
            g.unit_opinion_given,
        ),
        effects=("link_person", "stamp_submitted_at"),
        notify="submitted",
    ),
    Transition(
        action="retract",
        source=(S.SUBMITTED,),
        target=S.RETRACTED,
        roles=(Role.APPLICANT,),
        article="第十四条",
        label=_("撤回申报"),
        phases=(P.OPEN,),
        guards=(g.actor_owns, g.before_deadline),
        notify="retracted",
    ),
    Transition(
        action="return_for_supplement",
        source=(S.SUBMITTED,),
        target=S.RETURNED,
        roles=(Role.OFFICE,),
        article="第十六条",
        label=_("退回补正"),
        phases=(P.OPEN, P.ELIGIBILITY),
        reason_required=True,
        effects=("create_supplement_request",),
        notify="returned",
    ),
    Transition(
        action="resubmit",
        source=(S.RETURNED,),
        target=S.SUBMITTED,
        roles=(Role.APPLICANT, Role.RECOMMENDER),
        article="第十六条",
        label=_("补正后重新提交"),
        phases=(P.OPEN, P.ELIGIBILITY),
        guards=(
            g.actor_owns_or_recommends,
            g.recommender_is_own_unit,
            g.application_complete,
            g.within_page_limit,
            g.not_banned,
            g.one_honor_per_year,
            g.unit_opinion_given,
        ),
        effects=("stamp_submitted_at", "answer_supplement_request"),
        notify="submitted",
    ),
    Transition(
        action="declare_eligible",
        source=(S.SUBMITTED,),
        target=S.ELIGIBLE,
        roles=(Role.OFFICE,),
        article="第十二条、第十六条",
        label=_("资格审查合格"),
        phases=(P.ELIGIBILITY,),
        guards=(
            g.department_opinion_recorded,
            g.consultations_answered,
            g.employer_confirmed,
            g.eligibility_checklist_passed,
            g.meets_thresholds,
            g.not_banned,
            g.one_honor_per_year,
        ),
        effects=("assign_number",),
        notify="eligibility_result",
    ),
    Transition(
        action="declare_ineligible",
        source=(S.SUBMITTED,),
        target=S.INELIGIBLE,
        roles=(Role.OFFICE,),
        article="第十二条、第十六条",
        label=_("资格审查不合格"),
        phases=(P.ELIGIBILITY,),
        reason_required=True,
        guards=(g.department_opinion_recorded, g.consultations_answered, g.eligibility_checklist_recorded),
        notify="eligibility_result",
    ),
    Transition(
        action="shortlist",
        source=(S.ELIGIBLE,),
        target=S.SHORTLISTED,
        roles=(Role.OFFICE,),
        article="第十七条",
        label=_("入围现场展示"),
        phases=(P.MATERIAL_REVIEW,),
        guards=(g.material_review_scored, g.shortlist_has_room),
    ),
    Transition(
        action="not_shortlist",
        source=(S.ELIGIBLE,),
        target=S.NOT_SHORTLISTED,
        roles=(Role.OFFICE,),
        article="第十七条",
        label=_("未入围"),
        phases=(P.MATERIAL_REVIEW,),
        guards=(g.material_review_scored,),
    ),
    Transition(
        action="panel_shortlist",
        source=(S.NOT_SHORTLISTED,),
        target=S.SHORTLISTED,
        roles=(SYSTEM,),
        article="第十七条",
        label=_("评议组确定入围"),
        phases=(P.MATERIAL_REVIEW,),
        reason_required=True,
        guards=(g.material_review_scored, g.shortlist_has_room),
    ),
    Transition(
        action="panel_not_shortlist",
        source=(S.SHORTLISTED,),
        target=S.NOT_SHORTLISTED,
        roles=(SYSTEM,),
        article="第十七条",
        label=_("评议组确定不入围"),
        phases=(P.MATERIAL_REVIEW,),
        reason_required=True,
    ),
    Transition(
        action="recommend",
        source=(S.SHORTLISTED,),
        target=S.RECOMMENDED,
        roles=(Role.OFFICE,),
        article="第二十条",
        label=_("列入建议名单"),
        phases=(P.COMPOSITE,),
        guards=(
            g.list_not_under_vote,
            g.ranked_within_quota,
            g.ranked_in_order,
            g.no_nominations_yet,
            g.ranking_up_to_date,
        ),
    ),
    Transition(
        action="nominate",
        source=(S.SHORTLISTED,),
        target=S.NOMINATED,
        roles=(Role.OFFICE,),
        article="第三条、第二十条",
        label=_("列入提名名单"),
        phases=(P.COMPOSITE,),
        guards=(
            g.list_not_under_vote,
            g.ranked_within_nomination_quota,
            g.ranked_in_order,
            g.recommended_list_complete,
            g.ranking_up_to_date,
        ),
    ),
    Transition(
        action="not_recommend",
        source=(S.SHORTLISTED, S.RECOMMENDED, S.NOMINATED),
        target=S.NOT_RECOMMENDED,
        roles=(Role.OFFICE,),
        article="第二十条、第二十二条",
        label=_("不列入名单"),
        phases=(P.COMPOSITE, P.APPROVAL),
        reason_required=True,
        guards=(g.list_not_under_vote, g.listed_candidate_removed_by_committee),
        notify="not_recommended",
    ),
    Transition(
        action="withdraw",
        source=(S.RECOMMENDED, S.NOMINATED),
        target=S.WITHDRAWN,
        roles=(SYSTEM,),
        article="第二十一条、第二十二条",
        label=_("异议成立，经组委会决定撤销推荐"),
        phases=(P.APPROVAL,),
        reason_required=True,
        guards=(g.upheld_objection_exists, g.list_not_under_vote),
        notify="withdrawn",
    ),
    Transition(
        action="grant_title",
        source=(S.RECOMMENDED,),
        target=S.AWARDED,
        roles=(SYSTEM,),
        article="第二十三条",
        label=_("授予荣誉称号"),
        phases=(P.APPROVAL,),
        guards=(g.committee_decided_final_list, g.titles_within_regulation_quota),
        effects=("create_honor",),
        notify="awarded",
    ),
    Transition(
        action="grant_nomination",
        source=(S.NOMINATED,),
        target=S.NOMINATION_AWARDED,
        roles=(SYSTEM,),
        article="第三条、第二十三条",
        label=_("授予提名荣誉"),
        phases=(P.APPROVAL,),
        guards=(g.committee_decided_final_list, g.titles_within_regulation_quota),
        effects=("create_honor",),
        notify="awarded",
    ),
    Transition(
        action="revoke",
        source=(S.AWARDED, S.NOMINATION_AWARDED),
        target=S.REVOKED,
        roles=(SYSTEM,),
        article="第三十条",
        label=_("撤销荣誉称号"),
        guards=(g.revocation_approved, g.sponsor_consent_recorded, g.within_revocation_period),
        reason_required=True,
        effects=("recall_certificate", "mark_revocation_executed"),
        notify="revoked",
        phases=(P.AWARDED, P.ARCHIVED),
    ),
    Transition(
        action="cancel",
        source=(S.AWARDED, S.NOMINATION_AWARDED),
        target=S.CANCELLED,
        roles=(SYSTEM,),
        article="第二十九条",
        label=_("取消荣誉称号（虚假材料）"),
        guards=(g.revocation_approved, g.sponsor_consent_recorded),
        reason_required=True,
        effects=("recall_certificate", "write_credit_record", "mark_revocation_executed"),
        notify="cancelled",
        phases=(P.AWARDED, P.ARCHIVED),
    ),
)

TABLES = {"campaign": CAMPAIGN_TRANSITIONS, "application": APPLICATION_TRANSITIONS}


def find(subject: str, action: str) -> Transition | None:
    for row in TABLES[subject]:
        if row.action == action:
            return row
    return None


def rows_from(subject: str, state: str) -> list[Transition]:
    """The rows that leave `state` — what a page may offer."""
    return [row for row in TABLES[subject] if state in row.source]


def actions(subject: str) -> list[str]:
    return [row.action for row in TABLES[subject]]


def states_reached(subject: str) -> set[str]:
    return {row.target for row in TABLES[subject]}
