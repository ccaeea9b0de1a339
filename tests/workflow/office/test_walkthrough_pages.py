"""Issue 13, pages: what a real user tripped over walking one campaign through the pages (items 1, 3, 4, 9)."""

import datetime
import re

import pytest
from django.core.files.base import ContentFile
from django.urls import reverse
from django.utils import timezone

from awards.models import Application, Attachment, Campaign
from notices.models import Notification
from scoring.models import PanelAssignment, PanelOpinion, PanelResult
from tests.awards.applicant_support import open_campaign, pdf_bytes
from tests.factories import ApplicationFactory, OrganizationFactory, complete_application, user_with_role
from tests.workflow.office.builders import campaign_in, candidate, panel_for
from workflow.documents.pdf import publicity_notice_pdf
from workflow.models import Publicity
from workflow.selectors.publicity import listed_applications

pytestmark = pytest.mark.django_db
S = Application.State
P = Campaign.Phase


@pytest.fixture
def office_client(client):
    client.force_login(user_with_role("office"))
    return client


def section(page: str, marker: str) -> str:
    start = page.index(marker)
    return page[start : page.index("</section>", start)]


# --- item 1: notices and the on-site schedule on the applicant's pages --------------------------------------------


def test_my_page_shows_the_notices_in_the_page_and_keeps_the_tab_title_plain(client):
    app = ApplicationFactory(campaign=open_campaign())
    Notification.objects.create(user=app.applicant, subject="申报已提交", body="您的申报已提交。")
    client.force_login(app.applicant)
    page = client.get(reverse("awards:my_applications")).content.decode()
    title = re.search(r"<title>(.*?)</title>", page, re.S).group(1)
    assert "<" not in title and "申报已提交" not in title
    body = page[page.index("<main") :]
    assert 'id="notifications"' in body and "申报已提交" in section(body, 'id="notifications"')


def test_the_on_site_schedule_is_on_the_applicants_pages():
    campaign = campaign_in(P.ONSITE)
    app = candidate(campaign, state=S.SHORTLISTED, number="ZHGJ-2026-001")
    panel = panel_for(campaign, experts=1)
    PanelAssignment.objects.create(
        panel=panel,
        application=app,
        onsite_date=datetime.date(2026, 6, 3),
        onsite_room="一号会议室",
        onsite_order=2,
    )
    from django.test import Client

    client = Client()
    client.force_login(app.applicant)
    mine = client.get(reverse("awards:my_applications")).content.decode()
    detail = client.get(reverse("awards:application_detail", args=[app.pk])).content.decode()
    for page in (mine, detail):
        assert "现场展示安排" in page and "2026-06-03" in page and "一号会议室" in page


# --- item 3: the public finds the publicity list, the objection form and the winners -------------------------------


def test_campaign_and_home_pages_link_the_publicity_list_and_the_objection_form_during_publicity(client):
    campaign = campaign_in(P.PUBLICITY)
    Publicity.objects.create(campaign=campaign, starts_on=timezone.localdate(), ends_on=timezone.localdate())
    publicity_url = reverse("workflow:public_publicity", args=[campaign.pk])
    for url in (reverse("awards:campaign_detail", args=[campaign.pk]), reverse("awards:home")):
        page = client.get(url).content.decode()
        assert f'href="{publicity_url}"' in page
        assert f'href="{publicity_url}#objection-form"' in page
    assert 'id="objection-form"' in client.get(publicity_url).content.decode()


def test_after_the_award_the_campaign_and_home_pages_link_the_winners(client):
    campaign = campaign_in(P.AWARDED)
    Publicity.objects.create(
        campaign=campaign,
        starts_on=timezone.localdate(),
        ends_on=timezone.localdate(),
        closed_at=timezone.now(),
    )
    results = reverse("workflow:public_results", args=[campaign.pk])
    for url in (reverse("awards:campaign_detail", args=[campaign.pk]), reverse("awards:home")):
        page = client.get(url).content.decode()
        assert f'href="{results}"' in page
        assert "#objection-form" not in page


def test_no_public_list_link_before_publicity(client):
    campaign = campaign_in(P.OPEN)
    page = client.get(reverse("awards:campaign_detail", args=[campaign.pk])).content.decode()
    assert reverse("workflow:public_publicity", args=[campaign.pk]) not in page
    assert reverse("workflow:public_results", args=[campaign.pk]) not in page


# --- item 4: the office opens the evidence and the form during eligibility review -----------------------------------


def test_eligibility_review_links_the_evidence_and_the_form(office_client):
    app = complete_application(campaign=open_campaign())
    Application.objects.filter(pk=app.pk).update(state=S.SUBMITTED)
    evidence = app.attachments.get(kind=Attachment.Kind.EVIDENCE)
    evidence.file.save("evidence.pdf", ContentFile(pdf_bytes(2)), save=True)
    page = office_client.get(reverse("workflow:eligibility_review", args=[app.pk])).content.decode()
    link = reverse("workflow:office_attachment", args=[app.pk, evidence.pk])
    assert f'href="{link}"' in page
    assert f'href="{reverse("awards:application_pdf", args=[app.pk])}"' in page
    assert f'href="{reverse("awards:application_docx", args=[app.pk])}"' in page
    response = office_client.get(link)
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert b"".join(response.streaming_content).startswith(b"%PDF")


def test_only_the_office_opens_evidence_from_the_review(client):
    app = complete_application(campaign=open_campaign())
    evidence = app.attachments.get(kind=Attachment.Kind.EVIDENCE)
    evidence.file.save("evidence.pdf", ContentFile(pdf_bytes(1)), save=True)
    client.force_login(user_with_role("applicant"))
    response = client.get(reverse("workflow:office_attachment", args=[app.pk, evidence.pk]))
    assert response.status_code in (302, 403, 404)


# --- item 9 ---------------------------------------------------------------------------------------------------------


def test_publicity_list_and_pdf_put_titles_before_nominations():
    campaign = campaign_in(P.PUBLICITY)
    Publicity.objects.create(campaign=campaign, starts_on=timezone.localdate(), ends_on=timezone.localdate())
    nominated = candidate(campaign, state=S.NOMINATED, name="提名甲", number="ZHGJ-2026-001")
    recommended = candidate(campaign, state=S.RECOMMENDED, name="称号乙", number="ZHGJ-2026-009")
    assert list(listed_applications(campaign)) == [recommended, nominated]
    import io

    from pypdf import PdfReader

    text = PdfReader(io.BytesIO(publicity_notice_pdf(campaign))).pages[0].extract_text()
    assert text.index("称号乙") < text.index("提名甲")


def test_my_page_does_not_offer_to_apply_again_for_a_campaign_already_applied_to(client):
    campaign = open_campaign()
    app = ApplicationFactory(campaign=campaign)
    client.force_login(app.applicant)
    page = client.get(reverse("awards:my_applications")).content.decode()
    open_section = section(page, 'id="h-open"')
    assert reverse("awards:application_start", args=[campaign.pk]) not in open_section
    assert reverse("awards:application_detail", args=[app.pk]) in open_section
    Application.objects.filter(pk=app.pk).update(state=S.RETRACTED)  # retracted: may start again
    page = client.get(reverse("awards:my_applications")).content.decode()
    assert reverse("awards:application_start", args=[campaign.pk]) in section(page, 'id="h-open"')


def test_add_expert_lists_only_experts_not_yet_on_the_panel(office_client):
    campaign = campaign_in(P.ELIGIBILITY)
    panel = panel_for(campaign, experts=1)
    member = panel.members.get().expert
    outsider = user_with_role("expert", first_name="新专家")
    page = office_client.get(reverse("workflow:panels", args=[campaign.pk])).content.decode()
    select = page[page.index(f'id="expert-{panel.pk}"') :]
    select = select[: select.index("</select>")]
    assert f'value="{outsider.pk}"' in select and f'value="{member.pk}"' not in select


def test_shortlist_page_shows_the_panels_recommended_names(office_client):
    campaign = campaign_in(P.MATERIAL_REVIEW)
    panel = panel_for(campaign, experts=1)
    app = candidate(campaign, state=S.ELIGIBLE, name="李建议", number="ZHGJ-2026-003")
    PanelResult.objects.create(panel=panel, application=app, stage="material", score=88)
    opinion = PanelOpinion.objects.create(panel=panel, stage="material", opinion="材料扎实。")
    opinion.recommended.set([app])
    page = office_client.get(reverse("workflow:stage", args=[campaign.pk, "material"])).content.decode()
    box = page[page.index('id="panel-recommendations"') :]
    assert "第一评议组" in box and "ZHGJ-2026-003 李建议" in box and "材料扎实。" in box
    row = page[page.index(f'data-app="{app.pk}"') :]
    assert "评议组建议" in row[: row.index("</tr>")]


def test_publicity_page_offers_no_close_button_once_closed(office_client):
    campaign = campaign_in(P.APPROVAL)
    Publicity.objects.create(
        campaign=campaign,
        starts_on=timezone.localdate(),
        ends_on=timezone.localdate(),
        closed_at=timezone.now(),
    )
    page = office_client.get(reverse("workflow:publicity", args=[campaign.pk])).content.decode()
    assert reverse("workflow:publicity_close", args=[campaign.pk]) not in page
    assert 'id="publicity-closed"' in page


def test_favicon_is_served(client):
    response = client.get(reverse("favicon"))
    assert response.status_code == 302
    assert response["Location"].endswith(".svg")
    assert "favicon" in response["Location"]


def test_unit_opinion_page_is_404_for_a_craftsman_application(client):
    unit = OrganizationFactory()
    staff = user_with_role("recommender")
    unit.staff.add(staff)
    app = ApplicationFactory(
        campaign=open_campaign("craftsman"), route="unit", recommender=unit, employer=unit
    )
    client.force_login(staff)
    assert client.get(reverse("awards:unit_opinion", args=[app.pk])).status_code == 404
    pioneer = ApplicationFactory(
        campaign=open_campaign("pioneer"), route="unit", recommender=unit, employer=unit
    )
    assert client.get(reverse("awards:unit_opinion", args=[pioneer.pk])).status_code == 200


# --- item 6: deadlines in words ---------------------------------------------------------------------------------


def test_dashboard_shows_date_and_time_and_says_closed_once_a_same_day_deadline_passed(office_client):
    now = timezone.now()
    campaign = campaign_in(
        P.OPEN, opens_at=now - datetime.timedelta(days=20), closes_at=now - datetime.timedelta(minutes=1)
    )
    page = office_client.get(reverse("workflow:campaign_dashboard", args=[campaign.pk])).content.decode()
    box = section(page, 'id="deadlines"')
    closes = timezone.localtime(campaign.closes_at).strftime("%Y-%m-%d %H:%M")
    row = box[box.index("申报截止") :]
    row = row[: row.index("</tr>")]
    assert closes in row and "已截止" in row and "工作日" not in row


def test_dashboard_says_today_with_the_time_before_a_same_day_deadline(office_client):
    closes = timezone.localtime().replace(hour=23, minute=59, second=0, microsecond=0)
    campaign = campaign_in(P.OPEN, opens_at=closes - datetime.timedelta(days=20), closes_at=closes)
    page = office_client.get(reverse("workflow:campaign_dashboard", args=[campaign.pk])).content.decode()
    row = section(page, 'id="deadlines"')
    row = row[row.index("申报截止") :]
    row = row[: row.index("</tr>")]
    assert "今天 23:59" in row and "工作日" not in row


def test_campaign_page_links_my_application_instead_of_offering_to_apply_again(client):
    campaign = open_campaign()
    app = ApplicationFactory(campaign=campaign)
    client.force_login(app.applicant)
    page = client.get(reverse("awards:campaign_detail", args=[campaign.pk])).content.decode()
    assert 'id="start-application"' not in page
    assert reverse("awards:application_detail", args=[app.pk]) in page
