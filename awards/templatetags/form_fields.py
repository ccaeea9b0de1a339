"""`{% form_field field %}`: templates/awards/_field.html written in Python, the same markup (issue 15).

The application form shows some eighty fields (its own and the rows of 教育经历 / 工作经历); including the field
template for each was most of the page's rendering once the widgets were written in Python (config/forms.py).
tests/awards/test_form_field_tag.py renders every field of the form both ways and compares them."""

from django import template
from django.utils.safestring import mark_safe

from config.forms import value_html as v

register = template.Library()


def _help(field, auto_id: str) -> str:
    help_text = field.help_text
    return f'<p class="help" id="{auto_id}_helptext">{v(help_text)}</p>' if help_text else ""


def _errors(errors, auto_id: str) -> str:
    if not errors:
        return ""
    items = "".join(f"<li>{v(e)}</li>" for e in errors)
    return f'<ul class="errorlist" id="{auto_id}_error">{items}</ul>'


@register.simple_tag
def form_field(field) -> str:
    errors = field.errors
    auto_id = v(field.auto_id)
    kind = field.widget_type
    out = [f'<div class="field{" has-error" if errors else ""}" id="field-{v(field.name)}">\n']
    if kind == "radioselect":
        described = f' aria-describedby="{auto_id}_helptext"' if field.help_text else ""
        radios = "".join(
            f'<label class="radio" for="{v(radio.id_for_label)}">{v(radio.tag())} {v(radio.choice_label)}</label>'
            for radio in field
        )
        out.append(
            f'\n  <fieldset class="radios"{described}>\n'
            f'    <legend id="{auto_id}_legend">{v(field.label)}</legend>\n'
            f"    {_help(field, auto_id)}\n"
            f"    {_errors(errors, auto_id)}\n"
            f'    <div id="{auto_id}" class="radio-list" tabindex="-1">{radios}</div>\n'
            "  </fieldset>\n"
        )
    elif kind == "checkbox":
        out.append(
            f"\n  {_errors(errors, auto_id)}\n"
            f'  <label class="checkbox" for="{v(field.id_for_label)}">{v(field)} {v(field.label)}</label>\n'
            f"  {_help(field, auto_id)}\n"
        )
    else:
        out.append(
            f'\n  <label for="{v(field.id_for_label)}">{v(field.label)}</label>\n'
            f"  {_help(field, auto_id)}\n"
            f"  {_errors(errors, auto_id)}\n"
            f"  {v(field)}\n"
        )
    out.append("\n</div>\n")
    return mark_safe("".join(out))
