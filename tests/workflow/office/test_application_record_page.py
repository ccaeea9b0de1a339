"""Issue 23.4: after eligibility every name the office sees (ranking, panels, stage results, honors) opens the
office's page of the application, with its documents and the procedure's history in words."""

import datetime

import pytest
from django.urls import reverse

from awards.models import Application, Campaign
from tests.factories import user_with_role
from tests.workflow.office.builders import campaign_in, candidate
from workflow.models import Honor, TransitionLog

pytestmark = pytest.mark.django_db
S = Application.State


@pytest.fixture
def office_client(client):
    client.force_login(user_with_role("office"))
    return client


def test_the_honors_page_links_each_name_to_the_application_with_its_history(office_client):
    campaign = campaign_in(Campaign.Phase.AWARDED)
    app = candidate(campaign, state=S.AWARDED, name="王芳")
    office = user_with_role("office", username="clerk", first_name="办事员")
    TransitionLog.objects.create(
        subject="application",
        campaign=campaign,
        application=app,
        action="declare_eligible",
        from_state="submitted",
        to_state="eligible",
        actor=office,
        role="office",
        article="第十六条",
        reason="材料齐全",
    )
    Honor.objects.create(
        application=app,
        kind="title",
        certificate_number="ZHGJ-2031-001",
        awarded_on=datetime.date(2031, 9, 1),
    )
    url = reverse("workflow:office_application", args=[app.pk])
    honors = office_client.get(reverse("workflow:honors", args=[campaign.pk])).content.decode()
    assert f'href="{url}"' in honors
    page = office_client.get(url).content.decode()
    assert "王芳" in page and reverse("awards:application_pdf", args=[app.pk]) in page
    assert reverse("workflow:eligibility_review", args=[app.pk]) in page
    assert "已提交 → 资格审查合格" in page and "第十六条" in page and "材料齐全" in page
    office_client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    english = office_client.get(url).content.decode()
    # the article as the reader reads it (decision 466)
    assert "<td>Art. 16</td>" in english and "第十六条" not in english


def test_a_non_office_role_cannot_open_it(client):
    campaign = campaign_in(Campaign.Phase.AWARDED)
    app = candidate(campaign, state=S.AWARDED)
    client.force_login(user_with_role("committee"))
    assert client.get(reverse("workflow:office_application", args=[app.pk])).status_code == 403
