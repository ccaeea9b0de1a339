"""Small helpers shared by the office and committee views: an invalid one-action form as messages
(`form_is_valid`, `report_form`) and the confirmation asked before an irreversible step (`confirm_first`). The
service call itself runs through `config.actions.attempt`, the one way of every app."""

from functools import wraps

from django import forms
from django.contrib import messages
from django.shortcuts import render
from django.utils.translation import gettext as _


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


def form_is_valid(request, form) -> bool:
    """Validate the form of a one-action view; an invalid one is reported (`report_form`) and gives False."""
    if form.is_valid():
        return True
    report_form(request, form)
    return False


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
