"""The Python-string HTML the project wrote until issue 26 (config/forms.py, awards/templatetags/form_fields.py,
scoring/templatetags/expert_home.py), kept here only as the baseline of bench/form_render.py: the templates that
replaced it are measured against it in the same run (docs/decisions.md 311)."""

from pathlib import Path

import django.forms
from django.forms.renderers import DjangoTemplates
from django.template.base import render_value_in_context
from django.template.context import Context
from django.urls import reverse
from django.utils.dateformat import format as date_format
from django.utils.functional import cached_property
from django.utils.html import conditional_escape
from django.utils.safestring import SafeData, mark_safe
from django.utils.translation import gettext

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
                    Path(__file__).resolve().parent.parent / "templates",
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
        ours = Path(__file__).resolve().parent.parent / "templates"
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


def _help(field, auto_id: str) -> str:
    help_text = field.help_text
    return f'<p class="help" id="{auto_id}_helptext">{value_html(help_text)}</p>' if help_text else ""


def _errors(errors, auto_id: str) -> str:
    if not errors:
        return ""
    items = "".join(f"<li>{value_html(e)}</li>" for e in errors)
    return f'<ul class="errorlist" id="{auto_id}_error">{items}</ul>'


def form_field(field) -> str:
    errors = field.errors
    auto_id = value_html(field.auto_id)
    kind = field.widget_type
    out = [f'<div class="field{" has-error" if errors else ""}" id="field-{value_html(field.name)}">\n']
    if kind == "radioselect":
        described = f' aria-describedby="{auto_id}_helptext"' if field.help_text else ""
        radios = "".join(
            f'<label class="radio" for="{value_html(radio.id_for_label)}">{value_html(radio.tag())} {value_html(radio.choice_label)}</label>'
            for radio in field
        )
        out.append(
            f'\n  <fieldset class="radios"{described}>\n'
            f'    <legend id="{auto_id}_legend">{value_html(field.label)}</legend>\n'
            f"    {_help(field, auto_id)}\n"
            f"    {_errors(errors, auto_id)}\n"
            f'    <div id="{auto_id}" class="radio-list" tabindex="-1">{radios}</div>\n'
            "  </fieldset>\n"
        )
    elif kind == "checkbox":
        out.append(
            f"\n  {_errors(errors, auto_id)}\n"
            f'  <label class="checkbox" for="{value_html(field.id_for_label)}">{value_html(field)} {value_html(field.label)}</label>\n'
            f"  {_help(field, auto_id)}\n"
        )
    else:
        out.append(
            f'\n  <label for="{value_html(field.id_for_label)}">{value_html(field.label)}</label>\n'
            f"  {_help(field, auto_id)}\n"
            f"  {_errors(errors, auto_id)}\n"
            f"  {value_html(field)}\n"
        )
    out.append("\n</div>\n")
    return mark_safe("".join(out))


#: stands for the application's or sheet's id in an address reversed once per table
_PK = 2147483646


def _address(name: str, *args) -> tuple[str, str]:
    """The address of `name` for any id, as the parts around the id."""
    head, tail = reverse(name, args=[_PK, *args]).split(str(_PK), 1)
    return conditional_escape(head), conditional_escape(tail)


def expert_rows(rows, stage: str, is_open: bool) -> str:
    read = _address("scoring:application_read")
    sheet = _address("scoring:sheet", stage)
    pdf = _address("scoring:sheet_pdf")
    words = {
        "not_started": conditional_escape(gettext("未开始")),
        "draft": conditional_escape(gettext("草稿")),
        "submitted": conditional_escape(gettext("已提交")),
    }
    score, view = conditional_escape(gettext("评分")), conditional_escape(gettext("查看评分表"))
    e = conditional_escape
    stage_e = e(stage)
    domains: dict = {}
    out = []
    for row in rows:
        app = row.application
        pk = str(app.pk)
        domain = app.tech_domain
        if domain is None:
            label = "—"
        else:
            label = domains.get(domain.pk)
            if label is None:
                label = domains[domain.pk] = e(domain.label() or "—")
        status = row.status
        html = [
            f'\n      <tr data-application="{pk}" data-stage="{stage_e}">\n'
            f"        <td>{e(app.number)}</td>\n"
            f'        <td><a href="{read[0]}{pk}{read[1]}">{e(app.name)}</a></td>\n'
            f"        <td>{label}</td>\n        "
        ]
        if stage == "onsite":
            a = row.assignment
            day = date_format(a.onsite_date, "Y-m-d") if a.onsite_date else ""
            order = f" #{a.onsite_order}" if a.onsite_order else ""
            html.append(f"<td>{e(day)} {e(a.onsite_slot)} {e(a.onsite_room)}{order}</td>")
        word = (
            words["not_started"]
            if status == "not_started"
            else words["draft" if status == "draft" else "submitted"]
        )
        html.append(
            f'\n        <td><span class="badge state-{e(status)}" data-testid="status">{word}</span></td>\n        <td>'
        )
        if is_open and status != "submitted":
            html.append(f'<a class="button" href="{sheet[0]}{pk}{sheet[1]}">{score}</a>')
        else:
            html.append(f'<a href="{sheet[0]}{pk}{sheet[1]}">{view}</a>')
        html.append("\n          ")
        if row.sheet and status == "submitted":
            html.append(f' · <a href="{pdf[0]}{row.sheet.pk}{pdf[1]}">PDF</a>')
        html.append("</td>\n      </tr>\n    ")
        out.append("".join(html))
    return mark_safe("".join(out))
