"""Expert pages: home, reading an application, attachments, conflicts, the score sheet and its PDF."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, JsonResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from awards.documents.annex import sheet_title
from awards.wording import section_labels
from config import clock
from config.actions import REFUSED, attempt
from config.downloads import PDF, attachment_download, download
from config.markup_keys import ROW_CACHE_SECONDS
from scoring import services
from scoring.documents.sheets import sheet_pdf
from scoring.forms import ConflictForm, SheetPostForm, SheetReopenForm, SignatureForm, parse_entries
from scoring.models import Rubric, ScoreSheet, Stage
from scoring.permissions import (
    STAGE_STATES,
    assignment_or_404,
    is_expert,
    is_office,
    may_download_sheet,
    stage_is_open,
)
from scoring.selectors import panels as selectors
from scoring.selectors.kept_rubrics import kept_rubric
from scoring.selectors.sheet import sheet_rows, values_from_sheet
from scoring.services.sheets import onsite_opens_on
from scoring.views._common import stage_or_404


@login_required
def expert_home(request):
    if not is_expert(request.user):
        raise PermissionDenied(_("只有专家可以进入评分工作台。"))
    work = selectors.expert_work(request.user, show=request.GET.get("show", ""), page=request.GET.get("page"))
    return render(request, "scoring/expert_home.html", {"work": work, "row_seconds": ROW_CACHE_SECONDS})


@login_required
def application_read(request, pk: int):
    assignment = assignment_or_404(request.user, pk)
    application = selectors.application_for_expert(pk)
    campaign = assignment.panel.campaign
    stages = [
        (value, label, stage_is_open(campaign, value))
        for value, label in Stage.choices
        if application.state in STAGE_STATES[value]
    ]
    parts = [
        (_("（一）基本情况"), application.section_basic),
        (_("（二）"), application.section_second),
        (_("（三）"), application.section_third),
    ]
    sections = [
        (title or default, text)
        for (title, _hint), (default, text) in zip(
            section_labels(application.campaign.award_type), parts, strict=True
        )
    ]
    return render(
        request,
        "scoring/application_read.html",
        {
            "application": application,
            "assignment": assignment,
            "stages": stages,
            "sections": sections,
            "conflict_form": ConflictForm(),
        },
    )


@login_required
def attachment_file(request, pk: int, attachment_pk: int):
    assignment_or_404(request.user, pk)
    return attachment_download(selectors.attachment_for(pk, attachment_pk))


@login_required
@require_POST
def conflict_declare(request, pk: int):
    assignment = assignment_or_404(request.user, pk)
    form = ConflictForm(request.POST)

    def declare():
        if not form.is_valid():
            raise ValidationError(form.errors["reason"])
        return services.conflict_declare(
            expert=request.user, application=assignment.application, reason=form.cleaned_data["reason"]
        )

    declared = attempt(
        request, declare, success=_("已申报回避，该申报已从您的评议列表中移除，组委会办公室已收到通知。")
    )
    if declared is REFUSED:
        return redirect("scoring:application_read", pk=pk)
    return redirect("scoring:expert_home")


def _wants_json(request) -> bool:
    return "application/json" in request.headers.get("Accept", "")


@login_required
def sheet(request, pk: int, stage: str):
    """评分表 — GET shows it; POST `action=save` autosaves (JSON for the script), `action=submit` signs."""
    stage = stage_or_404(stage)
    assignment = assignment_or_404(request.user, pk, stage)
    application = assignment.application
    campaign = assignment.panel.campaign
    rubric = campaign.award_type.rubric  # read with the assignment (scoring.permissions.assignment_or_404)
    kept = kept_rubric(rubric.pk)  # the criteria, read once per process (decisions 410)
    criteria = kept.criteria
    current = selectors.expert_sheet(request.user, pk, stage)
    values = values_from_sheet(current, criteria)
    errors: dict[str, list[str]] = {}
    signature = SignatureForm(initial={"signature_name": request.user.get_full_name()})
    general: list[str] = []
    if request.method == "POST":
        values, errors = parse_entries(request.POST, criteria, rubric.method, stored=values)
        post = SheetPostForm(request.POST)
        post.is_valid()  # every field is optional; an unknown action is a save, as before
        action = post.cleaned_data.get("action", "save")
        if not errors:
            try:
                if action == "submit":
                    signature = SignatureForm(request.POST)
                    services.sheet_submit(
                        expert=request.user,
                        application=application,
                        stage=stage,
                        entries=values,
                        password=post.cleaned_data.get("password", ""),
                        signature_name=post.cleaned_data.get("signature_name", ""),
                        request=request,
                    )
                    messages.success(request, _("评分表已提交并签名。"))
                    return redirect("scoring:sheet", pk=pk, stage=stage)
                saved = services.sheet_save_draft(
                    expert=request.user, application=application, stage=stage, entries=values
                )
                if _wants_json(request):
                    return JsonResponse(
                        {
                            "ok": True,
                            "total": saved.total,
                            "saved_at": timezone.localtime().strftime("%H:%M:%S"),
                        }
                    )
                messages.success(request, _("草稿已保存。"))
                return redirect("scoring:sheet", pk=pk, stage=stage)
            except PermissionDenied:
                raise Http404
            except ValidationError as exc:
                if hasattr(exc, "error_dict"):
                    for key, errs in exc.message_dict.items():
                        if key in ("password", "signature_name", "__all__"):
                            general.extend(errs)
                        else:
                            errors.setdefault(key, []).extend(errs)
                else:
                    general.extend(exc.messages)
        if _wants_json(request):
            return JsonResponse({"ok": False, "errors": errors, "general": general}, status=400)
    opens_on = onsite_opens_on(assignment, campaign) if stage == Stage.ONSITE else None
    locked = (
        (current is not None and current.state == ScoreSheet.State.SUBMITTED)
        or not stage_is_open(campaign, stage)
        or opens_on is not None
    )
    rows = sheet_rows(rubric, criteria, values, errors, reading=kept.key)
    running = sum(v.points for v in values.values() if v.points is not None)
    return render(
        request,
        "scoring/sheet.html",
        {
            "application": application,
            "campaign": campaign,
            "stage": stage,
            "stage_label": Stage(stage).label,
            "sheet_title": sheet_title(campaign.award_type),
            "stage_open": stage_is_open(campaign, stage),
            "opens_on": opens_on,
            "rubric": rubric,
            "rubric_key": kept.key,
            "is_aspects": rubric.method == Rubric.Method.ASPECTS,
            "rows": rows,
            "row_seconds": ROW_CACHE_SECONDS,
            "sheet": current,
            "locked": locked,
            "running_total": running,
            "signature": signature,
            "general_errors": general,
            "has_errors": bool(errors or general),
            "today": clock.today(campaign),
            "js_messages": _js_messages(),
        },
        status=400 if (errors or general) else 200,
    )


def _js_messages() -> dict[str, str]:
    return {
        "integer": _("得分必须是整数。"),
        "band": _("得分 %(v)s 不在允许的分数段 %(low)s~%(high)s 内。"),
        "notSaved": _("有不在分数段内的得分，未自动保存。"),
        "saving": _("正在保存…"),
        "saved": _("已自动保存 %(time)s"),
        "failed": _("未保存："),
        "separator": _("；"),  # between the refusals after "failed" (docs/decisions.md 466)
        "network": _("网络错误，未能自动保存，请稍后点击“保存草稿”。"),
        "fixFirst": _("有不在分数段内的得分，请更正后再提交。"),
    }


@login_required
def sheet_document(request, sheet_pk: int):
    """The signed sheet as PDF: for the expert who signed it and for the office."""
    record = selectors.sheet_for_document(sheet_pk)
    if record is None or not may_download_sheet(request.user, record):
        raise Http404
    return download(sheet_pdf(record), filename=f"score-sheet-{record.pk}.pdf", content_type=PDF)


@login_required
@require_POST
def sheet_reopen(request, sheet_pk: int):
    if not is_office(request.user):
        raise PermissionDenied(_("只有组委会办公室可以退回评分表。"))
    record = selectors.sheet_or_404(sheet_pk)
    form = SheetReopenForm(request.POST)
    form.is_valid()  # the service says when the reason is missing
    attempt(
        request,
        services.sheet_reopen,
        sheet=record,
        user=request.user,
        reason=form.cleaned_data.get("reason", ""),
        success=_("评分表已退回专家修改。"),
    )
    return redirect("scoring:panel_results", panel_pk=record.panel_id, stage=record.stage)
