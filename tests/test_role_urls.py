"""Addresses name roles, not code modules (docs/decisions.md, "Addresses name roles").

Pages live under /office/, /expert/, /committee/, /unit/ and /me/, public pages under /campaigns/<id>/. The URL
names are unchanged, and every address that existed before the move answers with a permanent redirect to the
address reverse() gives for the same name today, query string included.

The old addresses are written out here on purpose: they are what people bookmarked and what reverse() can no
longer give."""

import re

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, resolve, reverse

# Every address of the three apps before the move, by URL name (as config/urls.py mounted them then).
OLD_ADDRESSES = {
    "awards:application_detail": "/applications/<int:pk>/",
    "awards:application_edit": "/applications/<int:pk>/edit/",
    "awards:application_autosave": "/applications/<int:pk>/autosave/",
    "awards:application_review": "/applications/<int:pk>/review/",
    "awards:application_retract": "/applications/<int:pk>/retract/",
    "awards:notification_read": "/notifications/<int:pk>/read/",
    "awards:recommender_home": "/recommender/",
    "awards:recommender_start": "/recommender/start/",
    "awards:recommender_confirm": "/recommender/applications/<int:pk>/confirm/",
    "awards:unit_opinion": "/recommender/applications/<int:pk>/opinion/",
    "scoring:expert_home": "/scoring/expert/",
    "scoring:application_read": "/scoring/expert/applications/<int:pk>/",
    "scoring:attachment": "/scoring/expert/applications/<int:pk>/attachments/<int:attachment_pk>/",
    "scoring:conflict_declare": "/scoring/expert/applications/<int:pk>/conflict/",
    "scoring:sheet": "/scoring/expert/applications/<int:pk>/<str:stage>/sheet/",
    "scoring:sheet_pdf": "/scoring/sheets/<int:sheet_pk>/pdf/",
    "scoring:sheet_reopen": "/scoring/sheets/<int:sheet_pk>/reopen/",
    "scoring:panel_results": "/scoring/panels/<int:panel_pk>/<str:stage>/",
    "scoring:panel_opinion": "/scoring/panels/<int:panel_pk>/<str:stage>/opinion/",
    "scoring:panel_analytics": "/scoring/panels/<int:panel_pk>/<str:stage>/analytics/",
    "scoring:panel_matrix": "/scoring/panels/<int:panel_pk>/<str:stage>/matrix.xlsx",
    "scoring:panel_results_compute": "/scoring/campaigns/<int:campaign_pk>/<str:stage>/results/compute/",
    "workflow:office_home": "/workflow/office/",
    "workflow:campaign_create": "/workflow/office/campaigns/new/",
    "workflow:campaign_dashboard": "/workflow/office/campaigns/<int:pk>/",
    "workflow:campaign_edit": "/workflow/office/campaigns/<int:pk>/edit/",
    "workflow:campaign_phase": "/workflow/office/campaigns/<int:pk>/phase/",
    "workflow:campaign_clock": "/workflow/office/campaigns/<int:pk>/clock/",
    "workflow:eligibility_queue": "/workflow/office/campaigns/<int:pk>/eligibility/",
    "workflow:eligibility_bulk": "/workflow/office/campaigns/<int:pk>/eligibility/bulk/",
    "workflow:eligibility_review": "/workflow/office/applications/<int:pk>/eligibility/",
    "workflow:panels": "/workflow/office/campaigns/<int:pk>/panels/",
    "workflow:stage": "/workflow/office/campaigns/<int:pk>/stages/<str:stage>/",
    "workflow:ranking": "/workflow/office/campaigns/<int:pk>/ranking/",
    "workflow:office_decisions": "/workflow/office/campaigns/<int:pk>/decisions/",
    "workflow:decision_open": "/workflow/office/campaigns/<int:pk>/decisions/open/",
    "workflow:decision_close": "/workflow/office/decisions/<int:pk>/close/",
    "workflow:publicity": "/workflow/office/campaigns/<int:pk>/publicity/",
    "workflow:publicity_close": "/workflow/office/campaigns/<int:pk>/publicity/close/",
    "workflow:publicity_notice_pdf": "/workflow/office/campaigns/<int:pk>/publicity/notice.pdf",
    "workflow:unit_notice_pdf": "/workflow/office/unit-notices/<int:pk>/notice.pdf",
    "workflow:unit_notice_record": "/workflow/office/unit-notices/<int:pk>/record/",
    "workflow:objection": "/workflow/office/objections/<int:pk>/",
    "workflow:objection_evidence": "/workflow/office/objections/<int:pk>/evidence/",
    "workflow:honors": "/workflow/office/campaigns/<int:pk>/honors/",
    "workflow:certificate_pdf": "/workflow/office/honors/<int:pk>/certificate.pdf",
    "workflow:revocation_new": "/workflow/office/honors/<int:pk>/revoke/",
    "workflow:exports": "/workflow/office/campaigns/<int:pk>/exports/",
    "workflow:export_start": "/workflow/office/campaigns/<int:pk>/exports/<str:kind>/",
    "workflow:import_upload": "/workflow/office/campaigns/<int:pk>/imports/<str:kind>/",
    "workflow:job": "/workflow/office/jobs/<str:job_id>/",
    "workflow:job_download": "/workflow/office/jobs/<str:job_id>/download/",
    "workflow:committee_home": "/workflow/committee/",
    "workflow:decision": "/workflow/committee/decisions/<int:pk>/",
    "workflow:decision_vote": "/workflow/committee/decisions/<int:pk>/vote/",
    "workflow:call": "/workflow/calls/<int:pk>/",
    "workflow:public_publicity": "/workflow/public/campaigns/<int:pk>/publicity/",
    "workflow:public_results": "/workflow/public/campaigns/<int:pk>/results/",
    "workflow:unit_notices": "/workflow/unit/notices/",
    "workflow:unit_notice_pdf_for_unit": "/workflow/unit/notices/<int:pk>/notice.pdf",
}

# Addresses that already named what they are and stay where they were.
UNCHANGED = {
    "awards:home": "/",
    "awards:campaign_list": "/campaigns/",
    "awards:campaign_detail": "/campaigns/<int:pk>/",
    "awards:register": "/accounts/register/",
    "awards:confirm_email": "/accounts/confirm/<str:token>/",
    "awards:my_applications": "/me/",
    "awards:application_start": "/campaigns/<int:pk>/apply/",
    "awards:application_pdf": "/applications/<int:pk>/pdf/",
    "awards:application_docx": "/applications/<int:pk>/docx/",
    "awards:application_photo": "/applications/<int:pk>/photo/",
}

# A value for each parameter, different from each other, so a redirect that mixed them up would show.
SAMPLE = {
    "pk": 7,
    "attachment_pk": 8,
    "sheet_pk": 9,
    "panel_pk": 10,
    "campaign_pk": 11,
    "stage": "material",
    "kind": "applications",
    "job_id": "3f2c9a",
    "token": "abc123",
    "app_pk": 12,
    "what": "consent",
}
PARAM = re.compile(r"<(?:\w+:)?(\w+)>")
QUERY = "?page=2&q=%E5%BC%A0"

# Where each role's pages start; public pages are under /campaigns/.
ROLE_PREFIXES = ("/office/", "/expert/", "/committee/", "/unit/", "/me/")


def _fill(template: str) -> tuple[str, dict]:
    kwargs = {name: SAMPLE[name] for name in PARAM.findall(template)}
    return PARAM.sub(lambda m: str(SAMPLE[m.group(1)]), template), kwargs


@pytest.mark.parametrize("name", sorted(OLD_ADDRESSES))
def test_every_old_address_redirects_permanently_to_the_address_of_its_name_today(client, name):
    old, kwargs = _fill(OLD_ADDRESSES[name])
    new = reverse(name, kwargs=kwargs)
    assert new != old
    response = client.get(old + QUERY)
    assert response.status_code == 301, old
    assert response["Location"] == new + QUERY


@pytest.mark.parametrize("name", sorted(UNCHANGED))
def test_addresses_that_named_what_they_are_did_not_move(name):
    address, kwargs = _fill(UNCHANGED[name])
    assert reverse(name, kwargs=kwargs) == address


def test_a_form_posted_to_an_old_address_is_sent_on_as_a_post():
    """308, not 301: a browser repeats the POST, with its data, at the new address."""
    from django.test import Client

    old, kwargs = _fill(OLD_ADDRESSES["awards:application_autosave"])
    response = Client().post(old, {"name": "张三"})
    assert response.status_code == 308
    assert response["Location"] == reverse("awards:application_autosave", kwargs=kwargs)


@pytest.mark.parametrize(
    ("name", "prefix"),
    [
        ("workflow:office_home", "/office/"),
        ("workflow:campaign_dashboard", "/office/"),
        ("scoring:panel_results_compute", "/office/"),
        ("scoring:sheet_reopen", "/office/"),
        ("scoring:expert_home", "/expert/"),
        ("scoring:panel_results", "/expert/"),
        ("scoring:sheet_pdf", "/expert/"),
        ("workflow:committee_home", "/committee/"),
        ("awards:recommender_home", "/unit/"),
        ("workflow:unit_notices", "/unit/"),
        ("awards:application_edit", "/me/"),
        ("awards:notification_read", "/me/"),
        ("workflow:public_publicity", "/campaigns/"),
        ("workflow:public_results", "/campaigns/"),
        ("workflow:call", "/campaigns/"),
    ],
)
def test_each_page_lives_under_the_role_that_uses_it(name, prefix):
    _old, kwargs = _fill(OLD_ADDRESSES[name])
    assert reverse(name, kwargs=kwargs).startswith(prefix)


def test_public_pages_of_a_campaign_sit_beside_the_campaign_page():
    campaign = reverse("awards:campaign_detail", kwargs={"pk": 7})
    assert reverse("workflow:public_publicity", kwargs={"pk": 7}) == campaign + "publicity/"
    assert reverse("workflow:public_results", kwargs={"pk": 7}) == campaign + "results/"


def _routes(patterns, prefix="", namespace=""):
    """(URL name, route) of every page of the three apps (public input is part of scoring)."""
    for pattern in patterns:
        if isinstance(pattern, URLResolver) and pattern.namespace in (
            "awards",
            "scoring",
            "workflow",
            "public_input",
        ):
            yield from _routes(pattern.url_patterns, prefix + str(pattern.pattern), pattern.namespace)
        elif isinstance(pattern, URLPattern) and namespace:
            yield f"{namespace}:{pattern.name}", "/" + prefix + str(pattern.pattern)


def test_no_page_lives_under_a_code_module():
    routes = dict(_routes(get_resolver().url_patterns))
    assert set(OLD_ADDRESSES) | set(UNCHANGED) <= set(routes)
    assert [r for r in routes.values() if r.startswith(("/workflow/", "/scoring/", "/recommender/"))] == []


def test_pages_of_scoring_and_workflow_start_with_a_role_or_are_public():
    """A page of scoring or workflow is for a role, or public under /campaigns/<id>/."""
    routes = dict(_routes(get_resolver().url_patterns))
    for name, route in routes.items():
        if name.startswith(("scoring:", "workflow:", "public_input:")):
            assert route.startswith((*ROLE_PREFIXES, "/campaigns/")), (name, route)
            assert resolve(_fill(route)[0]).view_name == name


@pytest.mark.django_db
def test_the_office_following_an_old_bookmark_lands_on_its_page(client):
    from tests.factories import user_with_role

    client.force_login(user_with_role("office", username="office-urls"))
    response = client.get(OLD_ADDRESSES["workflow:office_home"], follow=True)
    assert response.redirect_chain == [(reverse("workflow:office_home"), 301)]
    assert response.status_code == 200
