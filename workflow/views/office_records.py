"""组委会办公室: written consultations of departments (第十六条) and the 主办单位's 发文 (第二十三条)
(issue 22 item 9, docs/decisions.md 233–234)."""

from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from awards.permissions import office_required
from awards.selectors.campaigns import campaign_or_404
from config.actions import REFUSED, attempt
from config.downloads import content_type_for, download
from workflow.forms import AwardDocumentForm, ConsultationReplyForm, ConsultationSendForm
from workflow.models import AwardDocument, Consultation
from workflow.services.records import award_document_record, consultation_reply, consultation_send
from workflow.views._common import report_form


@office_required
def consultations(request, pk: int):
    """第十六条 “必要时以书面形式征求相关部门意见”: every consultation of the campaign, the letters still waiting for a
    reply first; a new consultation; each reply."""
    campaign = campaign_or_404(pk)
    form = ConsultationSendForm(request.POST or None, campaign=campaign)
    if request.method == "POST":
        if form.is_valid():
            data = form.cleaned_data
            done = attempt(
                request,
                consultation_send,
                success=_("已登记书面征求意见；收到复函前不能作出该申报的资格审查结论。"),
                application=data["application"],
                user=request.user,
                department=data["department"],
                sent_on=data["sent_on"],
                question=data["question"],
            )
            if done is not REFUSED:
                return redirect("workflow:consultations", pk=campaign.pk)
        else:
            report_form(request, form)
    rows = list(
        Consultation.objects.filter(application__campaign=campaign)
        .select_related("application")
        .order_by("reply_on", "sent_on", "pk")
    )
    return render(
        request,
        "workflow/office/consultations.html",
        {
            "campaign": campaign,
            "form": form,
            "waiting": [c for c in rows if c.reply_on is None],
            "answered": [c for c in rows if c.reply_on is not None],
            "reply_form": ConsultationReplyForm(),
        },
    )


@office_required
@require_POST
def consultation_reply_view(request, pk: int):
    consultation = get_object_or_404(Consultation.objects.select_related("application"), pk=pk)
    form = ConsultationReplyForm(request.POST, request.FILES)
    if form.is_valid():
        attempt(
            request,
            consultation_reply,
            success=_("已记录“%(dept)s”的复函。") % {"dept": consultation.department},
            consultation=consultation,
            user=request.user,
            **form.cleaned_data,
        )
    else:
        report_form(request, form)
    return redirect("workflow:consultations", pk=consultation.application.campaign_id)


@office_required
def consultation_reply_file(request, pk: int):
    consultation = get_object_or_404(Consultation, pk=pk)
    if not consultation.reply_file:
        raise Http404
    name = consultation.reply_file.name.rsplit("/", 1)[-1]
    return download(consultation.reply_file.open("rb"), filename=name, content_type=content_type_for(name))


@office_required
@require_POST
def award_document(request, pk: int):
    """第二十三条: record the 主办单位's 发文 (number, date, scan) on the honors page."""
    campaign = campaign_or_404(pk)
    form = AwardDocumentForm(request.POST, request.FILES)
    if form.is_valid():
        attempt(
            request,
            award_document_record,
            success=_("已登记主办单位发文；撤销期限（第三十条）自发文日期起算。"),
            campaign=campaign,
            user=request.user,
            **form.cleaned_data,
        )
    else:
        report_form(request, form)
    return redirect("workflow:honors", pk=campaign.pk)


@office_required
def award_document_file(request, pk: int):
    document = get_object_or_404(AwardDocument, campaign_id=pk)
    if not document.file:
        raise Http404
    name = document.file.name.rsplit("/", 1)[-1]
    return download(document.file.open("rb"), filename=name, content_type=content_type_for(name))
