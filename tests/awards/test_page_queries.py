"""The applicant's pages cost a constant number of queries, however many rows, units and applications there are
(issue 15: the city-scale campaign; timings belong in bench/). The test settings keep sessions in the database:
one query more than in production, where they are in Redis."""

import datetime
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from awards.models import Application, Campaign, EducationEntry, WorkEntry
from tests.awards.applicant_support import form_data, open_campaign
from tests.factories import (
    ApplicationFactory,
    CampaignFactory,
    OrganizationFactory,
    add_rows_and_files,
    award_type,
    complete_application,
)

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


def test_my_applications_reads_the_on_site_slots_only_for_shortlisted_applications(client):
    """The 现场展示 slot is read in one query for all the shortlisted applications, and not at all without one
    (docs/decisions.md 429)."""
    from scoring.models import PanelAssignment
    from tests.workflow.office.builders import campaign_in, candidate, panel_for

    first = ApplicationFactory(campaign=open_campaign())
    client.force_login(first.applicant)
    assert "scoring_panelassignment" not in _tables_read(client, reverse("awards:my_applications"))
    rooms = []
    for day in (3, 4, 5):
        campaign = campaign_in(Campaign.Phase.ONSITE, award_type=first.campaign.award_type)
        app = candidate(campaign, state=Application.State.SHORTLISTED, applicant=first.applicant)
        PanelAssignment.objects.create(
            panel=panel_for(campaign, experts=1),
            application=app,
            onsite_date=datetime.date(2026, 6, day),
            onsite_room=f"{day}号会议室",
        )
        rooms.append(f"{day}号会议室")
    tables = _tables_read(client, reverse("awards:my_applications"))
    assert tables.count("scoring_panelassignment") == 1
    html = client.get(reverse("awards:my_applications")).content.decode()
    assert all(room in html for room in rooms) and html.count("现场展示安排") == 3


def _tables_read(client, url) -> list[str]:
    """The table each query of a GET of `url` reads first (its FROM)."""
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200
    return [re.search(r'\bFROM "(\w+)"', q["sql"]).group(1) for q in ctx.captured_queries]


def test_the_form_page_reads_its_rows_units_and_domains_once(client):
    """The row tables show the rows read with the application, the 推荐机构 options and the employer datalist
    share one read of the units, the complete industry categories are a subquery of the subcategories' read,
    the honor's domains are checked against the form's choices, a draft has no supplement request to read and
    the applicant's Person is read with the application (docs/decisions.md 440–443)."""
    application = add_rows_and_files(ApplicationFactory(campaign=open_campaign()))
    _rows(application, 3)
    unit = OrganizationFactory(name="已确认的单位", credit_code="91310000MA1FL0000X")
    OrganizationFactory(name="待确认的单位", needs_confirmation=True)
    client.force_login(application.applicant)
    url = reverse("awards:application_edit", args=[application.pk])
    for tables in (_tables_read(client, url), _tables_read(client, url)):  # nothing cached, then as kept
        assert tables.count("awards_educationentry") == 1 and tables.count("awards_workentry") == 1
        assert tables.count("awards_organization") == 1
        assert tables.count("awards_techdomain") == 1
        assert "awards_industrycategory" not in tables and "workflow_supplementrequest" not in tables
        assert "awards_person" not in tables  # the applicant's Person (none here) read with the application
    html = client.get(url).content.decode()
    assert f'<option value="已确认的单位">{unit.credit_code}</option>' in html  # the employer datalist
    assert f'<option value="{unit.pk}">已确认的单位</option>' in html  # 推荐机构
    assert "待确认的单位" not in html


def test_rows_of_the_same_order_and_start_are_shown_as_the_formset_saves_them(client):
    """Rows the model's ordering does not tell apart come in the formset's order (then pk), on a GET (the rows
    read with the application) as on a post."""
    application = ApplicationFactory(campaign=open_campaign())
    first, second = (
        EducationEntry.objects.create(application=application, start=datetime.date(2001, 9, 1), school=school)
        for school in ("乙校", "甲校")
    )
    client.force_login(application.applicant)
    html = client.get(reverse("awards:application_edit", args=[application.pk])).content.decode()
    assert f'name="edu-0-id" value="{first.pk}"' in html and f'name="edu-1-id" value="{second.pk}"' in html
    assert html.index('value="乙校"') < html.index('value="甲校"')


def test_a_domain_the_honor_no_longer_offers_is_reported_on_the_form(client):
    application = complete_application(campaign=open_campaign())
    client.force_login(application.applicant)
    url = reverse("awards:application_edit", args=[application.pk])
    cover = re.compile(r'<a href="#sec-cover">[^<]*</a> <span class="mark">([^<]*)</span>')
    assert "✓" in cover.search(client.get(url).content.decode()).group(1)
    application.campaign.award_type.tech_domains.remove(application.tech_domain)
    assert "1" in cover.search(client.get(url).content.decode()).group(1)  # 待填 1 项


def test_a_posted_form_with_errors_still_lists_the_units(client):
    """The employer datalist lists the 推荐机构 field's units on a refused post too (the field not cached)."""
    application = add_rows_and_files(ApplicationFactory(campaign=open_campaign()))
    unit = OrganizationFactory(name="已确认的单位")
    client.force_login(application.applicant)
    response = client.post(
        reverse("awards:application_edit", args=[application.pk]),
        form_data(application, email="not-an-email"),
    )
    html = response.content.decode()
    assert 'id="id_email_error"' in html
    assert f'<option value="已确认的单位">{unit.credit_code}</option>' in html
    assert f'<option value="{unit.pk}">已确认的单位</option>' in html


def _offered(client) -> str:
    return client.get(reverse("awards:my_applications")).content.decode()


def test_the_open_campaigns_are_kept_under_the_public_version_and_a_write_shows_at_the_next_view(client):
    """/me/ offers the campaigns in 申报 from the cache, kept under the public pages' version (docs/decisions.md
    419): a second view does not read the campaigns again, and a campaign that leaves 申报, one that enters it and
    an honor renamed each show at the next view."""
    first = open_campaign(title="第一届智慧工匠选树")
    applicant = ApplicationFactory(campaign=CampaignFactory(award_type=first.award_type)).applicant
    client.force_login(applicant)
    start_first = reverse("awards:application_start", args=[first.pk])
    assert start_first in _offered(client)
    assert "awards_campaign" not in _tables_read(client, reverse("awards:my_applications"))

    first.phase = Campaign.Phase.ELIGIBILITY  # the office closed the call (a write of the campaign)
    first.save()
    assert start_first not in _offered(client)

    second = CampaignFactory(award_type=award_type("pioneer"), title="第一届领军先锋评选")
    second.phase = Campaign.Phase.OPEN
    second.save()
    html = _offered(client)
    assert reverse("awards:application_start", args=[second.pk]) in html and "申报“领军先锋”" in html

    honor = second.award_type
    honor.name = "领军先锋人物"
    honor.save()
    assert "申报“领军先锋人物”" in _offered(client)


def test_with_the_public_cache_off_the_open_campaigns_are_read_on_every_view(client, settings):
    settings.PUBLIC_PAGE_CACHE_SECONDS = 0
    campaign = open_campaign()
    client.force_login(ApplicationFactory(campaign=CampaignFactory(award_type=campaign.award_type)).applicant)
    for _ in range(2):
        assert "awards_campaign" in _tables_read(client, reverse("awards:my_applications"))
    Campaign.objects.filter(pk=campaign.pk).update(phase=Campaign.Phase.ELIGIBILITY)  # no signal: read anyway
    assert reverse("awards:application_start", args=[campaign.pk]) not in _offered(client)
