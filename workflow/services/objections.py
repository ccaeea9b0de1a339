"""异议 (第二十一条、第二十六条): filed by a named person during publicity; the office investigates and decides."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from awards.models import Application, Campaign
from awards.roles import Role
from workflow.models import Objection
from workflow.services._common import require_role

LISTED = (Application.State.RECOMMENDED, Application.State.NOMINATED)
OPEN_STATUSES = (Objection.Status.RECEIVED, Objection.Status.INVESTIGATING)


def objection_file(
    *,
    application: Application,
    objector_name: str,
    objector_id_or_contact: str,
    content: str,
    objector_phone: str = "",
    objector_email: str = "",
    evidence=None,
    now=None,
) -> Objection:
    """Anyone may object, under their real name with an ID number or contact, only while the list is in
    publicity and only against an application on it."""
    now = now or timezone.now()
    errors = {}
    if not objector_name.strip():
        errors["objector_name"] = _("异议须实名提出，请填写真实姓名。")
    if not objector_id_or_contact.strip():
        errors["objector_id_or_contact"] = _("请填写身份证号或联系方式，以便核实和反馈。")
    if not content.strip():
        errors["content"] = _("请填写异议内容。")
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        app = Application.objects.select_related("campaign__publicity").get(pk=application.pk)
        campaign = app.campaign
        publicity = getattr(campaign, "publicity", None)
        today = timezone.localdate(now)
        if (
            campaign.phase != Campaign.Phase.PUBLICITY
            or publicity is None
            or not (publicity.starts_on <= today <= publicity.ends_on)
        ):
            raise ValidationError(_("第二十一条：只能在公示期内提出异议。"))
        if app.state not in LISTED:
            raise ValidationError(_("第二十一条：只能对公示名单上的人员提出异议。"))
        objection = Objection(
            campaign=campaign,
            application=app,
            objector_name=objector_name.strip(),
            objector_id_or_contact=objector_id_or_contact.strip(),
            objector_phone=objector_phone.strip(),
            objector_email=objector_email.strip(),
            content=content.strip(),
        )
        if evidence is not None:
            objection.evidence = evidence
        objection.full_clean(exclude=["evidence"])
        objection._change_reason = "objection_file"
        objection.save()
    return objection


def _locked(objection: Objection) -> Objection:
    return (
        Objection.objects.select_for_update(of=("self",))
        .select_related("application", "campaign")
        .get(pk=objection.pk)
    )


def objection_investigate(*, objection: Objection, user, investigation: str) -> Objection:
    """Record the office's investigation (调查记录); the objection is then 调查中."""
    require_role(user, Role.OFFICE, _("处理异议"))
    if not investigation.strip():
        raise ValidationError({"investigation": _("请填写调查情况。")})
    with transaction.atomic():
        obj = _locked(objection)
        if obj.status not in OPEN_STATUSES:
            raise ValidationError(_("该异议已处理完毕，不能再修改。"))
        obj.investigation = investigation.strip()
        obj.status = Objection.Status.INVESTIGATING
        obj._history_user = user
        obj._change_reason = "objection_investigate"
        obj.save()
    return obj


def objection_decide(
    *,
    objection: Objection,
    user,
    upheld: bool,
    outcome: str,
    investigation: str = "",
    ip: str | None = None,
    now=None,
) -> Objection:
    """The office's finding (调查结论). 第二十二条: an upheld objection does not remove the candidate by itself —
    the finding goes with the final list to the committee, which decides after 汇总公示意见 (the final-list
    decision's `withdrawn`, run by `workflow.services.committee`). The objector is emailed the outcome."""
    require_role(user, Role.OFFICE, _("处理异议"))
    if not outcome.strip():
        raise ValidationError({"outcome": _("请填写处理结果。")})
    now = now or timezone.now()
    with transaction.atomic():
        obj = _locked(objection)
        if obj.status not in OPEN_STATUSES:
            raise ValidationError(_("该异议已处理完毕，不能再修改。"))
        if investigation.strip():
            obj.investigation = investigation.strip()
        if not obj.investigation.strip():
            raise ValidationError({"investigation": _("请先填写调查情况，再作出处理结果。")})
        obj.status = Objection.Status.UPHELD if upheld else Objection.Status.REJECTED
        obj.outcome = outcome.strip()
        obj.decided_by = user
        obj.decided_at = now
        obj._history_user = user
        obj._change_reason = "objection_decide"
        obj.save()
        from workflow.notifications import notify_objector

        transaction.on_commit(lambda: notify_objector(obj.pk))
    return obj
