"""个人信息保护 pages (issue 25 items 3–4): the privacy notice, /me/privacy/ (consents, download all my data,
correction and deletion requests) and the security officer's "who saw what" log. The office's pages of the
requests are workflow's (workflow/views/office_data_requests.py)."""

import datetime

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from awards.forms import DataRequestForm
from awards.models import AccessLog, Campaign, Consent, DataRequest
from awards.permissions import security_officer_required
from awards.services import privacy
from config.actions import REFUSED, attempt
from config.downloads import PDF, download

ACCESS_LOG_LIMIT = 500


@require_GET
def privacy_notice(request):
    return render(request, "awards/privacy_notice.html", {"version": privacy.notice_version()})


@login_required
def my_privacy(request):
    return render(
        request,
        "awards/my_privacy.html",
        {
            "consents": privacy.consents_of(request.user),
            "requests": privacy.requests_of(request.user),
            "version": privacy.notice_version(),
            "retention": privacy.retention_of(request.user),
            "form": DataRequestForm(),
        },
    )


@login_required
@require_GET
def my_data(request, fmt: str):
    """下载我的全部数据 (PIPL 第四十五条): JSON (machine-readable) or PDF (to read and print)."""
    stamp = datetime.date.today().isoformat()
    if fmt == "json":
        return download(
            privacy.my_data_json(request.user),
            filename=f"my-data-{stamp}.json",
            content_type="application/json",
        )
    if fmt == "pdf":
        return download(privacy.my_data_pdf(request.user), filename=f"my-data-{stamp}.pdf", content_type=PDF)
    raise Http404


@login_required
@require_POST
def consent(request, purpose: str, action: str):
    if purpose not in Consent.Purpose.values or action not in ("give", "withdraw"):
        raise Http404
    if action == "give":
        if purpose == Consent.Purpose.PUBLICATION:
            raise Http404  # publication is agreed per application, on its form beside the preview
        privacy.consent_give(user=request.user, purpose=purpose)
        messages.success(request, _("已记录您的同意（告知版本 %(v)s）。") % {"v": privacy.notice_version()})
        back = request.POST.get("next", "")
        if back and url_has_allowed_host_and_scheme(back, allowed_hosts={request.get_host()}):
            return redirect(back)
    else:
        taken_down = privacy.consent_withdraw(user=request.user, purpose=purpose)
        if purpose == Consent.Purpose.PUBLICATION:
            messages.success(
                request,
                _("已撤回公开同意：%(n)s 份申报的公开简介与代表性成果已从公开页面撤下。") % {"n": taken_down},
            )
        else:
            messages.success(request, _("已撤回同意。已提交的申报材料仍按《活动办法》第三十一条保存。"))
    return redirect("awards:my_privacy")


@login_required
@require_POST
def data_request(request, kind: str):
    if kind not in DataRequest.Kind.values:
        raise Http404
    form = DataRequestForm(request.POST)
    form.is_valid()
    text = form.cleaned_data.get("text", "")
    if kind == DataRequest.Kind.CORRECTION:
        made = attempt(
            request,
            privacy.request_correction,
            user=request.user,
            text=text,
            success=_("更正请求已提交，组委会办公室将核实后更正并通知您。"),
        )
    else:
        made = attempt(
            request,
            privacy.request_deletion,
            user=request.user,
            text=text,
            success=lambda made: (
                None
                if made.state == DataRequest.State.WAITING
                else _("删除请求已提交，组委会办公室将删除您的账号和资料并通知您。")
            ),
        )
        if made is not REFUSED and made.state == DataRequest.State.WAITING:
            messages.warning(request, made.wait_reason)
    if made is REFUSED:
        return render(
            request,
            "awards/my_privacy.html",
            {
                "consents": privacy.consents_of(request.user),
                "requests": privacy.requests_of(request.user),
                "version": privacy.notice_version(),
                "retention": privacy.retention_of(request.user),
                "form": form,
                "kind": kind,
            },
            status=422,
        )
    return redirect("awards:my_privacy")


def _date(value: str):
    try:
        return datetime.date.fromisoformat(value) if value else None
    except ValueError:
        return None


@security_officer_required
@require_GET
def access_log(request):
    """谁看了什么: every look at personal data by somebody other than the person, newest first; filters by
    user name, campaign and date (GB/T 22239-2019 8.1.4.3; PIPL 第五十四条)."""
    rows = AccessLog.objects.select_related("user", "campaign", "application")
    who = request.GET.get("user", "").strip()
    campaign = request.GET.get("campaign", "").strip()
    since, until = _date(request.GET.get("from", "")), _date(request.GET.get("to", ""))
    if who:
        rows = rows.filter(user__username__icontains=who)
    if campaign.isdigit():
        rows = rows.filter(campaign_id=int(campaign))
    if since:
        rows = rows.filter(at__date__gte=since)
    if until:
        rows = rows.filter(at__date__lte=until)
    return render(
        request,
        "awards/access_log.html",
        {
            "rows": rows[:ACCESS_LOG_LIMIT],
            "limit": ACCESS_LOG_LIMIT,
            "campaigns": Campaign.objects.order_by("-year", "pk"),
            "filters": {"user": who, "campaign": campaign, "from": since, "to": until},
        },
    )
