"""The form's 所在单位 part: pick a registered unit (datalist of names with credit codes) or name a new one; the
office confirms a new unit on the eligibility page."""

import pytest
from django.urls import reverse

from awards.models import Organization
from tests.awards.applicant_support import form_data, open_campaign
from tests.factories import ApplicationFactory, OrganizationFactory, user_with_role

pytestmark = pytest.mark.django_db


def test_the_form_offers_registered_units_with_their_credit_codes(client):
    unit = OrganizationFactory(name="上海城市数据有限公司")
    OrganizationFactory(name="待确认的单位", needs_confirmation=True)
    app = ApplicationFactory(campaign=open_campaign(), employer=None, unit_name="")
    client.force_login(app.applicant)
    html = client.get(reverse("awards:application_edit", args=[app.pk])).content.decode()
    assert f'<option value="上海城市数据有限公司">{unit.credit_code}</option>' in html
    assert "待确认的单位" not in html
    assert 'list="employer-options"' in html


def test_a_new_unit_named_in_the_form_is_shown_to_the_office_for_confirmation(client):
    app = ApplicationFactory(campaign=open_campaign(), employer=None, unit_name="")
    client.force_login(app.applicant)
    client.post(
        reverse("awards:application_edit", args=[app.pk]),
        form_data(app, employer_name="上海新锐智能科技有限公司", employer_email="hr@xinrui.example.cn"),
    )
    app.refresh_from_db()
    assert app.employer.name == "上海新锐智能科技有限公司" and app.employer.needs_confirmation
    assert app.unit_name == "上海新锐智能科技有限公司"
    office = user_with_role("office")
    client.force_login(office)
    page = client.get(reverse("workflow:eligibility_review", args=[app.pk])).content.decode()
    assert 'id="employer-confirm"' in page
    client.post(reverse("workflow:employer_confirm", args=[app.employer.pk]), {"application": app.pk})
    assert not Organization.objects.get(pk=app.employer_id).needs_confirmation


def test_an_invalid_credit_code_is_refused_and_the_rest_is_saved(client):
    app = ApplicationFactory(campaign=open_campaign(), employer=None, unit_name="")
    client.force_login(app.applicant)
    html = client.post(
        reverse("awards:application_edit", args=[app.pk]),
        form_data(
            app, employer_name="上海某公司", employer_credit_code="91310000ABCDEFGHIJ", position="总监"
        ),
    ).content.decode()
    assert "统一社会信用代码" in html
    app.refresh_from_db()
    assert app.position == "总监" and app.employer.name == "上海某公司" and not app.employer.credit_code


def test_an_applicant_in_an_unnamed_subcategory_submits_with_other_please_specify(client):
    from awards.completeness import missing_items
    from awards.models import IndustrySubcategory
    from tests.factories import complete_application

    other = IndustrySubcategory.objects.get(category__name="智慧治理", is_other=True)
    app = complete_application(campaign=open_campaign(), industry_subcategory=other)
    assert [m.field for m in missing_items(app)] == ["industry_other"]
    client.force_login(app.applicant)
    page = client.get(reverse("awards:application_edit", args=[app.pk])).content.decode()
    assert "其他（请注明）" in page and 'name="industry_other"' in page
    client.post(
        reverse("awards:application_edit", args=[app.pk]),
        form_data(app, industry_subcategory=other.pk, industry_other="智慧应急"),
    )
    client.post(reverse("awards:application_review", args=[app.pk]))
    app.refresh_from_db()
    assert app.state == "submitted" and app.industry_label == "智慧治理 — 其他（请注明）：智慧应急"
