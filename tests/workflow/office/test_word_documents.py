"""Word files for the 报批 file and the application form, read back with python-docx; the pages link to them;
the printed lists carry their signature areas (Excel, PDF and the panel results page)."""

import datetime
import io

import pytest
from django.urls import reverse
from docx import Document
from docx.oxml.ns import qn
from pypdf import PdfReader

from awards.documents.annex import instructions as filing_instructions
from awards.documents.docx import PERSONAL_COLUMNS, application_docx
from awards.models import Application, Campaign
from tests.awards.applicant_support import open_campaign
from tests.factories import complete_application, user_with_role
from tests.workflow.office.builders import campaign_in, candidate, panel_for
from tests.xlsx import workbook
from workflow.documents import exports
from workflow.documents import pdf as documents
from workflow.models import CommitteeDecision, CommitteeVote, Honor, Publicity

pytestmark = pytest.mark.django_db
S = Application.State


def _text(content: bytes) -> str:
    doc = Document(io.BytesIO(content))
    parts = [p.text for p in doc.paragraphs]
    for table in doc.tables:
        for row in table.rows:
            parts.extend(cell.text for cell in row.cells)
    parts.extend(p.text for p in doc.sections[0].footer.paragraphs)
    return "\n".join(parts)


def _footer_fields(content: bytes) -> str:
    return Document(io.BytesIO(content)).sections[0].footer._element.xml


@pytest.fixture
def office(client):
    user = user_with_role("office")
    client.force_login(user)
    return user


@pytest.fixture
def listed():
    campaign = campaign_in(Campaign.Phase.PUBLICITY)
    apps = [
        candidate(campaign, state=S.RECOMMENDED, name=name, number=f"ZHGJ-{campaign.year}-00{i}")
        for i, name in enumerate(("王芳", "李强"), start=1)
    ]
    today = datetime.date(campaign.year, 9, 1)
    Publicity.objects.create(campaign=campaign, starts_on=today, ends_on=today + datetime.timedelta(days=7))
    return campaign, apps


def test_application_form_in_word_has_the_instructions_fixed_columns_and_page_numbers():
    app = complete_application(campaign=open_campaign(), name="欧阳明华")
    content = application_docx(app, for_office=False)
    text = _text(content)
    paragraphs = filing_instructions(app.campaign.award_type)
    assert "填报说明" in text and all(p in text for p in paragraphs)
    assert "“上海智慧工匠”选树活动申报材料由申报表和证实性材料两部分组成" in paragraphs[0]
    # The instructions come after the cover and before 一、个人基本情况, as in the annex.
    assert (
        text.index("上海市经济和信息化工作系统工会印制")
        < text.index(paragraphs[0])
        < text.index("一、个人基本情况")
    )
    doc = Document(io.BytesIO(content))
    personal = doc.tables[0]
    grid = personal._tbl.tblGrid.findall(qn("w:gridCol"))
    assert [round(int(c.get(qn("w:w"))) / 1440 * 25.4) for c in grid] == PERSONAL_COLUMNS  # twips → mm
    footer = _footer_fields(content)
    assert "PAGE" in footer and "NUMPAGES" in footer


def test_pioneer_form_names_its_own_activity_in_the_instructions():
    app = complete_application(campaign=open_campaign("pioneer"))
    text = _text(application_docx(app, for_office=False))
    assert "“上海领军先锋”评选活动申报材料由申报表和证实性材料两部分组成" in text
    assert "智慧工匠" not in "".join(filing_instructions(app.campaign.award_type))


def test_publicity_notice_in_word_from_the_publicity_page(client, office, listed):
    campaign, apps = listed
    page = client.get(reverse("workflow:publicity", args=[campaign.pk])).content.decode()
    url = reverse("workflow:publicity_notice_docx", args=[campaign.pk])
    assert url in page
    response = client.get(url)
    assert response["Content-Type"].startswith(
        "application/vnd.openxmlformats-officedocument.wordprocessingml"
    )
    text = _text(response.content)
    assert f"关于{campaign.title}建议名单的公示" in text
    assert all(a.name in text for a in apps)
    assert "（组委会盖章处）" in text and "上海智慧城市建设荣誉评选组委会办公室" in text
    assert "NUMPAGES" in _footer_fields(response.content)


def test_publicity_notice_pdf_has_the_place_for_the_seal(listed):
    campaign, _apps = listed
    reader = PdfReader(io.BytesIO(documents.publicity_notice_pdf(campaign)))
    assert "组委会盖章处" in "".join(p.extract_text() for p in reader.pages)


def test_honors_list_in_word_for_the_approval_file(client, office, listed):
    campaign, apps = listed
    for i, app in enumerate(apps, start=1):
        Honor.objects.create(
            application=app,
            kind="title",
            certificate_number=f"ZHGJ-{campaign.year}-Z0{i}",
            awarded_on=datetime.date(campaign.year, 10, 1),
        )
    Honor.objects.filter(application=apps[1]).update(
        certificate_recalled_at=datetime.datetime(2031, 1, 1, tzinfo=datetime.UTC)
    )
    page = client.get(reverse("workflow:honors", args=[campaign.pk])).content.decode()
    url = reverse("workflow:honors_list_docx", args=[campaign.pk])
    assert url in page
    text = _text(client.get(url).content)
    assert apps[0].name in text and f"ZHGJ-{campaign.year}-Z01" in text
    assert apps[1].name not in text  # a recalled certificate is not on the list sent for approval
    assert "主任委员签字" in text and "（组委会盖章处）" in text and "共 1 人。" in text


def test_word_files_are_for_the_office_only(client, listed):
    campaign, _apps = listed
    client.force_login(user_with_role("expert"))
    for name in ("workflow:publicity_notice_docx", "workflow:honors_list_docx"):
        assert client.get(reverse(name, args=[campaign.pk])).status_code in (403, 404)


def _print_area_text(content: bytes) -> str:
    ws = workbook(content).worksheets[0]
    return "\n".join(str(c.value) for row in ws.iter_rows() for c in row if c.value is not None)


def test_panel_matrix_and_committee_votes_carry_their_signature_areas():
    campaign = campaign_in(Campaign.Phase.COMPOSITE)
    matrix = workbook(exports.score_matrix_xlsx(campaign, "material")).worksheets[0]
    last = matrix.cell(matrix.max_row, 1).value
    assert last.startswith("评议组组长签字") and "日期" in last
    assert matrix.print_area.endswith(f"${matrix.max_row}")  # inside the printed area

    decision = CommitteeDecision.objects.create(
        campaign=campaign, kind="confirm_recommended", result="approved"
    )
    CommitteeVote.objects.create(decision=decision, member=user_with_role("committee"), choice="approve")
    votes = workbook(exports.votes_xlsx(campaign)).worksheets[0]
    assert votes.cell(votes.max_row, 1).value.startswith("主任委员签字")
    assert votes.print_area.endswith(f"${votes.max_row}")


def test_panel_results_page_has_the_chairs_signature_area(client, office):
    campaign = campaign_in(Campaign.Phase.MATERIAL_REVIEW)
    panel = panel_for(campaign, experts=1)
    page = client.get(reverse("scoring:panel_results", args=[panel.pk, "material"])).content.decode()
    assert 'data-testid="signature"' in page and "评议组组长签字" in page
