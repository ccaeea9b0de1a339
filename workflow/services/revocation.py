"""撤销 (第三十条: within 2 years of the award) and 取消 (第二十九条: fraud, any time, with a credit record).

The office proposes with evidence; the committee approves through a `CommitteeDecision` of kind revocation
(opened here); closing that decision runs the `revoke`/`cancel` system row, which recalls the certificate.
The original decisions stay in the history and the transition log."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from awards.roles import Role
from workflow.models import CommitteeDecision, Honor, Revocation
from workflow.services._common import require_role

REVOCATION_YEARS = 2


def revocation_deadline(honor: Honor):
    d = honor.awarded_on
    try:
        return d.replace(year=d.year + REVOCATION_YEARS)
    except ValueError:  # 29 February
        return d.replace(year=d.year + REVOCATION_YEARS, day=28)


def revocation_propose(
    *, honor: Honor, user, kind: str, reason: str, evidence=None, summary: str = "", now=None
) -> Revocation:
    """Propose to revoke (`Revocation.Kind.REVOKE`) or cancel (`CANCEL`) an honor and put it to the committee."""
    from workflow.services.committee import decision_open

    require_role(user, Role.OFFICE, _("提出撤销/取消荣誉建议"))
    now = now or timezone.now()
    if kind not in Revocation.Kind.values:
        raise ValidationError({"kind": _("请选择撤销（第三十条）或取消（第二十九条）。")})
    if not reason.strip():
        raise ValidationError({"reason": _("请填写经核实的事由。")})
    with transaction.atomic():
        honor = (
            Honor.objects.select_for_update(of=("self",))
            .select_related("application__campaign")
            .get(pk=honor.pk)
        )
        if honor.certificate_recalled_at is not None:
            raise ValidationError(_("该荣誉已被撤销或取消，证书已收回。"))
        if honor.revocations.filter(status=Revocation.Status.PROPOSED).exists():
            raise ValidationError(_("该荣誉已有一项待组委会批准的撤销/取消建议。"))
        if kind == Revocation.Kind.REVOKE and timezone.localdate(now) > revocation_deadline(honor):
            raise ValidationError(
                _(
                    "第三十条：撤销须在获荣起2年内（%(limit)s 前）提出；超过期限只能依第二十九条因虚假材料取消。"
                )
                % {"limit": revocation_deadline(honor).isoformat()}
            )
        revocation = Revocation(honor=honor, kind=kind, reason=reason.strip(), proposed_by=user)
        if evidence is not None:
            revocation.evidence = evidence
        revocation._history_user = user
        revocation.save()
        decision_open(
            campaign=honor.application.campaign,
            user=user,
            kind=CommitteeDecision.Kind.REVOCATION,
            summary=summary or revocation.reason,
            revocation=revocation,
        )
    return revocation
