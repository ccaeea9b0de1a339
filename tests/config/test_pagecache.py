"""Public pages cached whole for anonymous visitors (config/pagecache.py, issue 15): a second visit makes no query,
each language has its own copy, a visitor gets their own CSRF token, logged-in users and pending messages are never
served the shared copy, and the procedure's transitions and the other writes the pages show invalidate it."""

import datetime

import pytest
from django.contrib.messages import constants
from django.contrib.messages.storage.cookie import CookieStorage
from django.http import HttpResponse
from django.middleware.csrf import _unmask_cipher_token
from django.test import Client
from django.urls import reverse
from django.utils import timezone, translation

from awards import frozen
from awards.models import Application, Campaign
from config.pagecache import CSRF_PLACEHOLDER
from tests.factories import user_with_role
from tests.workflow.builders import campaign_in
from tests.workflow.office.builders import candidate
from workflow.models import Publicity
from workflow.services.transitions import application_transition, campaign_transition

pytestmark = pytest.mark.django_db
P = Campaign.Phase


def _visit(client, url):
    response = client.get(url)
    assert response.status_code == 200
    return response


def _token_of(page: str) -> str:
    marker = 'name="csrfmiddlewaretoken" value="'
    start = page.index(marker) + len(marker)
    return page[start : start + 64]


@pytest.fixture
def open_campaign():
    return campaign_in(
        P.OPEN, closes_at=timezone.now() - datetime.timedelta(days=1), call_text="第一版申报通知"
    )


@pytest.mark.parametrize("name", ["home", "campaign_list", "campaign_detail"])
def test_a_second_anonymous_visit_is_served_from_the_cache_without_a_query(
    name, open_campaign, django_assert_num_queries
):
    url = reverse(f"awards:{name}", args=[open_campaign.pk] if name == "campaign_detail" else [])
    first = _visit(Client(), url)
    assert first["X-Page-Cache"] == "miss"
    with django_assert_num_queries(0):
        second = _visit(Client(), url)
    assert second["X-Page-Cache"] == "hit"
    assert open_campaign.title in second.content.decode()


def test_each_visitor_gets_their_own_csrf_token_and_it_works():
    """The 公示's objection page carries the form: a page served from the cache gets the visitor's own token."""
    campaign = campaign_in(P.PUBLICITY)
    candidate(campaign, name="王芳", state=Application.State.RECOMMENDED)
    Publicity.objects.create(campaign=campaign, starts_on=timezone.localdate(), ends_on=timezone.localdate())
    url = reverse("workflow:public_objection", args=[campaign.pk])
    first = _visit(Client(enforce_csrf_checks=True), url)
    visitor = Client(enforce_csrf_checks=True)
    second = _visit(visitor, url)
    assert second["X-Page-Cache"] == "hit"
    page = second.content.decode()
    assert CSRF_PLACEHOLDER not in page
    token = _token_of(page)
    assert token != _token_of(first.content.decode())
    secret = visitor.cookies["csrftoken"].value
    assert _unmask_cipher_token(token) == secret != first.cookies["csrftoken"].value
    # the objection form of the cached page posts with that token: the CSRF check lets it through to the form
    answered = visitor.post(url, {"csrfmiddlewaretoken": token})
    assert answered.status_code != 403


def test_a_page_without_a_form_carries_no_token_and_sets_no_cookie(open_campaign):
    """The language switch posts without a token (decisions 186), so a page with no form of its own is the same
    for every visitor: no CSRF cookie, and nginx may keep it a few seconds (X-Accel-Expires)."""
    url = reverse("awards:campaign_detail", args=[open_campaign.pk])
    for _ in range(2):
        page = _visit(Client(enforce_csrf_checks=True), url)
        assert "csrfmiddlewaretoken" not in page.content.decode()
        assert "csrftoken" not in page.cookies
        assert page["X-Accel-Expires"] == "5"


def test_each_language_has_its_own_copy(open_campaign):
    url = reverse("awards:campaign_detail", args=[open_campaign.pk])
    _visit(Client(), url)
    english = Client()
    english.cookies["django_language"] = "en"
    _visit(english, url)
    page = _visit(english, url)
    assert page["X-Page-Cache"] == "hit"
    assert '<html lang="en">' in page.content.decode()
    chinese = _visit(Client(), url)
    assert chinese["X-Page-Cache"] == "hit"
    assert '<html lang="zh-CN">' in chinese.content.decode()


def test_a_logged_in_user_never_gets_the_shared_copy(client, open_campaign):
    url = reverse("awards:campaign_detail", args=[open_campaign.pk])
    _visit(Client(), url)
    _visit(Client(), url)
    applicant = user_with_role("applicant", first_name="", last_name="", username="zhang-san")
    client.force_login(applicant)
    page = _visit(client, url)
    assert "X-Page-Cache" not in page
    assert "zhang-san" in page.content.decode()
    assert 'id="start-application"' in page.content.decode()


def test_a_pending_message_is_shown_not_the_shared_copy(rf, open_campaign):
    url = reverse("awards:home")
    _visit(Client(), url)
    storage = CookieStorage(rf.get("/"))
    storage.add(constants.INFO, "请先通过验证码核验身份")
    carrier = HttpResponse()
    storage.update(carrier)
    visitor = Client()
    visitor.cookies["messages"] = carrier.cookies["messages"].value
    page = _visit(visitor, url)
    assert "X-Page-Cache" not in page
    assert "请先通过验证码核验身份" in page.content.decode()
    again = _visit(visitor, url)  # the message was shown once: the shared copy again
    assert again["X-Page-Cache"] == "hit"
    assert "请先通过验证码核验身份" not in again.content.decode()


@pytest.mark.parametrize("language", ["zh-hans", "en"])
def test_a_campaign_transition_shows_the_new_phase_on_the_cached_pages(language, open_campaign):
    visitor = Client()
    visitor.cookies["django_language"] = language
    detail = reverse("awards:campaign_detail", args=[open_campaign.pk])
    home = reverse("awards:home")
    with translation.override(language):
        before, after = str(P.OPEN.label), str(P.ELIGIBILITY.label)
    for url in (detail, home):
        _visit(visitor, url)
        assert before in _visit(visitor, url).content.decode()
    campaign_transition(campaign=open_campaign, action="close_applications", user=user_with_role("office"))
    for url in (detail, home):
        page = _visit(visitor, url)
        assert page["X-Page-Cache"] == "miss"
        assert after in page.content.decode()


def test_an_application_transition_updates_the_campaign_page_count(open_campaign):
    from tests.factories import complete_application

    app = complete_application(campaign=open_campaign)
    # an opened window is frozen (awards/frozen.py): the test lifts the deadline through the plan's path
    with frozen.sanctioned_change(frozen.PLAN, "test: no deadline"):
        Campaign.objects.filter(pk=open_campaign.pk).update(closes_at=None)
    url = reverse("awards:campaign_detail", args=[open_campaign.pk])
    _visit(Client(), url)
    assert _visit(Client(), url)["X-Page-Cache"] == "hit"
    application_transition(application=app, action="submit", user=app.applicant)
    page = _visit(Client(), url)
    assert page["X-Page-Cache"] == "miss"
    assert Application.objects.get(pk=app.pk).state == Application.State.SUBMITTED


def test_editing_the_call_shows_the_new_text(open_campaign):
    url = reverse("workflow:call", args=[open_campaign.pk])
    assert "第一版申报通知" in _visit(Client(), url).content.decode()
    open_campaign.call_text = "第二版申报通知"
    open_campaign.save()
    page = _visit(Client(), url)
    assert "第二版申报通知" in page.content.decode()


def test_a_publicity_change_shows_on_the_publicity_page_in_both_languages():
    campaign = campaign_in(P.PUBLICITY)
    candidate(campaign, state=Application.State.RECOMMENDED, name="王芳", number="ZHGJ-1-001")
    today = timezone.localdate()
    publicity = Publicity.objects.create(
        campaign=campaign,
        starts_on=today,
        ends_on=today + datetime.timedelta(days=7),
        notice_text="电话 021-1",
    )
    url = reverse("workflow:public_publicity", args=[campaign.pk])
    english = Client()
    english.cookies["django_language"] = "en"
    for visitor in (Client(), english):
        _visit(visitor, url)
        page = _visit(visitor, url)
        assert page["X-Page-Cache"] == "hit"
        assert "王芳" in page.content.decode() and "电话 021-1" in page.content.decode()
    publicity.notice_text = "电话 021-2"
    publicity.save()
    for visitor in (Client(), english):
        assert "电话 021-2" in _visit(visitor, url).content.decode()
    # a listed application's data (its name on the list) also invalidates the page
    app = Application.objects.get(name="王芳")
    app.name = "王芳芳"
    app.save()
    assert "王芳芳" in _visit(Client(), url).content.decode()


def test_a_verified_voter_gets_their_own_candidate_list():
    from scoring.services.voter_identity import DEVICE_COOKIE
    from scoring.views.public import VERIFIED

    campaign = campaign_in(P.PUBLIC_INPUT, public_input_enabled=True)
    candidate(campaign, name="李雷", number="ZHGJ-1-001")
    url = reverse("public_input:candidates", args=[campaign.pk])
    _visit(Client(), url)
    shared = _visit(Client(), url)
    assert shared["X-Page-Cache"] == "hit"
    assert "李雷" in shared.content.decode()
    assert DEVICE_COOKIE in shared.cookies  # the view's device cookie is still set on a page from the cache
    voter = Client()
    session = voter.session
    session[VERIFIED] = {str(campaign.pk): "voter-key"}
    session.save()
    page = _visit(voter, url)
    assert "X-Page-Cache" not in page
    assert reverse("public_input:ballot", args=[campaign.pk]) in page.content.decode()


def test_a_recalled_certificate_leaves_the_cached_results_page():
    from workflow.models import Honor

    campaign = campaign_in(P.AWARDED)
    app = candidate(campaign, state=Application.State.AWARDED, name="赵强", number="ZHGJ-1-001")
    honor = Honor.objects.create(
        application=app, kind=Honor.Kind.TITLE, certificate_number="ZS-001", awarded_on=timezone.localdate()
    )
    url = reverse("workflow:public_results", args=[campaign.pk])
    _visit(Client(), url)
    shared = _visit(Client(), url)
    assert shared["X-Page-Cache"] == "hit"
    assert "赵强" in shared.content.decode()
    honor.certificate_recalled_at = timezone.now()
    honor.save()
    assert "赵强" not in _visit(Client(), url).content.decode()


def test_a_version_is_replaced_at_the_write_and_again_after_commit_inside_a_transaction(
    django_capture_on_commit_callbacks,
):
    from config import pagecache

    before = pagecache.office_version(1)
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        pagecache.office_changed(1)
        at_write = pagecache.office_version(1)
    assert before != at_write != pagecache.office_version(1)  # a reader between the two cached the old data
    assert len(callbacks) == 1


@pytest.mark.django_db(transaction=True)
def test_outside_a_transaction_one_new_version_is_enough(monkeypatch):
    """In autocommit the write is committed when the call comes (the first ballot's single statement): the
    version changes once — one cache write, not a second one for a commit that already happened."""
    from django.db import connection

    from config import pagecache

    writes = []
    real_bump = pagecache._bump
    monkeypatch.setattr(pagecache, "_bump", lambda scopes: (writes.append(scopes), real_bump(scopes)))
    assert not connection.in_atomic_block
    before = pagecache.office_version(2)
    pagecache.office_changed(2)
    assert pagecache.office_version(2) != before
    assert len(writes) == 1


@pytest.fixture
def cache_commands(monkeypatch):
    """The names of the cache's methods called from outside it, in order (each is one round trip to Redis in
    production; the local-memory cache of the tests answers `get_many` with its own `get`s, not counted); the
    cache still answers."""
    from django.core.cache import cache

    called, depth = [], [0]

    def spy(name, real):
        def call(*args, **kwargs):
            if not depth[0]:
                called.append(name)
            depth[0] += 1
            try:
                return real(*args, **kwargs)
            finally:
                depth[0] -= 1

        return call

    for name in ("get", "get_many", "set", "set_many", "add"):
        monkeypatch.setattr(cache, name, spy(name, getattr(cache, name)))
    return called


def test_a_kept_value_that_is_current_costs_one_cache_command(settings, cache_commands):
    """The value is read in the same round trip as the version token (docs/decisions.md 431)."""
    from config import pagecache

    settings.PUBLIC_PAGE_CACHE_SECONDS = settings.OFFICE_CACHE_SECONDS = 60
    computed = []
    for read in (
        lambda: pagecache.public_cached(
            "kept", lambda: computed.append("public") or "public value", campaign_id=7
        ),
        lambda: pagecache.office_cached(7, "kept", lambda: computed.append("office") or "office value"),
    ):
        first = read()
        cache_commands.clear()
        assert read() == first
        assert cache_commands == ["get_many"]
    assert computed == ["public", "office"]


@pytest.mark.django_db
def test_a_kept_value_is_computed_again_after_a_change_even_one_computed_during_it(settings):
    """A value is never returned once the version it was computed for has been replaced: after `changed()`, and
    when the change came while it was being computed (it is then stored with the version read before)."""
    from config import pagecache

    settings.PUBLIC_PAGE_CACHE_SECONDS = settings.OFFICE_CACHE_SECONDS = 60
    assert pagecache.public_cached("ids", lambda: "before", campaign_id=8) == "before"
    pagecache.changed(8)
    assert pagecache.public_cached("ids", lambda: "after", campaign_id=8) == "after"

    def read_then_changed():
        pagecache.office_changed(8)  # another request's write, while this one computes
        return "read before the write"

    assert pagecache.office_cached(8, "counts", read_then_changed) == "read before the write"
    assert pagecache.office_cached(8, "counts", lambda: "read after it") == "read after it"
    assert pagecache.office_cached(8, "counts", lambda: "not asked") == "read after it"
