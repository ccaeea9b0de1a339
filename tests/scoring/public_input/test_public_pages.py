"""公众评价 (第十九条): public candidate pages — no login, only what the applicant agreed to publish."""

import pytest
from django.urls import reverse

from tests.scoring.public_input.builders import public_campaign

pytestmark = pytest.mark.django_db


def test_candidate_pages_show_name_unit_domain_and_the_consented_summary_without_login(client):
    campaign, apps = public_campaign()
    page = client.get(reverse("public_input:candidates", args=[campaign.pk])).content.decode()
    for app in apps:
        assert app.name in page
        assert app.unit_name in page
        assert app.tech_domain.name in page
        assert app.public_summary in page
    detail = client.get(reverse("public_input:candidate", args=[campaign.pk, apps[0].pk])).content.decode()
    assert apps[0].public_achievements in detail


def test_no_personal_data_in_any_public_page_or_its_html(client):
    campaign, apps = public_campaign()
    urls = [
        reverse("public_input:index"),
        reverse("public_input:candidates", args=[campaign.pk]),
        reverse("public_input:verify", args=[campaign.pk]),
        *[reverse("public_input:candidate", args=[campaign.pk, a.pk]) for a in apps],
    ]
    for url in urls:
        html = client.get(url).content.decode()
        for app in apps:
            for secret in (app.resident_id, app.phone, app.email, app.unit_address, app.section_basic):
                if secret:
                    assert secret not in html, (url, secret)


def test_summary_without_consent_is_not_published(client):
    campaign, apps = public_campaign()
    apps[1].public_consent = False
    apps[1].save()
    page = client.get(reverse("public_input:candidates", args=[campaign.pk])).content.decode()
    assert apps[1].name in page
    assert apps[1].public_summary not in page
    assert "申报人未公开简介" in page


def test_candidate_pages_exist_only_during_public_input(client):
    campaign, apps = public_campaign()
    campaign.phase = "composite"
    campaign.save()
    assert client.get(reverse("public_input:candidates", args=[campaign.pk])).status_code == 404


def test_a_candidate_not_shortlisted_has_no_public_page(client):
    from tests.workflow.office.builders import candidate

    campaign, _apps = public_campaign()
    other = candidate(campaign, state="not_shortlisted", name="未入围者")
    assert client.get(reverse("public_input:candidate", args=[campaign.pk, other.pk])).status_code == 404
    assert (
        "未入围者" not in client.get(reverse("public_input:candidates", args=[campaign.pk])).content.decode()
    )


def test_home_and_campaign_page_link_to_the_public_candidates(client):
    campaign, _apps = public_campaign()
    target = reverse("public_input:candidates", args=[campaign.pk])
    assert target in client.get(reverse("awards:home")).content.decode()
    assert target in client.get(reverse("awards:campaign_detail", args=[campaign.pk])).content.decode()


def test_public_pages_read_in_english(client):
    campaign, _apps = public_campaign()
    client.post(reverse("set_language"), {"language": "en", "next": "/"})
    page = client.get(reverse("public_input:verify", args=[campaign.pk])).content.decode()
    assert 'lang="en"' in page
