"""Panel pages for the office and the chair: results, the panel's opinion, rater analytics, the score matrix."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from awards.models import Campaign
from config.downloads import XLSX, download
from scoring import selectors, services
from scoring.analytics import panel_analytics
from scoring.documents import score_matrix_xlsx
from scoring.forms import OpinionForm
from scoring.models import Panel, Stage
from scoring.permissions import is_chair, is_office, stage_is_open


def _panel_for(request, panel_pk: int, stage: str) -> tuple[Panel, bool]:
    """The panel, if the user is the office or its chair; the chair sees results only once every sheet of the
    stage is in or the stage is closed (nothing from other experts' sheets before that)."""
    if stage not in Stage.values:
        raise Http404
    panel = get_object_or_404(Panel.objects.select_related("campaign__award_type"), pk=panel_pk)
    office = is_office(request.user)
    if not office and not is_chair(request.user, panel):
        raise Http404
    return panel, office


def _chair_may_see(data, office: bool) -> bool:
    return office or data.missing == 0 or not stage_is_open(data.panel.campaign, data.stage)


@login_required
def panel_results(request, panel_pk: int, stage: str):
    panel, office = _panel_for(request, panel_pk, stage)
    data = selectors.panel_stage_data(panel, stage)
    if not _chair_may_see(data, office):
        return render(request, "scoring/panel_wait.html", {"panel": panel, "data": data}, status=200)
    chair = is_chair(request.user, panel)
    opinion_form = OpinionForm(initial={"opinion": data.opinion.opinion if data.opinion else ""})
    recommended = {a.id for a in data.opinion.recommended.all()} if data.opinion else set()
    rows = []
    for app in data.applications:
        cells = [
            (e, data.sheets.get((e.id, app.id)), (e.id, app.id) in data.expected.get(app.id, []))
            for e in data.experts
        ]
        rows.append((app, cells, data.results.get(app.id), app.id in recommended))
    return render(
        request,
        "scoring/panel_results.html",
        {
            "panel": panel,
            "stage": stage,
            "stage_label": Stage(stage).label,
            "data": data,
            "rows": rows,
            "office": office,
            "chair": chair,
            "opinion_form": opinion_form,
            "stage_open": stage_is_open(panel.campaign, stage),
            "shortlist": _shortlist_context(panel, stage, chair),
        },
    )


def _shortlist_context(panel, stage: str, chair: bool) -> dict | None:
    """第十七条: the shortlist the office prepared and the panel's confirmation (material stage only)."""
    from scoring.services.shortlist import panel_shortlist_state

    if stage != Stage.MATERIAL:
        return None
    apps, prepared, undecided = panel_shortlist_state(panel)
    latest = (
        panel.shortlist_confirmations.select_related("confirmed_by").order_by("-confirmed_at", "-id").first()
    )
    return {
        "apps": apps,
        "prepared": set(prepared),
        "undecided": undecided,
        "current": latest if latest and sorted(latest.shortlisted) == prepared else None,
        "may_confirm": chair and panel.campaign.phase == Campaign.Phase.MATERIAL_REVIEW and not undecided,
    }


@login_required
@require_POST
def panel_shortlist_confirm(request, panel_pk: int):
    """组长确认（或附理由调整）入围名单 (第十七条)."""
    panel, _office = _panel_for(request, panel_pk, Stage.MATERIAL)
    try:
        services.shortlist_confirm(
            panel=panel,
            user=request.user,
            shortlisted_ids=[v for v in request.POST.getlist("shortlisted") if v.isdigit()],
            reason=request.POST.get("reason", ""),
            ip=request.META.get("REMOTE_ADDR"),
        )
        messages.success(request, _("评议组已确认入围名单。"))
    except PermissionDenied as exc:
        messages.error(request, str(exc))
    except ValidationError as exc:
        messages.error(request, "；".join(exc.messages))
    return redirect("scoring:panel_results", panel_pk=panel.pk, stage=Stage.MATERIAL)


@login_required
@require_POST
def panel_results_compute(request, campaign_pk: int, stage: str):
    if not is_office(request.user):
        raise PermissionDenied(_("只有组委会办公室可以计算评议组得分。"))
    if stage not in Stage.values:
        raise Http404
    campaign = get_object_or_404(Campaign, pk=campaign_pk)
    try:
        results = services.panel_results_compute(campaign=campaign, stage=stage)
        messages.success(request, _("已计算 %(n)s 份申报的评议组得分。") % {"n": len(results)})
    except ValidationError as exc:
        messages.error(request, "；".join(exc.messages))
    panel_pk = request.POST.get("panel")
    if panel_pk and panel_pk.isdigit():
        return redirect("scoring:panel_results", panel_pk=int(panel_pk), stage=stage)
    return redirect("awards:campaign_detail", pk=campaign.pk)


@login_required
@require_POST
def panel_opinion(request, panel_pk: int, stage: str):
    panel, _office = _panel_for(request, panel_pk, stage)
    try:
        services.panel_opinion_save(
            panel=panel,
            stage=stage,
            user=request.user,
            opinion=request.POST.get("opinion", ""),
            recommended_ids=[v for v in request.POST.getlist("recommended") if v.isdigit()],
        )
        messages.success(request, _("评议组意见已保存。"))
    except PermissionDenied as exc:
        messages.error(request, str(exc))
    except ValidationError as exc:
        messages.error(request, "；".join(exc.messages))
    return redirect("scoring:panel_results", panel_pk=panel.pk, stage=stage)


@login_required
def panel_analytics_page(request, panel_pk: int, stage: str):
    panel, office = _panel_for(request, panel_pk, stage)
    data = selectors.panel_stage_data(panel, stage)
    if not _chair_may_see(data, office):
        return render(request, "scoring/panel_wait.html", {"panel": panel, "data": data})
    return render(
        request,
        "scoring/panel_analytics.html",
        {
            "panel": panel,
            "stage": stage,
            "stage_label": Stage(stage).label,
            "data": data,
            "a": panel_analytics(data),
        },
    )


@login_required
def panel_matrix(request, panel_pk: int, stage: str):
    panel, office = _panel_for(request, panel_pk, stage)
    data = selectors.panel_stage_data(panel, stage)
    if not _chair_may_see(data, office):
        raise Http404
    content = score_matrix_xlsx(campaign=panel.campaign, stage=stage, panel=panel, user=request.user)
    return download(content, filename=f"score-matrix-{panel.pk}-{stage}.xlsx", content_type=XLSX)
