"""Account pages: registration with email confirmation (password reset and login are Django's)."""

from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from awards.forms import LoginForm, PlainPasswordResetForm, RegistrationForm, ResendConfirmationForm
from awards.services import accounts as services
from awards.services.mail_limits import check_mail_limits, mail_limits
from config.actions import attempt, report_refusal
from config.client_ip import client_key
from config.mail import MailNotSent


@require_http_methods(["GET", "POST"])
def register(request):
    form = RegistrationForm(request.POST or None)
    status = 200  # an invalid form too, as before; a refused or failed mail says so in its status
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            services.account_register(
                username=d["username"],
                email=d["email"],
                phone=d["phone"],
                password=d["password1"],
                confirm_url=lambda token: request.build_absolute_uri(
                    reverse("awards:confirm_email", args=[token])
                ),
                absolute=request.build_absolute_uri,
                client=client_key(request),
            )
        except ValidationError as e:  # a mail limit: nothing written, nothing sent
            report_refusal(request, e, form=form)
            status = 429
        except MailNotSent as e:  # nothing written: the form again, as typed, with the reason
            form.add_error(None, str(e.message))
            status = 503
        else:
            # The same page whether the account was created or the owner of a name/email was mailed instead.
            return render(request, "registration/register_done.html", {"email": d["email"]})
    return render(
        request, "registration/register.html", {"form": form, "mail_limits": mail_limits()}, status=status
    )


def confirm_email(request, token: str):
    try:
        services.account_confirm_email(token=token)
    except ValidationError as e:
        return render(request, "registration/confirm_failed.html", {"errors": e.messages}, status=400)
    messages.success(request, _("邮箱已确认，账号已激活，请登录。"))
    return redirect("login")


@require_POST
def resend_confirmation(request):
    """重新发送确认邮件 — the button the login page shows after a right password on an unconfirmed account."""
    form = ResendConfirmationForm(request.POST)
    form.is_valid()
    attempt(
        request,
        services.account_resend_confirmation,
        token=form.cleaned_data.get("token", ""),
        confirm_url=lambda token: request.build_absolute_uri(reverse("awards:confirm_email", args=[token])),
        success=lambda user: (
            _("确认邮件已重新发送至 %(email)s，请在3天内打开邮件中的链接。") % {"email": user.email}
        ),
    )
    return redirect("login")


class LoginView(auth_views.LoginView):
    authentication_form = LoginForm

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        form = context.get("form")
        if form is not None and form.unconfirmed_user is not None:
            context["resend_token"] = services.resend_token(form.unconfirmed_user)
        return context


class PasswordResetView(auth_views.PasswordResetView):
    """找回密码: Django's page (the same answer for any email), its mails counted per mailbox and client before
    anything is sent (awards/services/mail_limits.py); a mail that cannot be sent is the layout's page that says
    so (config/middleware.py)."""

    form_class = PlainPasswordResetForm

    def form_valid(self, form):
        try:
            check_mail_limits(
                "password_reset", address=form.cleaned_data["email"], client=client_key(self.request)
            )
        except ValidationError as e:
            form.add_error("email", e)
            return self.render_to_response(self.get_context_data(form=form), status=429)
        return super().form_valid(form)

    def get_context_data(self, **kwargs):
        return {**super().get_context_data(**kwargs), "mail_limits": mail_limits()}
