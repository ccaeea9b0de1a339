"""回避 — an expert declares a conflict of interest for an application assigned to them."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from awards.permissions import Role, users_with_role
from notices.services import notify
from scoring.models import ConflictOfInterest, ScoreSheet
from scoring.permissions import may_review


@transaction.atomic
def conflict_declare(*, expert, application, reason: str) -> ConflictOfInterest:
    """The application leaves the expert's list and the office is told (ConflictOfInterest source=declared).
    A sheet the expert already submitted stays on record; a draft is removed."""
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": [_("请说明需要回避的原因。")]})
    if not may_review(expert, application):
        raise PermissionDenied(_("该申报未分配给您评议，或您已申报回避。"))
    conflict = ConflictOfInterest.objects.create(
        expert=expert, application=application, source=ConflictOfInterest.Source.DECLARED, reason=reason[:300]
    )
    ScoreSheet.objects.filter(expert=expert, application=application, state=ScoreSheet.State.DRAFT).delete()
    who = expert.get_full_name() or expert.username
    notify(
        users_with_role(Role.OFFICE),
        subject=_("专家申报回避：%(number)s") % {"number": application.number},
        body=_("专家 %(who)s 申报回避“%(number)s %(name)s”，原因：%(reason)s。该申报已从其评议列表中移除。")
        % {"who": who, "number": application.number, "name": application.name, "reason": reason},
    )
    return conflict
