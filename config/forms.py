"""The project's form renderer (settings.FORM_RENDERER): Django's templates, found through settings.TEMPLATES, with
one field template for every form (templates/forms/field.html: the label, the help text, the error list and the
widget, with the ids the widget's aria-describedby names) and one form template (templates/forms/div.html) that
uses it. The plain widgets are Django's own templates with their per-attribute and per-option includes inlined
(templates/django/forms/widgets/: the same HTML, tests/config/test_form_renderer.py).

Until issue 26 the plain widgets, the field template and the expert's work list were written in Python strings for
speed; bench/form_render.py measures the three ways (that Python, these templates, Django's Jinja2 renderer) in
the same run and docs/decisions.md 311 gives the numbers for keeping the templates."""

from django.forms.renderers import TemplatesSetting


class FormRenderer(TemplatesSetting):
    form_template_name = "forms/div.html"
    field_template_name = "forms/field.html"
