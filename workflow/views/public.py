"""Public pages (公众): the publicity list with the objection form (第二十一条), the final list (第二十三条); and the
recommending unit's confirmation of its in-unit posting."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from awards.models import Campaign
from awards.permissions import Role, role_required
from workflow.documents import listed_applications
from workflow.forms import ObjectionForm, UnitNoticeConfirmForm
from workflow.models import Honor, Objection, Publicity, UnitNotice
from workflow.services.objections import objection_file
from workflow.services.publicity import unit_notice_confirm
from workflow.views._common import campaign_or_404, report_error

P = Campaign.Phase


def publicity_page(request, pk: int):
    campaign = campaign_or_404(pk)
    publicity = Publicity.objects.filter(campaign=campaign).first()
    if publicity is None:
        raise Http404
    listed = listed_applications(campaign)
    is_open = campaign.phase == P.PUBLICITY and publicity.closed_at is None
    form = ObjectionForm(request.POST or None, request.FILES or None, listed=listed)
    if request.method == "POST":
        if not is_open:
            messages.error(request, _("第二十一条：只能在公示期内提出异议。"))
        elif form.is_valid():
            data = dict(form.cleaned_data)
            try:
                objection = objection_file(**data, ip=request.META.get("REMOTE_ADDR") or "unknown")
            except ValidationError as e:
                if hasattr(e, "error_dict"):
                    for field, errors in e.message_dict.items():
                        form.add_error(field if field in form.fields else None, errors)
                else:
                    form.add_error(None, e.messages)
            else:
                # POST/redirect/GET: the receipt page has no form, so a reload or a second click files nothing.
                request.session[OBJECTION_RECEIPT] = objection.pk
                return redirect("workflow:objection_received", pk=pk)
    return render(
        request,
        "workflow/public/publicity.html",
        {"campaign": campaign, "publicity": publicity, "listed": listed, "form": form, "is_open": is_open},
    )


OBJECTION_RECEIPT = "objection_received"


def objection_received(request, pk: int):
    """异议已受理: the receipt shown once after filing (the session names the objection just filed)."""
    campaign = campaign_or_404(pk)
    objection = (
        Objection.objects.filter(pk=request.session.get(OBJECTION_RECEIPT) or 0, campaign=campaign)
        .select_related("application")
        .first()
    )
    if objection is None:
        return redirect("workflow:public_publicity", pk=pk)
    return render(
        request, "workflow/public/objection_received.html", {"campaign": campaign, "objection": objection}
    )


def results_page(request, pk: int):
    """获荣名单 — public once the committee's decision is published (表彰)."""
    campaign = campaign_or_404(pk)
    if campaign.phase not in (P.AWARDED, P.ARCHIVED):
        raise Http404
    honors = (
        Honor.objects.filter(application__campaign=campaign, certificate_recalled_at__isnull=True)
        .select_related("application__tech_domain")
        .order_by("kind", "certificate_number")
    )
    return render(request, "workflow/public/results.html", {"campaign": campaign, "honors": honors})


@role_required(Role.RECOMMENDER)
def unit_notices(request):
    notices = (
        UnitNotice.objects.filter(organization__staff=request.user)
        .select_related("publicity__campaign", "organization")
        .order_by("-publicity__starts_on")
    )
    if request.method == "POST":
        notice = get_object_or_404(notices, pk=request.POST.get("notice") or 0)
        form = UnitNoticeConfirmForm(request.POST)
        if form.is_valid():
            try:
                unit_notice_confirm(notice=notice, user=request.user, **form.cleaned_data)
            except (ValidationError, PermissionDenied) as e:
                report_error(request, e)
            else:
                messages.success(
                    request, _("已确认“%(org)s”的内部公示。") % {"org": notice.organization.name}
                )
        else:
            for errors in form.errors.values():
                for e in errors:
                    messages.error(request, e)
        return redirect("workflow:unit_notices")
    return render(
        request, "workflow/public/unit_notices.html", {"notices": notices, "form": UnitNoticeConfirmForm()}
    )


@role_required(Role.RECOMMENDER)
def unit_notice_pdf(request, pk: int):
    from workflow import documents
    from workflow.views.office_publicity import pdf_response

    notice = get_object_or_404(
        UnitNotice.objects.filter(organization__staff=request.user).select_related(
            "publicity__campaign", "organization"
        ),
        pk=pk,
    )
    return pdf_response(documents.unit_notice_pdf(notice), f"unit-notice-{notice.pk}.pdf")
