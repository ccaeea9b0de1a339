"""Panel pages for the office and the chair: results, the panel's opinion, rater analytics, the score matrix."""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from awards.selectors.campaigns import campaign_or_404
from config.actions import attempt
from config.client_ip import client_ip
from config.downloads import XLSX, download
from scoring import services
from scoring.documents.sheets import score_matrix_xlsx
from scoring.forms import ComputeForm, OpinionForm, OpinionPostForm, ShortlistConfirmForm
from scoring.models import Panel, Stage
from scoring.permissions import chair_may_see_scores, is_chair, is_office, stage_is_open
from scoring.selectors import panels as selectors
from scoring.selectors.analytics import panel_analytics
from scoring.views._common import stage_or_404


def _panel_for(request, panel_pk: int, stage: str) -> tuple[Panel, bool, bool]:
    """The panel with (office, chair) if the user is the office or its chair (else 404, never revealing it)."""
    stage_or_404(stage)
    panel = selectors.panel_or_404(panel_pk)
    office, chair = is_office(request.user), is_chair(request.user, panel)
    if not (office or chair):
        raise Http404
    return panel, office, chair


def _stage_context(panel, stage: str, data) -> dict:
    return {"panel": panel, "stage": stage, "stage_label": Stage(stage).label, "data": data}


@login_required
def panel_results(request, panel_pk: int, stage: str):
    panel, office, chair = _panel_for(request, panel_pk, stage)
    data = selectors.panel_stage_data(panel, stage)
    if not chair_may_see_scores(data, office=office):
        return render(request, "scoring/panel_wait.html", {"panel": panel, "data": data}, status=200)
    opinion_form = OpinionForm(initial={"opinion": data.opinion.opinion if data.opinion else ""})
    return render(
        request,
        "scoring/panel_results.html",
        {
            **_stage_context(panel, stage, data),
            "rows": selectors.panel_result_rows(data),
            "office": office,
            "chair": chair,
            "opinion_form": opinion_form,
            "stage_open": stage_is_open(panel.campaign, stage),
            "shortlist": selectors.shortlist_context(panel, stage, chair=chair),
        },
    )


@login_required
@require_POST
def panel_shortlist_confirm(request, panel_pk: int):
    """组长确认（或附理由调整）入围名单 (第十七条)."""
    panel, _office, _chair = _panel_for(request, panel_pk, Stage.MATERIAL)
    form = ShortlistConfirmForm(request.POST)
    form.is_valid()  # optional fields; the service checks the list and the reason
    attempt(
        request,
        services.shortlist_confirm,
        panel=panel,
        user=request.user,
        shortlisted_ids=form.cleaned_data.get("shortlisted", []),
        reason=form.cleaned_data.get("reason", ""),
        ip=client_ip(request),
        success=_("评议组已确认入围名单。"),
    )
    return redirect("scoring:panel_results", panel_pk=panel.pk, stage=Stage.MATERIAL)


@login_required
@require_POST
def panel_results_compute(request, campaign_pk: int, stage: str):
    if not is_office(request.user):
        raise PermissionDenied(_("只有组委会办公室可以计算评议组得分。"))
    stage_or_404(stage)
    campaign = campaign_or_404(campaign_pk)
    attempt(
        request,
        services.panel_results_compute,
        campaign=campaign,
        stage=stage,
        success=lambda results: _("已计算 %(n)s 份申报的评议组得分。") % {"n": len(results)},
    )
    form = ComputeForm(request.POST)
    if form.is_valid() and form.cleaned_data["panel"]:
        return redirect("scoring:panel_results", panel_pk=form.cleaned_data["panel"], stage=stage)
    return redirect("awards:campaign_detail", pk=campaign.pk)


@login_required
@require_POST
def panel_opinion(request, panel_pk: int, stage: str):
    panel, _office, _chair = _panel_for(request, panel_pk, stage)
    form = OpinionPostForm(request.POST)
    form.is_valid()  # optional fields; the service says what is missing
    attempt(
        request,
        services.panel_opinion_save,
        panel=panel,
        stage=stage,
        user=request.user,
        opinion=form.cleaned_data.get("opinion", ""),
        recommended_ids=form.cleaned_data.get("recommended", []),
        success=_("评议组意见已保存。"),
    )
    return redirect("scoring:panel_results", panel_pk=panel.pk, stage=stage)


@login_required
def panel_analytics_page(request, panel_pk: int, stage: str):
    panel, office, _chair = _panel_for(request, panel_pk, stage)
    data = selectors.panel_stage_data(panel, stage)
    if not chair_may_see_scores(data, office=office):
        return render(request, "scoring/panel_wait.html", {"panel": panel, "data": data})
    context = {**_stage_context(panel, stage, data), "a": panel_analytics(data)}
    return render(request, "scoring/panel_analytics.html", context)


@login_required
def panel_matrix(request, panel_pk: int, stage: str):
    panel, office, _chair = _panel_for(request, panel_pk, stage)
    data = selectors.panel_stage_data(panel, stage)
    if not chair_may_see_scores(data, office=office):
        raise Http404
    content = score_matrix_xlsx(campaign=panel.campaign, stage=stage, panel=panel, user=request.user)
    return download(content, filename=f"score-matrix-{panel.pk}-{stage}.xlsx", content_type=XLSX)
