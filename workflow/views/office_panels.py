"""组委会办公室: expert panels (专家评议组, 第十条) — panels, members, chair, assignment, conflicts of interest.
One view per action; each reads its form, calls one service and returns to the panel page."""

from django.contrib import messages
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from awards.permissions import office_required
from workflow import forms
from workflow.selectors.campaigns import campaign_or_404
from workflow.selectors.panels import panels_page
from workflow.services import panels as svc
from workflow.views._common import office_action


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
@office_action(forms.PanelCreateForm, back=_back)
def panel_create(request, campaign, data):
    panel = svc.panel_create(campaign=campaign, user=request.user, name=data["name"], domains=data["domains"])
    messages.success(request, _("已组建评议组“%(name)s”。") % {"name": panel.name})


@office_required
@require_POST
@office_action(forms.ExpertInviteForm, back=_back)
def panel_expert_invite(request, campaign, data):
    member = svc.expert_invite(
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
    )
    messages.success(
        request,
        _("已邀请专家 %(who)s，并发送设置密码的邮件至 %(email)s。")
        % {"who": member.expert.first_name, "email": member.expert.email},
    )


@office_required
@require_POST
@office_action(forms.PanelMemberAddForm, back=_back)
def panel_member_add(request, campaign, data):
    expert = data["expert"]
    svc.panel_member_add(panel=data["panel"], user=request.user, expert=expert, is_chair=data["is_chair"])
    messages.success(request, _("已加入专家 %(who)s。") % {"who": expert.get_full_name() or expert.username})


@office_required
@require_POST
@office_action(forms.PanelMemberForm, back=_back)
def panel_chair(request, campaign, data):
    member = data["member"]
    svc.panel_chair_set(panel=member.panel, user=request.user, member_id=member.pk)
    messages.success(request, _("已指定组长。"))


@office_required
@require_POST
@office_action(forms.PanelMemberForm, back=_back)
def panel_member_remove(request, campaign, data):
    member = data["member"]
    svc.panel_member_remove(panel=member.panel, user=request.user, member_id=member.pk)
    messages.success(request, _("已移出评议组。"))


@office_required
@require_POST
@office_action(None, back=_back)
def assignments_auto(request, campaign, data):
    result = svc.assignments_auto(campaign=campaign, user=request.user)
    messages.success(request, _("已按技术领域分配 %(n)s 份申报。") % {"n": result["assigned"]})
    for app in result["unmatched"]:
        messages.warning(
            request,
            _("%(name)s（%(domain)s）没有唯一对应的评议组，请人工指定。")
            % {"name": app.name, "domain": app.tech_domain or "—"},
        )


@office_required
@require_POST
@office_action(forms.AssignmentOverrideForm, back=_back)
def assignment_override(request, campaign, data):
    app, panel = data["application"], data["panel"]
    svc.assignment_override(application=app, panel=panel, user=request.user)
    messages.success(request, _("%(name)s 已改由“%(panel)s”评议。") % {"name": app.name, "panel": panel.name})


@office_required
@require_POST
@office_action(forms.ConflictRecordForm, back=_back)
def conflict_record(request, campaign, data):
    svc.conflict_record(
        application=data["application"], expert=data["expert"], user=request.user, reason=data["reason"]
    )
    messages.success(request, _("已记录回避。"))
