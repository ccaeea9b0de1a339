"""组委会办公室: expert panels (专家评议组, 第十条) — panels, members, chair, assignment, conflicts of interest."""

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from awards.models import TechDomain
from awards.permissions import office_required
from workflow import office_selectors as sel
from workflow import office_services as svc
from workflow.views._common import campaign_or_404, report_error


@office_required
def panels(request, pk: int):
    campaign = campaign_or_404(pk)
    context = sel.panels_page(campaign)
    context["domains"] = campaign.award_type.tech_domains.all()
    return render(request, "workflow/office/panels.html", context)


@office_required
@require_POST
def panel_action(request, pk: int):
    """One POST endpoint for the panel page's small forms, dispatched by `op`."""
    campaign = campaign_or_404(pk)
    op = request.POST.get("op", "")
    user = request.user
    try:
        if op == "create":
            domains = TechDomain.objects.filter(pk__in=request.POST.getlist("domains"))
            panel = svc.panel_create(
                campaign=campaign, user=user, name=request.POST.get("name", ""), domains=domains
            )
            messages.success(request, _("已组建评议组“%(name)s”。") % {"name": panel.name})
        elif op == "invite":
            panel = get_object_or_404(campaign.panels, pk=request.POST.get("panel"))
            member = svc.expert_invite(
                panel=panel,
                user=user,
                name=request.POST.get("name", ""),
                email=request.POST.get("email", ""),
                organization_name=request.POST.get("organization", ""),
                title=request.POST.get("title", ""),
                is_chair=bool(request.POST.get("is_chair")),
                password_url=lambda uid, token: request.build_absolute_uri(
                    reverse("password_reset_confirm", args=[uid, token])
                ),
            )
            messages.success(
                request,
                _("已邀请专家 %(who)s，并发送设置密码的邮件至 %(email)s。")
                % {"who": member.expert.first_name, "email": member.expert.email},
            )
        elif op in ("add_member", "chair", "remove_member"):
            panel = get_object_or_404(campaign.panels, pk=request.POST.get("panel"))
            if op == "add_member":
                expert = get_object_or_404(get_user_model(), pk=request.POST.get("expert") or 0)
                svc.panel_member_add(
                    panel=panel, user=user, expert=expert, is_chair=bool(request.POST.get("is_chair"))
                )
                messages.success(
                    request, _("已加入专家 %(who)s。") % {"who": expert.get_full_name() or expert.username}
                )
            elif op == "chair":
                svc.panel_chair_set(panel=panel, user=user, member_id=int(request.POST.get("member", 0)))
                messages.success(request, _("已指定组长。"))
            else:
                svc.panel_member_remove(panel=panel, user=user, member_id=int(request.POST.get("member", 0)))
                messages.success(request, _("已移出评议组。"))
        elif op == "auto_assign":
            result = svc.assignments_auto(campaign=campaign, user=user)
            messages.success(request, _("已按技术领域分配 %(n)s 份申报。") % {"n": result["assigned"]})
            for app in result["unmatched"]:
                messages.warning(
                    request,
                    _("%(name)s（%(domain)s）没有唯一对应的评议组，请人工指定。")
                    % {"name": app.name, "domain": app.tech_domain or "—"},
                )
        elif op == "override":
            app = get_object_or_404(campaign.applications, pk=request.POST.get("application"))
            panel = get_object_or_404(campaign.panels, pk=request.POST.get("panel"))
            svc.assignment_override(application=app, panel=panel, user=user)
            messages.success(
                request, _("%(name)s 已改由“%(panel)s”评议。") % {"name": app.name, "panel": panel.name}
            )
        elif op == "conflict":
            app = get_object_or_404(campaign.applications, pk=request.POST.get("application"))
            expert = get_object_or_404(get_user_model(), pk=request.POST.get("expert") or 0)
            svc.conflict_record(
                application=app, expert=expert, user=user, reason=request.POST.get("reason", "")
            )
            messages.success(request, _("已记录回避。"))
        else:
            messages.error(request, _("未知的操作。"))
    except (ValidationError, PermissionDenied) as e:
        report_error(request, e)
    except (ValueError, LookupError):
        messages.error(request, _("提交的数据不完整，请重试。"))
    return redirect("workflow:panels", pk=pk)
