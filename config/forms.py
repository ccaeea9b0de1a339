"""The form renderer (settings.FORM_RENDERER, issue 15): Django's own widget templates, except the plain widgets
(input and the widgets that only include it, textarea, select, the radio and checkbox options), which are written
here in Python with the templates' exact semantics — the same escaping, localisation and `stringformat:'s'`
(tests/config/test_form_renderer.py compares every one with Django's renderer). The application form has about a
hundred widgets; rendering each through the template engine (a context, a template, two includes) was about half
of its rendering time (docs/decisions.md). Any other widget template — and any template a project or app
overrides — goes through the copies in config/form_templates/ and Django's own."""

from pathlib import Path

import django.forms
from django.forms.renderers import DjangoTemplates
from django.template.base import render_value_in_context
from django.template.context import Context
from django.utils.functional import cached_property
from django.utils.html import conditional_escape
from django.utils.safestring import SafeData

# render_value_in_context reads only autoescape, use_l10n and use_tz: the defaults of a fresh Context, as in the
# context the renderer builds for a widget template.
_CONTEXT = Context()


def value_html(value) -> str:
    """`{{ value }}`."""
    return render_value_in_context(value, _CONTEXT)


def _formatted(value) -> str:
    """`{{ value|stringformat:'s' }}` (the filter keeps the input's safety; the result is then escaped)."""
    if isinstance(value, tuple):
        value = str(value)
    try:
        text = str(value)
    except (ValueError, TypeError):
        text = ""
    if isinstance(value, SafeData):
        return text
    return conditional_escape(text)


def _attrs(attrs) -> str:
    """django/forms/widgets/attrs.html."""
    out = []
    for name, value in attrs.items():
        if value is not False:
            out.append(" " + value_html(name))
            if value is not True:
                out.append('="' + _formatted(value) + '"')
    return "".join(out)


def _input(widget) -> str:
    """django/forms/widgets/input.html."""
    value = widget["value"]
    shown = ' value="' + _formatted(value) + '"' if value is not None else ""
    return f'<input type="{value_html(widget["type"])}" name="{value_html(widget["name"])}"{shown}{_attrs(widget["attrs"])}>'


def _input_option(widget) -> str:
    """django/forms/widgets/input_option.html (radio_option.html, checkbox_option.html)."""
    if not widget.get("wrap_label"):
        return _input(widget)
    target = widget["attrs"].get("id")
    label_for = f' for="{value_html(target)}"' if target else ""
    return f"<label{label_for}>{_input(widget)} {value_html(widget['label'])}</label>"


def _textarea(widget) -> str:
    """django/forms/widgets/textarea.html."""
    value = widget["value"]
    text = value_html(value) if value else ""
    return f'<textarea name="{value_html(widget["name"])}"{_attrs(widget["attrs"])}>\n{text}</textarea>'


def _select(widget) -> str:
    """django/forms/widgets/select.html with select_option.html."""
    out = [f'<select name="{value_html(widget["name"])}"{_attrs(widget["attrs"])}>']
    for group_name, group_choices, _index in widget["optgroups"]:
        if group_name:
            out.append(f'\n  <optgroup label="{value_html(group_name)}">')
        for option in group_choices:
            if option["template_name"] != SELECT_OPTION:
                return None  # an option template of its own: the template engine renders it
            out.append(
                f'\n  <option value="{_formatted(option["value"])}"{_attrs(option["attrs"])}>'
                f"{value_html(option['label'])}</option>\n"
            )
        if group_name:
            out.append("\n  </optgroup>")
    out.append("\n</select>")
    return "".join(out)


SELECT_OPTION = "django/forms/widgets/select_option.html"
_INPUTS = "text checkbox color date datetime email file hidden number password search tel time url".split()
#: widget template → its Python twin; each returns the template's output before the renderer's strip()
FAST = {f"django/forms/widgets/{name}.html": _input for name in _INPUTS}
FAST |= {
    "django/forms/widgets/input.html": _input,
    "django/forms/widgets/radio_option.html": _input_option,
    "django/forms/widgets/checkbox_option.html": _input_option,
    "django/forms/widgets/input_option.html": _input_option,
    "django/forms/widgets/textarea.html": _textarea,
    "django/forms/widgets/select.html": _select,
}


class InlinedWidgetsRenderer(DjangoTemplates):
    @cached_property
    def engine(self):
        return self.backend(
            {
                "APP_DIRS": True,
                "DIRS": [
                    Path(__file__).resolve().parent / "form_templates",
                    Path(django.forms.__file__).resolve().parent / self.backend.app_dirname,
                ],
                "NAME": "djangoforms",
                "OPTIONS": {},
            }
        )

    @cached_property
    def fast(self) -> dict:
        """The Python twins of the widget templates that no app or project directory overrides."""
        django_dir = Path(django.forms.__file__).resolve().parent / self.backend.app_dirname
        ours = Path(__file__).resolve().parent / "form_templates"
        fast = {}
        for name, render in FAST.items():
            origin = Path(self.engine.engine.find_template(name)[1].name).resolve()
            if origin.is_relative_to(django_dir) or origin.is_relative_to(ours):
                fast[name] = render
        return fast

    def render(self, template_name, context, request=None):
        render = self.fast.get(template_name)
        if render is not None and request is None and set(context) == {"widget"}:
            html = render(context["widget"])
            if html is not None:
                return html.strip()
        return super().render(template_name, context, request=request)
