"""The office's paper records: written consultations (第十六条) and the 主办单位's 发文 (第二十三条, 第三十条)
(issue 22 item 9, docs/decisions.md 233–234)."""

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from awards.models import Application, Campaign
from workflow import permissions
from workflow.models import AwardDocument, Consultation, Honor, Revocation
from workflow.services.history import save_with_history

S = Application.State


def consultation_send(
    *,
    application: Application,
    user,
    department: str,
    sent_on: datetime.date | None,
    question: str = "",
    today=None,
) -> Consultation:
    """第十六条 “必要时以书面形式征求相关部门意见”: the office records a letter sent to a department about one
    application under eligibility review. Until the reply is recorded the eligibility decision waits."""
    permissions.require_office(user, _("书面征求部门意见"))
    today = today or timezone.localdate()
    errors = {}
    if not (department or "").strip():
        errors["department"] = _("请填写征求意见的部门名称。")
    if sent_on is None:
        errors["sent_on"] = _("请填写发函日期。")
    elif sent_on > today:
        errors["sent_on"] = _("发函日期不能晚于今天。")
    if errors:
        raise ValidationError(errors)
    if application.state not in (S.SUBMITTED, S.RETURNED):
        raise ValidationError(
            _("第十六条：只有已提交、尚未作出资格审查结论的申报才能征求部门意见（当前：%(state)s）。")
            % {"state": application.get_state_display()}
        )
    consultation = Consultation(
        application=application,
        department=department.strip(),
        sent_on=sent_on,
        question=(question or "").strip(),
        recorded_by=user,
    )
    save_with_history(consultation, user, "consultation_send")
    return consultation


def consultation_reply(
    *,
    consultation: Consultation,
    user,
    reply_on: datetime.date | None,
    reply_text: str,
    reply_file=None,
    today=None,
) -> Consultation:
    """The department's written reply: its date, its opinion and (optionally) the scanned letter."""
    permissions.require_office(user, _("记录部门复函"))
    today = today or timezone.localdate()
    errors = {}
    if reply_on is None:
        errors["reply_on"] = _("请填写复函日期。")
    elif reply_on > today:
        errors["reply_on"] = _("复函日期不能晚于今天。")
    elif reply_on < consultation.sent_on:
        errors["reply_on"] = _("复函日期 %(reply)s 早于发函日期 %(sent)s。") % {
            "reply": reply_on.isoformat(),
            "sent": consultation.sent_on.isoformat(),
        }
    if not (reply_text or "").strip():
        errors["reply_text"] = _("请填写复函意见。")
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        locked = (
            Consultation.objects.select_for_update().select_related("application").get(pk=consultation.pk)
        )
        if locked.application.state not in (S.SUBMITTED, S.RETURNED):
            raise ValidationError(_("该申报的资格审查已有结论，复函不能再修改。"))
        locked.reply_on = reply_on
        locked.reply_text = reply_text.strip()
        if reply_file:
            locked.reply_file = reply_file
        save_with_history(locked, user, "consultation_reply")
    return locked


def consultations_waiting(application: Application) -> list[Consultation]:
    """The consultations of `application` still without a reply."""
    return list(application.consultations.filter(reply_on__isnull=True).order_by("sent_on", "pk"))


def award_document_record(
    *, campaign: Campaign, user, document_number: str, issued_on: datetime.date | None, file=None, today=None
) -> AwardDocument:
    """第二十三条 “由主办单位发文，公布…荣誉称号名单”: the office records the 主办单位's document. It can be
    corrected until a revocation is proposed, since its date starts the two years of 第三十条."""
    permissions.require_office(user, _("登记主办单位发文"))
    today = today or timezone.localdate()
    errors = {}
    if not (document_number or "").strip():
        errors["document_number"] = _("请填写主办单位发文的文号。")
    if issued_on is None:
        errors["issued_on"] = _("请填写发文日期。")
    elif issued_on > today:
        errors["issued_on"] = _("发文日期不能晚于今天。")
    if errors:
        raise ValidationError(errors)
    honors = Honor.objects.filter(application__campaign=campaign)
    first = honors.order_by("awarded_on").values_list("awarded_on", flat=True).first()
    if first is None:
        raise ValidationError(_("第二十三条：组委会尚未决定本届荣誉称号名单，不能登记主办单位发文。"))
    if issued_on < first:
        raise ValidationError(
            {
                "issued_on": _("第二十三条：发文日期 %(date)s 早于组委会决定名单的日期 %(decided)s。")
                % {"date": issued_on.isoformat(), "decided": first.isoformat()}
            }
        )
    with transaction.atomic():
        Campaign.objects.select_for_update(of=("self",)).get(pk=campaign.pk)
        if Revocation.objects.filter(honor__application__campaign=campaign).exists():
            raise ValidationError(
                _("第三十条：已有撤销/取消建议以发文日期计算期限，主办单位发文不能再修改。")
            )
        document = AwardDocument.objects.filter(campaign=campaign).first() or AwardDocument(campaign=campaign)
        document.document_number = document_number.strip()
        document.issued_on = issued_on
        document.recorded_by = user
        if file:
            document.file = file
        save_with_history(document, user, "award_document_record")
    return document


def award_document_of(campaign) -> AwardDocument | None:
    return AwardDocument.objects.filter(campaign_id=campaign.pk).first()
