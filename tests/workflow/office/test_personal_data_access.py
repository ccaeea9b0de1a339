"""Every look at personal data accounted for (issue 25 item 4): exports and application forms mask resident IDs and
phones by default; the full value needs a stated purpose, is logged (who, when, campaign, rows, purpose, file
kind) and the file is watermarked with the user and time (Excel header/footer and the note under the title, PDF
footer on every page); the security officer's "who saw what" page; application PDF downloads logged too."""

import datetime
import io

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse
from pypdf import PdfReader

from awards.masking import mask_phone, mask_resident_id
from awards.models import AccessLog, Application, Campaign
from awards.permissions import SECURITY_OFFICER_GROUP
from security.models import SecurityEvent
from tests.factories import user_with_role
from tests.workflow.office.builders import campaign_in, candidate
from tests.xlsx import table, workbook
from workflow.documents.exports import roster_fields

pytestmark = pytest.mark.django_db
S = Application.State


def test_the_masks_keep_the_region_and_the_last_four():
    assert mask_resident_id("310101199003074379") == "3101**********4379"
    assert mask_resident_id("31010119900307437X") == "3101**********437X"
    assert mask_phone("13912345678") == "139****5678"
    assert mask_phone("021-62345678") == "021-****5678"
    assert mask_resident_id("") == "" and mask_phone("") == ""


@pytest.fixture
def office(client):
    user = user_with_role("office", username="wang.office", first_name="王")
    client.force_login(user)
    client.user = user
    return client


@pytest.fixture
def campaign():
    campaign = campaign_in(Campaign.Phase.ELIGIBILITY)
    for i in range(3):
        candidate(campaign, state=S.SUBMITTED, number=f"ZHGJ-{campaign.year}-{i + 1:03d}")
    return campaign


def _download(client, response):
    assert "已完成。" in response.content.decode()
    job_id = response.redirect_chain[-1][0].rstrip("/").split("/")[-1]
    got = client.get(reverse("workflow:job_download", args=[job_id]))
    return b"".join(got.streaming_content)


def _columns():
    names = [f.name for f in roster_fields()]
    return names.index("resident_id"), names.index("phone")


def test_the_full_roster_is_masked_by_default_and_the_export_is_logged(office, campaign):
    response = office.post(reverse("workflow:export_start", args=[campaign.pk, "roster_fields"]), follow=True)
    ws = workbook(_download(office, response)).worksheets[0]
    _header, *rows = table(ws)
    rid, phone = _columns()
    apps = {a.number: a for a in campaign.applications.all()}
    for row in rows:
        app = apps[row[0]]
        assert row[rid] == mask_resident_id(app.resident_id) and app.resident_id not in row
        assert row[phone] == mask_phone(app.phone)
    assert "含完整个人信息" not in (ws.oddHeader.center.text or "")
    log = AccessLog.objects.get()
    assert (log.user, log.campaign, log.kind, log.rows, log.full, log.purpose, log.file_kind) == (
        office.user,
        campaign,
        "export",
        3,
        False,
        "",
        "xlsx",
    )


def test_a_full_export_needs_a_purpose(office, campaign):
    response = office.post(
        reverse("workflow:export_start", args=[campaign.pk, "roster_fields"]),
        {"full": "1", "purpose": "  "},
        follow=True,
    )
    assert "完整导出身份证号和电话须写明用途。" in response.content.decode()
    assert not AccessLog.objects.exists()
    from workflow.models import ExportJob

    assert not ExportJob.objects.exists()


def test_a_full_export_shows_the_ids_is_logged_with_its_purpose_and_watermarked(office, campaign):
    purpose = "核对第十三条往届获荣情况"
    response = office.post(
        reverse("workflow:export_start", args=[campaign.pk, "roster_fields"]),
        {"full": "1", "purpose": purpose},
        follow=True,
    )
    ws = workbook(_download(office, response)).worksheets[0]
    _header, *rows = table(ws)
    rid, phone = _columns()
    apps = {a.number: a for a in campaign.applications.all()}
    assert sorted(r[rid] for r in rows) == sorted(a.resident_id for a in apps.values())
    assert sorted(r[phone] for r in rows) == sorted(a.phone for a in apps.values())
    log = AccessLog.objects.get()
    assert (log.full, log.purpose, log.rows, log.campaign) == (True, purpose, 3, campaign)
    stamp = log.at.astimezone(datetime.timezone(datetime.timedelta(hours=8))).strftime("%Y-%m-%d")
    for where in (ws.oddHeader.center.text, ws.oddFooter.left.text, ws["A2"].value):
        assert "含完整个人信息" in where and "wang.office" in where and stamp in where, where
    # the security event log has it too (issue 25 item 6), in its keyed chain
    event = SecurityEvent.objects.get(kind=SecurityEvent.Kind.PERSONAL_DATA_EXPORT)
    assert event.username == "wang.office" and event.chain_seq is not None
    assert (event.details["access_log"], event.details["full"], event.details["purpose"]) == (
        log.pk,
        True,
        purpose,
    )


def _pdf_text(content: bytes) -> list[str]:
    return [p.extract_text() for p in PdfReader(io.BytesIO(content)).pages]


def test_the_office_gets_the_form_masked_and_the_download_is_logged(office):
    campaign = campaign_in(Campaign.Phase.ELIGIBILITY)
    app = candidate(campaign, state=S.SUBMITTED, number="ZHGJ-2099-001")
    response = office.get(reverse("awards:application_pdf", args=[app.pk]))
    text = "".join(_pdf_text(response.content))
    assert mask_resident_id(app.resident_id) in text.replace(" ", "")
    assert app.resident_id not in text and app.phone not in text
    log = AccessLog.objects.get()
    assert (log.user, log.application, log.kind, log.full, log.rows, log.file_kind) == (
        office.user,
        app,
        "application_pdf",
        False,
        1,
        "pdf",
    )
    office.get(reverse("awards:application_docx", args=[app.pk]))
    assert AccessLog.objects.filter(kind="application_docx", application=app).count() == 1


def test_the_applicant_reads_their_own_form_in_full_and_nothing_is_logged(client):
    campaign = campaign_in(Campaign.Phase.ELIGIBILITY)
    app = candidate(campaign, state=S.SUBMITTED, number="ZHGJ-2099-002")
    client.force_login(app.applicant)
    text = "".join(_pdf_text(client.get(reverse("awards:application_pdf", args=[app.pk])).content))
    assert app.resident_id in text.replace(" ", "")
    assert not AccessLog.objects.exists()


def test_the_full_form_needs_a_purpose_is_logged_and_carries_who_and_when_on_every_page(office):
    campaign = campaign_in(Campaign.Phase.ELIGIBILITY)
    app = candidate(campaign, state=S.SUBMITTED, number="ZHGJ-2099-003")
    url = reverse("awards:application_pdf_full", args=[app.pk])
    assert 'id="full-pdf-form"' in office.get(url).content.decode()
    refused = office.post(url, {"purpose": ""})
    assert "查看完整的身份证号和电话须写明用途。" in refused.content.decode()
    assert not AccessLog.objects.exists()
    response = office.post(url, {"purpose": "资格审查核对身份"})
    assert response["Content-Type"] == "application/pdf"
    pages = _pdf_text(response.content)
    assert app.resident_id in "".join(pages).replace(" ", "")
    assert len(pages) > 1
    for page in pages:
        assert "含完整个人信息" in page and "wang.office" in page, page[-200:]
    log = AccessLog.objects.get()
    assert (log.full, log.purpose, log.application, log.campaign) == (True, "资格审查核对身份", app, campaign)


def test_only_the_office_may_ask_for_the_full_form(client):
    campaign = campaign_in(Campaign.Phase.ELIGIBILITY)
    app = candidate(campaign, state=S.SUBMITTED)
    client.force_login(app.applicant)
    assert (
        client.post(reverse("awards:application_pdf_full", args=[app.pk]), {"purpose": "x"}).status_code
        == 403
    )


def test_the_security_officer_sees_who_saw_what_with_filters(client):
    campaign = campaign_in(Campaign.Phase.ELIGIBILITY)
    other = campaign_in(Campaign.Phase.ELIGIBILITY)
    viewer = user_with_role("office", username="li.office")
    second = user_with_role("office", username="zhao.office")
    AccessLog.objects.create(user=viewer, campaign=campaign, kind="export", what="申报信息全表", rows=12)
    AccessLog.objects.create(
        user=second, campaign=other, kind="export", what="申报信息全表", rows=7, full=True, purpose="往届核对"
    )
    officer = user_with_role("office", username="security")
    url = reverse("awards:access_log")
    client.force_login(viewer)
    assert client.get(url).status_code == 403  # the office alone does not read the log
    officer.groups.add(Group.objects.get(name=SECURITY_OFFICER_GROUP))
    client.force_login(officer)
    page = client.get(url).content.decode()
    assert "li.office" in page and "zhao.office" in page and "往届核对" in page
    by_user = client.get(url, {"user": "zhao"}).content.decode()
    assert "zhao.office" in by_user and "li.office" not in by_user
    by_campaign = client.get(url, {"campaign": campaign.pk}).content.decode()
    assert "li.office" in by_campaign and "zhao.office" not in by_campaign
    tomorrow = (datetime.date.today() + datetime.timedelta(days=2)).isoformat()
    assert "没有符合条件的记录。" in client.get(url, {"from": tomorrow}).content.decode()


def test_the_objectors_contact_is_masked_and_shown_in_full_only_for_a_logged_purpose(office):
    from workflow.models import Objection

    campaign = campaign_in(Campaign.Phase.PUBLICITY)
    app = candidate(campaign, state=S.RECOMMENDED)
    objection = Objection.objects.create(
        campaign=campaign,
        application=app,
        objector_name="李四",
        objector_id_or_contact="310101199003074379",
        objector_phone="13912345678",
        objector_email="lisi@example.cn",
        content="存疑",
    )
    page = office.get(reverse("workflow:objection", args=[objection.pk])).content.decode()
    assert "3101**********4379" in page and "139****5678" in page and "l***@example.cn" in page
    assert "310101199003074379" not in page and "13912345678" not in page and "lisi@example.cn" not in page
    url = reverse("workflow:objection_contact", args=[objection.pk])
    refused = office.post(url, {"purpose": ""}, follow=True).content.decode()
    assert "查看完整的身份证号和电话须写明用途。" in refused and not AccessLog.objects.exists()
    full = office.post(url, {"purpose": "电话核实实名异议（第二十一条）"}).content.decode()
    assert "310101199003074379" in full and "13912345678" in full and "lisi@example.cn" in full
    log = AccessLog.objects.get()
    assert (log.kind, log.full, log.campaign, log.application, log.purpose) == (
        "page",
        True,
        campaign,
        app,
        "电话核实实名异议（第二十一条）",
    )
