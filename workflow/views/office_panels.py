"""组委会办公室: expert panels (专家评议组, 第十条) — panels, members, chair, assignment, conflicts of interest.
One view per action; each reads its form, runs one service through `config.actions.attempt` and returns to the
panel page."""

from django.contrib import messages
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from awards.permissions import office_required
from awards.selectors.campaigns import campaign_or_404
from config.actions import REFUSED, attempt
from workflow import forms
from workflow.selectors.panels import panels_page
from workflow.services import panels as svc
from workflow.views._common import form_is_valid


@office_required
def panels(request, pk: int):
    campaign = campaign_or_404(pk)
    context = panels_page(campaign)
    context["domains"] = campaign.award_type.tech_domains.all()
    return render(request, "workflow/office/panels.html", context)


def _back(pk):
    return redirect("workflow:panels", pk=pk)


@office_required
@require_POST
def panel_create(request, pk: int):
    campaign = campaign_or_404(pk)
    form = forms.PanelCreateForm(request.POST, campaign=campaign)
    if form_is_valid(request, form):
        attempt(
            request,
            svc.panel_create,
            campaign=campaign,
            user=request.user,
            name=form.cleaned_data["name"],
            domains=form.cleaned_data["domains"],
            success=lambda panel: _("已组建评议组“%(name)s”。") % {"name": panel.name},
        )
    return _back(pk)


@office_required
@require_POST
def panel_expert_invite(request, pk: int):
    campaign = campaign_or_404(pk)
    form = forms.ExpertInviteForm(request.POST, campaign=campaign)
    if form_is_valid(request, form):
        data = form.cleaned_data
        attempt(
            request,
            svc.expert_invite,
            panel=data["panel"],
            user=request.user,
            name=data["name"],
            email=data["email"],
            organization_name=data["organization"],
            title=data["title"],
            is_chair=data["is_chair"],
            password_url=lambda uid, token: request.build_absolute_uri(
                reverse("password_reset_confirm", args=[uid, token])
            ),
            success=lambda member: (
                _("已邀请专家 %(who)s，并发送设置密码的邮件至 %(email)s。")
                % {"who": member.expert.first_name, "email": member.expert.email}
            ),
        )
    return _back(pk)


@office_required
@require_POST
def panel_member_add(request, pk: int):
    campaign = campaign_or_404(pk)
    form = forms.PanelMemberAddForm(request.POST, campaign=campaign)
    if form_is_valid(request, form):
        expert = form.cleaned_data["expert"]
        attempt(
            request,
            svc.panel_member_add,
            panel=form.cleaned_data["panel"],
            user=request.user,
            expert=expert,
            is_chair=form.cleaned_data["is_chair"],
            success=_("已加入专家 %(who)s。") % {"who": expert.get_full_name() or expert.username},
        )
    return _back(pk)


def _on_member(request, pk: int, service, success: str):
    """An action on one member of a panel of the campaign (指定组长, 移出评议组): the member named by the form."""
    form = forms.PanelMemberForm(request.POST, campaign=campaign_or_404(pk))
    if form_is_valid(request, form):
        member = form.cleaned_data["member"]
        attempt(request, service, panel=member.panel, user=request.user, member_id=member.pk, success=success)
    return _back(pk)


@office_required
@require_POST
def panel_chair(request, pk: int):
    return _on_member(request, pk, svc.panel_chair_set, _("已指定组长。"))


@office_required
@require_POST
def panel_member_remove(request, pk: int):
    return _on_member(request, pk, svc.panel_member_remove, _("已移出评议组。"))


@office_required
@require_POST
def assignments_auto(request, pk: int):
    campaign = campaign_or_404(pk)
    result = attempt(
        request,
        svc.assignments_auto,
        campaign=campaign,
        user=request.user,
        success=lambda result: _("已按技术领域分配 %(n)s 份申报。") % {"n": result["assigned"]},
    )
    if result is not REFUSED:
        for app in result["unmatched"]:
            messages.warning(
                request,
                _("%(name)s（%(domain)s）没有唯一对应的评议组，请人工指定。")
                % {"name": app.name, "domain": app.tech_domain or "—"},
            )
    return _back(pk)


@office_required
@require_POST
def assignment_override(request, pk: int):
    campaign = campaign_or_404(pk)
    form = forms.AssignmentOverrideForm(request.POST, campaign=campaign)
    if form_is_valid(request, form):
        app, panel = form.cleaned_data["application"], form.cleaned_data["panel"]
        attempt(
            request,
            svc.assignment_override,
            application=app,
            panel=panel,
            user=request.user,
            success=_("%(name)s 已改由“%(panel)s”评议。") % {"name": app.name, "panel": panel.name},
        )
    return _back(pk)


@office_required
@require_POST
def conflict_record(request, pk: int):
    campaign = campaign_or_404(pk)
    form = forms.ConflictRecordForm(request.POST, campaign=campaign)
    if form_is_valid(request, form):
        attempt(
            request,
            svc.conflict_record,
            application=form.cleaned_data["application"],
            expert=form.cleaned_data["expert"],
            user=request.user,
            reason=form.cleaned_data["reason"],
            success=_("已记录回避。"),
        )
    return _back(pk)
