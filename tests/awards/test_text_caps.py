"""Hard caps on free text (issue 10, defect 4): forms, the model/service layer and the database refuse
over-long text with a clear message, nothing saved is lost, and documents render in bounded time and pages."""

import io

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from pypdf import PdfReader

from awards.models import Application
from awards.services import applications as services
from tests.awards.applicant_support import form_data, open_campaign
from tests.factories import ApplicationFactory, add_rows_and_files

pytestmark = pytest.mark.django_db

HUGE = "字" * 400_000


@pytest.fixture
def application(client):
    app = ApplicationFactory(campaign=open_campaign())
    client.force_login(app.applicant)
    return app


def test_a_huge_section_is_refused_with_a_message_and_the_rest_is_saved(client, application):
    before = application.section_basic
    response = client.post(
        reverse("awards:application_edit", args=[application.pk]),
        form_data(application, section_basic=HUGE, position="总工程师"),
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "400000" in html and "4400" in html  # Django's 确保该值不超过 4400 个字符（目前为 400000）
    application.refresh_from_db()
    assert application.section_basic == before and application.position == "总工程师"


def test_three_sections_over_the_draft_cap_together_are_not_saved(client, application):
    response = client.post(
        reverse("awards:application_autosave", args=[application.pk]),
        form_data(
            application, section_basic="甲" * 2000, section_second="乙" * 2000, section_third="丙" * 500
        ),
    )
    messages = [p["message"] for p in response.json()["problems"]]
    assert any("合计 4500 字，超过草稿上限 4400 字（提交时限 4000 字）" in m for m in messages)
    application.refresh_from_db()
    assert application.section_basic.startswith("近三年") and application.section_second.startswith("坚持")


def test_a_draft_within_the_margin_is_saved_with_the_warning(client, application):
    response = client.post(
        reverse("awards:application_autosave", args=[application.pk]),
        form_data(application, section_basic="甲" * 2100, section_second="乙" * 2000, section_third="丙"),
    )
    assert any("请删减 101 字（已保存为草稿）" in p["message"] for p in response.json()["problems"])
    application.refresh_from_db()
    assert application.achievements_length == 4101


def test_the_service_refuses_a_huge_field_and_saves_nothing(application):
    with pytest.raises(ValidationError) as e:
        services.application_save_draft(
            application=application,
            user=application.applicant,
            fields={"awards_received": HUGE, "position": "总工程师"},
        )
    assert "“何时何地受过何种奖励”最多 4000 字，现为 400000 字" in e.value.message_dict["awards_received"][0]
    application.refresh_from_db()
    assert application.position == "高级工程师"


def test_the_model_refuses_every_text_field_over_its_cap(application):
    application.name = "名" * 51
    with pytest.raises(ValidationError) as e:
        application.save()
    assert "name" in e.value.message_dict


def test_the_database_refuses_a_huge_text_even_through_a_raw_update(application):
    with pytest.raises(IntegrityError), transaction.atomic():
        Application.objects.filter(pk=application.pk).update(section_third=HUGE)


def test_a_huge_objection_text_is_refused_by_the_model():
    from workflow.models import Objection

    app = ApplicationFactory()
    objection = Objection(
        campaign=app.campaign,
        application=app,
        objector_name="李四",
        objector_id_or_contact="139",
        content=HUGE,
    )
    with pytest.raises(ValidationError):
        objection.save()
    assert not Objection.objects.exists()


def test_a_huge_text_stored_before_the_caps_prints_cut_with_a_notice_in_bounded_time():
    from awards.documents.docx import application_docx
    from awards.documents.pdf import application_pdf

    app = add_rows_and_files(ApplicationFactory(campaign=open_campaign()))
    app.section_basic = HUGE  # as an old row would hold it (the CHECK constraint keeps new ones out)
    pdf = application_pdf(app, for_office=False)
    reader = PdfReader(io.BytesIO(pdf))
    text = "".join(page.extract_text() for page in reader.pages)
    assert "超出本栏 4400 字上限，未打印" in text.replace("\n", "")
    assert len(reader.pages) <= 12  # bounded by what is printed, not by a timer
    from docx import Document

    document = Document(io.BytesIO(application_docx(app, for_office=False)))
    words = "\n".join(p.text for p in document.paragraphs) + "".join(
        cell.text for table in document.tables for row in table.rows for cell in row.cells
    )
    assert "超出本栏 4400 字上限，未打印" in words and len(words) < 30_000


def test_the_largest_form_the_caps_allow_renders_in_bounded_time_and_pages():
    import datetime

    from awards.documents.pdf import application_pdf
    from awards.models import EducationEntry, WorkEntry

    app = add_rows_and_files(
        ApplicationFactory(
            campaign=open_campaign("pioneer"),
            section_basic="甲" * 1500,
            section_second="乙" * 1500,
            section_third="丙" * 1400,
            awards_received="奖" * 4000,
            representative_achievements="成" * 4000,
            social_posts="社" * 2000,
            punishments="无" * 2000,
            unit_opinion="同" * 2000,
        )
    )
    for _row in range(19):
        EducationEntry.objects.create(application=app, start=datetime.date(2000, 1, 1), school="学" * 200)
        WorkEntry.objects.create(application=app, start=datetime.date(2000, 1, 1), employer="单" * 200)
    reader = PdfReader(io.BytesIO(application_pdf(app, for_office=True)))
    assert len(reader.pages) <= 40, len(reader.pages)
