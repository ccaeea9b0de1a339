"""资格审查 (第十六条): the office's checklist, written consultation of departments, the decision, 补正."""

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from awards.models import Application
from workflow import permissions
from workflow.models import EligibilityReview
from workflow.services.history import save_with_history
from workflow.services.transitions import application_transition

S = Application.State


def _editable_review(application: Application, user, action: str) -> EligibilityReview:
    permissions.require_office(user, action)
    if application.state not in (S.SUBMITTED, S.RETURNED):
        raise ValidationError(
            _("第十六条：只有已提交、尚未作出结论的申报才能进行资格审查（当前：%(state)s）。")
            % {"state": application.get_state_display()}
        )
    review, _created = EligibilityReview.objects.select_for_update().get_or_create(application=application)
    return review


def eligibility_review_save(
    *,
    application: Application,
    user,
    basic_conditions_ok: bool | None,
    complete_ok: bool | None,
    authentic_ok: bool | None,
    person_credit_ok: bool | None,
    unit_credit_ok: bool | None,
    notes: str = "",
) -> EligibilityReview:
    """Record each check of 第十六条: basic conditions, completeness, authenticity, credit of person and unit
    (None = not yet checked)."""
    with transaction.atomic():
        review = _editable_review(application, user, _("填写资格审查清单"))
        review.basic_conditions_ok = basic_conditions_ok
        review.complete_ok = complete_ok
        review.authentic_ok = authentic_ok
        review.person_credit_ok = person_credit_ok
        review.unit_credit_ok = unit_credit_ok
        review.notes = notes
        review.reviewed_by = user
        save_with_history(review, user, "eligibility_review_save")
    return review


def eligibility_department_consult(
    *, application: Application, user, department: str, requested_on: datetime.date
) -> EligibilityReview:
    """必要时以书面形式征求相关部门意见: record that the office asked `department` in writing."""
    if not department.strip():
        raise ValidationError({"department": _("请填写征求意见的部门名称。")})
    with transaction.atomic():
        review = _editable_review(application, user, _("书面征求部门意见"))
        review.department_consulted = department.strip()
        review.department_requested_on = requested_on
        review.department_opinion = ""
        review.department_opinion_on = None
        save_with_history(review, user, "eligibility_department_consult")
    return review


def eligibility_department_opinion_record(
    *, application: Application, user, opinion: str, received_on: datetime.date
) -> EligibilityReview:
    """Record the department's written opinion (its answer to the consultation)."""
    if not opinion.strip():
        raise ValidationError({"opinion": _("请填写相关部门的书面意见。")})
    with transaction.atomic():
        review = _editable_review(application, user, _("记录部门书面意见"))
        if not review.department_consulted:
            raise ValidationError(_("第十六条：尚未书面征求任何部门意见，不能记录部门意见。"))
        review.department_opinion = opinion.strip()
        review.department_opinion_on = received_on
        save_with_history(review, user, "eligibility_department_opinion_record")
    return review


def eligibility_decide(
    *, application: Application, user, eligible: bool, reason: str = "", ip: str | None = None
) -> Application:
    """The office's conclusion: `declare_eligible` (assigns the number) or `declare_ineligible` (reason
    required). Refused while the checklist or a requested department opinion is missing."""
    action = "declare_eligible" if eligible else "declare_ineligible"
    return application_transition(application=application, action=action, user=user, reason=reason, ip=ip)


def supplement_request(
    *,
    application: Application,
    user,
    message: str,
    deadline: datetime.date | None = None,
    ip: str | None = None,
) -> Application:
    """退回补正: the office asks in writing for what is missing; the applicant is notified with the request."""
    return application_transition(
        application=application,
        action="return_for_supplement",
        user=user,
        reason=message,
        ip=ip,
        deadline=deadline,
    )
