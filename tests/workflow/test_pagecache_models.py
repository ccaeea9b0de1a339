"""Every model a cached public page reads is in the page cache's invalidation list (workflow/pagecache.py).

Each page wrapped in `public_page` (found through the URL resolver, so a new cached page without a world here fails)
is rendered on a cache miss; the tables its queries read are mapped back to their models, and every one must be in
`PUBLIC_MODELS` (a save or delete bumps the page's version) or in `NOT_INVALIDATING` with the reason it need not be.
A page that starts reading a new model fails here until the model is listed."""

import datetime
import re

import pytest
from django.apps import apps
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import timezone

from awards.models import Application, Campaign
from tests.workflow.builders import campaign_in
from tests.workflow.office.builders import candidate
from workflow.models import Honor, Publicity
from workflow.pagecache import (
    NOT_INVALIDATING,
    OFFICE_MODELS,
    OFFICE_PAGE_INPUTS,
    OFFICE_PAGE_NOT_INVALIDATING,
    PUBLIC_MODELS,
)

pytestmark = pytest.mark.django_db
P = Campaign.Phase
S = Application.State
_TABLE = re.compile(r'\b(?:FROM|JOIN)\s+"?([A-Za-z0-9_]+)"?', re.IGNORECASE)


def _cached_patterns(marker="page_cache", resolver=None, prefix=""):
    """(URL name with namespace, pattern) of every view carrying `marker`: `page_cache` for those wrapped in
    `public_page`, `signed_in_page_cache` for the office pages kept whole (`office_page`)."""
    resolver = resolver or get_resolver()
    for entry in resolver.url_patterns:
        if isinstance(entry, URLResolver):
            ns = f"{prefix}{entry.namespace}:" if entry.namespace else prefix
            yield from _cached_patterns(marker, entry, ns)
        elif isinstance(entry, URLPattern) and hasattr(entry.callback, marker):
            yield f"{prefix}{entry.name}", entry


@pytest.fixture
def world():
    """A campaign in each phase a public page shows, with the records the pages list."""
    call = campaign_in(P.OPEN, closes_at=timezone.now() - datetime.timedelta(days=1), call_text="申报通知")
    publicity = campaign_in(P.PUBLICITY)
    candidate(publicity, name="王芳", state=S.RECOMMENDED)
    today = timezone.localdate()
    Publicity.objects.create(campaign=publicity, starts_on=today, ends_on=today + datetime.timedelta(days=5))
    voting = campaign_in(P.PUBLIC_INPUT, public_input_enabled=True)
    rated = candidate(voting, name="李雷", number="ZHGJ-1-001")
    awarded = campaign_in(P.AWARDED)
    honored = candidate(awarded, state=S.AWARDED, name="赵强", number="ZHGJ-1-002")
    Honor.objects.create(
        application=honored, kind=Honor.Kind.TITLE, certificate_number="ZS-001", awarded_on=today
    )
    return {
        "awards:home": [],
        "awards:campaign_list": [],
        "awards:campaign_detail": [call.pk],
        "workflow:call": [call.pk],
        "workflow:public_publicity": [publicity.pk],
        "workflow:public_objection": [publicity.pk],
        "workflow:public_results": [awarded.pk],
        "public_input:candidates": [voting.pk],
        "public_input:candidate": [voting.pk, rated.pk],
    }


def _models_read(url, client=None, header="miss") -> set:
    by_table = {}
    for model in apps.get_models(include_auto_created=True):
        owner = model._meta.auto_created or model  # an m2m table counts as the model that declares it
        by_table[model._meta.db_table] = owner
    with CaptureQueriesContext(connection) as queries:
        response = (client or Client()).get(url)
    assert response.status_code == 200, url
    assert response["X-Page-Cache"] == header, url
    tables = {t for q in queries.captured_queries for t in _TABLE.findall(q["sql"])}
    return {by_table[t] for t in tables if t in by_table}


def test_every_cached_page_has_a_world_here(world):
    assert {name for name, _ in _cached_patterns()} == set(world)


def test_every_model_a_cached_page_reads_invalidates_it_or_says_why_not(world):
    listed = set(PUBLIC_MODELS) | {apps.get_model(label) for label in NOT_INVALIDATING}
    missing = {}
    for name, args in world.items():
        read = _models_read(reverse(name, args=args))
        assert read, name  # the page runs queries: the test reads something
        for model in read - listed:
            missing.setdefault(model._meta.label, []).append(name)
    assert not missing, (
        f"read by a cached page but in no invalidation list (workflow/pagecache.py): {missing}"
    )


def test_the_check_fails_for_a_model_taken_off_the_list(world, monkeypatch):
    """The test above can fail: without Publicity in the list, the 公示 page's read of it is reported."""
    read = _models_read(reverse("workflow:public_publicity", args=[world["workflow:public_publicity"][0]]))
    assert Publicity in read and Publicity in PUBLIC_MODELS


# --- the office pages kept whole for each user (config.pagecache.signed_in_page, workflow.pagecache.office_page) --


@pytest.fixture
def office_world(office, committee):
    """A campaign in 综合评价 with two panels' sheets, its ranking and a committee decision with a vote, and a
    campaign in 资格审查 with a checked application: each office page shows its records."""
    from scoring.services.ranking import compute_ranking
    from tests.workflow.office.builders import checked
    from tests.workflow.office.test_fairness import two_panels
    from workflow.services.committee import decision_open, decision_vote
    from workflow.services.stages import ranking_lists_apply

    campaign, _apps = two_panels()
    ranking_lists_apply(campaign=campaign, user=office, ranking=compute_ranking(campaign=campaign))
    decision = decision_open(campaign=campaign, user=office, kind="confirm_recommended", summary="建议名单")
    decision_vote(decision=decision, user=committee[0], choice="approve", comment="同意")
    review = campaign_in(P.ELIGIBILITY)
    checked(candidate(review, state=S.SUBMITTED, name="孙丽"))
    # the dashboard in every phase: its next steps' guards read what each phase is about
    from tests.workflow.builders import application_in, assign, panel_with_experts, submit_sheets

    phases = []
    for phase in P.values:
        other = campaign_in(phase)
        app = application_in(
            other, S.SHORTLISTED if phase not in (P.DRAFT, P.OPEN, P.ELIGIBILITY) else S.SUBMITTED
        )
        if phase in (P.MATERIAL_REVIEW, P.ONSITE, P.PUBLIC_INPUT):
            panel = panel_with_experts(other)
            assign(panel, app)
            submit_sheets(panel, app, "material")
        phases.append([other.pk])
    return office, {
        "workflow:campaign_dashboard": [[campaign.pk], [review.pk], *phases],
        "workflow:eligibility_queue": [[review.pk]],
        "workflow:ranking": [[campaign.pk]],
        "workflow:decision": [[decision.pk]],
    }


def _models_read_signed_in(user, url) -> set:
    client = Client()
    client.force_login(user)
    client.get(
        reverse("security:account")
    )  # the session's roles and second factor settled: not the page's reads
    return _models_read(url, client, header="miss")


def test_every_office_page_kept_whole_has_a_world_here(office_world):
    _user, pages = office_world
    assert {name for name, _ in _cached_patterns("signed_in_page_cache")} == set(pages)


def test_every_model_an_office_page_kept_whole_reads_invalidates_it_or_says_why_not(office_world):
    user, pages = office_world
    listed = set(PUBLIC_MODELS) | set(OFFICE_MODELS)
    listed |= {apps.get_model(label) for label in {**NOT_INVALIDATING, **OFFICE_PAGE_NOT_INVALIDATING}}
    inputs = {apps.get_model(label) for label in OFFICE_PAGE_INPUTS}
    kept = dict(_cached_patterns("signed_in_page_cache"))
    missing = {}
    for name, calls in pages.items():
        counted = inputs if kept[name].callback.signed_in_page_cache["inputs"] else set()
        for args in calls:
            read = _models_read_signed_in(user, reverse(name, args=args))
            assert read, name
            for model in read - listed - counted:
                missing.setdefault(model._meta.label, []).append(name)
    assert not missing, (
        f"read by an office page kept whole but in no invalidation list (workflow/pagecache.py): {missing}"
    )


def test_the_office_check_fails_for_a_model_taken_off_the_list(office_world):
    """The test above can fail: the committee decision page reads the votes, which only OFFICE_MODELS follows."""
    from workflow.models import CommitteeVote

    user, pages = office_world
    read = _models_read_signed_in(user, reverse("workflow:decision", args=pages["workflow:decision"][0]))
    assert CommitteeVote in read and CommitteeVote in OFFICE_MODELS
    assert CommitteeVote._meta.label not in {**NOT_INVALIDATING, **OFFICE_PAGE_NOT_INVALIDATING}
