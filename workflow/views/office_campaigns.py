"""组委会办公室: campaigns — list, set-up, dashboard, phase transitions; the public call (申报通知)."""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from awards.permissions import office_required
from awards.selectors import privacy as privacy_reads
from awards.selectors.campaigns import campaign_or_404
from config import clock
from config.actions import REFUSED, attempt
from config.client_ip import client_ip
from workflow import permissions
from workflow.forms import CampaignForm, ClockForm, RulesProposalForm, TransitionForm
from workflow.models import CommitteeDecision
from workflow.pagecache import office_page
from workflow.selectors.campaigns import campaign_dashboard as dashboard_context
from workflow.selectors.campaigns import deadlines, office_campaigns
from workflow.selectors.rules import rules_of
from workflow.services import clock as clock_moves
from workflow.services import confirmations
from workflow.services.campaigns import campaign_save, frozen_fields, promised_dates
from workflow.services.committee import decision_open
from workflow.services.rules import rules_status
from workflow.services.transitions import campaign_transition
from workflow.views._common import confirm_first


@office_required
def office_home(request):
    # the persons' personal-information requests not closed yet (their page: workflow/views/office_data_requests.py)
    open_requests = privacy_reads.open_request_count()
    return render(
        request,
        "workflow/office/home.html",
        {"campaigns": office_campaigns(), "open_data_requests": open_requests},
    )


@office_required
def campaign_create(request):
    form = CampaignForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        campaign = attempt(
            request, campaign_save, form=form, user=request.user, success=_("评选活动已创建。")
        )
        if campaign is not REFUSED:
            return redirect("workflow:campaign_dashboard", pk=campaign.pk)
    return render(request, "workflow/office/campaign_form.html", {"form": form, "campaign": None})


@office_required
def campaign_edit(request, pk: int):
    campaign = campaign_or_404(pk)
    frozen = frozen_fields(campaign)
    locked = "*" in frozen
    form = CampaignForm(request.POST or None, instance=campaign, frozen=frozen)
    if request.method == "POST" and "propose_rules" in request.POST:
        proposal = RulesProposalForm(request.POST)
        if form.is_valid() and proposal.is_valid():
            decision = attempt(
                request,
                decision_open,
                campaign=campaign_or_404(pk),
                user=request.user,
                kind=CommitteeDecision.Kind.RULES,
                summary=proposal.cleaned_data["rules_summary"],
                rules=rules_of(form.cleaned_data),
                success=_("已提请组委会审议评议规则。"),
            )
            if decision is not REFUSED:
                return redirect("workflow:decision", pk=decision.pk)
    elif request.method == "POST" and not locked and form.is_valid():
        saved = attempt(
            request,
            lambda: campaign_save(
                form=form,
                user=request.user,
                reason=form.cleaned_data.get("change_reason", ""),
                ip=client_ip(request),
            ),
            on_form=form,  # a refusal naming the plan's fields marks them; the page keeps what was typed
            success=_("活动方案已保存。"),
        )
        if saved is not REFUSED:
            return redirect("workflow:campaign_dashboard", pk=campaign.pk)
    return render(
        request,
        "workflow/office/campaign_form.html",
        {
            "form": form,
            "campaign": campaign,
            "locked": locked,
            "promised": promised_dates(campaign),
            "rules": rules_status(campaign),
        },
    )


@office_required
@office_page
def campaign_dashboard(request, pk: int):
    campaign = campaign_or_404(pk)
    return render(request, "workflow/office/dashboard.html", dashboard_context(campaign, request.user))


def _confirm_phase(request, pk: int):
    return confirmations.for_transition(campaign_or_404(pk), request.POST.get("action", ""))


@office_required
@require_POST
@confirm_first(_confirm_phase)
def campaign_phase(request, pk: int):
    campaign = campaign_or_404(pk)
    form = TransitionForm(request.POST)
    if form.is_valid():
        attempt(
            request,
            campaign_transition,
            campaign=campaign,
            action=form.cleaned_data["action"],
            user=request.user,
            reason=form.cleaned_data["reason"],
            ip=client_ip(request),
            success=lambda _done: _("活动已进入“%(phase)s”阶段。") % {"phase": campaign.get_phase_display()},
        )
    return redirect("workflow:campaign_dashboard", pk=pk)


@office_required
def campaign_clock(request, pk: int):
    """培训演练的模拟日期: the office moves a training campaign's clock forward (decisions 261)."""
    campaign = campaign_or_404(pk)
    form = ClockForm(request.POST or None)
    if request.method == "POST":
        if form.is_valid():
            data = form.cleaned_data
            if data["mode"] == "date":
                move, to = clock_moves.advance_to, {"target": data["target"]}
            else:
                move, to = clock_moves.advance_working_days, {"days": data["days"]}
            moved = attempt(
                request,
                move,
                campaign=campaign,
                user=request.user,
                reason=data["reason"],
                **to,
                success=lambda _done: (
                    _("模拟日期已推进到 %(date)s。") % {"date": clock.today(campaign).isoformat()}
                ),
            )
            if moved is not REFUSED:
                return redirect("workflow:campaign_clock", pk=pk)
        else:
            for errors in form.errors.values():
                for message in errors:
                    messages.error(request, message)
        if not campaign.is_training:
            return redirect("workflow:campaign_clock", pk=pk)
    return render(
        request,
        "workflow/office/clock.html",
        {
            "campaign": campaign,
            "form": form,
            "simulated": clock.today(campaign),
            "deadlines": deadlines(campaign),
            "history": campaign.history.filter(history_change_reason__startswith="clock:").order_by(
                "-history_date"
            )[:50],
        },
    )


def call_page(request, pk: int):
    """申报通知 — public once the campaign is published (past 筹备)."""
    campaign = campaign_or_404(pk)
    if not permissions.call_is_public(campaign):
        raise Http404
    return render(request, "workflow/public/call.html", {"campaign": campaign})
