"""Two-factor pages (enrol, verify, backup codes), the user's 账号安全 page with their sessions, and the office's
reset of a member's second factor."""

import io
import time

import segno
from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Q
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from awards.permissions import Role, office_required, roles_of
from config.actions import report_refusal
from security import policy, services
from security.events import Kind, record_security_event
from security.sessions import end_other_sessions, follow_new_session_key, open_sessions


def _next(request) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if target and url_has_allowed_host_and_scheme(target, {request.get_host()}, request.is_secure()):
        return target
    return "/"


@login_required
@require_http_methods(["GET", "POST"])
def otp_setup(request):
    """绑定身份验证器: a QR code (and the secret as text) for the app, then its first code."""
    if policy.has_device(request.user) and not request.user.is_verified():
        return redirect(
            "security:otp_verify"
        )  # a new device only after the current one (or the office's reset)
    device = services.pending_device(request.user)
    error = ""
    if request.method == "POST":
        try:
            codes = services.confirm_enrolment(request, request.POST.get("token", ""))
        except ValidationError as e:
            error = " ".join(e.messages)
        else:
            request.session["security_new_codes"] = codes
            return redirect(f"{_backup_url()}?next={_next(request)}")
    secret = services.secret_of(device)
    return render(
        request,
        "security/otp_setup.html",
        {
            "secret": secret,
            "error": error,
            "next": _next(request),
            "required": policy.otp_required(request.user),
        },
        status=400 if error else 200,
    )


def _backup_url():
    from django.urls import reverse

    return reverse("security:backup_codes")


@login_required
@require_http_methods(["GET"])
def otp_qr(request):
    """The enrolment QR code as SVG, made here (no outside service sees the secret)."""
    if policy.has_device(request.user) and not request.user.is_verified():
        raise PermissionDenied(_("请先用现有的身份验证器完成验证。"))
    device = services.pending_device(request.user)
    buffer = io.BytesIO()
    segno.make(services.config_url(device), error="m").save(buffer, kind="svg", scale=5, border=2)
    response = HttpResponse(buffer.getvalue(), content_type="image/svg+xml")
    response["Cache-Control"] = "no-store"
    return response


@login_required
@require_http_methods(["GET", "POST"])
def backup_codes(request):
    """The backup codes, shown once after enrolment or after making new ones."""
    if request.method == "POST":
        if not request.user.is_verified():
            raise PermissionDenied(_("请先完成两步验证。"))
        request.session["security_new_codes"] = services.new_backup_codes(request.user)
        return redirect("security:backup_codes")
    codes = request.session.pop("security_new_codes", None)
    return render(request, "security/backup_codes.html", {"codes": codes, "next": _next(request)})


@login_required
@require_http_methods(["GET", "POST"])
def otp_verify(request):
    """两步验证: after the password, a code from the app or a backup code."""
    if not policy.has_device(request.user):
        return redirect("security:otp_setup")
    error = ""
    if request.method == "POST":
        try:
            services.verify(request, request.POST.get("token", ""))
        except ValidationError as e:
            error = " ".join(e.messages)
        else:
            return redirect(_next(request))
    return render(
        request,
        "security/otp_verify.html",
        {"error": error, "next": _next(request)},
        status=400 if error else 200,
    )


@login_required
@require_http_methods(["GET"])
def account_security(request):
    """账号安全: the second factor (enable, new backup codes, disable where allowed) and one's own sessions."""
    current = request.session.get("security_session")
    return render(
        request,
        "security/account.html",
        {
            "devices": services.devices_of(request.user),
            "required": policy.otp_required(request.user),
            "sessions": open_sessions(request.user),
            "current_session": current,
            "idle_minutes": policy.idle_timeout_seconds(request.user) / 60,
        },
    )


@login_required
@require_POST
def sessions_end(request):
    ended = end_other_sessions(request)
    messages.success(request, _("已退出其他%(n)d个会话；本会话保持登录。") % {"n": ended})
    return redirect("security:account")


@login_required
@require_POST
def otp_disable(request):
    if not request.user.is_verified():
        raise PermissionDenied(_("请先完成两步验证。"))
    services.disable(request)
    messages.success(request, _("两步验证已停用。"))
    return redirect("security:account")


@office_required
@require_http_methods(["GET"])
def office_members(request):
    """两步验证管理: the office, committee, experts and staff with their second factor, each with a reset."""
    privileged = Q(groups__name__in=[Role.OFFICE, Role.COMMITTEE, Role.EXPERT]) | Q(is_staff=True)
    members = get_user_model().objects.filter(privileged, is_active=True).distinct().order_by("username")
    query = request.GET.get("q", "").strip()
    if query:
        members = members.filter(Q(username__icontains=query) | Q(first_name__icontains=query))
    rows = [{"user": m, "roles": sorted(roles_of(m)), **services.devices_of(m)} for m in members[:200]]
    return render(request, "security/office_members.html", {"rows": rows, "q": query})


@office_required
@require_POST
def office_reset(request, pk: int):
    member = get_object_or_404(get_user_model(), pk=pk)
    try:
        services.reset_devices(request.user, member, request.POST.get("reason", ""), request)
    except ValidationError as e:  # a missing reason; resetting oneself stays a 403 (PermissionDenied)
        report_refusal(request, e)
        return redirect("security:office_members")
    messages.success(
        request,
        _("已重置 %(name)s 的两步验证，并结束其所有会话；其下次登录时须重新绑定身份验证器。")
        % {"name": member.get_full_name() or member.get_username()},
    )
    return redirect("security:office_members")


@login_required
@require_http_methods(["GET"])
def ping(request):
    """继续使用: a request that counts as activity (the idle timeout starts again)."""
    request.session["security_last_activity"] = time.time()
    return HttpResponse(status=204)


class PasswordChangeView(auth_views.PasswordChangeView):
    """修改密码, in the site's layout: the current password and the new one twice (Django's form and the password
    rules of settings.AUTH_PASSWORD_VALIDATORS). On success this session stays signed in, every other session of
    the account ends (a password someone else knew no longer keeps them in), the security log records it and the
    account page says so."""

    template_name = "registration/password_change_form.html"

    def get_success_url(self):
        return reverse("security:account")

    def form_valid(self, form):
        response = super().form_valid(form)
        follow_new_session_key(self.request)
        ended = end_other_sessions(self.request)
        record_security_event(
            Kind.PASSWORD_CHANGED, self.request.user, self.request, other_sessions_ended=ended
        )
        if ended:
            messages.success(self.request, _("密码已修改；其他%(n)d个会话已退出。") % {"n": ended})
        else:
            messages.success(self.request, _("密码已修改。"))
        return response
