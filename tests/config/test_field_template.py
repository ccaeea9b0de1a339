"""The one field template (templates/forms/field.html, FORM_RENDERER's field_template_name): for every kind of
field, the label, the help text and the error list with the ids the widget's aria-describedby names, aria-invalid on
an invalid widget, one error markup; every form of the application page goes through it, with the character
counter of the achievements."""

import pytest
from django import forms
from django.template import Context, Template
from django.urls import reverse
from lxml import html as lxml_html

from awards.forms import ApplicationForm, EducationFormSet, WorkFormSet
from tests.awards.applicant_support import open_campaign
from tests.factories import ApplicationFactory


class Kinds(forms.Form):
    name = forms.CharField(label="姓名", help_text="按身份证填写", max_length=5)
    note = forms.CharField(
        label="情况", help_text="限 10 字", widget=forms.Textarea(attrs={"data-counted": "achievements"})
    )
    domain = forms.ChoiceField(label="领域", choices=[("", "—"), ("a", "人工智能")], help_text="选一项")
    kind = forms.ChoiceField(
        label="方式", widget=forms.RadioSelect, choices=[("p", "个人"), ("u", "单位")], help_text="推荐方式"
    )
    agree = forms.BooleanField(label="同意", help_text="必须同意")
    day = forms.DateField(label="日期", widget=forms.DateInput(attrs={"type": "date"}), help_text="年月日")
    upload = forms.FileField(label="材料", help_text="PDF")
    hidden = forms.CharField(widget=forms.HiddenInput, required=False)


BAD = {"name": "太长的名字啊", "note": "", "domain": "x", "kind": "z", "day": "2026-13-40"}


def _field(form, name):
    html = str(form[name].as_field_group())
    return html, lxml_html.fragment_fromstring(html)


@pytest.mark.parametrize("name", ["name", "note", "domain", "kind", "agree", "day", "upload"])
def test_every_kind_of_field_has_its_label_help_and_error_with_the_described_ids(name):
    form = Kinds(BAD)
    assert not form.is_valid() and name in form.errors
    html, div = _field(form, name)
    auto_id = form[name].auto_id
    assert div.get("class") == "field has-error" and div.get("id") == f"field-{name}"
    help_p = div.get_element_by_id(f"{auto_id}_helptext")
    assert help_p.tag == "p" and help_p.get("class") == "help" and help_p.text == form[name].help_text
    errors = div.get_element_by_id(f"{auto_id}_error")
    assert errors.tag == "ul" and errors.get("class") == "errorlist"
    assert [li.text for li in errors] == list(form.errors[name])
    described = f"{auto_id}_helptext {auto_id}_error"
    if name == "kind":  # a group of radios: the fieldset is described, each radio is invalid
        fieldset = div.find("fieldset")
        assert fieldset.get("aria-describedby") == described and fieldset.find("legend").text == "方式"
        radios = fieldset.findall(".//input[@type='radio']")
        assert len(radios) == 2 and all(r.get("aria-invalid") == "true" for r in radios)
        return
    widget = div.xpath(".//input|.//textarea|.//select")[0]
    assert widget.get("aria-describedby") == described and widget.get("aria-invalid") == "true"
    label = div.find(".//label")
    assert label.get("for") == auto_id
    if name == "agree":  # the box inside its label, the error above it
        assert label.get("class") == "checkbox" and html.index("errorlist") < html.index("<label")
    if name == "note":
        assert widget.get("data-counted") == "achievements"  # the page's character counter counts it


def test_a_valid_field_has_no_error_markup_and_the_widget_no_aria_invalid():
    form = Kinds(
        {"name": "王五", "note": "x", "domain": "a", "kind": "p", "agree": "on", "day": "2026-01-02"}
    )
    form.is_valid()
    html, div = _field(form, "name")
    assert "errorlist" not in html and "has-error" not in html and "aria-invalid" not in html
    assert div.find(".//input").get("aria-describedby") == "id_name_helptext"


def test_no_help_text_no_help_paragraph_and_no_description():
    class Plain(forms.Form):
        title = forms.CharField(label="职称")

    html, div = _field(Plain(), "title")
    assert "help" not in html and div.find(".//input").get("aria-describedby") is None


def test_a_whole_form_renders_its_fields_through_the_field_template_and_keeps_hidden_fields():
    form = Kinds(BAD)
    form.is_valid()
    page = str(Template("{{ form }}").render(Context({"form": form})))
    assert page.count('<div class="field has-error"') == 7  # every visible field, each invalid
    assert 'id="field-agree"' in page and 'type="hidden" name="hidden"' in page


@pytest.mark.django_db
def test_the_application_form_page_has_one_error_markup_and_the_counter(client):
    application = ApplicationFactory(campaign=open_campaign("craftsman"))
    award_type = application.campaign.award_type
    data = {
        "email": "not-an-email",
        "years_in_industry": "x",
        "edu-TOTAL_FORMS": "1",
        "edu-INITIAL_FORMS": "0",
        "edu-0-start": "2020-01-01",
        "edu-0-end": "2019-01-01",
        "work-TOTAL_FORMS": "0",
        "work-INITIAL_FORMS": "0",
    }
    form = ApplicationForm(data, instance=application, award_type=award_type)
    edu = EducationFormSet(data, instance=application, prefix="edu")
    WorkFormSet(data, instance=application, prefix="work")
    form.is_valid(), edu.is_valid()
    for field in [*form.visible_fields(), *edu.forms[0].visible_fields()]:
        html = str(field.as_field_group())
        assert html.startswith(f'<div class="field{" has-error" if field.errors else ""}" id="field-')
        if field.errors:
            assert f'<ul class="errorlist" id="{field.auto_id}_error">' in html, field.name
    client.force_login(application.applicant)
    page = client.get(reverse("awards:application_edit", args=[application.pk])).content.decode()
    assert 'id="achievements-counter"' in page and page.count('data-counted="achievements"') == 3
    assert 'class="error"' not in page and '<p class="errorlist">' not in page
