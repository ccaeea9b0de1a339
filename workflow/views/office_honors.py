"""组委会办公室: honors (第二十三条) — certificates, 五一劳动奖章 and 上海工匠 follow-up lists, revocation and
cancellation (第二十九、三十条) with their evidence."""

from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from awards.permissions import office_required
from awards.selectors.campaigns import campaign_or_404
from config.actions import REFUSED, attempt
from config.downloads import download
from workflow.documents import pdf as documents
from workflow.documents import word as documents_word
from workflow.forms import (
    AwardDocumentForm,
    MayDayCheckForm,
    RevocationConsentForm,
    RevocationForm,
    SubmittedOnForm,
    form_errors,
)
from workflow.revocation_window import deadline_from
from workflow.selectors.honors import honor_or_404, honors_of, revocation_or_404, revocations_of
from workflow.services.credit import credit_records_csv, credit_records_for, credit_records_mark_submitted
from workflow.services.honors import (
    honor_may_day_check,
    honors_may_day_list,
    honors_may_day_to_check,
    honors_shanghai_craftsman_priority_list,
)
from workflow.services.records import award_document_of
from workflow.services.revocation import (
    committee_succeeded,
    revocation_deadline,
    revocation_propose,
    revocation_record_consent,
    revocation_record_next_committee,
)
from workflow.views.office_publicity import docx_response, pdf_response


@office_required
def honors(request, pk: int):
    campaign = campaign_or_404(pk)
    rows = honors_of(campaign)
    document = award_document_of(campaign)
    for h in rows:  # 第三十条: from the 主办单位's 发文 when recorded (decisions 234)
        h.revocation_until = deadline_from(document.issued_on if document else h.awarded_on)
    return render(
        request,
        "workflow/office/honors.html",
        {
            "campaign": campaign,
            "honors": rows,
            "award_document": document,
            "award_document_form": AwardDocumentForm(
                initial={"document_number": document.document_number, "issued_on": document.issued_on}
                if document
                else None
            ),
            "may_day": honors_may_day_list(campaign=campaign),
            "next_year": honors_shanghai_craftsman_priority_list(year=campaign.year + 1).filter(
                application__campaign__award_type=campaign.award_type
            ),
            "revocations": revocations_of(campaign),
            "succeeded": committee_succeeded(campaign),
            "may_day_to_check": honors_may_day_to_check(campaign=campaign),
            "credit_records": list(credit_records_for(campaign)),
            "credit_pending": credit_records_for(campaign, pending_only=True).exists(),
        },
    )


@office_required
def honors_list_docx(request, pk: int):
    """获荣名单 in Word for the 报批 file (主任委员签字, 组委会盖章)."""
    campaign = campaign_or_404(pk)
    return docx_response(documents_word.honors_list_docx(campaign), f"honors-{campaign.year}.docx")


@office_required
@require_POST
def may_day_check(request, pk: int):
    """第二十三条: the office records one honoree's 综合条件 check for the 五一劳动奖章."""
    honor = honor_or_404(pk)
    form = MayDayCheckForm(request.POST)
    form.is_valid()  # a checkbox and free text; the service asks for the note when the check fails
    attempt(
        request,
        honor_may_day_check,
        success=_("已记录核对结果。"),
        honor=honor,
        user=request.user,
        ok=form.cleaned_data.get("ok", False),
        note=form.cleaned_data.get("note", ""),
    )
    return redirect("workflow:honors", pk=honor.application.campaign_id)


@office_required
def credit_records_export(request, pk: int):
    """第二十九条: the cancellation records in the documented CSV layout for the city's credit system."""
    campaign = campaign_or_404(pk)
    return download(
        credit_records_csv(credit_records_for(campaign)),
        filename=f"credit-records-{campaign.year}-{campaign.pk}.csv",
        content_type="text/csv; charset=utf-8",
    )


@office_required
@require_POST
def credit_records_submit(request, pk: int):
    """报送: the date the export was submitted to the credit system."""
    campaign = campaign_or_404(pk)
    form = SubmittedOnForm(request.POST)
    form.is_valid()  # a missing or malformed date is refused by the service, with its message
    attempt(
        request,
        credit_records_mark_submitted,
        success=lambda n: _("已登记 %(n)s 条信用记录的报送日期。") % {"n": n},
        records=list(credit_records_for(campaign, pending_only=True)),
        user=request.user,
        submitted_on=form.cleaned_data.get("submitted_on"),
    )
    return redirect("workflow:honors", pk=campaign.pk)


def _revocation_record(request, pk: int, record, date_field: str):
    revocation = revocation_or_404(pk)
    form = RevocationConsentForm(request.POST)
    if not form.is_valid():
        for message in form_errors(form):
            messages.error(request, message)
    else:
        attempt(
            request,
            record,
            success=_("已登记。"),
            revocation=revocation,
            user=request.user,
            document_number=form.cleaned_data["document_number"],
            **{date_field: form.cleaned_data["on"]},
        )
    return redirect("workflow:honors", pk=revocation.honor.application.campaign_id)


@office_required
@require_POST
def revocation_consent(request, pk: int):
    """登记主办单位同意 of a revocation/cancellation (第二十九、三十条)."""
    return _revocation_record(request, pk, revocation_record_consent, "consent_on")


@office_required
@require_POST
def revocation_next_committee(request, pk: int):
    """登记下届组委会确认 of a revocation decided by the committee (第三十条)."""
    return _revocation_record(request, pk, revocation_record_next_committee, "confirmed_on")


@office_required
def certificate_pdf(request, pk: int):
    honor = honor_or_404(pk)
    return pdf_response(documents.certificate_pdf(honor), documents.certificate_filename(honor))


@office_required
def revocation_new(request, pk: int):
    honor = honor_or_404(pk)
    form = RevocationForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        proposed = attempt(
            request,
            lambda: revocation_propose(honor=honor, user=request.user, **form.cleaned_data),
            success=_("已提出建议并提请组委会批准。"),
        )
        if proposed is not REFUSED:
            return redirect("workflow:honors", pk=honor.application.campaign_id)
    return render(
        request,
        "workflow/office/revocation_form.html",
        {
            "honor": honor,
            "form": form,
            "campaign": honor.application.campaign,
            "until": revocation_deadline(honor),
        },
    )
