"""A well-formed admin POST body: what the admin's own change (or add) form would send back unchanged for an
object, so a test can change one field and know the rest of the body is valid."""

from django import forms
from django.contrib import admin
from django.contrib.admin.widgets import AdminSplitDateTime
from django.test import RequestFactory


def admin_form_data(model, user, obj=None, **changes) -> dict:
    """The body of the model admin's form for `obj` (None: the add form with its initial values), with
    `changes` applied on top. Inlines send their management forms (no rows)."""
    model_admin = admin.site._registry[model]
    request = RequestFactory().get("/")
    request.user = user
    form_class = model_admin.get_form(request, obj, change=obj is not None)
    form = form_class(instance=obj)
    data: dict = {}
    for name, bound in form.fields.items():
        value = form[name].value()
        widget = bound.widget
        if isinstance(widget, forms.MultiWidget):
            parts = widget.decompress(value) if not isinstance(value, list) else value
            if isinstance(widget, AdminSplitDateTime) and parts and parts[0] is not None:
                parts = [parts[0].isoformat(), parts[1].strftime("%H:%M:%S")]
            for i, part in enumerate(parts):
                data[f"{name}_{i}"] = "" if part is None else part
        elif isinstance(bound, forms.BooleanField):
            if value:
                data[name] = "on"
        elif isinstance(bound, forms.ModelMultipleChoiceField):
            data[name] = [str(v.pk if hasattr(v, "pk") else v) for v in (value or [])]
        elif value is None:
            data[name] = ""
        elif hasattr(value, "isoformat"):
            data[name] = value.isoformat()
        else:
            data[name] = value
    for inline in model_admin.get_inline_instances(request, obj):
        prefix = inline.get_formset(request, obj).get_default_prefix()
        data.update(
            {
                f"{prefix}-TOTAL_FORMS": "0",
                f"{prefix}-INITIAL_FORMS": "0",
                f"{prefix}-MIN_NUM_FORMS": "0",
                f"{prefix}-MAX_NUM_FORMS": "1000",
            }
        )
    for name, value in changes.items():
        data[name] = value
    return data


def model_form_data(model, obj=None) -> dict:
    """A well-formed body of every editable field of `model` (an attacker's form: all fields, as an editable
    admin would take them), filled from `obj` or empty for a new object."""
    form = forms.modelform_factory(model, fields="__all__")(instance=obj)
    data: dict = {}
    for name, bound in form.fields.items():
        value = form[name].value()
        if isinstance(bound.widget, forms.MultiWidget):
            parts = bound.widget.decompress(value)
            for i, part in enumerate(parts):
                data[f"{name}_{i}"] = "" if part is None else str(part)
        elif isinstance(bound, forms.BooleanField):
            if value:
                data[name] = "on"
        elif isinstance(bound, forms.ModelMultipleChoiceField):
            data[name] = [str(getattr(v, "pk", v)) for v in (value or [])]
        elif value is None:
            data[name] = ""
        elif hasattr(value, "isoformat"):
            data[name] = value.isoformat()
        else:
            data[name] = str(value)
    return data
