"""Autosave and partial posts never erase data (issue 10, defect 2); oversized row counts are refused (defect 8)."""

import pytest
from django import forms
from django.test.client import BOUNDARY, MULTIPART_CONTENT, encode_multipart
from django.urls import reverse

from awards.forms import FORM_END
from tests.awards.applicant_support import filled_application, form_data, open_campaign
from tests.factories import ApplicationFactory, add_rows_and_files

pytestmark = pytest.mark.django_db

KEPT = ["resident_id", "phone", "unit_name", "section_basic", "section_second", "representative_achievements"]


@pytest.fixture
def application(client):
    return filled_application(client)


def snapshot(application):
    application.refresh_from_db()
    return {f: getattr(application, f) for f in KEPT + ["name", "integrity_declared"]} | {
        "edu": application.education_entries.count(),
        "work": application.work_entries.count(),
    }


def test_autosave_with_only_the_name_updates_only_the_name(client, application):
    before = snapshot(application)
    response = client.post(reverse("awards:application_autosave", args=[application.pk]), {"name": "王自动"})
    assert response.status_code == 200 and response.json()["problems"] == []
    after = snapshot(application)
    assert after.pop("name") == "王自动"
    before.pop("name")
    assert after == before


def test_a_partial_autosave_leaves_unsent_checkboxes_ticked(client, application):
    client.post(reverse("awards:application_autosave", args=[application.pk]), {"position": "总工程师"})
    application.refresh_from_db()
    assert application.integrity_declared and application.direct_technical_work
    assert application.position == "总工程师"


def test_the_whole_form_still_unticks_a_checkbox(client, application):
    data = form_data(application)
    data.pop("integrity_declared")
    client.post(reverse("awards:application_autosave", args=[application.pk]), data)
    application.refresh_from_db()
    assert not application.integrity_declared


def _truncated_multipart(application, **overrides):
    body = encode_multipart(BOUNDARY, form_data(application, **overrides))
    return body[: body.index(b'name="section_basic"') + 60]


@pytest.mark.parametrize("view", ["awards:application_edit", "awards:application_autosave"])
def test_a_truncated_multipart_body_is_refused_and_changes_nothing(client, application, view):
    before = snapshot(application)
    body = _truncated_multipart(application, name="截断", section_basic="新的内容" * 50)
    response = client.generic(
        "POST", reverse(view, args=[application.pk]), body, content_type=MULTIPART_CONTENT
    )
    assert response.status_code == 400
    message = "提交的表单数据不完整（可能是网络中断导致上传被截断），本次未保存任何内容"
    assert message in response.content.decode("unicode_escape" if "autosave" in view else "utf-8")
    assert snapshot(application) == before


def test_an_edit_post_without_the_row_management_form_is_refused(client, application):
    before = snapshot(application)
    data = form_data(application, name="缺行数")
    for key in [k for k in data if k.startswith("edu-")]:
        data.pop(key)
    response = client.post(reverse("awards:application_edit", args=[application.pk]), data)
    assert response.status_code == 400
    assert "缺少教育经历或工作经历的行数信息" in response.content.decode()
    assert snapshot(application) == before


@pytest.mark.parametrize("view", ["awards:application_edit", "awards:application_autosave"])
def test_a_hundred_thousand_rows_are_refused_quickly_with_a_clear_error(
    client, application, view, monkeypatch
):
    """Refused before any of the 100,000 row forms is built (counted, not timed: no timing thresholds in tests)."""
    before = snapshot(application)
    data = form_data(application, **{"edu-TOTAL_FORMS": "100000"})
    built = []
    original_init = forms.BaseForm.__init__

    def counting_init(self, *args, **kwargs):
        built.append(type(self).__name__)
        original_init(self, *args, **kwargs)

    monkeypatch.setattr(forms.BaseForm, "__init__", counting_init)
    response = client.post(reverse(view, args=[application.pk]), data)
    assert len(built) < 100, f"{len(built)} forms built for a refused post"
    assert response.status_code == 400 and len(response.content) < 200_000
    assert "教育经历和工作经历各最多填写 20 行" in response.content.decode(
        "unicode_escape" if "autosave" in view else "utf-8"
    )
    assert snapshot(application) == before


def test_twenty_one_rows_within_the_absolute_max_get_a_row_error(client, application):
    data = form_data(application, **{"work-TOTAL_FORMS": "21"})
    for i in range(21):
        data[f"work-{i}-start"] = "2010-01-01"
        data[f"work-{i}-employer"] = f"单位{i}"
    response = client.post(reverse("awards:application_edit", args=[application.pk]), data)
    assert response.status_code == 200
    assert application.work_entries.count() == 1


def test_the_browsers_autosave_without_row_tables_keeps_the_rows_and_reports_no_problem(client, application):
    data = {
        k: v
        for k, v in form_data(application, section_third="自动保存").items()
        if not k.startswith(("edu-", "work-"))
    }
    response = client.post(reverse("awards:application_autosave", args=[application.pk]), data)
    assert response.json()["problems"] == []
    application.refresh_from_db()
    assert application.section_third == "自动保存" and application.education_entries.count() == 1


def test_with_csrf_checks_on_the_autosave_still_sees_a_truncated_body(application):
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    client.force_login(application.applicant)
    page = client.get(reverse("awards:application_edit", args=[application.pk]))
    token = page.cookies["csrftoken"].value
    before = snapshot(application)
    body = encode_multipart(
        BOUNDARY, {"csrfmiddlewaretoken": token, "name": "截断", "section_basic": "新" * 100}
    )
    cut = body[: body.index(b'name="section_basic"') + 60]
    url = reverse("awards:application_autosave", args=[application.pk])
    assert client.generic("POST", url, cut, content_type=MULTIPART_CONTENT).status_code == 400
    assert snapshot(application) == before
    whole = client.generic("POST", url, body, content_type=MULTIPART_CONTENT)
    assert whole.status_code == 200
    application.refresh_from_db()
    assert application.name == "截断" and application.section_basic == "新" * 100


@pytest.mark.parametrize("view", ["awards:application_edit", "awards:application_autosave"])
def test_a_whole_form_marker_with_one_field_is_refused_and_blanks_nothing(client, application, view):
    """Issue 21 (low): form_end=1 with one field used to save the whole form, blanking every other field."""
    before = snapshot(application)
    rows = {k: v for k, v in form_data(application).items() if k.startswith(("edu-", "work-"))}
    response = client.post(reverse(view, args=[application.pk]), rows | {"form_end": "1", "name": "王新"})
    assert response.status_code == 400
    body = response.content.decode("unicode_escape" if "autosave" in view else "utf-8")
    assert "提交的表单声明为完整表单，却缺少" in body and "本次未保存任何内容" in body
    assert snapshot(application) == before


def test_a_whole_form_without_unticked_boxes_and_unanswered_radios_still_saves(client, application):
    """What a browser leaves out (an unticked box, an unanswered radio, no file) does not make a form partial."""
    data = form_data(application, name="王完整")
    for name in ("integrity_declared", "public_consent", "direct_technical_work", "union_member", "gender"):
        data.pop(name, None)
    response = client.post(reverse("awards:application_autosave", args=[application.pk]), data)
    assert response.status_code == 200
    application.refresh_from_db()
    assert application.name == "王完整" and not application.integrity_declared


@pytest.mark.parametrize("honor", ["craftsman", "pioneer"])
def test_the_edit_page_sends_every_field_a_whole_form_must_carry(client, honor):
    """What a browser posts from the page itself (every input, textarea and select it renders) is a whole form."""
    from html.parser import HTMLParser

    from awards.forms import ApplicationForm, missing_from_whole_form

    app = add_rows_and_files(ApplicationFactory(campaign=open_campaign(honor)))
    client.force_login(app.applicant)
    page = client.get(reverse("awards:application_edit", args=[app.pk])).content.decode()

    class Names(HTMLParser):
        names: set = set()

        def handle_starttag(self, tag, attrs):
            attrs = dict(attrs)
            if tag in ("input", "textarea", "select") and attrs.get("name") and "disabled" not in attrs:
                if attrs.get("type") not in ("checkbox", "radio", "file", "submit"):
                    self.names.add(attrs["name"])

    parser = Names()
    parser.feed(page)
    form = ApplicationForm(instance=app, award_type=app.campaign.award_type)
    assert FORM_END in parser.names and {"section_basic", "public_summary", "name"} <= parser.names
    assert missing_from_whole_form(form, dict.fromkeys(parser.names, "")) == []
