"""`{% form_field %}` (awards/templatetags/form_fields.py) writes what templates/awards/_field.html writes, for
every field of the application form and its row tables: unbound, and bound with errors."""

import pytest
from django.template.loader import get_template
from django.utils import translation

from awards.forms import ApplicationForm, EducationFormSet, WorkFormSet
from awards.templatetags.form_fields import form_field
from tests.awards.applicant_support import open_campaign
from tests.factories import ApplicationFactory

pytestmark = pytest.mark.django_db


def _fields(application, data=None):
    award_type = application.campaign.award_type
    form = ApplicationForm(data, instance=application, award_type=award_type)
    edu = EducationFormSet(data, instance=application, prefix="edu")
    work = WorkFormSet(data, instance=application, prefix="work")
    if data is not None:
        form.is_valid()
        edu.is_valid()
        work.is_valid()
    fields = list(form)
    for formset in (edu, work):
        for f in [*formset.forms, formset.empty_form]:
            fields.extend(f.visible_fields())
    return fields


@pytest.mark.parametrize("code", ["craftsman", "pioneer"])
@pytest.mark.parametrize("language", ["zh-hans", "en"])
def test_the_tag_writes_the_field_template(code, language):
    application = ApplicationFactory(campaign=open_campaign(code))
    template = get_template("awards/_field.html")
    invalid = {
        "email": "not-an-email",
        "years_in_industry": "x",
        "route": "unit",
        "recommender": "",
        "gender": "nonsense",
        "union_member": "maybe",
        "integrity_declared": "on",
        "resident_id": "<script>",
        "edu-TOTAL_FORMS": "1",
        "edu-INITIAL_FORMS": "0",
        "edu-0-start": "2020-01-01",
        "edu-0-end": "2019-01-01",
        "edu-0-school": "<b>学校</b>",
        "work-TOTAL_FORMS": "0",
        "work-INITIAL_FORMS": "0",
    }
    with translation.override(language):
        for data in (None, invalid):
            fields = _fields(application, data)
            assert len(fields) > 40
            kinds = {f.widget_type for f in fields}
            assert {"radioselect", "checkbox", "select", "textarea", "clearablefile", "date"} <= kinds
            if data is not None:
                assert any(f.errors for f in fields)
            for field in fields:
                assert form_field(field) == template.render({"field": field}), field.name
