"""The application as PDF and Word in the regulation's layout, opened again and read back."""

import io

import pytest
from django.core.files.base import ContentFile
from django.urls import reverse
from docx import Document
from pypdf import PdfReader

from awards.documents.docx import application_docx
from awards.documents.pdf import MAX_FORM_PAGES, application_pdf
from awards.models import Application, Attachment
from tests.awards.applicant_support import jpeg_bytes, open_campaign
from tests.factories import OrganizationFactory, complete_application, user_with_role

pytestmark = pytest.mark.django_db


@pytest.fixture
def application():
    app = complete_application(campaign=open_campaign(), name="欧阳明华")
    photo = app.attachments.get(kind=Attachment.Kind.PHOTO)
    photo.file.save("photo.jpg", ContentFile(jpeg_bytes()), save=True)
    Application.objects.filter(pk=app.pk).update(number="ZHGJ-2026-007")
    app.refresh_from_db()
    return app


def pdf_text(data: bytes) -> tuple[PdfReader, str]:
    reader = PdfReader(io.BytesIO(data))
    return reader, "\n".join(page.extract_text() for page in reader.pages)


def docx_text(data: bytes) -> str:
    doc = Document(io.BytesIO(data))
    parts = [p.text for p in doc.paragraphs]
    for table in doc.tables:
        for row in table.rows:
            parts.extend(cell.text for cell in row.cells)
    return "\n".join(parts)


def test_pdf_holds_the_chinese_text_as_real_text(application):
    _reader, text = pdf_text(application_pdf(application, for_office=False))
    assert "欧阳明华" in text
    assert "上海智慧城市建设“智慧工匠”选树活动申报表" in text
    assert "一、个人基本情况" in text and "近三年负责城市物联感知平台的建设与运维。" in text


def test_pdf_embeds_the_noto_cjk_font(application):
    reader, _text = pdf_text(application_pdf(application, for_office=False))
    fonts = set()
    for page in reader.pages:
        for font in (page["/Resources"].get("/Font") or {}).values():
            fonts.add(str(font.get_object()["/BaseFont"]))
    assert any("Noto-Sans-CJK-SC" in f for f in fonts), fonts


def test_pdf_starts_with_the_cover_then_the_instructions_then_the_tables(application):
    reader, _text = pdf_text(application_pdf(application, for_office=False))
    cover = reader.pages[0].extract_text()
    assert "申报人姓名" in cover and "技术领域" in cover and "一、个人基本情况" not in cover
    instructions = reader.pages[1].extract_text()
    assert "填报说明" in instructions.replace(" ", "") and "一、个人基本情况" not in instructions
    assert "一、个人基本情况" in reader.pages[2].extract_text()
    assert reader.pages[0].mediabox.width == pytest.approx(595.28, abs=1)


def test_pdf_stays_within_twenty_pages_even_with_the_full_4000_characters(application):
    Application.objects.filter(pk=application.pk).update(
        section_basic="智" * 1400,
        section_second="慧" * 1300,
        section_third="城" * 1300,
        representative_achievements="成" * 3000,
    )
    application.refresh_from_db()
    reader, _text = pdf_text(application_pdf(application, for_office=False))
    assert 2 < len(reader.pages) <= MAX_FORM_PAGES


def test_every_version_shows_the_number_once_assigned(application):
    # issue 13 item 9: the applicant's own PDF showed a blank 编号 after the committee had assigned one
    _r, office = pdf_text(application_pdf(application, for_office=True))
    _r, applicant = pdf_text(application_pdf(application, for_office=False))
    assert "ZHGJ-2026-007" in office and "ZHGJ-2026-007" in applicant
    assert "ZHGJ-2026-007" in docx_text(application_docx(application, for_office=True))
    assert "ZHGJ-2026-007" in docx_text(application_docx(application, for_office=False))


def test_the_number_stays_blank_before_it_is_assigned(application):
    Application.objects.filter(pk=application.pk).update(number="")
    application.refresh_from_db()
    cover = PdfReader(io.BytesIO(application_pdf(application, for_office=False))).pages[0].extract_text()
    assert "编号：________" in cover


def test_pdf_contains_the_photo(application):
    reader, _text = pdf_text(application_pdf(application, for_office=False))
    assert len(reader.pages[2].images) == 1


def test_docx_has_the_same_content_in_the_same_order(application):
    doc = Document(io.BytesIO(application_docx(application, for_office=False)))
    text = docx_text(application_docx(application, for_office=False))
    order = [
        "上海智慧城市建设“智慧工匠”选树活动申报表",
        "申报人姓名",
        "一、个人基本情况",
        "欧阳明华",
        "教育经历（从高中起）",
        "工作经历",
        "（一）基本情况",
        "（二）精神特质",
        "（三）技术/技能水平",
        "本次申报代表性成果的情况说明",
    ]
    position = 0
    for part in order:  # each part found after the previous one
        position = text.index(part, position)
    assert len(doc.inline_shapes) == 1
    assert doc.sections[0].page_width.mm == pytest.approx(210, abs=0.5)


def test_pioneer_documents_carry_the_unit_opinion(application):
    app = complete_application(campaign=open_campaign("pioneer"), name="司马青")
    _r, text = pdf_text(application_pdf(app, for_office=False))
    assert "二、所在单位推荐意见" in text and "该同志工作业绩突出，申报材料真实。" in text
    assert "“领军先锋”评选活动申报表" in text
    assert "该同志工作业绩突出，申报材料真实。" in docx_text(application_docx(app, for_office=False))


def test_the_applicant_downloads_pdf_and_word(client, application):
    client.force_login(application.applicant)
    pdf = client.get(reverse("awards:application_pdf", args=[application.pk]))
    word = client.get(reverse("awards:application_docx", args=[application.pk]))
    assert pdf["Content-Type"] == "application/pdf" and pdf.content.startswith(b"%PDF")
    assert word.content.startswith(b"PK") and "attachment;" in word["Content-Disposition"]
    assert "ZHGJ-2026-007" in pdf_text(pdf.content)[1]


def test_the_office_downloads_the_numbered_version(client, application):
    client.force_login(user_with_role("office"))
    response = client.get(reverse("awards:application_pdf", args=[application.pk]))
    assert "ZHGJ-2026-007" in pdf_text(response.content)[1]


def test_the_recommender_may_download_but_a_stranger_may_not(client, application):
    org = OrganizationFactory()
    staff = user_with_role("recommender")
    org.staff.add(staff)
    application.refresh_from_db()
    application.route, application.recommender = (
        "unit",
        org,
    )  # saved: naming the unit grants its accounts access
    application.save()
    client.force_login(staff)
    assert client.get(reverse("awards:application_docx", args=[application.pk])).status_code == 200
    client.force_login(user_with_role("applicant"))
    assert client.get(reverse("awards:application_docx", args=[application.pk])).status_code == 404


def test_the_unit_opinion_stays_with_its_seal_block_and_the_signature_line_is_blank(application):
    """Issue 23.7: the 领军先锋 PDF split 所在单位推荐意见 across pages, leaving the 盖章/签字 block alone, and pre-typed
    the responsible person's name on the signature line (附件2: signed by hand)."""
    from awards.models import Application as App

    app = complete_application(campaign=open_campaign("pioneer"), name="司马青")
    # A long opinion that would push the block over a page break if it were allowed to split.
    App.objects.filter(pk=app.pk).update(unit_opinion="该同志工作业绩突出，申报材料真实。" * 40)
    app.refresh_from_db()
    reader, _text = pdf_text(application_pdf(app, for_office=False))
    pages = [p.extract_text() for p in reader.pages]
    [page] = [p for p in pages if "二、所在单位推荐意见" in p]
    assert "工作单位（盖章）" in page and "负责人（签字）" in page
    for text in (*pages, docx_text(application_docx(app, for_office=False))):
        assert "王总" not in text
