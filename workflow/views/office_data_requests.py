"""组委会办公室: the persons' personal-information requests (issue 25 item 3; PIPL 第四十六–五十条; decisions
295–299) — the list (filters kind and state) and one request (the person, what they asked, the retention date and
reason of a deletion, their applications), answered, completed or refused after the confirmation page. The
security officer (个人信息保护负责人) reads both pages; the services refuse the officer's actions."""

from functools import wraps

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from awards.models import DataRequest
from awards.permissions import Role, has_role, is_security_officer
from awards.selectors import privacy as privacy_reads
from awards.services.privacy import retention_of
from config.actions import REFUSED, attempt, report_refusal
from workflow.services import data_requests
from workflow.services.confirmations import Confirmation


def office_or_security_officer(view):
    """The office reads and acts on the requests; the security officer (个人信息保护负责人, PIPL 第五十二条) reads
    them — the services refuse the officer's actions (三员分立: the auditor does not administer)."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        if not (has_role(request.user, Role.OFFICE) or is_security_officer(request.user)):
            raise PermissionDenied(_("此页面仅限组委会办公室和安全管理员使用。"))
        return view(request, *args, **kwargs)

    return wrapper


@office_or_security_officer
@require_GET
def office_data_requests(request):
    """个人信息请求: every correction and deletion request, filtered by kind and state."""
    kind, state = request.GET.get("kind", ""), request.GET.get("state", "")
    return render(
        request,
        "workflow/office/data_requests.html",
        {
            "rows": privacy_reads.requests_for_office(kind=kind, state=state),
            "kinds": DataRequest.Kind.choices,
            "states": DataRequest.State.choices,
            "filters": {"kind": kind, "state": state},
            "may_act": has_role(request.user, Role.OFFICE),
        },
    )


ACTIONS = {
    "reply": data_requests.data_request_reply,
    "refuse": data_requests.data_request_refuse,
    "complete": data_requests.data_request_complete,
}


def _confirmation(row: DataRequest, action: str, reply: str):
    """What the step will do, asked before it is done (decisions 182); None when the service would refuse it."""
    if row.state in DataRequest.CLOSED or action not in ACTIONS:
        return None
    person = row.user.get_full_name() or row.user.get_username()
    deletion = row.kind == DataRequest.Kind.DELETION
    if not reply.strip() and not (action == "complete" and deletion):
        return None
    if action == "complete" and deletion and retention_of(row.user)[1]:
        return None
    back = reverse("workflow:office_data_request", args=[row.pk])
    mails = [_("%(p)s：答复内容与请求状态（站内通知和邮件）") % {"p": person}]
    if reply.strip():
        mails.append(_("告知本人的内容：%(r)s") % {"r": reply.strip()})
    if action == "reply":
        return Confirmation(
            _("答复请求（不办结）"), back, [_("请求保持待处理，本人可看到答复。")], mails, [], _("确认答复")
        )
    if action == "refuse":
        return Confirmation(
            _("拒绝请求"),
            back,
            [_("请求以“拒绝”办结，理由告知本人。")],
            mails,
            [_("办结后不能再办理该请求。")],
            _("确认拒绝"),
        )
    lines = [_("请求以“已办结”结束，答复告知本人。")]
    if deletion:
        lines = [
            _(
                "依照第三十一条的清除程序删除本人全部申报的个人信息、附件、学习和工作经历及人员资料；"
                "获荣者在获荣名单中的姓名、单位与荣誉保留。"
            ),
            _("注销账号：清除姓名、电子邮箱和手机号，本人不能再登录，所有会话结束。"),
        ]
    return Confirmation(
        _("办结删除请求") if deletion else _("办结更正请求"),
        back,
        lines,
        mails,
        [_("删除不能撤销。") if deletion else _("办结后不能再办理该请求。")],
        _("确认办结"),
    )


@office_or_security_officer
def office_data_request(request, pk: int):
    """One request: the person, what they asked, the retention date and reason of a deletion, the person's
    applications (where the office corrects the data), and the office's answer, completion or refusal."""
    row = get_object_or_404(DataRequest.objects.select_related("user", "handled_by"), pk=pk)
    reply = request.POST.get("reply", "") if request.method == "POST" else ""
    if request.method == "POST":
        action = request.POST.get("action", "")
        if not has_role(request.user, Role.OFFICE):
            raise PermissionDenied(_("个人信息请求由组委会办公室办理；安全管理员只能查看。"))
        if action not in ACTIONS:
            report_refusal(request, ValidationError(_("请选择办理方式：答复、办结或拒绝。")))
            return _request_page(request, row, reply, status=422)
        if request.POST.get("confirmed") != "1":
            confirmation = _confirmation(row, action, reply)
            if confirmation is not None:
                fields = [("action", action), ("reply", reply)]
                return render(
                    request,
                    "workflow/confirm.html",
                    {"c": confirmation, "fields": fields, "action": request.get_full_path()},
                )
        if action == "refuse":
            call, words = data_requests.data_request_refuse, {"reason": reply}
        else:
            call, words = ACTIONS[action], {"reply": reply}
        done = attempt(
            request,
            call,
            data_request=row,
            user=request.user,
            request=request,
            success=_("已办理，并已通知本人。"),
            **words,
        )
        if done is REFUSED:
            row.refresh_from_db()
            return _request_page(request, row, reply, status=422)
        return redirect("workflow:office_data_request", pk=row.pk)
    return _request_page(request, row, reply)


def _request_page(request, row: DataRequest, reply: str, status: int = 200):
    return render(
        request,
        "workflow/office/data_request.html",
        {
            "r": row,
            "retention": retention_of(row.user) if row.state not in DataRequest.CLOSED else (None, ""),
            "applications": privacy_reads.applications_of(row.user),
            "person_record": getattr(row.user, "person", None),
            "reply": reply,
            "may_act": has_role(request.user, Role.OFFICE) and row.state not in DataRequest.CLOSED,
        },
        status=status,
    )
