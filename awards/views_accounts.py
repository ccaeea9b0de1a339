"""Account pages: registration with email confirmation (password reset and login are Django's)."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from awards import services
from awards.forms import RegistrationForm


@require_http_methods(["GET", "POST"])
def register(request):
    form = RegistrationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        services.account_register(
            username=d["username"],
            email=d["email"],
            phone=d["phone"],
            password=d["password1"],
            confirm_url=lambda token: request.build_absolute_uri(
                reverse("awards:confirm_email", args=[token])
            ),
        )
        return render(request, "registration/register_done.html", {"email": d["email"]})
    return render(request, "registration/register.html", {"form": form})


def confirm_email(request, token: str):
    try:
        services.account_confirm_email(token=token)
    except ValidationError as e:
        return render(request, "registration/confirm_failed.html", {"errors": e.messages}, status=400)
    messages.success(request, _("邮箱已确认，账号已激活，请登录。"))
    return redirect("login")
