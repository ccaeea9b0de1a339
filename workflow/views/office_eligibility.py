"""组委会办公室: eligibility review (资格审查, 第十六条) — queue with filters, checklist, decisions, bulk."""

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.functional import SimpleLazyObject
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from awards.eligibility import threshold_problems
from awards.models import Application
from awards.permissions import office_required
from awards.selectors.campaigns import campaign_or_404
from awards.services.employers import employer_confirm as confirm
from config.actions import REFUSED, attempt, report_refusal
from config.client_ip import client_ip
from config.downloads import attachment_download
from config.pagecache import office_version
from scoring.selectors.panels import attachment_for
from workflow.forms import (
    BulkEligibilityForm,
    DecisionForm,
    EligibilityFilterForm,
    EligibilityReviewForm,
    EmployerConfirmForm,
    form_errors,
)
from workflow.pagecache import office_page
from workflow.selectors.eligibility import (
    application_for_review,
    applications_of,
    eligibility_queue_page,
    organization_or_404,
)
from workflow.services import confirmations
from workflow.services.eligibility import eligibility_decide, eligibility_review_save, supplement_request
from workflow.views._common import confirm_first


@office_required
# a typed 姓名或编号 (perhaps a resident ID) is never kept in the cache, not even in a key (docs/decisions.md 413)
@office_page(bypass=lambda request: request.GET.get("q", "").strip())
def queue(request, pk: int):
    campaign = campaign_or_404(pk)
    filters = EligibilityFilterForm(request.GET or None, campaign=campaign)
    params = filters.cleaned_data if filters.is_valid() else {}
    filters_given = {k: v for k, v in params.items() if v}
    return render(
        request,
        "workflow/office/eligibility_queue.html",
        {
            "campaign": campaign,
            # computed only when the template's cached table is not in the cache (docs/decisions.md 113)
            "queue": SimpleLazyObject(
                lambda: eligibility_queue_page(campaign, request.GET.get("page"), **filters_given)
            ),
            "office_version": office_version(campaign.pk),
            "cache_seconds": settings.OFFICE_CACHE_SECONDS,
            "filters": filters,
            # what the cached filter selects show chosen (the typed 姓名或编号 is rendered outside the cache)
            "filter_choices": [request.GET.getlist(name) for name in ("domain", "unit", "state", "flag")],
            "bulk": BulkEligibilityForm(),
        },
    )


def _confirm_decision(request, pk: int):
    """Only the decision (合格 / 不合格 / 退回补正) is asked first; saving the checklist is not final."""
    if "decide" not in request.POST:
        return None
    decision = DecisionForm(request.POST, prefix="decision")
    if not decision.is_valid():
        return None
    try:
        application = application_for_review(pk)
    except Application.DoesNotExist:
        raise Http404
    if application.state != Application.State.SUBMITTED:
        return None
    return confirmations.for_eligibility(application, decision.cleaned_data["decision"])


@office_required
@confirm_first(_confirm_decision)
def review(request, pk: int):
    try:
        application = application_for_review(pk)
    except Application.DoesNotExist:
        raise Http404
    existing = getattr(application, "eligibility_review", None)
    checklist = EligibilityReviewForm(
        request.POST if "save_review" in request.POST else None,
        initial=EligibilityReviewForm.initial_from(existing),
        prefix="review",
    )
    decision = DecisionForm(request.POST if "decide" in request.POST else None, prefix="decision")
    if request.method == "POST":
        if "save_review" in request.POST and checklist.is_valid():
            saved = attempt(
                request,
                lambda: eligibility_review_save(
                    application=application, user=request.user, **checklist.values()
                ),
                success=_("资格审查清单已保存。"),
            )
            if saved is not REFUSED:
                return redirect("workflow:eligibility_review", pk=pk)
        elif "decide" in request.POST and decision.is_valid():
            if attempt(request, _decide, request, application, decision.cleaned_data) is not REFUSED:
                return redirect("workflow:eligibility_queue", pk=application.campaign_id)
    return render(
        request,
        "workflow/office/eligibility_review.html",
        {
            "application": application,
            "campaign": application.campaign,
            "checklist": checklist,
            "decision": decision,
            "problems": threshold_problems(application),
            "supplements": application.supplement_requests.all(),
        },
    )


def _decide(request, application, data) -> None:
    choice, reason = data["decision"], data.get("reason", "")
    if choice == "return_for_supplement":
        supplement_request(
            application=application,
            user=request.user,
            message=reason,
            deadline=data["deadline"],
            ip=client_ip(request),
        )
        messages.success(request, _("已退回补正，并通知申报人。"))
        return
    eligibility_decide(
        application=application,
        user=request.user,
        eligible=choice == "declare_eligible",
        reason=reason,
        ip=client_ip(request),
    )
    application.refresh_from_db(fields=["number", "state"])
    if choice == "declare_eligible":
        messages.success(
            request,
            _("%(name)s 资格审查合格，编号 %(number)s。")
            % {"name": application.name, "number": application.number},
        )
    else:
        messages.success(request, _("%(name)s 资格审查不合格。") % {"name": application.name})


@office_required
@require_POST
def bulk(request, pk: int):
    """批量操作: the first post shows what will happen; the confirmed post does it, all or nothing."""
    campaign = campaign_or_404(pk)
    form = BulkEligibilityForm(request.POST)
    valid = form.is_valid()
    apps = applications_of(campaign, form.selected_ids())
    query = form.queue_query()
    back = reverse("workflow:eligibility_queue", args=[pk]) + (f"?{query}" if query else "")
    if not apps:
        messages.error(request, _("请先勾选要批量处理的申报。"))
        return redirect(back)
    if not valid:
        for e in form_errors(form):
            messages.error(request, e)
        return redirect(back)
    action = form.cleaned_data["action"]
    if not form.cleaned_data.get("confirmed"):
        return render(
            request,
            "workflow/office/eligibility_bulk_confirm.html",
            {
                "campaign": campaign,
                "apps": apps,
                "action": action,
                "action_label": dict(BulkEligibilityForm.ACTIONS)[action],
                "reason": form.cleaned_data.get("reason", ""),
                "ids": ",".join(str(a.pk) for a in apps),
                "back": query,
                "back_url": back,
            },
        )
    try:
        with transaction.atomic():
            for app in apps:
                eligibility_decide(
                    application=app,
                    user=request.user,
                    eligible=action == "declare_eligible",
                    reason=form.cleaned_data.get("reason", ""),
                    ip=client_ip(request),
                )
    except (ValidationError, PermissionDenied) as e:
        messages.error(request, _("批量操作未执行（全部撤回）：%(name)s —") % {"name": app.name})
        report_refusal(request, e)
    else:
        messages.success(request, _("已批量处理 %(n)s 份申报。") % {"n": len(apps)})
    return redirect(back)


@office_required
def attachment(request, pk: int, attachment_pk: int):
    """资格审查: the office opens an application's evidence or photo in the browser (第十六条: 申报材料的完整性和真实性)."""
    return attachment_download(attachment_for(pk, attachment_pk))


@office_required
@require_POST
def employer_confirm(request, pk: int):
    """确认申报人新填写的工作单位; the unit gets its account invitation (awards.services.employer_confirm)."""
    organization = organization_or_404(pk)
    attempt(
        request,
        confirm,
        organization=organization,
        user=request.user,
        password_url=lambda uid, token: request.build_absolute_uri(
            reverse("password_reset_confirm", args=[uid, token])
        ),
        success=_("已确认单位“%(org)s”。") % {"org": organization.name},
    )
    form = EmployerConfirmForm(request.POST)
    application = form.cleaned_data.get("application") if form.is_valid() else None
    if application:
        return redirect("workflow:eligibility_review", pk=application)
    return redirect("workflow:office_home")
