"""组委会办公室: publicity (公示, 第二十一条) — open, notices as PDF, the units' confirmations, objections, close."""

from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from awards.forms import PurposeForm
from awards.models import AccessLog
from awards.permissions import office_required
from awards.selectors.campaigns import campaign_or_404
from awards.services.privacy import log_access
from config import clock
from config.actions import REFUSED, attempt
from config.client_ip import client_ip
from config.downloads import DOCX, PDF, content_type_for, download
from workflow.documents import pdf as documents
from workflow.documents import word as documents_word
from workflow.forms import (
    ObjectionDecideForm,
    ObjectionInvestigateForm,
    PublicityOpenForm,
    ReasonTextForm,
    UnitNoticeRecordForm,
)
from workflow.selectors.campaigns import phase_rows
from workflow.selectors.publicity import (
    listed_applications,
    objection_or_404,
    objections_for_office,
    publicity_of,
    publicity_or_404,
    unit_notice_or_404,
    unit_notices_for_office,
)
from workflow.services import confirmations
from workflow.services.objections import objection_decide, objection_investigate
from workflow.services.publicity import publicity_close, publicity_open, unit_notice_confirm
from workflow.views._common import confirm_first, report_form


def pdf_response(content: bytes, filename: str) -> HttpResponse:
    return download(content, filename=filename, content_type=PDF)


def docx_response(content: bytes, filename: str) -> HttpResponse:
    return download(content, filename=filename, content_type=DOCX)


def _confirm_open(request, pk: int):
    form = PublicityOpenForm(request.POST)
    if not form.is_valid():
        return None
    return confirmations.for_publicity_open(campaign_or_404(pk), form.cleaned_data["starts_on"])


def _confirm_close(request, pk: int):
    c = confirmations.for_transition(campaign_or_404(pk), "submit_for_approval")
    if c is not None:
        c.back = reverse("workflow:publicity", args=[pk])
    return c


def _confirm_decide(request, pk: int):
    return confirmations.for_objection_decide(objection_or_404(pk), request.POST.get("upheld", ""))


@office_required
@confirm_first(_confirm_open)
def publicity(request, pk: int):
    campaign = campaign_or_404(pk)
    current = publicity_of(campaign)
    form = PublicityOpenForm(request.POST or None, initial={"starts_on": clock.today(campaign)})
    if request.method == "POST" and form.is_valid():
        opened = attempt(
            request,
            lambda: publicity_open(
                campaign=campaign, user=request.user, ip=client_ip(request), **form.cleaned_data
            ),
            success=_("公示已开始。"),
        )
        if opened is not REFUSED:
            return redirect("workflow:publicity", pk=pk)
    rows = phase_rows(campaign, request.user)
    return render(
        request,
        "workflow/office/publicity.html",
        {
            "campaign": campaign,
            "publicity": current,
            "form": form,
            "open_row": [(r, w) for r, w in rows if r.action == "open_publicity"],
            "close_row": [(r, w) for r, w in rows if r.action == "submit_for_approval"],
            "unit_notices": unit_notices_for_office(current),
            "objections": objections_for_office(campaign=campaign),
            "listed": listed_applications(campaign),
        },
    )


@office_required
@require_POST
@confirm_first(_confirm_close)
def publicity_close_view(request, pk: int):
    campaign = campaign_or_404(pk)
    form = ReasonTextForm(request.POST)
    form.is_valid()  # the reason is optional free text: nothing to refuse
    closed = attempt(
        request,
        publicity_close,
        campaign=campaign,
        user=request.user,
        reason=form.cleaned_data.get("reason", ""),
        ip=client_ip(request),
        # Closing opens no committee decision by itself: the office is taken to the page where it asks the
        # committee to decide the final list (第二十三条).
        success=_("公示已结束。下一步：在本页提请组委会表决“决定获荣名单”（第二十三条）。"),
    )
    if closed is REFUSED:
        return redirect("workflow:publicity", pk=pk)
    return redirect("workflow:office_decisions", pk=pk)


@office_required
def publicity_notice_pdf(request, pk: int):
    campaign = campaign_or_404(pk)
    publicity_or_404(campaign)
    return pdf_response(documents.publicity_notice_pdf(campaign), f"publicity-{campaign.year}.pdf")


@office_required
def publicity_notice_docx(request, pk: int):
    campaign = campaign_or_404(pk)
    publicity_or_404(campaign)
    return docx_response(documents_word.publicity_notice_docx(campaign), f"publicity-{campaign.year}.docx")


@office_required
def unit_notice_pdf(request, pk: int):
    notice = unit_notice_or_404(pk)
    return pdf_response(documents.unit_notice_pdf(notice), f"unit-notice-{notice.pk}.pdf")


@office_required
@require_GET
def objection(request, pk: int):
    """The objector's ID number or contact, phone and e-mail are masked (issue 25 item 4); the full contact needs
    a stated purpose (`objection_contact`)."""
    obj = objection_or_404(pk)
    return render(request, "workflow/office/objection.html", {"objection": obj, "campaign": obj.campaign})


@office_required
@require_POST
def objection_contact(request, pk: int):
    """The objector's full contact for a stated purpose (to verify the 实名 objection, 第二十一条, or answer it):
    logged in the access log, shown on this answer only."""
    obj = objection_or_404(pk)
    form = PurposeForm(request.POST)
    if not form.is_valid():
        report_form(request, form)
        return redirect("workflow:objection", pk=pk)
    log_access(
        user=request.user,
        kind=AccessLog.Kind.PAGE,
        what=_("异议人联系方式"),
        campaign=obj.campaign,
        rows=1,
        full=True,
        purpose=form.cleaned_data["purpose"],
        application=obj.application,
    )
    response = render(
        request,
        "workflow/office/objection.html",
        {"objection": obj, "campaign": obj.campaign, "reveal": True},
    )
    response["Cache-Control"] = "private, no-store"
    return response


@office_required
@require_POST
def objection_investigate_view(request, pk: int):
    obj = objection_or_404(pk)
    form = ObjectionInvestigateForm(request.POST)
    if not form.is_valid():
        report_form(request, form)
        return redirect("workflow:objection", pk=pk)
    attempt(
        request,
        objection_investigate,
        objection=obj,
        user=request.user,
        investigation=form.cleaned_data["investigation"],
        success=_("调查记录已保存。"),
    )
    return redirect("workflow:objection", pk=pk)


@office_required
@require_POST
@confirm_first(_confirm_decide)
def objection_decide_view(request, pk: int):
    obj = objection_or_404(pk)
    form = ObjectionDecideForm(request.POST)
    if not form.is_valid():
        report_form(request, form)
        return redirect("workflow:objection", pk=pk)
    data = form.cleaned_data
    decided = attempt(
        request,
        objection_decide,
        success=_("处理结果已记录，并通知异议人。"),
        objection=obj,
        user=request.user,
        upheld=data["upheld"] == "yes",
        outcome=data["outcome"],
        investigation=data["investigation"],
        ip=client_ip(request),
    )
    if decided is REFUSED:
        return redirect("workflow:objection", pk=pk)
    return redirect("workflow:publicity", pk=obj.campaign_id)


@office_required
def objection_evidence(request, pk: int):
    obj = objection_or_404(pk)
    if not obj.evidence:
        raise Http404
    name = obj.evidence.name.rsplit("/", 1)[-1]
    # the stored name's extension was set from the detected type (workflow.services.objections)
    return download(obj.evidence.open("rb"), filename=name, content_type=content_type_for(name))


@office_required
@require_POST
def unit_notice_record(request, pk: int):
    """The office records a unit's written receipt of its in-unit posting (units without an online account)."""
    notice = unit_notice_or_404(pk)
    campaign_pk = notice.publicity.campaign_id
    form = UnitNoticeRecordForm(request.POST)
    form.is_valid()  # a missing or malformed date is refused by the service, with its message
    data = form.cleaned_data
    attempt(
        request,
        unit_notice_confirm,
        success=_("已登记“%(org)s”的内部公示回执。") % {"org": notice.organization.name},
        notice=notice,
        user=request.user,
        posted_on=data.get("posted_on"),
        place=data.get("place", ""),
    )
    return redirect(reverse("workflow:publicity", args=[campaign_pk]) + "#unit-notices")
