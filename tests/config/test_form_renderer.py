"""The project's form renderer (config/forms.py) inlines Django's per-option templates: the HTML must stay exactly
what Django's own renderer writes, for every widget it replaces."""

from django import forms
from django.forms.renderers import DjangoTemplates

from config.forms import InlinedWidgetsRenderer


class Sample(forms.Form):
    name = forms.CharField(max_length=20, required=True, help_text="姓名")
    count = forms.IntegerField(min_value=0, disabled=True)
    note = forms.CharField(widget=forms.Textarea(attrs={"rows": 3, "data-x": '"q"'}))
    domain = forms.ChoiceField(choices=[("", "—"), ("a", "人工智能 <AI>"), ("b", "数据")])
    grouped = forms.ChoiceField(choices=[("组一", [("1", "一"), ("2", "二")]), ("3", "三")])
    many = forms.MultipleChoiceField(choices=[("x", "X"), ("y", "Y")])
    agree = forms.BooleanField(required=False)
    kind = forms.ChoiceField(widget=forms.RadioSelect, choices=[("p", "个人"), ("u", "单位")])
    day = forms.DateField(widget=forms.DateInput(attrs={"type": "date"}))


def _html(renderer, data=None):
    initial = {
        "name": 'A&B "x"',
        "count": 3,
        "note": "第一行\n<b>",
        "domain": "a",
        "many": ["y"],
        "agree": True,
    }
    form = Sample(data, initial=initial, renderer=renderer)
    return "".join(str(form[name]) for name in form.fields) + str(form)


def test_the_inlined_widget_templates_write_the_same_html_as_django():
    ours, django = InlinedWidgetsRenderer(), DjangoTemplates()
    assert _html(ours) == _html(django)
    bound = {"name": "", "note": "x", "domain": "b", "grouped": "2", "many": ["x", "y"], "kind": "u"}
    assert _html(ours, bound) == _html(django, bound)
    assert '<option value="2" selected>二</option>' in _html(ours, bound)


def test_the_project_uses_the_inlined_renderer(settings):
    from django.forms.renderers import get_default_renderer

    assert isinstance(get_default_renderer(), InlinedWidgetsRenderer)
