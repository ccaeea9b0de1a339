"""组委会 pages (第八条、第二十条、第二十二条、第二十九–三十条): what waits for a decision, the evidence, one vote
per member with a comment, the result against the quorum; and the office's side: put a matter to the vote and
close it."""

from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from awards.models import Campaign
from awards.permissions import Role, committee_required, office_required, role_required
from awards.selectors.campaigns import campaign_or_404
from config.actions import REFUSED, attempt
from config.client_ip import client_ip
from workflow import permissions
from workflow.forms import DecisionCloseForm, DecisionOpenForm, StandingRulesForm, VoteForm, form_errors
from workflow.models import CommitteeDecision, CommitteeVote
from workflow.pagecache import office_page
from workflow.selectors.committee import committee_decisions, decision_evidence, decision_or_404
from workflow.services import confirmations
from workflow.services.committee import decision_close, decision_open, decision_vote, standing_rules_status
from workflow.views._common import confirm_first


@committee_required
def committee_home(request):
    decisions = committee_decisions(member=request.user)
    return render(
        request,
        "workflow/committee/home.html",
        {
            "pending": [d for d in decisions if d.result == CommitteeDecision.Result.PENDING],
            "closed": [d for d in decisions if d.result != CommitteeDecision.Result.PENDING][:20],
            "campaigns": Campaign.objects.exclude(phase=Campaign.Phase.ARCHIVED).order_by("-year", "pk"),
        },
    )


@role_required(Role.COMMITTEE, Role.OFFICE)
@office_page(decision=True)
def decision_detail(request, pk: int):
    decision = decision_or_404(pk)
    context = decision_evidence(decision)
    context["my_vote"] = next((v for v in context["votes"] if v.member_id == request.user.pk), None)
    context["can_vote"] = permissions.may_vote(request.user, decision)
    context["is_office"] = permissions.may_manage_campaigns(request.user)
    context["choices"] = CommitteeVote.Choice.choices
    return render(request, "workflow/committee/decision.html", context)


@committee_required
@require_POST
def decision_vote_view(request, pk: int):
    decision = decision_or_404(pk)
    form = VoteForm(request.POST)
    form.is_valid()  # free text; the service refuses an unknown choice with its message
    attempt(
        request,
        decision_vote,
        success=_("您的表决已记录。"),
        decision=decision,
        user=request.user,
        choice=form.cleaned_data.get("choice", ""),
        comment=form.cleaned_data.get("comment", ""),
    )
    return redirect("workflow:decision", pk=pk)


@office_required
def office_decisions(request, pk: int):
    campaign = campaign_or_404(pk)
    return render(
        request,
        "workflow/office/decisions.html",
        {"campaign": campaign, "decisions": committee_decisions(campaign=campaign)},
    )


@office_required
@require_POST
def office_decision_open(request, pk: int):
    campaign = campaign_or_404(pk)
    form = DecisionOpenForm(request.POST)
    form.is_valid()  # free text; the service refuses an unknown kind with its message
    decision = attempt(
        request,
        decision_open,
        success=lambda d: _("已提请组委会表决：%(kind)s。") % {"kind": d.get_kind_display()},
        campaign=campaign,
        user=request.user,
        kind=form.cleaned_data.get("kind", ""),
        summary=form.cleaned_data.get("summary", ""),
    )
    if decision is REFUSED:
        return redirect("workflow:office_decisions", pk=pk)
    return redirect("workflow:decision", pk=decision.pk)


@office_required
@require_POST
@confirm_first(lambda request, pk: confirmations.for_decision_close(decision_or_404(pk)))
def office_decision_close(request, pk: int):
    decision = decision_or_404(pk)
    form = DecisionCloseForm(request.POST)
    form.is_valid()  # free text
    attempt(
        request,
        decision_close,
        success=lambda closed: _("表决结束：%(result)s。") % {"result": closed.get_result_display()},
        decision=decision,
        user=request.user,
        document_number=form.cleaned_data.get("document_number", ""),
        ip=client_ip(request),
    )
    return redirect("workflow:decision", pk=pk)


@role_required(Role.COMMITTEE, Role.OFFICE)
def standing_rules(request, pk: int):
    """组委会议事规则 (decisions 201): the quorum and majority in force, in words, whether the committee adopted
    them, and the form to put a change to the committee's vote (a member or the office)."""
    campaign = campaign_or_404(pk)
    status = standing_rules_status(campaign)
    form = StandingRulesForm(
        initial={"committee_quorum": status["quorum"], "committee_majority_percent": status["majority"]}
    )
    return render(
        request,
        "workflow/committee/standing_rules.html",
        {"campaign": campaign, "status": status, "form": form},
    )


@role_required(Role.COMMITTEE, Role.OFFICE)
@require_POST
def standing_rules_propose(request, pk: int):
    campaign = campaign_or_404(pk)
    form = StandingRulesForm(request.POST)
    if not form.is_valid():
        for message in form_errors(form):
            messages.error(request, message)
        return redirect("workflow:standing_rules", pk=pk)
    decision = attempt(
        request,
        decision_open,
        success=_("已提请组委会表决议事规则。"),
        campaign=campaign,
        user=request.user,
        kind=CommitteeDecision.Kind.STANDING_RULES,
        summary=form.cleaned_data.get("summary", ""),
        rules={
            "committee_quorum": form.cleaned_data["committee_quorum"],
            "committee_majority_percent": form.cleaned_data["committee_majority_percent"],
        },
    )
    if decision is REFUSED:
        return redirect("workflow:standing_rules", pk=pk)
    return redirect("workflow:decision", pk=decision.pk)
