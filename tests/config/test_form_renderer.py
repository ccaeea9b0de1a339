"""The project's form renderer (config/forms.py): Django's templates through settings.TEMPLATES, with the plain
widgets' per-option templates inlined (templates/django/forms/widgets/): every widget's HTML must stay exactly what
Django's own renderer writes. The field template is tested in tests/config/test_field_template.py."""

from datetime import date, datetime
from decimal import Decimal

from django import forms
from django.forms.renderers import DjangoTemplates
from django.utils import translation
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy

from config.forms import FormRenderer


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
    return "".join(str(form[name]) for name in form.fields)


def test_the_inlined_widget_templates_write_the_same_html_as_django():
    ours, django = FormRenderer(), DjangoTemplates()
    assert _html(ours) == _html(django)
    bound = {"name": "", "note": "x", "domain": "b", "grouped": "2", "many": ["x", "y"], "kind": "u"}
    assert _html(ours, bound) == _html(django, bound)
    assert '<option value="2" selected>二</option>' in _html(ours, bound)


def test_the_project_uses_the_inlined_renderer(settings):
    from django.forms.renderers import get_default_renderer

    renderer = get_default_renderer()
    assert isinstance(renderer, FormRenderer)
    assert (renderer.field_template_name, renderer.form_template_name) == (
        "forms/field.html",
        "forms/div.html",
    )
    # the inlined widget templates are the ones found
    assert (
        "{# Django's input.html" in renderer.get_template("django/forms/widgets/input.html").template.source
    )


class Wide(forms.Form):
    """Every widget the renderer writes in Python, with the values that exercise the templates' escaping and
    localisation: lazy and safe labels, True/False attributes, numbers, dates, files, grouped and multiple
    choices."""

    text = forms.CharField(
        widget=forms.TextInput(attrs={"list": "x", "autocomplete": "off", "data-on": True})
    )
    off = forms.CharField(widget=forms.TextInput(attrs={"disabled": False, "maxlength": 18}))
    safe = forms.CharField(initial=mark_safe("<b>safe</b>"))
    number = forms.IntegerField(initial=1234567)
    decimal = forms.DecimalField(initial=Decimal("1234.50"))
    hidden = forms.CharField(widget=forms.HiddenInput, initial='"q"&')
    email = forms.EmailField(initial="a@b.cn")
    password = forms.CharField(widget=forms.PasswordInput)
    day = forms.DateField(
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"), initial=date(2026, 1, 2)
    )
    plain_day = forms.DateField(initial=date(2026, 1, 2))
    upload = forms.FileField(widget=forms.FileInput(attrs={"accept": "image/jpeg,.jpg"}))
    clearable = forms.FileField(required=False)
    check = forms.BooleanField(initial=True)
    note = forms.CharField(widget=forms.Textarea, initial=mark_safe("<i>kept</i>"))
    empty_note = forms.CharField(widget=forms.Textarea(attrs={"rows": 8, "data-counted": "achievements"}))
    lazy = forms.ChoiceField(choices=[("", gettext_lazy("— 请选择 —")), (1, gettext_lazy("是")), (2, "<否>")])
    boolean = forms.NullBooleanField()
    grouped = forms.ChoiceField(choices=[(gettext_lazy("组"), [(1, "一")]), ("", "—")], initial=1)
    many = forms.MultipleChoiceField(choices=[(1, "X"), (2, mark_safe("<em>Y</em>"))], initial=[2])
    radios = forms.TypedChoiceField(
        widget=forms.RadioSelect, choices=[("True", gettext_lazy("是")), ("False", "否")], initial="False"
    )
    boxes = forms.MultipleChoiceField(
        widget=forms.CheckboxSelectMultiple, choices=[(1, "a&b"), (2, "c")], initial=[1]
    )
    split = forms.SplitDateTimeField(initial=datetime(2026, 1, 2, 3, 4))


def _wide(renderer, data=None):
    form = Wide(data, renderer=renderer)
    parts = []
    for name in form.fields:
        parts.append(str(form[name]))
        if name in ("radios", "boxes"):
            parts.extend(str(option.tag()) for option in form[name])
    return "\n".join(parts)


def test_every_widget_writes_the_same_html_as_django_templates():
    ours, django = FormRenderer(), DjangoTemplates()
    assert _wide(ours) == _wide(django)
    bound = {"text": "<x>", "number": "12", "radios": "True", "boxes": ["1", "2"], "lazy": "2", "check": "on"}
    assert _wide(ours, bound) == _wide(django, bound)
    for language in ("en", "zh-hans"):
        with translation.override(language):
            assert _wide(ours) == _wide(django)
