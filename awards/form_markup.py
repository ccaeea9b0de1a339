"""The cache keys of the application form's markup (docs/decisions.md 400–402): the page
(`awards/views/application_form.py`) keeps the markup of each run of fields and of each row table in the cache
under a digest of everything that markup shows, so a key never names stale markup; the fields stored encrypted
(the resident ID, the phone) are never kept. The markup itself stays in the templates
(templates/awards/application_form.html wraps the parts in `{% cache %}` with these keys)."""

from django.core.exceptions import FieldDoesNotExist
from django.utils.functional import Promise

from awards.fields import EncryptedTextField
from config.markup_keys import markup_key
from config.markup_keys import templates_token as _templates_token

#: How long a part of the form's markup is kept (docs/decisions.md 400): its key names everything it shows, so an
#: entry is never stale; this bounds how long markup no longer shown (values since changed or purged) stays in the
#: cache, where no request finds it again: its key needs the values it was made of.
PARTS_CACHE_SECONDS = 600
#: The templates the form's fields and row tables are written with: their source is part of every key (a changed
#: template gives new keys, in development too: the template loader's cache is reloaded on a change).
FORM_TEMPLATES = (
    "awards/_rows.html",
    "forms/field.html",
    "django/forms/widgets/input.html",
    "django/forms/widgets/date.html",
    "django/forms/widgets/text.html",
    "django/forms/widgets/email.html",
    "django/forms/widgets/number.html",
    "django/forms/widgets/hidden.html",
    "django/forms/widgets/checkbox.html",
    "django/forms/widgets/textarea.html",
    "django/forms/widgets/select.html",
    "django/forms/widgets/radio_option.html",
    "django/forms/widgets/input_option.html",
)


def _plain(value):
    """`value` as plain data for a key: lazy translations in the request's language, containers walked."""
    if isinstance(value, Promise):
        return str(value)
    if isinstance(value, dict):
        return sorted((str(k), _plain(v)) for k, v in value.items())
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    if callable(value):  # a widget's check_test: by its name, the same in every process
        return f"{value.__module__}.{value.__qualname__}"
    return value


def templates_token() -> str:
    """A digest of the form templates' source (one per request, for all its keys)."""
    return _templates_token(FORM_TEMPLATES)


def _field_shape(bf) -> tuple:
    """What the field template and the widget's templates read of a bound field of an unbound form."""
    field, widget = bf.field, bf.field.widget
    choices = None
    if hasattr(field, "choices"):
        # a model choice field's query, run once: the widget renders this list (list() would count the rows first)
        options = [c for c in widget.choices]  # noqa: C416
        widget.choices = options
        choices = [(str(v), _plain(label)) for v, label in options]
    widget_state = {k: v for k, v in vars(widget).items() if k not in ("choices", "_choices")}
    return (
        bf.html_name,
        bf.auto_id,
        _plain(bf.label),
        _plain(bf.help_text),
        type(field).__name__,
        field.required,
        field.disabled,
        field.localize,
        field.show_hidden_initial,
        type(widget).__name__,
        widget.template_name,
        _plain(widget_state),
        _plain(bf.value()),
        choices,
    )


def fields_key(form, fields, token: str) -> str | None:
    """The cache key of the markup of `fields` (bound fields of `form`, each through the field template) as
    stored, or None for a posted form (its values and errors are shown as posted). Their markup is a function of
    what the key names: each field's name, id, label, help text, widget and its attributes, value and options, in
    the request's language, and the templates' source (docs/decisions.md 400)."""
    if form.is_bound:
        return None
    return markup_key(token, form.use_required_attribute, [_field_shape(bf) for bf in fields])


def _encrypted(form, name: str) -> bool:
    """The field is stored encrypted (the resident ID, the phone: awards/fields.py)."""
    try:
        return isinstance(form._meta.model._meta.get_field(name), EncryptedTextField)
    except FieldDoesNotExist:
        return False


def field_parts(form, fields, token: str) -> list[dict]:
    """A section's fields in the order shown, as parts the template renders one after the other: each run of
    fields kept in the cache under its `fields_key`, and each field stored encrypted (the resident ID, the phone)
    alone and never kept (key None), so that no copy of such a value outlives a change or a purge in the cache
    (docs/decisions.md 402)."""
    parts: list[dict] = []
    run: list = []
    for bf in fields:
        if _encrypted(form, bf.name):
            if run:
                parts.append({"key": fields_key(form, run, token), "fields": run})
                run = []
            parts.append({"key": None, "fields": [bf]})
        else:
            run.append(bf)
    if run:
        parts.append({"key": fields_key(form, run, token), "fields": run})
    return parts


def rows_key(formset, token: str) -> str | None:
    """The cache key of a row table's markup (templates/awards/_rows.html, its empty row template included) as
    stored, or None for a posted table (its values and errors are shown as posted). The markup of an unbound
    table is a function of what the key names: the table (prefix, the application, the row count limits), each
    stored row's values, the form's fields (labels, widgets and their attributes, in the request's language) and
    the templates' source; a change to any of them gives another key (docs/decisions.md 400)."""
    if formset.is_bound:
        return None
    names = list(formset.form.base_fields)
    rows = [(obj.pk, *(getattr(obj, n) for n in names)) for obj in formset.get_queryset()]
    fields = [
        (n, type(f).__name__, _plain(f.label), f.required, type(f.widget).__name__, _plain(vars(f.widget)))
        for n, f in formset.form.base_fields.items()
    ]
    shape = (formset.extra, formset.min_num, formset.max_num, formset.can_delete)
    return markup_key(token, formset.prefix, formset.instance.pk, shape, rows, fields)
