"""The project's form renderer (settings.FORM_RENDERER): Django's templates, found through settings.TEMPLATES, with
one field template for every form (templates/forms/field.html: the label, the help text, the error list and the
widget, with the ids the widget's aria-describedby names) and one form template (templates/forms/div.html) that
uses it. The plain widgets are Django's own templates with their per-attribute and per-option includes inlined
(templates/django/forms/widgets/: the same HTML, tests/config/test_form_renderer.py).

Until issue 26 the plain widgets, the field template and the expert's work list were written in Python strings for
speed; bench/form_render.py measures the three ways (that Python, these templates, Django's Jinja2 renderer) in
the same run and docs/decisions.md 311 gives the numbers for keeping the templates."""

from django import forms
from django.forms.models import ModelChoiceIterator
from django.forms.renderers import TemplatesSetting


class FormRenderer(TemplatesSetting):
    form_template_name = "forms/div.html"
    field_template_name = "forms/field.html"


class ChoicesReadOnce(ModelChoiceIterator):
    """A model choice field's options read with one plain SELECT and kept by the form (docs/decisions.md 407).

    Django's iterator reads the queryset with `.iterator()` each time the options are listed; on PostgreSQL that is
    a server-side cursor (`DECLARE … WITH HOLD`, a fetch, a close: three round trips, and the result materialised
    at commit) for a list of a few dozen rows, and again for each listing. This one iterates the field's queryset,
    which Django copies for each form (`ModelChoiceField.__deepcopy__`), so its rows are read once per form and
    never kept between requests. For short lists shown whole in a <select> or a datalist; not for a queryset too
    big to hold in memory (no form of this project offers one)."""

    def __iter__(self):
        if self.field.empty_label is not None:
            yield ("", self.field.empty_label)
        for obj in self.queryset:
            yield self.choice(obj)


def read_choices_once(form) -> None:
    """Every model choice field of `form` lists its options with `ChoicesReadOnce` (call at the end of the form's
    `__init__`, once its querysets are set)."""
    for field in form.fields.values():
        if isinstance(field, forms.ModelChoiceField):
            field.iterator = ChoicesReadOnce
            field.widget.choices = field.choices
