"""A model choice field's options are read with one plain SELECT per form (config/forms.py ChoicesReadOnce;
docs/decisions.md 407): listing them twice — the ApplicationForm's 推荐机构 select and the employer datalist, the
radio list of 技术领域 — reads once, a new form reads again (a change shows at the next request), the options and
the validation are Django's own, and no server-side cursor is opened on PostgreSQL."""

import pytest
from django import forms
from django.db import connection
from django.test.utils import CaptureQueriesContext

from awards.forms import ApplicationForm
from awards.models import Organization, TechDomain
from config.forms import ChoicesReadOnce, read_choices_once
from tests.awards.applicant_support import open_campaign
from tests.factories import ApplicationFactory, OrganizationFactory

pytestmark = pytest.mark.django_db


class UnitForm(forms.Form):
    unit = forms.ModelChoiceField(queryset=Organization.objects.order_by("name"), empty_label="—")

    def __init__(self, *args, read_once=True, **kwargs):
        super().__init__(*args, **kwargs)
        if read_once:
            read_choices_once(self)


def _listings(form) -> tuple[list, int]:
    with CaptureQueriesContext(connection) as queries:
        first = [str(label) for _value, label in form.fields["unit"].widget.choices]
        second = [str(label) for _value, label in form.fields["unit"].widget.choices]
    assert first == second
    return first, len(queries)


def test_options_listed_twice_are_read_once_and_a_new_form_reads_again():
    OrganizationFactory(name="甲单位")
    labels, reads = _listings(UnitForm())
    assert reads == 1 and labels[0] == "—" and "甲单位" in labels
    assert _listings(UnitForm(read_once=False))[1] == 2  # Django's own iterator reads at each listing
    OrganizationFactory(name="乙单位")
    assert "乙单位" in _listings(UnitForm())[0]  # nothing kept between forms


def test_the_field_still_validates_and_refuses_an_unknown_choice():
    unit = OrganizationFactory(name="甲单位")
    ok = UnitForm({"unit": unit.pk})
    assert ok.is_valid() and ok.cleaned_data["unit"] == unit
    bad = UnitForm({"unit": unit.pk + 1000})
    assert not bad.is_valid() and "unit" in bad.errors


def test_the_application_forms_choice_fields_read_their_options_once():
    campaign = open_campaign()
    app = ApplicationFactory(campaign=campaign)
    form = ApplicationForm(instance=app, award_type=campaign.award_type)
    fields = {n: f for n, f in form.fields.items() if isinstance(f, forms.ModelChoiceField)}
    assert {"tech_domain", "industry_subcategory", "recommender"} <= set(fields)
    assert all(f.iterator is ChoicesReadOnce for f in fields.values())
    with CaptureQueriesContext(connection) as queries:
        form.employer_options()
        list(form.fields["recommender"].widget.choices)
        list(form.fields["industry_subcategory"].widget.choices)
        list(form.fields["tech_domain"].widget.choices)
    assert not [q for q in queries.captured_queries if "awards_techdomain" in q["sql"]]  # read in __init__
    assert len([q for q in queries.captured_queries if "awards_organization" in q["sql"]]) == 1
    assert not [q for q in queries.captured_queries if q["sql"].lstrip().upper().startswith("DECLARE")]
    assert TechDomain.objects.exists()
