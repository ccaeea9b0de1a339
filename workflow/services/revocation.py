"""撤销 (第三十条: within 2 years of the award) and 取消 (第二十九条: fraud, any time, with a credit record).

The office proposes with evidence; the committee approves through a `CommitteeDecision` of kind revocation
(opened here); closing that decision runs the `revoke`/`cancel` system row, which recalls the certificate.
The original decisions stay in the history and the transition log."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from config import clock
from workflow import permissions
from workflow.models import CommitteeDecision, Honor, Revocation
from workflow.revocation_window import (  # noqa: F401 (re-exported for the pages)
    REVOCATION_YEARS,
    revocation_deadline,
    revocation_window_start,
)
from workflow.services.committee import decision_open
from workflow.services.history import save_with_history


def revocation_propose(
    *,
    honor: Honor,
    user,
    kind: str,
    reason: str,
    misconduct_on=None,
    evidence=None,
    summary: str = "",
    now=None,
) -> Revocation:
    """Propose to revoke (`Revocation.Kind.REVOKE`) or cancel (`CANCEL`) an honor and put it to the committee.

    第三十条 “获荣起2年内如发生…”: the window runs from the award to the date the misconduct **occurred**
    (`misconduct_on`, required for a revocation), not to the date of the proposal."""

    permissions.require_office(user, _("提出撤销/取消荣誉建议"))
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
        if kind == Revocation.Kind.REVOKE:
            _check_misconduct_date(
                honor, misconduct_on, timezone.localdate(now or clock.now(honor.application.campaign))
            )
        revocation = Revocation(
            honor=honor, kind=kind, reason=reason.strip(), proposed_by=user, misconduct_on=misconduct_on
        )
        if evidence is not None:
            revocation.evidence = evidence
        save_with_history(revocation, user)
        decision_open(
            campaign=honor.application.campaign,
            user=user,
            kind=CommitteeDecision.Kind.REVOCATION,
            summary=summary or revocation.reason,
            revocation=revocation,
        )
    return revocation


def _check_misconduct_date(honor: Honor, misconduct_on, today) -> None:
    if misconduct_on is None:
        raise ValidationError({"misconduct_on": _("第三十条：请填写违规行为发生的日期。")})
    if misconduct_on > today:
        raise ValidationError({"misconduct_on": _("违规行为发生日期不能晚于今天。")})
    start = revocation_window_start(honor)
    if misconduct_on < start:
        raise ValidationError(
            {
                "misconduct_on": _(
                    "第三十条：撤销针对获荣后发生的行为；%(date)s 早于获荣日期 %(awarded)s。获荣前的虚假材料依第二十九条取消。"
                )
                % {"date": misconduct_on.isoformat(), "awarded": start.isoformat()}
            }
        )
    if misconduct_on > revocation_deadline(honor):
        raise ValidationError(
            {
                "misconduct_on": _(
                    "第三十条：撤销限于获荣起2年内（%(limit)s 前）发生的行为，该行为发生于 %(date)s；"
                    "超过期限只能依第二十九条因虚假材料取消。"
                )
                % {"limit": revocation_deadline(honor).isoformat(), "date": misconduct_on.isoformat()}
            }
        )


def revocation_record_consent(
    *, revocation: Revocation, user, document_number: str, consent_on
) -> Revocation:
    """第二十九、三十条 “报主办方同意”: the 主办单位's consent (document number and date), recorded before the
    committee's approval is executed."""
    permissions.require_office(user, _("登记主办单位同意"))
    errors = {}
    if not (document_number or "").strip():
        errors["document_number"] = _("请填写主办单位同意的文号。")
    if consent_on is None:
        errors["consent_on"] = _("请填写主办单位同意的日期。")
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        locked = Revocation.objects.select_for_update(of=("self",)).get(pk=revocation.pk)
        if locked.status != Revocation.Status.PROPOSED:
            raise ValidationError(_("该撤销/取消建议已有结果，不能再修改主办单位意见。"))
        locked.sponsor_consent_document = document_number.strip()
        locked.sponsor_consent_on = consent_on
        save_with_history(locked, user, update_fields=["sponsor_consent_document", "sponsor_consent_on"])
    return locked


def committee_succeeded(campaign) -> bool:
    """The campaign's committee has a successor once a later campaign of the same honor exists (下届)."""
    return campaign.award_type.campaigns.filter(year__gt=campaign.year).exists()


def revocation_record_next_committee(
    *, revocation: Revocation, user, document_number: str, confirmed_on
) -> Revocation:
    """第二十九、三十条 “提请下届组委会确认”: the next committee's confirmation of an executed revocation or
    cancellation; possible once the campaign's committee has been succeeded."""
    permissions.require_office(user, _("登记下届组委会确认"))
    campaign = revocation.honor.application.campaign
    if revocation.status != Revocation.Status.APPROVED:
        raise ValidationError(_("只有已执行的撤销/取消才需提请下届组委会确认。"))
    if not committee_succeeded(campaign):
        raise ValidationError(
            _("%(year)s 年度活动的组委会尚未换届（尚无以后年度的“%(honor)s”活动），待下届组委会成立后确认。")
            % {"year": campaign.year, "honor": campaign.award_type.label()}
        )
    if not (document_number or "").strip() or confirmed_on is None:
        raise ValidationError(_("请填写下届组委会确认的文号和日期。"))
    revocation.next_committee_document = document_number.strip()
    revocation.next_committee_confirmed_on = confirmed_on
    save_with_history(
        revocation, user, update_fields=["next_committee_document", "next_committee_confirmed_on"]
    )
    return revocation
