"""Public pages (公众): the publicity list with the objection form (第二十一条), the final list (第二十三条); and the
recommending unit's confirmation of its in-unit posting."""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from awards.permissions import Role, role_required
from awards.selectors.campaigns import campaign_or_404
from config.actions import REFUSED, attempt
from config.client_ip import client_key
from workflow import permissions
from workflow.documents import pdf as documents
from workflow.forms import ObjectionForm, UnitNoticeChoiceForm, UnitNoticeConfirmForm, form_errors
from workflow.selectors.publicity import (
    honors_published,
    listed_applications,
    objection_receipt,
    publicity_of,
    unit_notice_or_404,
    unit_notices_for_user,
)
from workflow.services.objections import objection_file
from workflow.services.publicity import unit_notice_confirm
from workflow.views.office_publicity import pdf_response

OBJECTION_RECEIPT = "objection_received"


def _public_publicity(pk: int):
    campaign = campaign_or_404(pk)
    publicity = publicity_of(campaign)
    if not permissions.publicity_is_public(publicity):
        raise Http404
    return campaign, publicity, permissions.objections_are_open(campaign, publicity)


def publicity_page(request, pk: int):
    """公示 (第二十一条): the list, the same for every visitor and without a form token, so that the page cache and
    nginx's micro-cache keep it (decisions 361); the objection form is on its own page (`objection_page`). A
    POST here is an objection from a page of before the form moved."""
    if request.method == "POST":
        return objection_page(request, pk)
    campaign, publicity, is_open = _public_publicity(pk)
    return render(
        request,
        "workflow/public/publicity.html",
        {
            "campaign": campaign,
            "publicity": publicity,
            "listed": listed_applications(campaign),
            "is_open": is_open,
        },
    )


def objection_page(request, pk: int):
    """异议 (第二十一条): the real-name objection form of the 公示, filed while the 公示 is open."""
    campaign, publicity, is_open = _public_publicity(pk)
    listed = listed_applications(campaign)
    form = ObjectionForm(request.POST or None, request.FILES or None, listed=listed)
    if request.method == "POST":
        if not is_open:
            messages.error(request, _("第二十一条：只能在公示期内提出异议。"))
        elif form.is_valid():
            data = dict(form.cleaned_data)
            objection = attempt(
                request, lambda: objection_file(**data, ip=client_key(request) or "unknown"), on_form=form
            )
            if objection is not REFUSED:
                # POST/redirect/GET: the receipt page has no form, so a reload or a second click files nothing.
                request.session[OBJECTION_RECEIPT] = objection.pk
                return redirect("workflow:objection_received", pk=pk)
    return render(
        request,
        "workflow/public/objection.html",
        {"campaign": campaign, "publicity": publicity, "form": form, "is_open": is_open},
    )


def objection_received(request, pk: int):
    """异议已受理: the receipt shown once after filing (the session names the objection just filed)."""
    campaign = campaign_or_404(pk)
    objection = objection_receipt(campaign, request.session.get(OBJECTION_RECEIPT))
    if objection is None:
        return redirect("workflow:public_publicity", pk=pk)
    return render(
        request, "workflow/public/objection_received.html", {"campaign": campaign, "objection": objection}
    )


def results_page(request, pk: int):
    """获荣名单 — public once the committee's decision is published (表彰)."""
    campaign = campaign_or_404(pk)
    if not permissions.results_are_public(campaign):
        raise Http404
    return render(
        request, "workflow/public/results.html", {"campaign": campaign, "honors": honors_published(campaign)}
    )


@role_required(Role.RECOMMENDER)
def unit_notices(request):
    notices = unit_notices_for_user(request.user)
    if request.method == "POST":
        choice = UnitNoticeChoiceForm(request.POST, notices=notices)
        if not choice.is_valid():
            raise Http404
        notice = choice.cleaned_data["notice"]
        form = UnitNoticeConfirmForm(request.POST)
        if form.is_valid():
            attempt(
                request,
                lambda: unit_notice_confirm(notice=notice, user=request.user, **form.cleaned_data),
                success=_("已确认“%(org)s”的内部公示。") % {"org": notice.organization.name},
            )
        else:
            for e in form_errors(form):
                messages.error(request, e)
        return redirect("workflow:unit_notices")
    return render(
        request, "workflow/public/unit_notices.html", {"notices": notices, "form": UnitNoticeConfirmForm()}
    )


@role_required(Role.RECOMMENDER)
def unit_notice_pdf(request, pk: int):
    notice = unit_notice_or_404(pk)
    if not permissions.may_view_unit_notice(request.user, notice):
        raise Http404
    return pdf_response(documents.unit_notice_pdf(notice), f"unit-notice-{notice.pk}.pdf")
