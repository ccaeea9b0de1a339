"""Friction that loses citizens (issue 24 item 8), checked on the HTML the pages send."""

import re

import pytest
from django.urls import reverse

from scoring.models import VerificationCode
from scoring.services import ballots as services
from tests.factories import user_with_role
from tests.scoring.public_input.builders import last_code, public_campaign, verified_client

pytestmark = pytest.mark.django_db


def test_candidate_cards_link_to_the_candidates_page(client):
    campaign, apps = public_campaign()
    page = client.get(reverse("public_input:candidates", args=[campaign.pk])).content.decode()
    for app in apps:
        assert f'href="{reverse("public_input:candidate", args=[campaign.pk, app.pk])}"' in page


def test_a_verified_voter_who_taps_participate_again_goes_to_the_ballot(client):
    campaign, _apps = public_campaign()
    verified_client(client, campaign)
    for page in ("candidate", "candidates"):
        args = [campaign.pk] + ([_apps[0].pk] if page == "candidate" else [])
        client.get(reverse(f"public_input:{page}", args=args))
    response = client.get(reverse("public_input:verify", args=[campaign.pk]))
    assert response.status_code == 302 and response.url == reverse("public_input:ballot", args=[campaign.pk])


def test_the_contact_stays_after_sending_and_the_resend_waits_a_minute(client):
    campaign, _apps = public_campaign()
    url = reverse("public_input:verify", args=[campaign.pk])
    response = client.post(url, {"step": "request", "contact": "citizen@example.cn"}, follow=True)
    page = response.content.decode()
    assert "验证码已发送至 ci***@example.cn" in page
    assert 'value="citizen@example.cn"' in page  # kept for the resend
    assert re.search(r'id="send-code" data-wait="(5\d|60)"', page) and "重新发送验证码" in page
    assert 'src="/static/js/resend.js"' in page
    again = client.post(url, {"step": "request", "contact": "citizen@example.cn"})
    assert "验证码刚刚发送过，请" in again.content.decode()
    assert VerificationCode.objects.count() == 1
    # the contact is kept in the citizen's browser only, not in the server's session
    assert "citizen@example.cn" not in str(dict(client.session))
    client.post(url, {"step": "code", "code": last_code()})
    assert client.cookies["pv_contact"].value == ""


def test_the_group_choice_is_explained(client):
    campaign, _apps = public_campaign()
    verified_client(client, campaign)
    page = client.get(reverse("public_input:ballot", args=[campaign.pk])).content.decode()
    assert 'aria-describedby="group-help"' in page and 'id="group-help"' in page
    assert "其他人请选“社会公众”" in page


def test_every_aria_describedby_points_at_an_element_that_exists(client):
    campaign, _apps = public_campaign()
    verified_client(client, campaign, contact="x@example.cn")
    pages = [
        client.get(reverse("public_input:ballot", args=[campaign.pk])).content.decode(),
    ]
    client.logout()
    pages.append(client.get(reverse("public_input:verify", args=[campaign.pk])).content.decode())
    for page in pages:
        ids = set(re.findall(r'\sid="([^"]+)"', page))
        for described in re.findall(r'aria-describedby="([^"]+)"', page):
            for target in described.split():
                assert target in ids, target


def test_htmx_is_loaded_only_where_it_is_used(client):
    campaign, _apps = public_campaign()
    for url in (
        reverse("awards:home"),
        reverse("public_input:candidates", args=[campaign.pk]),
        reverse("public_input:verify", args=[campaign.pk]),
    ):
        assert "htmx" not in client.get(url).content.decode(), url


def test_an_english_browser_is_offered_english_on_its_first_visit(client):
    campaign, _apps = public_campaign()
    url = reverse("public_input:candidates", args=[campaign.pk])
    page = client.get(url, HTTP_ACCEPT_LANGUAGE="en-GB,en;q=0.9").content.decode()
    assert (
        '<html lang="zh-CN">' in page and 'id="lang-offer"' in page
    )  # still Chinese by default (decisions 37)
    assert 'id="lang-offer"' not in client.get(url, HTTP_ACCEPT_LANGUAGE="zh-CN,en;q=0.8").content.decode()
    client.post("/i18n/setlang/", {"language": "zh-hans", "next": "/"})
    assert 'id="lang-offer"' not in client.get(url, HTTP_ACCEPT_LANGUAGE="en").content.decode()


def test_every_moderation_checkbox_has_an_accessible_name(client):
    campaign, apps = public_campaign()
    for n in range(3):
        services._store(
            campaign=campaign,
            voter=f"{n:064d}",
            group="public",
            ratings={apps[0].pk: 4},
            comments={apps[0].pk: f"意见{n}"},
            version=0,
            channel="web",
        )
    client.force_login(user_with_role("office"))
    page = client.get(reverse("public_input:office", args=[campaign.pk])).content.decode()
    boxes = re.findall(r'<input type="checkbox" name="votes"[^>]*>', page)
    assert len(boxes) == 3
    assert all('aria-label="选择第' in box for box in boxes)
