"""The applicant's pages cost a constant number of queries, however many rows, units and applications there are
(issue 15: the city-scale campaign; timings belong in bench/). The test settings keep sessions in the database:
one query more than in production, where they are in Redis."""

import datetime

import pytest
from django.urls import reverse

from awards.models import Application, EducationEntry, WorkEntry
from tests.awards.applicant_support import open_campaign
from tests.factories import ApplicationFactory, CampaignFactory, OrganizationFactory, add_rows_and_files

pytestmark = pytest.mark.django_db


def _rows(application, n):
    for i in range(n):
        EducationEntry.objects.create(
            application=application, start=datetime.date(2000 + i, 9, 1), school=f"学校{i}"
        )
        WorkEntry.objects.create(
            application=application, start=datetime.date(2010 + i, 7, 1), post=f"岗位{i}"
        )


@pytest.mark.parametrize("size", [1, 8])
def test_the_form_page_queries_do_not_grow_with_rows_or_units(client, django_assert_max_num_queries, size):
    application = add_rows_and_files(ApplicationFactory(campaign=open_campaign()))
    _rows(application, size)
    for _ in range(size):
        OrganizationFactory()
    client.force_login(application.applicant)
    url = reverse("awards:application_edit", args=[application.pk])
    with django_assert_max_num_queries(20):  # 19 + the sensitive-information consent (issue 25 item 3)
        response = client.get(url)
    assert response.status_code == 200
    html = response.content.decode()
    assert html.count('class="row-card"') >= 2 * (size + 1)  # the stored rows, shown with their fields
    assert f"学校{size - 1}" in html and f"岗位{size - 1}" in html


@pytest.mark.parametrize("size", [1, 6])
def test_my_applications_queries_do_not_grow_with_applications(client, django_assert_max_num_queries, size):
    first = ApplicationFactory(campaign=open_campaign())
    for _ in range(size - 1):
        campaign = CampaignFactory(award_type=first.campaign.award_type)
        ApplicationFactory(campaign=campaign, applicant=first.applicant, state=Application.State.SUBMITTED)
    client.force_login(first.applicant)
    with django_assert_max_num_queries(7):
        response = client.get(reverse("awards:my_applications"))
    html = response.content.decode()
    assert html.count('class="badge state-') >= size
    # the open campaign the applicant applied to is offered as 已申报, not as a new 申报 button
    assert reverse("awards:application_detail", args=[first.pk]) in html
    assert reverse("awards:application_start", args=[first.campaign.pk]) not in html
