"""Issue 13 item 12: the certificate on one A4 landscape page with its frame whole and the content centred, issued
by the 主办单位 (configurable), and 第二十八条's rules for using the title with the award (mail, pages)."""

import datetime
import io
import subprocess

import pytest
from django.core import mail
from django.urls import reverse
from PIL import Image
from pypdf import PdfReader

from awards.models import Application, Campaign
from tests.e2e.conftest import ARTIFACTS
from tests.factories import user_with_role
from tests.workflow.office.builders import campaign_in, candidate
from workflow.documents.pdf import certificate_pdf
from workflow.models import Honor
from workflow.notifications import notify_transition

pytestmark = pytest.mark.django_db
S = Application.State
ISSUERS = ["上海市总工会", "中共上海市经济和信息化工作委员会", "上海市经济和信息化委员会"]
RULE = "不得将该称号用于产品宣传"


@pytest.fixture
def honor():
    campaign = campaign_in(Campaign.Phase.AWARDED)
    app = candidate(campaign, state=S.AWARDED, name="王芳", number=f"ZHGJ-{campaign.year}-001")
    return Honor.objects.create(
        application=app,
        kind="title",
        certificate_number=f"ZHGJ-{campaign.year}-001",
        awarded_on=datetime.date(2031, 5, 20),
        document_number="沪智城〔2031〕9号",
    )


def render_png(data: bytes, name: str) -> Image.Image:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    pdf = ARTIFACTS / f"{name}.pdf"
    pdf.write_bytes(data)
    subprocess.run(
        ["pdftoppm", "-png", "-r", "50", "-singlefile", str(pdf), str(ARTIFACTS / name)],
        check=True,
        timeout=60,
    )
    return Image.open(ARTIFACTS / f"{name}.png").convert("RGB")


def bbox(image: Image.Image, keep) -> tuple[int, int, int, int]:
    """Bounding box (left, top, right, bottom) of the pixels for which keep(r, g, b) is true."""
    mask = Image.new("L", image.size)
    mask.putdata([255 if keep(*px) else 0 for px in image.getdata()])
    box = mask.getbbox()
    assert box, "nothing drawn"
    return box


def test_certificate_is_one_landscape_a4_page_with_the_frame_whole_and_the_content_centred(honor):
    data = certificate_pdf(honor)
    reader = PdfReader(io.BytesIO(data))
    assert len(reader.pages) == 1
    page = reader.pages[0]
    assert (float(page.mediabox.width), float(page.mediabox.height)) == pytest.approx((841.89, 595.28), abs=1)
    image = render_png(data, "certificate")
    width, height = image.size
    # the red double frame: inside the page, the same margin on every side (not cut off at the bottom)
    left, top, right, bottom = bbox(image, lambda r, g, b: r > 140 and g < 90 and b < 90)
    margins = [left, top, width - right, height - bottom]
    assert min(margins) > 0.02 * width
    assert max(margins) - min(margins) < 0.02 * width
    # the black text: centred vertically inside the frame (was in the top 60 %)
    _l, text_top, _r, text_bottom = bbox(image, lambda r, g, b: r < 80 and g < 80 and b < 80)
    text_centre = (text_top + text_bottom) / 2
    assert abs(text_centre - height / 2) < 0.08 * height


def test_the_certificate_is_issued_by_the_organisers(honor):
    text = PdfReader(io.BytesIO(certificate_pdf(honor))).pages[0].extract_text()
    for name in ISSUERS:
        assert name in text
    assert "荣誉评选组委会" not in text  # a body the regulation does not name
    assert "王芳" in text and honor.certificate_number in text


def test_the_issuers_are_configurable(honor, settings):
    settings.CERTIFICATE_ISSUERS = ["上海市总工会", "某承办单位"]
    text = PdfReader(io.BytesIO(certificate_pdf(honor))).pages[0].extract_text()
    assert "某承办单位" in text and "上海市经济和信息化委员会" not in text


def test_the_award_mail_carries_the_title_use_rules(honor, django_capture_on_commit_callbacks):
    app = honor.application
    with django_capture_on_commit_callbacks(execute=True):  # as the transition runs it: after commit
        notify_transition("awarded", campaign=app.campaign, application=app)
    body = next(m.body for m in mail.outbox if app.email in m.to)
    assert "第二十八条" in body and RULE in body and "“上海智慧工匠”" in body
    assert f"{app.campaign.year} 年度" in body


def test_the_honor_pages_carry_the_title_use_rules(client, honor):
    app = honor.application
    client.force_login(app.applicant)
    page = client.get(reverse("awards:application_detail", args=[app.pk])).content.decode()
    assert 'id="title-use-rules"' in page and RULE in page
    client.force_login(user_with_role("office"))
    page = client.get(reverse("workflow:honors", args=[app.campaign_id])).content.decode()
    assert 'id="title-use-rules"' in page and RULE in page


def test_a_training_campaign_certificate_says_it_is_not_a_real_one(honor):
    """decisions 260: a rehearsal's certificate can never pass for a real one (read back from the PDF)."""
    live = PdfReader(io.BytesIO(certificate_pdf(honor))).pages[0].extract_text()
    assert "培训演练" not in live
    campaign = campaign_in(Campaign.Phase.AWARDED, is_training=True)
    app = candidate(campaign, state=S.AWARDED, name="李演练", number=f"ZHGJ-{campaign.year}-009")
    rehearsal = Honor.objects.create(
        application=app, kind="title", certificate_number="PX-1", awarded_on=datetime.date(2031, 5, 20)
    )
    reader = PdfReader(io.BytesIO(certificate_pdf(rehearsal)))
    assert len(reader.pages) == 1
    assert "培训演练样本，非正式证书" in reader.pages[0].extract_text()
