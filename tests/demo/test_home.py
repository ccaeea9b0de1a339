"""Home page (首页): per role, where to go — and every internal link on it leads somewhere (no 404/500)."""

import re
from urllib.parse import urlparse

import pytest
from django.test import Client

from demo.accounts import DEMO_PASSWORD

ROLE_ACCOUNTS = {
    "office": "office",
    "committee": "committee1",
    "expert": "expert1",
    "applicant": "applicant23",
    "recommender": "unit1",
}
HREF = re.compile(r'<a\b[^>]*\bhref="([^"]+)"')


pytestmark = pytest.mark.django_db


def internal_links(html: str) -> list[str]:
    links = []
    for href in HREF.findall(html):
        href = href.replace("&amp;", "&")
        parsed = urlparse(href)
        if parsed.scheme or parsed.netloc or href.startswith(("#", "mailto:")):
            continue
        links.append(href)
    return sorted(set(links))


def logged_in(username: str) -> Client:
    client = Client()
    response = client.post("/accounts/login/", {"username": username, "password": DEMO_PASSWORD})
    assert response.status_code == 302, f"{username} could not log in"
    return client


def test_anonymous_home_offers_login_registration_and_the_campaigns(demo):
    response = Client().get("/")
    assert response.status_code == 200
    links = internal_links(response.content.decode())
    assert "/accounts/login/" in links
    assert "/campaigns/" in links


@pytest.mark.parametrize("role", sorted(ROLE_ACCOUNTS))
def test_home_shows_the_section_of_the_users_role_only(demo, role):
    html = logged_in(ROLE_ACCOUNTS[role]).get("/").content.decode()
    assert f'data-role="{role}"' in html
    for other in set(ROLE_ACCOUNTS) - {role}:
        assert f'data-role="{other}"' not in html


@pytest.mark.parametrize("role", [None, *sorted(ROLE_ACCOUNTS)])
def test_every_internal_link_on_home_resolves_for_each_role(demo, role):
    client = logged_in(ROLE_ACCOUNTS[role]) if role else Client()
    response = client.get("/")
    assert response.status_code == 200
    links = internal_links(response.content.decode())
    assert links, "home has no links"
    for href in links:
        response = client.get(href, follow=True)
        final = response.redirect_chain[-1][0] if response.redirect_chain else href
        assert response.status_code == 200, f"{role or 'anonymous'}: {href} → {response.status_code}"
        if role:
            assert not final.startswith("/accounts/login/"), f"{role}: {href} sends the user back to login"


def test_each_demo_account_can_log_in_with_the_printed_password(demo):
    from demo.accounts import demo_accounts

    for account in demo_accounts()[::7]:
        logged_in(account.username)
