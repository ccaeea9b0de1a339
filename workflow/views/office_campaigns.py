"""组委会办公室: campaigns — list, set-up, dashboard, phase transitions; the public call (申报通知)."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from awards.permissions import office_required
from config import clock
from config.client_ip import client_ip
from workflow import permissions
from workflow.forms import CampaignForm, ClockForm, RulesProposalForm, TransitionForm
from workflow.models import CommitteeDecision
from workflow.selectors.campaigns import campaign_dashboard as dashboard_context
from workflow.selectors.campaigns import campaign_or_404, deadlines, office_campaigns
from workflow.services import confirmations
from workflow.services.campaigns import campaign_save, frozen_fields, promised_dates
from workflow.services.committee import decision_open
from workflow.services.rules import rules_of, rules_status
from workflow.services.transitions import campaign_transition
from workflow.views._common import confirm_first, report_error


@office_required
def office_home(request):
    return render(request, "workflow/office/home.html", {"campaigns": office_campaigns()})


@office_required
def campaign_create(request):
    form = CampaignForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            campaign = campaign_save(form=form, user=request.user)
        except (ValidationError, PermissionDenied) as e:
            report_error(request, e)
        else:
            messages.success(request, _("评选活动已创建。"))
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
            try:
                decision = decision_open(
                    campaign=campaign_or_404(pk),
                    user=request.user,
                    kind=CommitteeDecision.Kind.RULES,
                    summary=proposal.cleaned_data["rules_summary"],
                    rules=rules_of(form.cleaned_data),
                )
            except (ValidationError, PermissionDenied) as e:
                report_error(request, e)
            else:
                messages.success(request, _("已提请组委会审议评议规则。"))
                return redirect("workflow:decision", pk=decision.pk)
    elif request.method == "POST" and not locked and form.is_valid():
        try:
            campaign_save(
                form=form,
                user=request.user,
                reason=form.cleaned_data.get("change_reason", ""),
                ip=client_ip(request),
            )
        except ValidationError as e:
            if hasattr(e, "error_dict"):
                for field, errors in e.message_dict.items():
                    form.add_error(field if field in form.fields else None, errors)
            else:
                report_error(request, e)
        except PermissionDenied as e:
            report_error(request, e)
        else:
            messages.success(request, _("活动方案已保存。"))
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
        try:
            campaign_transition(
                campaign=campaign,
                action=form.cleaned_data["action"],
                user=request.user,
                reason=form.cleaned_data["reason"],
                ip=client_ip(request),
            )
        except (ValidationError, PermissionDenied) as e:
            report_error(request, e)
        else:
            messages.success(
                request, _("活动已进入“%(phase)s”阶段。") % {"phase": campaign.get_phase_display()}
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
            try:
                if data["mode"] == "date":
                    clock.advance_to(
                        campaign=campaign, target=data["target"], user=request.user, reason=data["reason"]
                    )
                else:
                    clock.advance_working_days(
                        campaign=campaign, days=data["days"], user=request.user, reason=data["reason"]
                    )
            except ValidationError as e:
                report_error(request, e)
            else:
                messages.success(
                    request, _("模拟日期已推进到 %(date)s。") % {"date": clock.today(campaign).isoformat()}
                )
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
