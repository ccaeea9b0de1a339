"""公示与异议 (第二十一条): office side, public list and objection form, unit confirmation, PDFs."""

import datetime
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader

from awards.models import Application, Campaign
from scoring.services.ranking import compute_ranking
from tests.awards.applicant_support import pdf_bytes
from tests.factories import OrganizationFactory, user_with_role
from tests.workflow.office.builders import campaign_in, candidate, panel_for, result
from workflow.guards import current_list
from workflow.models import CommitteeDecision, Objection, Publicity, UnitNotice

pytestmark = pytest.mark.django_db
S = Application.State


@pytest.fixture
def office():
    return user_with_role("office")


@pytest.fixture
def unit():
    return OrganizationFactory(name="上海市大数据中心")


@pytest.fixture
def confirmed_campaign(unit):
    campaign = campaign_in(Campaign.Phase.COMPOSITE, quota=1, nomination_quota=0, public_input_enabled=False)
    panel = panel_for(campaign, experts=1)
    app = candidate(campaign, name="王芳", employer=unit, number=f"ZHGJ-{campaign.year}-001")
    result(app, panel, "onsite", 90)
    result(app, panel, "material", 90)
    compute_ranking(campaign=campaign)
    Application.objects.filter(pk=app.pk).update(state=S.RECOMMENDED)
    CommitteeDecision.objects.create(
        campaign=campaign, kind="confirm_recommended", result="approved", listed=current_list(campaign)
    )
    return campaign


def _open(client, office, campaign, starts_on=None):
    client.force_login(office)
    return client.post(
        reverse("workflow:publicity", args=[campaign.pk]),
        {
            "confirmed": "1",
            "starts_on": (starts_on or timezone.localdate()).isoformat(),
            "notice_text": "联系电话 021-12345678",
        },
        follow=True,
    )


def test_opening_publicity_computes_the_end_in_working_days_and_a_notice_per_unit(
    client, office, confirmed_campaign, unit
):
    page = _open(client, office, confirmed_campaign).content.decode()
    publicity = Publicity.objects.get(campaign=confirmed_campaign)
    from workflow.calendar import publicity_end

    assert publicity.ends_on == publicity_end(publicity.starts_on, 5)
    assert list(UnitNotice.objects.values_list("organization__name", flat=True)) == ["上海市大数据中心"]
    assert f"{publicity.starts_on:%Y-%m-%d} 至 {publicity.ends_on:%Y-%m-%d}（5 个工作日）" in page


def test_publicity_cannot_start_in_the_past(client, office, confirmed_campaign):
    page = _open(
        client, office, confirmed_campaign, starts_on=timezone.localdate() - datetime.timedelta(days=3)
    )
    assert "早于今天，不能补开公示" in page.content.decode()
    assert not Publicity.objects.exists()


def test_public_notice_pdf_lists_the_recommended_names(client, office, confirmed_campaign):
    _open(client, office, confirmed_campaign)
    response = client.get(reverse("workflow:publicity_notice_pdf", args=[confirmed_campaign.pk]))
    text = "".join(p.extract_text() for p in PdfReader(io.BytesIO(response.content)).pages)
    assert response["Content-Type"] == "application/pdf"
    assert "王芳" in text and "上海市大数据中心" in text


def test_unit_notice_pdf_is_one_per_unit(client, office, confirmed_campaign):
    _open(client, office, confirmed_campaign)
    notice = UnitNotice.objects.get()
    response = client.get(reverse("workflow:unit_notice_pdf", args=[notice.pk]))
    text = "".join(p.extract_text() for p in PdfReader(io.BytesIO(response.content)).pages)
    assert "单位内部公示" in text and "王芳" in text


def test_public_page_lists_the_names_and_takes_a_real_name_objection_with_evidence(
    client, office, confirmed_campaign
):
    _open(client, office, confirmed_campaign)
    client.logout()
    url = reverse("workflow:public_publicity", args=[confirmed_campaign.pk])
    assert "王芳" in client.get(url).content.decode()
    app = confirmed_campaign.applications.get()
    client.post(
        url,
        {
            "application": app.pk,
            "objector_name": "李四",
            "objector_id_or_contact": "13900001111",
            "content": "其代表性成果并非本人完成。",
            "evidence": SimpleUploadedFile("e.pdf", pdf_bytes(1), content_type="application/pdf"),
        },
    )
    objection = Objection.objects.get()
    assert (objection.objector_name, objection.application, bool(objection.evidence)) == ("李四", app, True)


def test_anonymous_objection_is_refused_at_the_name_field(client, office, confirmed_campaign):
    _open(client, office, confirmed_campaign)
    client.logout()
    app = confirmed_campaign.applications.get()
    page = client.post(
        reverse("workflow:public_publicity", args=[confirmed_campaign.pk]),
        {"application": app.pk, "objector_name": "", "objector_id_or_contact": "x", "content": "有问题"},
    ).content.decode()
    assert 'href="#id_objector_name"' in page
    assert not Objection.objects.exists()


def test_office_investigates_and_rejects_an_objection_and_the_blocker_goes_away(
    client, office, confirmed_campaign
):
    _open(client, office, confirmed_campaign)
    app = confirmed_campaign.applications.get()
    objection = Objection.objects.create(
        campaign=confirmed_campaign,
        application=app,
        objector_name="李四",
        objector_id_or_contact="139",
        content="存疑",
    )
    page = client.get(reverse("workflow:publicity", args=[confirmed_campaign.pk])).content.decode()
    assert "还有 1 件异议未处理完毕" in page
    client.post(
        reverse("workflow:objection_investigate", args=[objection.pk]),
        {"investigation": "调阅专利证书，发明人为本人。"},
    )
    client.post(
        reverse("workflow:objection_decide", args=[objection.pk]),
        {"confirmed": "1", "upheld": "no", "outcome": "异议不成立。"},
    )
    objection.refresh_from_db()
    assert (objection.status, objection.outcome) == ("rejected", "异议不成立。")
    page = client.get(reverse("workflow:publicity", args=[confirmed_campaign.pk])).content.decode()
    assert "件异议未处理完毕" not in page


def test_closing_publicity_before_the_end_is_refused_with_the_end_date(client, office, confirmed_campaign):
    _open(client, office, confirmed_campaign)
    publicity = Publicity.objects.get()
    page = client.post(
        reverse("workflow:publicity_close", args=[confirmed_campaign.pk]), {"confirmed": "1"}, follow=True
    ).content.decode()
    assert f"公示期至 {publicity.ends_on.isoformat()} 结束" in page
    confirmed_campaign.refresh_from_db()
    assert confirmed_campaign.phase == Campaign.Phase.PUBLICITY


def test_the_unit_confirms_its_in_unit_posting(client, office, confirmed_campaign, unit):
    _open(client, office, confirmed_campaign)
    recommender = user_with_role("recommender")
    unit.staff.add(recommender)
    client.force_login(recommender)
    notice = UnitNotice.objects.get()
    client.post(
        reverse("workflow:unit_notices"),
        {"notice": notice.pk, "posted_on": timezone.localdate().isoformat(), "place": "一楼公告栏"},
    )
    notice.refresh_from_db()
    assert (notice.place, notice.confirmed_by) == ("一楼公告栏", recommender)


def test_the_office_records_the_written_receipt_of_a_unit_without_an_account(
    client, office, confirmed_campaign
):
    _open(client, office, confirmed_campaign)
    notice = UnitNotice.objects.get()
    page = client.get(reverse("workflow:publicity", args=[confirmed_campaign.pk])).content.decode()
    assert "登记书面回执" in page
    client.post(
        reverse("workflow:unit_notice_record", args=[notice.pk]),
        {"posted_on": timezone.localdate().isoformat(), "place": "单位公告栏"},
    )
    notice.refresh_from_db()
    assert (notice.place, notice.confirmed_by) == ("单位公告栏", office)
    assert notice.history.first().history_change_reason == "组委会办公室登记单位书面回执"


def test_the_office_cannot_record_a_receipt_dated_outside_the_publicity_period(
    client, office, confirmed_campaign
):
    _open(client, office, confirmed_campaign)
    notice = UnitNotice.objects.get()
    response = client.post(
        reverse("workflow:unit_notice_record", args=[notice.pk]),
        {"posted_on": "2000-01-03", "place": "单位公告栏"},
        follow=True,
    )
    assert "张贴日期须在公示期" in response.content.decode()
    notice.refresh_from_db()
    assert notice.confirmed_at is None


def test_closing_publicity_leads_to_the_decisions_page_and_says_what_to_do(
    client, office, confirmed_campaign
):
    """Issue 23.8: closing opened no decision yet said “已提请组委会决定”; it now says what the office does next,
    on the page where it does it."""
    _open(client, office, confirmed_campaign)
    past = timezone.localdate() - datetime.timedelta(days=20)
    Publicity.objects.update(starts_on=past, ends_on=past + datetime.timedelta(days=7))
    UnitNotice.objects.update(posted_on=past, place="公告栏", confirmed_at=timezone.now())
    response = client.post(
        reverse("workflow:publicity_close", args=[confirmed_campaign.pk]), {"confirmed": "1"}, follow=True
    )
    assert response.redirect_chain[-1][0] == reverse(
        "workflow:office_decisions", args=[confirmed_campaign.pk]
    )
    page = response.content.decode()
    assert "公示已结束。下一步：在本页提请组委会表决" in page and "已提请组委会决定" not in page
    confirmed_campaign.refresh_from_db()
    assert confirmed_campaign.phase == Campaign.Phase.APPROVAL
    assert not CommitteeDecision.objects.filter(campaign=confirmed_campaign, kind="final_list").exists()
