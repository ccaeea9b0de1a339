"""Issue 22 item 9: written consultations of departments (第十六条), the 主办单位's 发文 starting the revocation window
(第二十三条, 第三十条) and 主管部门 not recommending (第十一条 vs 第十五条) — docs/decisions.md 231, 233, 234."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from awards.models import Application, Campaign, Organization, RecommendationInvitation
from awards.services import invitations as invitation_services
from tests.awards.applicant_support import pdf_bytes, upload
from tests.factories import CampaignFactory, OrganizationFactory, user_with_role
from tests.workflow.builders import application_in, campaign_in
from workflow.errors import TransitionRefused
from workflow.models import AwardDocument, Consultation, Revocation
from workflow.services.committee import decision_close, decision_vote
from workflow.services.eligibility import eligibility_decide, eligibility_review_save
from workflow.services.honors import create_honor_for
from workflow.services.records import award_document_record, consultation_reply, consultation_send
from workflow.services.revocation import revocation_deadline, revocation_propose, revocation_record_consent

pytestmark = pytest.mark.django_db
S = Application.State
P = Campaign.Phase
ALL_OK = dict(
    basic_conditions_ok=True, complete_ok=True, authentic_ok=True, person_credit_ok=True, unit_credit_ok=True
)
TODAY = timezone.localdate


# --- 第十六条 书面征求相关部门意见 ---------------------------------------------------------------------------------


@pytest.fixture
def submitted():
    return application_in(campaign_in(P.ELIGIBILITY), S.SUBMITTED)


def test_the_decision_waits_for_every_consultation_it_asked_for(submitted, office):
    eligibility_review_save(application=submitted, user=office, **ALL_OK)
    sent = TODAY() - datetime.timedelta(days=5)
    first = consultation_send(
        application=submitted, user=office, department="市人社局", sent_on=sent, question="社保缴纳记录"
    )
    second = consultation_send(application=submitted, user=office, department="市市场监管局", sent_on=sent)
    consultation_reply(consultation=first, user=office, reply_on=TODAY(), reply_text="未发现不良记录")
    with pytest.raises(TransitionRefused) as e:
        eligibility_decide(application=submitted, user=office, eligible=True)
    message = " ".join(e.value.messages)
    assert "第十六条" in message and "市市场监管局" in message and "市人社局" not in message
    with pytest.raises(TransitionRefused):  # an ineligible conclusion waits too
        eligibility_decide(application=submitted, user=office, eligible=False, reason="信用记录不良")
    consultation_reply(consultation=second, user=office, reply_on=TODAY(), reply_text="无行政处罚记录")
    eligibility_decide(application=submitted, user=office, eligible=True)
    submitted.refresh_from_db()
    assert submitted.state == S.ELIGIBLE


def test_a_consultation_and_its_reply_are_refused_with_specific_messages(submitted, office):
    with pytest.raises(ValidationError) as e:
        consultation_send(application=submitted, user=office, department=" ", sent_on=None)
    assert set(e.value.message_dict) == {"department", "sent_on"}
    consultation = consultation_send(
        application=submitted, user=office, department="市人社局", sent_on=TODAY()
    )
    with pytest.raises(ValidationError) as e:
        consultation_reply(
            consultation=consultation,
            user=office,
            reply_on=TODAY() - datetime.timedelta(days=1),
            reply_text="",
        )
    assert "早于发函日期" in e.value.message_dict["reply_on"][0] and "reply_text" in e.value.message_dict
    assert Consultation.objects.get(pk=consultation.pk).reply_on is None


def test_the_office_records_a_consultation_and_its_reply_letter_on_its_page(client, office, submitted):
    client.force_login(office)
    url = reverse("workflow:consultations", args=[submitted.campaign_id])
    page = client.get(url).content.decode()
    assert "书面征求相关部门意见（第十六条）" in page
    client.post(url, {"application": submitted.pk, "department": "市人社局", "sent_on": TODAY().isoformat()})
    consultation = Consultation.objects.get(application=submitted)
    assert (
        "待复函" in client.get(reverse("workflow:eligibility_review", args=[submitted.pk])).content.decode()
    )
    bad = client.post(
        reverse("workflow:consultation_reply", args=[consultation.pk]),
        {
            "reply_on": TODAY().isoformat(),
            "reply_text": "无异议",
            "reply_file": upload("reply.pdf", b"<html>"),
        },
        follow=True,
    )
    assert "复函扫描件" in bad.content.decode()
    assert Consultation.objects.get(pk=consultation.pk).reply_on is None
    client.post(
        reverse("workflow:consultation_reply", args=[consultation.pk]),
        {
            "reply_on": TODAY().isoformat(),
            "reply_text": "无异议",
            "reply_file": upload("复函.pdf", pdf_bytes(1)),
        },
    )
    consultation.refresh_from_db()
    assert consultation.reply_text == "无异议" and consultation.reply_file.name.endswith(".pdf")
    download = client.get(reverse("workflow:consultation_reply_file", args=[consultation.pk]))
    assert b"".join(download.streaming_content).startswith(b"%PDF")


# --- 第二十三条 主办单位发文 and 第三十条 --------------------------------------------------------------------------


def _honor(awarded_on):
    campaign = campaign_in(P.AWARDED, year=2030)
    app = application_in(campaign, S.AWARDED)
    return create_honor_for(app, awarded_on=awarded_on, document_number="沪智组〔2030〕3号")


def test_the_sponsors_document_starts_the_two_years_of_article_30(office, committee):
    decided = TODAY() - datetime.timedelta(days=800)
    honor = _honor(decided)
    issued = decided + datetime.timedelta(days=60)
    occurred = decided + datetime.timedelta(
        days=760
    )  # > 2 years after the committee, < 2 years after the 发文
    with pytest.raises(ValidationError):
        revocation_propose(honor=honor, user=office, kind="revoke", reason="严重违法", misconduct_on=occurred)
    award_document_record(
        campaign=honor.application.campaign,
        user=office,
        document_number="沪经信〔2030〕7号",
        issued_on=issued,
    )
    assert revocation_deadline(honor) == issued.replace(year=issued.year + 2)
    revocation = revocation_propose(
        honor=honor, user=office, kind="revoke", reason="严重违法", misconduct_on=occurred
    )
    revocation_record_consent(
        revocation=revocation, user=office, document_number="沪总工2号", consent_on=TODAY()
    )
    for member in committee[:3]:
        decision_vote(decision=revocation.decision, user=member, choice="approve")
    decision_close(decision=revocation.decision, user=office, document_number="沪智组〔2032〕4号")
    honor.application.refresh_from_db()
    assert honor.application.state == S.REVOKED
    assert Revocation.objects.get(pk=revocation.pk).status == Revocation.Status.APPROVED


def test_the_sponsors_document_is_checked_and_frozen_once_a_revocation_counts_from_it(office):
    decided = TODAY() - datetime.timedelta(days=30)
    honor = _honor(decided)
    campaign = honor.application.campaign
    with pytest.raises(ValidationError) as e:
        award_document_record(
            campaign=campaign, user=office, document_number="", issued_on=decided - datetime.timedelta(days=1)
        )
    assert "document_number" in e.value.message_dict
    with pytest.raises(ValidationError) as e:
        award_document_record(
            campaign=campaign,
            user=office,
            document_number="7号",
            issued_on=decided - datetime.timedelta(days=1),
        )
    assert "早于组委会决定名单的日期" in e.value.message_dict["issued_on"][0]
    award_document_record(campaign=campaign, user=office, document_number="7号", issued_on=decided)
    revocation_propose(honor=honor, user=office, kind="cancel", reason="虚假材料")
    with pytest.raises(ValidationError) as e:
        award_document_record(campaign=campaign, user=office, document_number="8号", issued_on=TODAY())
    assert "不能再修改" in e.value.messages[0]
    assert AwardDocument.objects.get(campaign=campaign).document_number == "7号"


def test_the_honors_page_records_the_document_with_its_scan(client, office):
    honor = _honor(TODAY() - datetime.timedelta(days=3))
    campaign = honor.application.campaign
    client.force_login(office)
    page = client.get(reverse("workflow:honors", args=[campaign.pk])).content.decode()
    assert "尚未登记主办单位发文" in page
    client.post(
        reverse("workflow:award_document", args=[campaign.pk]),
        {
            "document_number": "沪经信〔2030〕7号",
            "issued_on": TODAY().isoformat(),
            "file": upload("发文.pdf", pdf_bytes(1)),
        },
    )
    page = client.get(reverse("workflow:honors", args=[campaign.pk])).content.decode()
    limit = TODAY().replace(year=TODAY().year + 2).isoformat()
    assert "沪经信〔2030〕7号" in page and f"撤销期限至 {limit}" in page
    scan = client.get(reverse("workflow:award_document_file", args=[campaign.pk]))
    assert b"".join(scan.streaming_content).startswith(b"%PDF")


# --- 第十一条 vs 第十五条: 主管部门 -------------------------------------------------------------------------------


def test_a_supervising_department_cannot_recommend():
    campaign = CampaignFactory(phase=P.OPEN)
    department = OrganizationFactory(kind=Organization.Kind.DEPARTMENT, name="市经信委")
    staff = user_with_role("recommender")
    department.staff.add(staff)
    with pytest.raises(ValidationError) as e:
        invitation_services.recommender_invite(
            organization=department,
            campaign=campaign,
            user=staff,
            name="李工",
            email="li@example.cn",
            invitation_url=lambda inv: f"/me/invitations/{inv.pk}/",
            password_url=lambda uid, token: "/reset/",
        )
    assert "第十五条" in e.value.messages[0] and "主管部门" in e.value.messages[0]
    assert not RecommendationInvitation.objects.exists()


def test_the_new_office_pages_read_in_english(client, office, settings):
    honor = _honor(TODAY() - datetime.timedelta(days=3))
    campaign = honor.application.campaign
    client.force_login(office)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    consultations = client.get(reverse("workflow:consultations", args=[campaign.pk])).content.decode()
    assert "Written consultation of departments (Article 16)" in consultations
    honors = client.get(reverse("workflow:honors", args=[campaign.pk])).content.decode()
    assert "Sponsor’s document (Article 23)" in honors and "revocable until" in honors
    associations = client.get(reverse("workflow:associations")).content.decode()
    assert "Industry associations and member units (Article 15)" in associations
    assert "行业协会" not in associations.split("<main", 1)[-1].split("</main>", 1)[0]
