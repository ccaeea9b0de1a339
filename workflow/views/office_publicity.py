"""组委会办公室: publicity (公示, 第二十一条) — open, notices as PDF, the units' confirmations, objections, close."""

import datetime

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from awards.permissions import office_required
from config.client_ip import client_ip
from config.downloads import DOCX, PDF, content_type_for, download
from workflow import documents, documents_word
from workflow import office_selectors as sel
from workflow.forms import PublicityOpenForm
from workflow.models import Objection, Publicity, UnitNotice
from workflow.services.objections import objection_decide, objection_investigate
from workflow.services.publicity import publicity_close, publicity_open, unit_notice_confirm
from workflow.views._common import campaign_or_404, report_error


def pdf_response(content: bytes, filename: str) -> HttpResponse:
    return download(content, filename=filename, content_type=PDF)


def docx_response(content: bytes, filename: str) -> HttpResponse:
    return download(content, filename=filename, content_type=DOCX)


@office_required
def publicity(request, pk: int):
    campaign = campaign_or_404(pk)
    current = Publicity.objects.filter(campaign=campaign).first()
    form = PublicityOpenForm(request.POST or None, initial={"starts_on": timezone.localdate()})
    if request.method == "POST" and form.is_valid():
        try:
            publicity_open(campaign=campaign, user=request.user, ip=client_ip(request), **form.cleaned_data)
        except (ValidationError, PermissionDenied) as e:
            report_error(request, e)
        else:
            messages.success(request, _("公示已开始。"))
            return redirect("workflow:publicity", pk=pk)
    rows = sel.phase_rows(campaign, request.user)
    return render(
        request,
        "workflow/office/publicity.html",
        {
            "campaign": campaign,
            "publicity": current,
            "form": form,
            "open_row": [(r, w) for r, w in rows if r.action == "open_publicity"],
            "close_row": [(r, w) for r, w in rows if r.action == "submit_for_approval"],
            "unit_notices": current.unit_notices.select_related(
                "organization", "confirmed_by", "publicity__campaign"
            ).order_by("organization__name")
            if current
            else [],
            "objections": Objection.objects.filter(campaign=campaign)
            .select_related("application")
            .order_by("created_at"),
            "listed": documents.listed_applications(campaign),
        },
    )


@office_required
@require_POST
def publicity_close_view(request, pk: int):
    campaign = campaign_or_404(pk)
    try:
        publicity_close(
            campaign=campaign, user=request.user, reason=request.POST.get("reason", ""), ip=client_ip(request)
        )
    except (ValidationError, PermissionDenied) as e:
        report_error(request, e)
    else:
        messages.success(request, _("公示结束，已提请组委会决定。"))
    return redirect("workflow:publicity", pk=pk)


@office_required
def publicity_notice_pdf(request, pk: int):
    campaign = campaign_or_404(pk)
    get_object_or_404(Publicity, campaign=campaign)
    return pdf_response(documents.publicity_notice_pdf(campaign), f"publicity-{campaign.year}.pdf")


@office_required
def publicity_notice_docx(request, pk: int):
    campaign = campaign_or_404(pk)
    get_object_or_404(Publicity, campaign=campaign)
    return docx_response(documents_word.publicity_notice_docx(campaign), f"publicity-{campaign.year}.docx")


@office_required
def unit_notice_pdf(request, pk: int):
    notice = get_object_or_404(
        UnitNotice.objects.select_related("publicity__campaign", "organization"), pk=pk
    )
    return pdf_response(documents.unit_notice_pdf(notice), f"unit-notice-{notice.pk}.pdf")


@office_required
def objection(request, pk: int):
    obj = get_object_or_404(Objection.objects.select_related("application", "campaign", "decided_by"), pk=pk)
    if request.method == "POST":
        try:
            if request.POST.get("op") == "investigate":
                objection_investigate(
                    objection=obj, user=request.user, investigation=request.POST.get("investigation", "")
                )
                messages.success(request, _("调查记录已保存。"))
            elif request.POST.get("op") == "decide":
                objection_decide(
                    objection=obj,
                    user=request.user,
                    upheld=request.POST.get("upheld") == "yes",
                    outcome=request.POST.get("outcome", ""),
                    investigation=request.POST.get("investigation", ""),
                    ip=client_ip(request),
                )
                messages.success(request, _("处理结果已记录，并通知异议人。"))
                return redirect("workflow:publicity", pk=obj.campaign_id)
        except (ValidationError, PermissionDenied) as e:
            report_error(request, e)
        return redirect("workflow:objection", pk=pk)
    return render(request, "workflow/office/objection.html", {"objection": obj, "campaign": obj.campaign})


@office_required
def objection_evidence(request, pk: int):
    from django.http import Http404

    obj = get_object_or_404(Objection, pk=pk)
    if not obj.evidence:
        raise Http404
    name = obj.evidence.name.rsplit("/", 1)[-1]
    # the stored name's extension was set from the detected type (workflow.services.objections)
    return download(obj.evidence.open("rb"), filename=name, content_type=content_type_for(name))


@office_required
@require_POST
def unit_notice_record(request, pk: int):
    """The office records a unit's written receipt of its in-unit posting (units without an online account)."""
    notice = get_object_or_404(UnitNotice.objects.select_related("publicity"), pk=pk)
    campaign_pk = notice.publicity.campaign_id
    try:
        posted_on = datetime.date.fromisoformat(request.POST.get("posted_on", ""))
    except ValueError:
        posted_on = None
    try:
        unit_notice_confirm(
            notice=notice, user=request.user, posted_on=posted_on, place=request.POST.get("place", "")
        )
    except (ValidationError, PermissionDenied) as e:
        report_error(request, e)
    else:
        messages.success(request, _("已登记“%(org)s”的内部公示回执。") % {"org": notice.organization.name})
    return redirect(reverse("workflow:publicity", args=[campaign_pk]) + "#unit-notices")
