"""Outcomes anyone can verify (issue 22; docs/decisions.md 220–222): the certificate's code, the public pages
/verify/ and /verify/<code>/ in both languages, the per-client limit, at once after a revocation."""

import importlib
import re

import pytest
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from awards.models import Campaign
from tests.workflow.verify.helpers import honor as make_honor
from tests.workflow.verify.helpers import recall
from workflow.selectors.verification import honor_for_code, verification_of
from workflow.verify_codes import ALPHABET, LENGTH, grouped, new_verify_code, normalise_code

pytestmark = pytest.mark.django_db
LOOK_ALIKES = "01OILU"


def page(client, code, **extra):
    return client.get(reverse("verify:certificate", kwargs={"code": code}), **extra)


# --- the code ----------------------------------------------------------------------------------------------------


def test_the_alphabet_has_no_look_alikes_and_codes_are_random():
    assert not set(LOOK_ALIKES) & set(ALPHABET) and len(ALPHABET) == 30
    codes = {new_verify_code() for _ in range(2000)}
    assert len(codes) == 2000
    assert all(len(c) == LENGTH and set(c) <= set(ALPHABET) for c in codes)
    # every character turns up (drawn uniformly, not a counter or a hash of the certificate number)
    assert set("".join(codes)) == set(ALPHABET)


def test_an_awarded_honor_gets_its_own_code():
    first, second = make_honor(), make_honor()
    assert re.fullmatch(f"[{ALPHABET}]{{{LENGTH}}}", first.verify_code)
    assert first.verify_code != second.verify_code
    assert first.verify_code not in first.certificate_number


def test_codes_are_read_in_any_case_with_spaces_and_hyphens():
    honor = make_honor()
    typed = " " + grouped(honor.verify_code).lower().replace("-", " - ") + " "
    assert normalise_code(typed) == honor.verify_code
    assert honor_for_code(typed) == honor
    assert honor_for_code(honor.verify_code[:-1]) is None
    assert honor_for_code("0" * LENGTH) is None


def test_the_data_migration_gives_an_honor_without_a_code_a_fresh_one_and_its_history_too():
    from django.apps import apps

    from workflow.models import Honor

    migration = importlib.import_module("workflow.migrations.0012_h_verify_verify_code")
    kept, blank = make_honor(), make_honor()
    Honor.objects.filter(pk=blank.pk).update(verify_code="")
    Honor.history.filter(id=blank.pk).update(verify_code="")
    migration.fill_codes(apps, None)
    blank.refresh_from_db()
    assert re.fullmatch(f"[{ALPHABET}]{{{LENGTH}}}", blank.verify_code)
    assert blank.verify_code != kept.verify_code
    assert set(Honor.history.filter(id=blank.pk).values_list("verify_code", flat=True)) == {blank.verify_code}
    assert Honor.objects.get(pk=kept.pk).verify_code == kept.verify_code


# --- the pages ---------------------------------------------------------------------------------------------------


def test_the_page_shows_name_honor_year_and_status_and_nothing_else_personal(client):
    honor = make_honor(name="王芳")
    app = honor.application
    response = page(client, honor.verify_code)
    assert response.status_code == 200
    html = response.content.decode()
    assert "王芳" in html and "“智慧工匠”荣誉称号" in html and f"{app.campaign.year} 年度" in html
    assert 'data-status="valid"' in html and "证书有效" in html and honor.certificate_number in html
    assert "第二十八条" in html  # the rules on using the title, which the page exists to check
    for personal in (app.resident_id, app.unit_name, app.phone, app.email, app.unit_address):
        assert personal and personal not in html, personal
    assert "no-store" in response["Cache-Control"]


def test_the_page_in_english(client):
    honor = make_honor()
    client.cookies["django_language"] = "en"
    html = page(client, honor.verify_code, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Certificate verification" in html and "Valid" in html and "honorary title" in html
    assert "证书有效" not in html and "核验码" not in html


def test_a_code_typed_loosely_goes_to_its_one_address(client):
    honor = make_honor()
    response = page(client, grouped(honor.verify_code).lower())
    assert response.status_code == 302
    assert response["Location"] == reverse("verify:certificate", kwargs={"code": honor.verify_code})


def test_the_form_sends_a_code_to_its_page_and_explains_a_malformed_one(client):
    honor = make_honor()
    typed = " " + grouped(honor.verify_code).lower() + " "
    response = client.get(reverse("verify:form"), {"code": typed})
    assert response["Location"] == reverse("verify:certificate", kwargs={"code": honor.verify_code})
    bad = client.get(reverse("verify:form"), {"code": "O1O1-ABC"})
    assert bad.status_code == 400
    html = bad.content.decode()
    assert "不是有效的核验码格式" in html and 'value="O1O1-ABC"' in html  # what was typed stays in the field
    assert "no-store" in client.get(reverse("verify:form"))["Cache-Control"]


@pytest.mark.parametrize(
    ("language", "heading"), [("zh-hans", "未找到该证书"), ("en", "Certificate not found")]
)
def test_an_unknown_code_is_a_404_in_the_layout_with_the_form_again(client, language, heading):
    client.cookies["django_language"] = language
    response = page(client, "ABCDE23456")
    assert response.status_code == 404
    html = response.content.decode()
    assert heading in html and 'name="code"' in html and 'class="site-header"' in html


def test_an_honor_of_a_campaign_not_yet_published_is_not_found(client):
    honor = make_honor(year=2031, phase=Campaign.Phase.APPROVAL)
    assert page(client, honor.verify_code).status_code == 404


@pytest.mark.parametrize(
    ("kind", "status", "article"), [("revoke", "revoked", "第三十条"), ("cancel", "cancelled", "第二十九条")]
)
def test_a_revocation_shows_at_once_with_its_date_and_article(
    client, office, committee, kind, status, article
):
    honor = make_honor()
    assert 'data-status="valid"' in page(client, honor.verify_code).content.decode()
    revocation = recall(honor, kind, office, committee)
    honor.refresh_from_db()
    assert verification_of(honor).status == status
    html = page(client, honor.verify_code).content.decode()  # the same client, straight after: nothing stale
    assert f'data-status="{status}"' in html and "证书有效" not in html
    assert timezone.localdate(revocation.executed_at).isoformat() in html and article in html
    assert "不得再使用该称号" in html
    client.cookies["django_language"] = "en"
    english = page(client, honor.verify_code).content.decode()
    assert ("Revoked" if kind == "revoke" else "Cancelled") in english
    assert f"Art. {30 if kind == 'revoke' else 29}" in english


def test_lookups_are_limited_per_client(client, settings):
    settings.VERIFY_LIMIT = 3
    settings.VERIFY_LIMIT_WINDOW_SECONDS = 600
    honor = make_honor()
    assert [page(client, c).status_code for c in (honor.verify_code, "ABCDE23456", honor.verify_code)] == [
        200,
        404,
        200,
    ]
    limited = page(client, honor.verify_code)
    assert limited.status_code == 429 and limited["Retry-After"] == "600"
    html = limited.content.decode()
    assert "查询过于频繁" in html and "10 分钟" in html and honor.application.name not in html
    # another client is not held back
    assert page(Client(REMOTE_ADDR="198.51.100.7"), honor.verify_code).status_code == 200


def test_the_site_url_check_warns_in_production_only(settings):
    from workflow.documents.qr import site_url_configured

    settings.DEBUG, settings.TESTING, settings.SITE_URL = False, False, ""
    assert [w.id for w in site_url_configured()] == ["verify.W001"]
    settings.SITE_URL = "https://honors.example.gov.cn"
    assert site_url_configured() == []
    settings.DEBUG, settings.SITE_URL = True, ""
    assert site_url_configured() == []
    settings.DEBUG = False
    out = __import__("io").StringIO()
    call_command("check", fail_level="CRITICAL", stdout=out, stderr=out)
    assert "verify.W001" in out.getvalue()


def test_the_public_list_of_honors_links_to_the_verification_page(client):
    honor = make_honor()
    html = client.get(
        reverse("workflow:public_results", args=[honor.application.campaign_id])
    ).content.decode()
    assert f'href="{reverse("verify:form")}"' in html


def test_the_office_honors_page_links_each_certificate_to_its_verification_page(client, office):
    honor = make_honor()
    client.force_login(office)
    html = client.get(reverse("workflow:honors", args=[honor.application.campaign_id])).content.decode()
    assert f'href="{reverse("verify:certificate", kwargs={"code": honor.verify_code})}"' in html
