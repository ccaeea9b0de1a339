"""表彰 (第二十三条): certificates, follow-up lists, public final list, revocation proposals."""

import datetime
import io

import pytest
from django.urls import reverse
from pypdf import PdfReader

from awards.models import Application, Campaign
from tests.factories import user_with_role
from tests.workflow.office.builders import campaign_in, candidate
from workflow.models import CommitteeDecision, Honor, Revocation

pytestmark = pytest.mark.django_db
S = Application.State


@pytest.fixture
def office_client(client):
    client.force_login(user_with_role("office"))
    return client


@pytest.fixture
def honor():
    campaign = campaign_in(Campaign.Phase.AWARDED)
    app = candidate(
        campaign, state=S.AWARDED, name="王芳", number=f"ZHGJ-{campaign.year}-001", union_member=True
    )
    return Honor.objects.create(
        application=app,
        kind="title",
        certificate_number=f"ZHGJ-{campaign.year}-001",
        awarded_on=datetime.date.today(),
        document_number="沪智城〔2031〕9号",
        may_day_medal_list=True,
    )


def test_certificate_pdf_carries_the_name_and_the_certificate_number(office_client, honor):
    response = office_client.get(reverse("workflow:certificate_pdf", args=[honor.pk]))
    text = PdfReader(io.BytesIO(response.content)).pages[0].extract_text()
    assert "王芳" in text and honor.certificate_number in text


def test_honors_page_lists_the_may_day_medal_follow_up(office_client, honor):
    page = office_client.get(
        reverse("workflow:honors", args=[honor.application.campaign_id])
    ).content.decode()
    may_day = page[page.index('id="may-day"') :]
    assert f"{honor.certificate_number} 王芳" in may_day[: may_day.index("</section>")]


def test_public_final_list_shows_the_honors_once_awarded(client, honor):
    page = client.get(
        reverse("workflow:public_results", args=[honor.application.campaign_id])
    ).content.decode()
    assert "王芳" in page and honor.certificate_number in page


def test_public_final_list_does_not_exist_before_the_award(client):
    campaign = campaign_in(Campaign.Phase.APPROVAL)
    assert client.get(reverse("workflow:public_results", args=[campaign.pk])).status_code == 404


def test_revocation_proposal_goes_to_the_committee(office_client, honor):
    office_client.post(
        reverse("workflow:revocation_new", args=[honor.pk]),
        {"kind": "revoke", "reason": "获荣后受到刑事处罚。", "misconduct_on": honor.awarded_on.isoformat()},
    )
    revocation = Revocation.objects.get(honor=honor)
    assert (revocation.status, revocation.reason) == ("proposed", "获荣后受到刑事处罚。")
    assert CommitteeDecision.objects.get(revocation=revocation).kind == "revocation"


def test_the_honors_pages_tab_title_is_plain_text_and_the_credit_records_are_shown_once(office_client, honor):
    """Issue 23.8: the tab title held the credit-records section's raw HTML."""
    import re

    html = office_client.get(
        reverse("workflow:honors", args=[honor.application.campaign_id])
    ).content.decode()
    title = re.search(r"<title>(.*?)</title>", html, re.S).group(1)
    assert "<" not in title and "表彰与证书" in title and honor.application.campaign.title in title
    assert html.count('id="credit-records"') == 1
