"""Browser tests (Playwright, Debian Chromium) of the office pages of issue 22 item 9: a written consultation and its
scanned reply (第十六条), the 主办单位's 发文 on the honors page (第二十三条, 第三十条) and an industry association set up
with a member unit (第十五条)."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import expect

from awards.models import Application, Campaign, Organization
from tests.awards.applicant_support import pdf_bytes
from tests.e2e.browser import login
from tests.factories import OrganizationFactory, UserFactory
from tests.workflow.builders import application_in, campaign_in
from workflow.models import AwardDocument, Consultation
from workflow.services.honors import create_honor_for

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]
S = Application.State
P = Campaign.Phase


def test_the_office_records_a_consultation_the_sponsors_document_and_an_association(
    page, live_server, reference_data, screenshot, tmp_path
):
    UserFactory(username="office", roles=["office"])
    campaign = campaign_in(P.ELIGIBILITY)
    app = application_in(campaign, S.SUBMITTED, name="甲")
    scan = tmp_path / "复函.pdf"
    scan.write_bytes(pdf_bytes(1))
    today = timezone.localdate().isoformat()
    base = live_server.url
    login(page, base, "office", next_path=reverse("workflow:eligibility_queue", args=[campaign.pk]))

    page.click(".subnav >> text=书面征求意见")
    page.select_option("#id_application", str(app.pk))
    page.fill("#id_department", "市人力资源和社会保障局")
    page.fill("#id_sent_on", today)
    page.click("#consultation-new button[type=submit]")
    waiting = page.locator("#consultations-waiting li[data-consultation]")
    expect(waiting).to_contain_text("市人力资源和社会保障局")
    waiting.locator("[name=reply_on]").fill(today)
    waiting.locator("[name=reply_text]").fill("未发现不良记录。")
    waiting.locator("[name=reply_file]").set_input_files(str(scan))
    screenshot("h-quota-consultation")
    waiting.locator("button[type=submit]").click()
    expect(page.locator("#consultations-answered")).to_contain_text("未发现不良记录。")
    assert Consultation.objects.get(application=app).reply_file.name.endswith(".pdf")

    awarded = campaign_in(P.AWARDED)
    honoree = application_in(awarded, S.AWARDED, name="乙")
    create_honor_for(honoree, awarded_on=timezone.localdate() - datetime.timedelta(days=2))
    page.goto(base + reverse("workflow:honors", args=[awarded.pk]))
    expect(page.locator("#award-document-missing")).to_be_visible()
    page.fill("#id_document_number", "沪经信〔2031〕7号")
    page.fill("#id_issued_on", today)
    page.click("#award-document button[type=submit]")
    expect(page.locator("#award-document-recorded")).to_contain_text("沪经信〔2031〕7号")
    screenshot("h-quota-award-document")
    assert AwardDocument.objects.get(campaign=awarded).issued_on.isoformat() == today

    member = OrganizationFactory(name="上海数联科技有限公司")
    page.goto(base + reverse("workflow:office_home"))
    page.click("#associations-link")
    page.fill("#id_name", "上海市软件行业协会")
    page.click("#association-new button[type=submit]")
    page.fill("#id_unit", member.credit_code)
    page.click("#association-members form:not(.inline) button[type=submit]")
    expect(page.locator("#association-members li[data-member]")).to_contain_text("上海数联科技有限公司")
    screenshot("h-quota-association")
    association = Organization.objects.get(name="上海市软件行业协会")
    assert list(member.member_of.all()) == [association]
