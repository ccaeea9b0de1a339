"""Every access rule of the workflow app (docs/architecture.md §6), as named predicates. Views and services ask
these; nothing else in `workflow/` decides who may see or do what.

Roles come from the access base, `awards/permissions.py` (`has_role`, `role_required`, `role_refusal`). Where a
relation between a person and an object exists, the predicate reads the relation (an export job's `user`); the
workflow keeps no object permission of its own (the `view_exportjob` rows of migration 0007 are no longer read,
decisions 330). Everything else is a role or a phase rule of the regulation. The services ask the same
predicates (`require_office`, `require_vote`, `may_put_to_vote`); the procedure's rows add their `roles`.
"""

from django.contrib.auth.models import AnonymousUser

from awards.models import Campaign
from awards.permissions import Role, has_role, role_refusal
from workflow.models import CommitteeDecision, Publicity, UnitNotice

P = Campaign.Phase

# --- office and committee ------------------------------------------------------------------------------------------


def may_manage_campaigns(user) -> bool:
    """组委会办公室 pages of every campaign (set-up, eligibility, panels, stages, publicity, honors, exports)."""
    return has_role(user, Role.OFFICE)


def require_office(user, action: str) -> None:
    """The check of every office write of the workflow services (panels, stages, eligibility, publicity and
    objections, records, honors, revocation, credit, imports, the campaign plan): `may_manage_campaigns`, refused
    in the role's words. The same predicate stands behind `office_required` on the views."""
    if not may_manage_campaigns(user):
        raise role_refusal(action, Role.OFFICE)


def may_see_objector(user) -> bool:
    """The objector's name, ID and contact (第二十一条: 异议人须署真实姓名) are for the office only; everyone else
    sees `workflow.selectors.publicity.objections_public`."""
    return has_role(user, Role.OFFICE)


def may_view_decision(user, decision: CommitteeDecision) -> bool:
    """A committee matter and its evidence: every committee member (the committee decides as a body, 第八条) and the
    office that put it to the vote."""
    return has_role(user, Role.COMMITTEE) or has_role(user, Role.OFFICE)


def may_vote(user, decision: CommitteeDecision) -> bool:
    """One vote per member on a pending matter (the service refuses a second vote and a closed matter)."""
    return has_role(user, Role.COMMITTEE)


def may_put_to_vote(user, kind: str) -> bool:
    """提请组委会表决: the office, any matter; a committee member, the committee's own standing rules (议事规则,
    decisions 201)."""
    if may_manage_campaigns(user):
        return True
    return kind == CommitteeDecision.Kind.STANDING_RULES and has_role(user, Role.COMMITTEE)


def require_vote(user, decision: CommitteeDecision, action: str) -> None:
    """The vote service's check: `may_vote`, refused in the role's words."""
    if not may_vote(user, decision):
        raise role_refusal(action, Role.COMMITTEE)


# --- recommending units ----------------------------------------------------------------------------------------------


def is_staff_of_notice_unit(user, notice: UnitNotice) -> bool:
    """A recommender account on the staff of the unit the in-unit notice is addressed to."""
    return has_role(user, Role.RECOMMENDER) and notice.organization.staff.filter(pk=user.pk).exists()


def may_view_unit_notice(user, notice: UnitNotice) -> bool:
    """单位内部公示 PDF: the office, and the staff of the unit the notice is addressed to."""
    return has_role(user, Role.OFFICE) or is_staff_of_notice_unit(user, notice)


def may_confirm_unit_notice(user, notice: UnitNotice) -> bool:
    """The unit's staff confirm their posting online; the office records the written receipt (书面回执) of a unit
    without an account (第二十一条)."""
    return has_role(user, Role.OFFICE) or is_staff_of_notice_unit(user, notice)


# --- public pages ----------------------------------------------------------------------------------------------------


def call_is_public(campaign: Campaign) -> bool:
    """申报通知: public once the campaign is published (past 筹备)."""
    return campaign.phase != P.DRAFT


def publicity_is_public(publicity: Publicity | None) -> bool:
    """公示 (第二十一条): the list is public from the day the publicity opens, and stays public afterwards."""
    return publicity is not None


def objections_are_open(campaign: Campaign, publicity: Publicity) -> bool:
    """An objection may be filed only while the publicity runs."""
    return campaign.phase == P.PUBLICITY and publicity.closed_at is None


def results_are_public(campaign: Campaign) -> bool:
    """获荣名单 (第二十三条): public once the committee's decision is published (表彰, then 归档)."""
    return campaign.phase in (P.AWARDED, P.ARCHIVED)


# --- background jobs ------------------------------------------------------------------------------------------------


def may_view_job(user, job: dict) -> bool:
    """An export job's progress and file (`workflow.tasks.job_get`'s dict): for the user who started it and nobody
    else — not another office account, not a superuser: the file may hold applicants' personal data. The job's
    `user` is the relation, so no object permission is kept for it (decisions 330)."""
    if user is None or isinstance(user, AnonymousUser) or not user.is_authenticated:
        return False
    return job["user_id"] == user.pk
