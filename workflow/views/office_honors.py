"""组委会办公室: honors (第二十三条) — certificates, 五一劳动奖章 and 上海工匠 follow-up lists, revocation and
cancellation (第二十九、三十条) with their evidence."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from workflow import documents, documents_word
from workflow.forms import RevocationForm
from workflow.models import Honor, Revocation
from workflow.services.honors import honors_may_day_list, honors_shanghai_craftsman_priority_list
from workflow.services.revocation import revocation_deadline, revocation_propose
from workflow.views._common import campaign_or_404, office_required, report_error
from workflow.views.office_publicity import docx_response, pdf_response


@office_required
def honors(request, pk: int):
    campaign = campaign_or_404(pk)
    rows = list(
        Honor.objects.filter(application__campaign=campaign)
        .select_related("application__employer")
        .order_by("kind", "certificate_number")
    )
    for h in rows:
        h.revocation_until = revocation_deadline(h)
    return render(
        request,
        "workflow/office/honors.html",
        {
            "campaign": campaign,
            "honors": rows,
            "may_day": honors_may_day_list(campaign=campaign),
            "next_year": honors_shanghai_craftsman_priority_list(year=campaign.year + 1).filter(
                application__campaign__award_type=campaign.award_type
            ),
            "revocations": Revocation.objects.filter(honor__application__campaign=campaign)
            .select_related("honor__application", "decision")
            .order_by("-proposed_at"),
        },
    )


@office_required
def honors_list_docx(request, pk: int):
    """获荣名单 in Word for the 报批 file (主任委员签字, 组委会盖章)."""
    campaign = campaign_or_404(pk)
    return docx_response(documents_word.honors_list_docx(campaign), f"honors-{campaign.year}.docx")


@office_required
def certificate_pdf(request, pk: int):
    honor = get_object_or_404(Honor.objects.select_related("application__campaign__award_type"), pk=pk)
    return pdf_response(documents.certificate_pdf(honor), documents.certificate_filename(honor))


@office_required
def revocation_new(request, pk: int):
    honor = get_object_or_404(Honor.objects.select_related("application__campaign"), pk=pk)
    form = RevocationForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            revocation_propose(honor=honor, user=request.user, **form.cleaned_data)
        except (ValidationError, PermissionDenied) as e:
            report_error(request, e)
        else:
            messages.success(request, _("已提出建议并提请组委会批准。"))
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
