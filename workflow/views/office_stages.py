"""组委会办公室: material review and on-site stages (第十七、十八条) and the composite ranking (第二十条).
One view per action; each reads its form, runs one service through `config.actions.attempt` and returns to its
page."""

from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from awards.permissions import office_required
from awards.selectors.campaigns import campaign_or_404
from config.actions import attempt
from config.client_ip import client_ip
from scoring.models import Stage
from scoring.services.ranking import compute_ranking
from scoring.services.results import panel_results_compute
from scoring.views._common import stage_or_404
from workflow import forms
from workflow.pagecache import office_page
from workflow.selectors.stages import current_ranking, ranking_page, stage_page
from workflow.services import confirmations
from workflow.services import stages as svc
from workflow.views._common import confirm_first, form_is_valid


@office_required
def stage(request, pk: int, stage: str):
    campaign = campaign_or_404(pk)
    context = stage_page(campaign, stage_or_404(stage))
    context["stage_label"] = Stage(stage).label
    return render(request, "workflow/office/stage.html", context)


def _back_to_stage(pk, stage):
    return redirect("workflow:stage", pk=pk, stage=stage)


@office_required
@require_POST
def stage_remind(request, pk: int, stage: str):
    campaign, stage = campaign_or_404(pk), stage_or_404(stage)
    attempt(
        request,
        svc.reminders_send,
        campaign=campaign,
        stage=stage,
        user=request.user,
        success=lambda n: _("已提醒 %(n)s 位专家。") % {"n": n},
    )
    return _back_to_stage(pk, stage)


@office_required
@require_POST
def stage_compute(request, pk: int, stage: str):
    campaign, stage = campaign_or_404(pk), stage_or_404(stage)
    attempt(
        request,
        panel_results_compute,
        campaign=campaign,
        stage=stage,
        success=lambda results: _("已计算 %(n)s 份申报的评议组得分。") % {"n": len(results)},
    )
    return _back_to_stage(pk, stage)


def _confirm_shortlist(request, pk: int, stage: str):
    stage_or_404(stage)
    return confirmations.for_shortlist(campaign_or_404(pk), len(request.POST.getlist("selected")))


@office_required
@require_POST
@confirm_first(_confirm_shortlist)
def stage_shortlist(request, pk: int, stage: str):
    campaign, stage = campaign_or_404(pk), stage_or_404(stage)
    form = forms.ShortlistForm(request.POST, campaign=campaign)
    if form_is_valid(request, form):
        attempt(
            request,
            svc.shortlist_apply,
            campaign=campaign,
            user=request.user,
            selected_ids=[a.pk for a in form.cleaned_data["selected"]],
            ip=client_ip(request),
            success=lambda counts: (
                _("入围 %(yes)s 人，未入围 %(no)s 人。") % {"yes": counts[0], "no": counts[1]}
            ),
        )
    return _back_to_stage(pk, stage)


@office_required
@require_POST
def stage_schedule_save(request, pk: int, stage: str):
    campaign, stage = campaign_or_404(pk), stage_or_404(stage)
    form = forms.ScheduleForm(request.POST, campaign=campaign)
    if form_is_valid(request, form):
        attempt(
            request,
            svc.schedule_save,
            campaign=campaign,
            user=request.user,
            rows=form.cleaned_data["rows"],
            success=lambda n: _("已保存 %(n)s 人的现场展示安排。") % {"n": n},
        )
    return _back_to_stage(pk, stage)


def _confirm_schedule_send(request, pk: int, stage: str):
    stage_or_404(stage)
    return confirmations.for_schedule_send(campaign_or_404(pk))


@office_required
@require_POST
@confirm_first(_confirm_schedule_send)
def stage_schedule_send(request, pk: int, stage: str):
    campaign, stage = campaign_or_404(pk), stage_or_404(stage)
    attempt(
        request,
        svc.schedule_send,
        campaign=campaign,
        user=request.user,
        success=lambda n: _("已向 %(n)s 位入围者及评议组专家发送现场展示安排。") % {"n": n},
    )
    return _back_to_stage(pk, stage)


@office_required
@office_page(inputs=True)
def ranking(request, pk: int):
    campaign = campaign_or_404(pk)
    context = ranking_page(campaign, normalise=request.GET.get("normalise", "").strip())
    return render(request, "workflow/office/ranking.html", context)


def _back_to_ranking(pk):
    return redirect("workflow:ranking", pk=pk)


@office_required
@require_POST
def ranking_compute(request, pk: int):
    campaign = campaign_or_404(pk)
    attempt(request, compute_ranking, campaign=campaign, user=request.user, success=_("已重新计算综合排名。"))
    return _back_to_ranking(pk)


def _ranking_lists_apply(request, campaign, ranking_pk: int) -> dict:
    current = current_ranking(campaign)
    if current is None or current.pk != ranking_pk:
        raise ValidationError(_("综合排名已变化，请核对后再形成名单。"))
    return svc.ranking_lists_apply(
        campaign=campaign, user=request.user, ranking=current, ip=client_ip(request)
    )


@office_required
@require_POST
@confirm_first(
    lambda request, pk: (
        confirmations.for_ranking_apply(campaign_or_404(pk))
        if forms.RankingApplyForm(request.POST).is_valid()
        else None
    )
)
def ranking_apply(request, pk: int):
    campaign = campaign_or_404(pk)
    form = forms.RankingApplyForm(request.POST)
    if form_is_valid(request, form):
        attempt(
            request,
            _ranking_lists_apply,
            request,
            campaign,
            form.cleaned_data["ranking"],
            success=lambda counts: (
                _("建议名单 %(r)s 人，提名 %(n)s 人，未列入 %(x)s 人；并列待组委会裁定 %(t)s 人。")
                % {
                    "r": counts["recommended"],
                    "n": counts["nominated"],
                    "x": counts["not_recommended"],
                    "t": counts["left"],
                }
            ),
        )
    return _back_to_ranking(pk)
