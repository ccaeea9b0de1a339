"""组委会办公室: material review and on-site stages (第十七、十八条) and the composite ranking (第二十条).
One view per action; each returns to its page."""

from functools import wraps

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from awards.permissions import office_required
from config.client_ip import client_ip
from scoring.models import Stage
from scoring.services.ranking import compute_ranking
from scoring.services.results import panel_results_compute
from workflow import forms
from workflow.selectors.campaigns import campaign_or_404
from workflow.selectors.stages import current_ranking, ranking_page, stage_page
from workflow.services import confirmations
from workflow.services import stages as svc
from workflow.views._common import confirm_first, office_action


def _stage_or_404(stage: str) -> str:
    if stage not in Stage.values:
        raise Http404
    return stage


@office_required
def stage(request, pk: int, stage: str):
    campaign = campaign_or_404(pk)
    context = stage_page(campaign, _stage_or_404(stage))
    context["stage_label"] = Stage(stage).label
    return render(request, "workflow/office/stage.html", context)


def _back_to_stage(pk, stage):
    return redirect("workflow:stage", pk=pk, stage=stage)


def stage_action(form_class, confirm=None):
    """An action of a stage page: office only, POST, a known stage, the form, back to the stage page; with
    `confirm(request, campaign)`, asked first (confirm_first)."""

    def decorator(action):
        inner = office_action(form_class, back=_back_to_stage)(action)
        if confirm is not None:
            inner = confirm_first(lambda request, pk, stage: confirm(request, campaign_or_404(pk)))(inner)

        @wraps(action)
        def view(request, pk: int, stage: str):
            return inner(request, pk, stage=_stage_or_404(stage))

        return office_required(require_POST(view))

    return decorator


@stage_action(None)
def stage_remind(request, campaign, data, stage):
    n = svc.reminders_send(campaign=campaign, stage=stage, user=request.user)
    messages.success(request, _("已提醒 %(n)s 位专家。") % {"n": n})


@stage_action(None)
def stage_compute(request, campaign, data, stage):
    results = panel_results_compute(campaign=campaign, stage=stage)
    messages.success(request, _("已计算 %(n)s 份申报的评议组得分。") % {"n": len(results)})


@stage_action(
    forms.ShortlistForm,
    confirm=lambda request, campaign: confirmations.for_shortlist(
        campaign, len(request.POST.getlist("selected"))
    ),
)
def stage_shortlist(request, campaign, data, stage):
    yes, no = svc.shortlist_apply(
        campaign=campaign,
        user=request.user,
        selected_ids=[a.pk for a in data["selected"]],
        ip=client_ip(request),
    )
    messages.success(request, _("入围 %(yes)s 人，未入围 %(no)s 人。") % {"yes": yes, "no": no})


@stage_action(forms.ScheduleForm)
def stage_schedule_save(request, campaign, data, stage):
    n = svc.schedule_save(campaign=campaign, user=request.user, rows=data["rows"])
    messages.success(request, _("已保存 %(n)s 人的现场展示安排。") % {"n": n})


@stage_action(None, confirm=lambda request, campaign: confirmations.for_schedule_send(campaign))
def stage_schedule_send(request, campaign, data, stage):
    n = svc.schedule_send(campaign=campaign, user=request.user)
    messages.success(request, _("已向 %(n)s 位入围者及评议组专家发送现场展示安排。") % {"n": n})


@office_required
def ranking(request, pk: int):
    campaign = campaign_or_404(pk)
    context = ranking_page(campaign, normalise=request.GET.get("normalise", "").strip())
    return render(request, "workflow/office/ranking.html", context)


def _back_to_ranking(pk):
    return redirect("workflow:ranking", pk=pk)


@office_required
@require_POST
@office_action(None, back=_back_to_ranking)
def ranking_compute(request, campaign, data):
    compute_ranking(campaign=campaign, user=request.user)
    messages.success(request, _("已重新计算综合排名。"))


@office_required
@require_POST
@confirm_first(
    lambda request, pk: (
        confirmations.for_ranking_apply(campaign_or_404(pk))
        if forms.RankingApplyForm(request.POST).is_valid()
        else None
    )
)
@office_action(forms.RankingApplyForm, back=_back_to_ranking)
def ranking_apply(request, campaign, data):
    current = current_ranking(campaign)
    if current is None or current.pk != data["ranking"]:
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
