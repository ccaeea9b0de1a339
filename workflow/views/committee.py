"""组委会 pages (第八条、第二十条、第二十二条、第二十九–三十条): what waits for a decision, the evidence, one vote
per member with a comment, the result against the quorum; and the office's side: put a matter to the vote and
close it."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from awards.permissions import Role, committee_required, has_role, office_required, role_required
from config.client_ip import client_ip
from workflow import office_selectors as sel
from workflow.models import CommitteeDecision, CommitteeVote
from workflow.services.committee import decision_close, decision_open, decision_vote
from workflow.views._common import campaign_or_404, report_error


@committee_required
def committee_home(request):
    decisions = sel.committee_decisions(member=request.user)
    return render(
        request,
        "workflow/committee/home.html",
        {
            "pending": [d for d in decisions if d.result == CommitteeDecision.Result.PENDING],
            "closed": [d for d in decisions if d.result != CommitteeDecision.Result.PENDING][:20],
        },
    )


@role_required(Role.COMMITTEE, Role.OFFICE)
def decision_detail(request, pk: int):
    decision = get_object_or_404(
        CommitteeDecision.objects.select_related("campaign__award_type", "revocation__honor__application"),
        pk=pk,
    )
    context = sel.decision_evidence(decision)
    context["my_vote"] = next((v for v in context["votes"] if v.member_id == request.user.pk), None)
    context["can_vote"] = has_role(request.user, Role.COMMITTEE)
    context["is_office"] = has_role(request.user, Role.OFFICE)
    context["choices"] = CommitteeVote.Choice.choices
    return render(request, "workflow/committee/decision.html", context)


@committee_required
@require_POST
def decision_vote_view(request, pk: int):
    decision = get_object_or_404(CommitteeDecision, pk=pk)
    try:
        decision_vote(
            decision=decision,
            user=request.user,
            choice=request.POST.get("choice", ""),
            comment=request.POST.get("comment", ""),
        )
    except (ValidationError, PermissionDenied) as e:
        report_error(request, e)
    else:
        messages.success(request, _("您的表决已记录。"))
    return redirect("workflow:decision", pk=pk)


@office_required
def office_decisions(request, pk: int):
    campaign = campaign_or_404(pk)
    return render(
        request,
        "workflow/office/decisions.html",
        {"campaign": campaign, "decisions": sel.committee_decisions(campaign=campaign)},
    )


@office_required
@require_POST
def office_decision_open(request, pk: int):
    campaign = campaign_or_404(pk)
    try:
        decision = decision_open(
            campaign=campaign,
            user=request.user,
            kind=request.POST.get("kind", ""),
            summary=request.POST.get("summary", ""),
        )
    except (ValidationError, PermissionDenied) as e:
        report_error(request, e)
        return redirect("workflow:office_decisions", pk=pk)
    messages.success(request, _("已提请组委会表决：%(kind)s。") % {"kind": decision.get_kind_display()})
    return redirect("workflow:decision", pk=decision.pk)


@office_required
@require_POST
def office_decision_close(request, pk: int):
    decision = get_object_or_404(CommitteeDecision, pk=pk)
    try:
        closed = decision_close(
            decision=decision,
            user=request.user,
            document_number=request.POST.get("document_number", ""),
            ip=client_ip(request),
        )
    except (ValidationError, PermissionDenied) as e:
        report_error(request, e)
    else:
        messages.success(request, _("表决结束：%(result)s。") % {"result": closed.get_result_display()})
    return redirect("workflow:decision", pk=pk)
