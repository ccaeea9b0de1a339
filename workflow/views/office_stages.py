"""组委会办公室: material review and on-site stages (第十七、十八条) and the composite ranking (第二十条)."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from awards.permissions import office_required
from config.client_ip import client_ip
from scoring.models import Stage
from scoring.services.ranking import compute_ranking
from scoring.services.results import panel_results_compute
from workflow import office_selectors as sel
from workflow import office_stages as svc
from workflow.views._common import campaign_or_404, report_error


def _stage_or_404(stage: str) -> str:
    if stage not in Stage.values:
        raise Http404
    return stage


@office_required
def stage(request, pk: int, stage: str):
    campaign = campaign_or_404(pk)
    context = sel.stage_page(campaign, _stage_or_404(stage))
    context["stage_label"] = Stage(stage).label
    return render(request, "workflow/office/stage.html", context)


@office_required
@require_POST
def stage_action(request, pk: int, stage: str):
    campaign = campaign_or_404(pk)
    _stage_or_404(stage)
    op = request.POST.get("op")
    try:
        if op == "remind":
            n = svc.reminders_send(campaign=campaign, stage=stage, user=request.user)
            messages.success(request, _("已提醒 %(n)s 位专家。") % {"n": n})
        elif op == "compute":
            results = panel_results_compute(campaign=campaign, stage=stage)
            messages.success(request, _("已计算 %(n)s 份申报的评议组得分。") % {"n": len(results)})
        elif op == "shortlist":
            yes, no = svc.shortlist_apply(
                campaign=campaign,
                user=request.user,
                selected_ids=request.POST.getlist("selected"),
                ip=client_ip(request),
            )
            messages.success(request, _("入围 %(yes)s 人，未入围 %(no)s 人。") % {"yes": yes, "no": no})
        elif op == "schedule":
            rows = []
            for app_id in request.POST.getlist("app"):
                order = request.POST.get(f"order-{app_id}", "").strip()
                rows.append(
                    {
                        "application_id": int(app_id),
                        "date": svc.parse_date(request.POST.get(f"date-{app_id}", "").strip()),
                        "room": request.POST.get(f"room-{app_id}", "").strip(),
                        "order": int(order) if order.isdigit() else None,
                        "slot": request.POST.get(f"slot-{app_id}", "").strip(),
                    }
                )
            n = svc.schedule_save(campaign=campaign, user=request.user, rows=rows)
            messages.success(request, _("已保存 %(n)s 人的现场展示安排。") % {"n": n})
        elif op == "send_schedule":
            n = svc.schedule_send(campaign=campaign, user=request.user)
            messages.success(request, _("已向 %(n)s 位入围者及评议组专家发送现场展示安排。") % {"n": n})
        else:
            messages.error(request, _("未知的操作。"))
    except (ValidationError, PermissionDenied) as e:
        report_error(request, e)
    return redirect("workflow:stage", pk=pk, stage=stage)


@office_required
def ranking(request, pk: int):
    campaign = campaign_or_404(pk)
    return render(request, "workflow/office/ranking.html", sel.ranking_page(campaign))


@office_required
@require_POST
def ranking_action(request, pk: int):
    campaign = campaign_or_404(pk)
    op = request.POST.get("op")
    try:
        if op == "compute":
            compute_ranking(campaign=campaign, user=request.user)
            messages.success(request, _("已重新计算综合排名。"))
        elif op == "apply":
            current = campaign.rankings.filter(is_current=True).first()
            if current is None or str(current.pk) != request.POST.get("ranking"):
                raise ValidationError(_("综合排名已变化，请核对后再形成名单。"))
            counts = svc.ranking_lists_apply(
                campaign=campaign, user=request.user, ranking=current, ip=client_ip(request)
            )
            messages.success(
                request,
                _("建议名单 %(r)s 人，提名 %(n)s 人，未列入 %(x)s 人；并列待组委会裁定 %(t)s 人。")
                % {
                    "r": counts["recommended"],
                    "n": counts["nominated"],
                    "x": counts["not_recommended"],
                    "t": counts["left"],
                },
            )
        else:
            messages.error(request, _("未知的操作。"))
    except (ValidationError, PermissionDenied) as e:
        report_error(request, e)
    return redirect("workflow:ranking", pk=pk)
