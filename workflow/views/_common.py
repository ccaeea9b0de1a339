"""Small helpers shared by the office and committee views: how a refused write is shown, and the shape of a
one-action POST view (read the form, call the service, show the refusal, return to the page)."""

from functools import wraps

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import render
from django.utils.translation import gettext as _

from workflow.forms import CampaignScopedForm
from workflow.selectors.campaigns import campaign_or_404


def report_error(request, error: Exception) -> None:
    """Show a refused write (ValidationError / PermissionDenied) as an error message on the next page."""
    if isinstance(error, ValidationError):
        for message in error.messages:
            messages.error(request, message)
    else:
        messages.error(request, str(error) or _("您无权进行此操作。"))


REFUSED = object()


def attempt(request, write, *, success=None, **kwargs):
    """Run one service write: a refusal (ValidationError / PermissionDenied) becomes error messages and gives
    REFUSED; otherwise `success` (a message, or a function of the result giving one) is shown and the result
    returned."""
    try:
        result = write(**kwargs)
    except (ValidationError, PermissionDenied) as e:
        report_error(request, e)
        return REFUSED
    if success is not None:
        messages.success(request, success(result) if callable(success) else success)
    return result


def report_form(request, form) -> None:
    """An invalid form of a one-action view. A missing or foreign object (a choice of another campaign, a made-up
    id) is reported as incomplete data; other fields with their own message."""
    choices = (forms.ModelChoiceField, forms.ModelMultipleChoiceField, forms.IntegerField)
    wrong_choice = any(isinstance(form.fields.get(name), choices) for name in form.errors)
    for name, errors in form.errors.items():
        if not isinstance(form.fields.get(name), choices):
            for message in errors:
                messages.error(request, message)
    if wrong_choice or not form.errors:
        messages.error(request, _("提交的数据不完整，请重试。"))


def office_action(form_class, *, back):
    """Decorate `action(request, campaign, data)` of a campaign page: the campaign from the URL's `pk`, the input
    through `form_class` (scoped to the campaign when it takes one), refusals as messages, and a redirect to
    `back(pk, **kwargs)` whatever happened."""

    def decorator(action):
        @wraps(action)
        def view(request, pk: int, **kwargs):
            campaign = campaign_or_404(pk)
            data = {}
            if form_class is not None:
                scoped = issubclass(form_class, CampaignScopedForm)
                form = form_class(request.POST, **({"campaign": campaign} if scoped else {}))
                if not form.is_valid():
                    report_form(request, form)
                    return back(pk, **kwargs)
                data = form.cleaned_data
            attempt(request, lambda: action(request, campaign, data, **kwargs))
            return back(pk, **kwargs)

        return view

    return decorator


#: The field a confirmed POST carries (the confirmation page posts the same fields again with it).
CONFIRMED = "confirmed"


def confirm_first(describe):
    """Ask before an irreversible or mailing step (issue 23.1). `describe(request, *args, **kwargs)` returns a
    `workflow.services.confirmations.Confirmation`, or None when nothing needs confirming (the view then runs and
    reports a refusal as usual). A POST without `confirmed=1` shows the confirmation page: what will happen, who
    is mailed, what can no longer change, and a form that posts the same fields again with `confirmed=1` — no
    JavaScript needed. Put it inside the role and method checks, so that only those allowed see it."""

    def decorator(view):
        @wraps(view)
        def wrapped(request, *args, **kwargs):
            if request.method == "POST" and request.POST.get(CONFIRMED) != "1":
                confirmation = describe(request, *args, **kwargs)
                if confirmation is not None:
                    fields = [
                        (name, value)
                        for name in request.POST
                        if name not in ("csrfmiddlewaretoken", CONFIRMED)
                        for value in request.POST.getlist(name)
                    ]
                    return render(
                        request,
                        "workflow/confirm.html",
                        {"c": confirmation, "fields": fields, "action": request.get_full_path()},
                    )
            return view(request, *args, **kwargs)

        return wrapped

    return decorator
