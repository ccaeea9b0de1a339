"""Issue 13 in the browser: the public finds the publicity list and the objection form from the home page; the
applicant sees the notices and the on-site schedule on /me/ with a plain tab title; the office opens the evidence
from the eligibility review."""

import datetime

import pytest
from django.core.files.base import ContentFile
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader

from awards.models import Application, Attachment, Campaign
from notices.models import Notification
from scoring.models import PanelAssignment
from tests.awards.applicant_support import open_campaign, pdf_bytes
from tests.e2e.browser import login
from tests.factories import UserFactory, complete_application
from tests.workflow.office.builders import campaign_in, candidate, panel_for
from workflow.models import Publicity

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_a_visitor_goes_from_the_home_page_to_the_objection_form(
    page, live_server, reference_data, screenshot
):
    campaign = campaign_in(Campaign.Phase.PUBLICITY, title="2099年度“智慧工匠”选树")
    candidate(campaign, state=Application.State.RECOMMENDED, name="王公示", number="ZHGJ-2099-001")
    Publicity.objects.create(
        campaign=campaign,
        starts_on=timezone.localdate(),
        ends_on=timezone.localdate() + datetime.timedelta(days=7),
    )
    page.goto(live_server.url + reverse("awards:home"))
    page.click("a.public-objection")
    page.wait_for_url(lambda url: "/publicity/" in url)
    assert page.locator("#publicity-list").inner_text().count("王公示") == 1
    form = page.locator("#objection-form")
    assert form.is_visible()
    assert form.bounding_box()["y"] < page.viewport_size["height"]  # the anchor scrolled the form into view
    screenshot("public-objection-form")


def test_the_applicant_sees_notices_and_the_schedule_on_my_page(
    page, live_server, reference_data, screenshot
):
    applicant = UserFactory(username="shortlisted", roles=["applicant"])
    campaign = campaign_in(Campaign.Phase.ONSITE)
    app = candidate(
        campaign, state=Application.State.SHORTLISTED, number="ZHGJ-2099-002", applicant=applicant
    )
    PanelAssignment.objects.create(
        panel=panel_for(campaign, experts=1),
        application=app,
        onsite_date=datetime.date(2099, 6, 3),
        onsite_room="一号会议室",
        onsite_slot="09:00-09:20",
    )
    Notification.objects.create(user=applicant, subject="入围现场展示", body="请按时参加现场展示。")
    login(page, live_server.url, "shortlisted")
    page.goto(live_server.url + reverse("awards:my_applications"))
    assert page.title().startswith("我的申报") and "<" not in page.title()
    assert page.locator("#notifications").is_visible()
    assert "入围现场展示" in page.locator("#notifications").inner_text()
    schedule = page.locator(".onsite-schedule").first
    assert schedule.is_visible() and "2099-06-03 09:00-09:20" in schedule.inner_text()
    screenshot("my-applications-notices")


def test_the_office_opens_the_evidence_during_eligibility_review(page, live_server, reference_data):
    UserFactory(username="office", roles=["office"])
    app = complete_application(campaign=open_campaign())
    Application.objects.filter(pk=app.pk).update(state=Application.State.SUBMITTED)
    evidence = app.attachments.get(kind=Attachment.Kind.EVIDENCE)
    evidence.file.save("evidence.pdf", ContentFile(pdf_bytes(2)), save=True)
    login(page, live_server.url, "office")
    page.goto(live_server.url + reverse("workflow:eligibility_review", args=[app.pk]))
    # every stored file is served as a download (config/downloads.py): the link saves it, no tab opens
    with page.expect_download() as saved:
        page.click("a.attachment-link")
    download = saved.value
    assert reverse("workflow:office_attachment", args=[app.pk, evidence.pk]) in download.url
    assert download.suggested_filename.endswith(".pdf")
    assert len(PdfReader(download.path()).pages) == 2
    assert page.url.endswith(reverse("workflow:eligibility_review", args=[app.pk]))
