"""Office pages at city scale (issue 15; docs/decisions.md 113): the paginated eligibility queue, and the cached
parts of the dashboard, the ranking page and the committee's decision page — each change is seen on the next load."""

import re

import pytest
from django.urls import reverse
from django.utils import timezone

from awards.eligibility import threshold_problems
from awards.models import Application, Campaign
from config import pagecache
from scoring.models import Ballot, PanelAssignment, PanelOpinion, PublicVote
from scoring.services.ballots import comment_moderate
from scoring.services.ranking import compute_ranking
from tests.factories import ApplicationFactory, user_with_role
from tests.workflow.office.builders import campaign_in, candidate, checked, panel_for, result, votes
from workflow.models import CommitteeDecision, Objection
from workflow.selectors import eligibility as queue_selectors

pytestmark = pytest.mark.django_db
S = Application.State


@pytest.fixture
def office():
    return user_with_role("office")


@pytest.fixture
def office_client(client, office):
    client.force_login(office)
    return client


def _queue(client, campaign, **params):
    return client.get(reverse("workflow:eligibility_queue", args=[campaign.pk]), params).content.decode()


def _names(page):
    return re.findall(r'/applications/\d+/eligibility/">([^<]+)</a>', page)


# --- eligibility queue: pages --------------------------------------------------------------------------------


@pytest.fixture
def queue_campaign(monkeypatch):
    monkeypatch.setattr(queue_selectors, "QUEUE_PAGE_SIZE", 2)
    campaign = campaign_in(Campaign.Phase.ELIGIBILITY)
    for i in range(5):
        candidate(campaign, state=S.SUBMITTED, name=f"申报人{i}", number=f"N-{i}")
    candidate(campaign, state=S.ELIGIBLE, name="已合格", number="N-9")
    return campaign


def test_the_queue_shows_one_page_with_the_total_and_page_links(office_client, queue_campaign):
    page = _queue(office_client, queue_campaign)
    assert _names(page) == ["申报人0", "申报人1"]
    assert "共 6 份申报" in page
    assert "下一页" in page and "上一页" not in page
    assert 'href="?page=3"' in page and "第 1 / 3 页" in page


def test_a_later_page_shows_its_rows_and_both_links(office_client, queue_campaign):
    page = _queue(office_client, queue_campaign, page=2)
    assert _names(page) == ["申报人2", "申报人3"]
    assert "上一页" in page and "下一页" in page


@pytest.mark.parametrize(("given", "shown"), [("abc", 1), ("", 1), ("0", 3), ("99", 3), ("-1", 3)])
def test_a_page_number_that_is_not_one_gives_the_first_or_the_last_page(
    office_client, queue_campaign, given, shown
):
    response = office_client.get(
        reverse("workflow:eligibility_queue", args=[queue_campaign.pk]), {"page": given}
    )
    assert response.status_code == 200
    assert f"第 {shown} / 3 页" in response.content.decode()


def test_page_links_keep_the_filters(office_client, queue_campaign):
    page = _queue(office_client, queue_campaign, state=S.SUBMITTED, q="申报人")
    assert "共 5 份申报" in page
    link = re.search(r'href="(\?[^"]*page=2[^"]*)"', page).group(1).replace("&amp;", "&")
    assert "state=submitted" in link and "q=" in link
    assert _names(
        office_client.get(
            reverse("workflow:eligibility_queue", args=[queue_campaign.pk]) + link
        ).content.decode()
    ) == ["申报人2", "申报人3"]


def test_a_row_on_a_later_page_can_be_bulk_decided(office_client, queue_campaign):
    last = queue_campaign.applications.get(name="申报人4")
    assert f'value="{last.pk}"' in _queue(office_client, queue_campaign, page=3)
    checked(last)
    response = office_client.post(
        reverse("workflow:eligibility_bulk", args=[queue_campaign.pk]),
        {"action": "declare_eligible", "selected": [last.pk]},
    )
    assert "申报人4" in response.content.decode()
    office_client.post(
        reverse("workflow:eligibility_bulk", args=[queue_campaign.pk]),
        {"action": "declare_eligible", "ids": str(last.pk), "confirmed": "on"},
    )
    last.refresh_from_db()
    assert last.state == S.ELIGIBLE


@pytest.mark.parametrize("rows", [10, 60])
def test_queue_queries_do_not_grow_with_rows_on_any_page(office_client, django_assert_max_num_queries, rows):
    campaign = campaign_in(Campaign.Phase.ELIGIBILITY)
    for i in range(rows):
        candidate(campaign, state=S.SUBMITTED, years_in_industry=i % 5)
    for page in (1, 2):
        with django_assert_max_num_queries(10):
            office_client.get(reverse("workflow:eligibility_queue", args=[campaign.pk]), {"page": page})


def test_the_threshold_filter_in_the_database_matches_the_flags(office_client):
    campaign = campaign_in(Campaign.Phase.ELIGIBILITY)
    t = campaign.award_type
    t.min_post_years, t.min_management_years, t.requires_direct_technical_work = 2, 1, True
    t.save()
    variants = [
        {},
        {"years_in_industry": 0},
        {"years_in_industry": None},
        {"years_in_post": 1},
        {"years_in_post": None},
        {"years_in_management": 0},
        {"direct_technical_work": False},
        {"integrity_declared": False},
    ]
    base = {
        "years_in_industry": 20,
        "years_in_post": 10,
        "years_in_management": 10,
        "direct_technical_work": True,
        "integrity_declared": True,
    }
    for i, change in enumerate(variants):
        app = candidate(campaign, state=S.SUBMITTED, name=f"变体{i}")
        Application.objects.filter(pk=app.pk).update(**{**base, **change})
    flagged = {
        a.name for a in campaign.applications.select_related("campaign__award_type") if threshold_problems(a)
    }
    assert flagged == {f"变体{i}" for i in range(1, len(variants))}
    shown = set(_names(_queue(office_client, campaign, flag="threshold")))
    assert shown == flagged


# --- dashboard: cached counts ---------------------------------------------------------------------------------


def _count(page, state):
    match = re.search(rf'<tr data-state="{state}"><td>[^<]*</td><td>(\d+)</td>', page)
    return int(match.group(1)) if match else 0


def test_dashboard_counts_are_cached_and_an_eligibility_decision_is_seen_next(office_client, office):
    campaign = campaign_in(Campaign.Phase.ELIGIBILITY)
    app = candidate(campaign, state=S.SUBMITTED)
    checked(app)
    url = reverse("workflow:campaign_dashboard", args=[campaign.pk])
    page = office_client.get(url).content.decode()
    assert (_count(page, S.SUBMITTED), _count(page, S.ELIGIBLE)) == (1, 0)
    office_client.post(
        reverse("workflow:eligibility_review", args=[app.pk]),
        {"confirmed": "1", "decision-decision": "declare_eligible", "decide": "1"},
    )
    page = office_client.get(url).content.decode()
    assert (_count(page, S.SUBMITTED), _count(page, S.ELIGIBLE)) == (0, 1)


def test_dashboard_counts_a_new_draft_on_the_next_load(office_client):
    campaign = campaign_in(Campaign.Phase.OPEN)
    url = reverse("workflow:campaign_dashboard", args=[campaign.pk])
    assert _count(office_client.get(url).content.decode(), S.DRAFT) == 0
    ApplicationFactory(campaign=campaign)  # a draft: on no public page, but counted here
    assert _count(office_client.get(url).content.decode(), S.DRAFT) == 1


def test_dashboard_counts_come_from_the_cache_on_the_second_load(
    office_client, django_assert_max_num_queries
):
    campaign = campaign_in(Campaign.Phase.ELIGIBILITY)
    candidate(campaign, state=S.SUBMITTED)
    url = reverse("workflow:campaign_dashboard", args=[campaign.pk])
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as first:
        office_client.get(url)
    with CaptureQueriesContext(connection) as second:
        office_client.get(url)
    counted = [q["sql"] for q in second.captured_queries if 'COUNT("awards_application"."id")' in q["sql"]]
    assert counted == [] and len(second) < len(first)


# --- the office version: what replaces it ---------------------------------------------------------------------


def test_office_version_changes_with_ballots_opinions_assignments_and_objections():
    campaign = campaign_in(Campaign.Phase.COMPOSITE)
    app = candidate(campaign)
    panel = panel_for(campaign, experts=1)

    def changes(write):
        before = pagecache.office_version(campaign.pk)
        write()
        return pagecache.office_version(campaign.pk) != before

    assert changes(lambda: PanelAssignment.objects.create(panel=panel, application=app))
    opinion = PanelOpinion.objects.create(panel=panel, stage="onsite", opinion="建议")
    assert changes(lambda: opinion.recommended.set([app]))
    assert changes(lambda: opinion.recommended.clear())
    assert changes(lambda: votes(app, 4))
    ballot = Ballot.objects.get(campaign=campaign)
    assert changes(lambda: (setattr(ballot, "voided_at", timezone.now()), ballot.save()))
    assert changes(
        lambda: Objection.objects.create(
            campaign=campaign,
            application=app,
            content="异议",
            objector_name="王",
            objector_id_or_contact="13800000000",
        )
    )
    assert changes(lambda: compute_ranking(campaign=campaign))


# --- ranking page ---------------------------------------------------------------------------------------------


@pytest.fixture
def ranked(office):
    campaign = campaign_in(Campaign.Phase.COMPOSITE, quota=1, nomination_quota=0)
    panel = panel_for(campaign, experts=1)
    apps = []
    for name, onsite in (("甲", 90), ("乙", 70)):
        app = candidate(campaign, name=name, number=f"ZHGJ-{campaign.year}-{onsite}")
        PanelAssignment.objects.create(panel=panel, application=app)
        result(app, panel, "onsite", onsite, totals=[{"expert": 1, "total": onsite}])
        result(app, panel, "material", 70)
        votes(app, 4)
        apps.append(app)
    compute_ranking(campaign=campaign, user=office)
    return campaign, panel, apps


def test_the_ranking_table_is_served_from_the_cache(office_client, ranked, django_assert_max_num_queries):
    campaign, _panel, _apps = ranked
    url = reverse("workflow:ranking", args=[campaign.pk])
    office_client.get(url)
    with django_assert_max_num_queries(6):
        page = office_client.get(url).content.decode()
    assert 'id="quota-line"' in page and "为何是这个名次" in page and "公众评价有效选票" in page


def test_the_ranking_page_shows_a_new_panel_opinion_a_voided_ballot_and_a_new_ranking(
    office_client, ranked, office
):
    campaign, panel, (first, _second) = ranked
    url = reverse("workflow:ranking", args=[campaign.pk])
    page = office_client.get(url).content.decode()
    assert "评议组尚未提出意见" in page and "社会公众 2" in page

    opinion = PanelOpinion.objects.create(panel=panel, stage="onsite", opinion="一致建议甲")
    opinion.recommended.set([first])
    page = office_client.get(url).content.decode()
    assert "一致建议甲" in page and "评议组建议" in page

    ballot = Ballot.objects.filter(campaign=campaign).order_by("pk").first()
    ballot.voided_at = timezone.now()
    ballot.save()
    assert "社会公众 1（另有 1 张已作废）" in office_client.get(url).content.decode()

    PanelAssignment.objects.filter(application=first).delete()
    compute_ranking(campaign=campaign, user=office)
    page = office_client.get(url).content.decode()
    row = page[page.index(f'data-app="{first.pk}"') :]
    assert "评议组尚未提出意见" in row[: row.index("</tr>")]


# --- committee decision page ----------------------------------------------------------------------------------


@pytest.fixture
def decision(ranked, office):
    campaign, _panel, (first, second) = ranked
    Application.objects.filter(pk=first.pk).update(state=S.RECOMMENDED)
    Application.objects.filter(pk=second.pk).update(state=S.NOT_RECOMMENDED)
    return CommitteeDecision.objects.create(
        campaign=campaign, kind=CommitteeDecision.Kind.CONFIRM_RECOMMENDED, opened_by=office
    )


def test_the_decision_evidence_is_cached_and_the_vote_form_stays(
    client, decision, django_assert_max_num_queries
):
    member = user_with_role("committee")
    client.force_login(member)
    url = reverse("workflow:decision", args=[decision.pk])
    client.get(url)
    with django_assert_max_num_queries(10):
        page = client.get(url).content.decode()
    assert 'id="evidence-list"' in page and "得分构成" in page
    assert 'action="{}"'.format(reverse("workflow:decision_vote", args=[decision.pk])) in page
    assert "csrfmiddlewaretoken" in page


def test_the_decision_page_shows_a_moderated_comment_an_objection_and_a_vote_next(client, decision, office):
    campaign = decision.campaign
    first = campaign.applications.get(name="甲")
    member = user_with_role("committee")
    client.force_login(member)
    url = reverse("workflow:decision", args=[decision.pk])
    ballot = Ballot.objects.create(campaign=campaign, voter_key="c" * 64, group="practitioner")
    vote = PublicVote.objects.create(
        campaign=campaign,
        application=first,
        voter_key="c" * 64,
        rating=5,
        comment="扎实肯干",
        comment_status="pending",
        ballot=ballot,
    )
    page = client.get(url).content.decode()
    assert "扎实肯干" not in page and "未收到异议" in page

    comment_moderate(campaign=campaign, vote_ids=[vote.pk], approve=True, user=office)
    assert "扎实肯干" in client.get(url).content.decode()

    Objection.objects.create(
        campaign=campaign,
        application=first,
        content="材料有出入",
        objector_name="王",
        objector_id_or_contact="13800000000",
    )
    assert "材料有出入" in client.get(url).content.decode()

    client.post(
        reverse("workflow:decision_vote", args=[decision.pk]), {"choice": "approve", "comment": "同意"}
    )
    page = client.get(url).content.decode()
    assert "同意 1，" in page and "您已表决" in page


def test_a_bulk_action_returns_to_the_page_and_filters_it_was_taken_from(office_client, queue_campaign):
    last = queue_campaign.applications.get(name="申报人4")
    url = reverse("workflow:eligibility_bulk", args=[queue_campaign.pk])
    back = "state=submitted&page=3&next=//evil.example"
    confirm = office_client.post(url, {"action": "declare_eligible", "selected": [last.pk], "back": back})
    assert 'name="back" value="state=submitted&amp;page=3"' in confirm.content.decode()
    response = office_client.post(
        url,
        {
            "action": "declare_eligible",
            "ids": str(last.pk),
            "confirmed": "on",
            "back": "state=submitted&page=3",
        },
    )
    queue = reverse("workflow:eligibility_queue", args=[queue_campaign.pk])
    assert response["Location"] == f"{queue}?state=submitted&page=3"
    empty = office_client.post(url, {"action": "declare_eligible", "back": back})
    assert empty["Location"] == f"{queue}?state=submitted&page=3"


def test_the_queue_table_is_cached_and_a_saved_checklist_or_decision_is_seen_next(
    office_client, queue_campaign
):
    app = queue_campaign.applications.get(name="申报人0")

    def row():
        page = _queue(office_client, queue_campaign)
        start = page.index(f'data-app="{app.pk}"')
        return page[start : page.index("</tr>", start)]

    assert "未填审查清单" in row()
    office_client.post(
        reverse("workflow:eligibility_review", args=[app.pk]),
        {
            "confirmed": "1",
            **{
                f"review-{k}": "yes"
                for k in (
                    "basic_conditions_ok",
                    "complete_ok",
                    "authentic_ok",
                    "person_credit_ok",
                    "unit_credit_ok",
                )
            },
            "save_review": "1",
        },
    )
    assert "未填审查清单" not in row()
    office_client.post(
        reverse("workflow:eligibility_review", args=[app.pk]),
        {"confirmed": "1", "decision-decision": "declare_eligible", "decide": "1"},
    )
    assert "资格审查合格" in row() and 'name="selected"' not in row()


def test_the_queue_table_is_served_from_the_cache(
    office_client, queue_campaign, django_assert_max_num_queries
):
    office_client.get(reverse("workflow:eligibility_queue", args=[queue_campaign.pk]), {"page": 2})
    with django_assert_max_num_queries(5):
        page = _queue(office_client, queue_campaign, page=2)
    assert _names(page) == ["申报人2", "申报人3"]


# --- the queue's filters: cached with the office version, the typed search never cached (decisions 420) --------


def _unit_options(page):
    select = re.search(r'<select name="unit"[^>]*>(.*?)</select>', page, re.S).group(1)
    return re.findall(r'<option value="([^"]*)"( selected)?>', select)


def test_the_queue_filters_show_a_units_new_name_at_the_next_load(office_client, queue_campaign):
    app = Application.objects.filter(campaign=queue_campaign).order_by("pk").first()
    assert ("新命名单位", "") not in _unit_options(_queue(office_client, queue_campaign))
    app.unit_name = "新命名单位"
    app.save()  # an application write replaces the office version
    assert ("新命名单位", "") in _unit_options(_queue(office_client, queue_campaign))


def test_the_queue_filters_keep_each_requests_choice_and_come_from_the_cache(
    office_client, queue_campaign, django_assert_max_num_queries
):
    unit = Application.objects.filter(campaign=queue_campaign).values_list("unit_name", flat=True).first()
    _queue(office_client, queue_campaign)
    with django_assert_max_num_queries(4):  # the technical domains are not read for the select again
        page = _queue(office_client, queue_campaign)
    assert ("", " selected") in _unit_options(page) and (unit, " selected") not in _unit_options(page)
    chosen = _queue(office_client, queue_campaign, unit=unit, state="submitted")
    assert (unit, " selected") in _unit_options(chosen) and ("", " selected") not in _unit_options(chosen)
    assert '<option value="submitted" selected>' in chosen
    assert (unit, " selected") not in _unit_options(_queue(office_client, queue_campaign))


def test_the_typed_search_is_shown_but_never_cached(office_client, queue_campaign):
    import pickle

    from django.core.cache import cache

    page = _queue(office_client, queue_campaign, q="查找某某甲")
    assert 'value="查找某某甲"' in page

    def text(value):  # a kept page is (content type, bytes): read as text, not as the bytes' repr
        if isinstance(value, bytes):
            return value.decode("utf-8", "replace")
        if isinstance(value, (tuple, list)):
            return " ".join(text(v) for v in value)
        return str(value)

    stored = [text(pickle.loads(value)) for value in cache._cache.values()]  # the tests' local memory cache
    assert any('name="unit"' in value for value in stored)  # the filters were cached
    assert not any("查找某某甲" in value for value in stored)


# --- dashboard: the to-do list runs each guard once -----------------------------------------------------------


@pytest.mark.parametrize("phase", [Campaign.Phase.COMPOSITE, Campaign.Phase.ELIGIBILITY, Campaign.Phase.OPEN])
def test_the_dashboards_to_do_list_runs_each_guard_once_and_says_what_each_row_would(
    office_client, office, phase
):
    """docs/decisions.md 406: the rows leaving a phase share guards; the page runs each once, and every row still
    lists every message its own guards give when run on their own (as the transition would run them)."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from workflow.errors import TransitionRefused
    from workflow.guards import Context
    from workflow.selectors.campaigns import phase_rows
    from workflow.selectors.procedure import allowed_actions

    campaign = campaign_in(phase)
    candidate(campaign, state=S.SUBMITTED)
    candidate(campaign, state=S.RECOMMENDED)
    url = reverse("workflow:campaign_dashboard", args=[campaign.pk])
    office_client.get(url)  # the cached parts in place
    with CaptureQueriesContext(connection) as load:
        assert office_client.get(url).status_code == 200
    statements = [q["sql"] for q in load.captured_queries]
    assert len(statements) == len(set(statements)), [s for s in statements if statements.count(s) > 1]

    expected = []
    for row, why_not in allowed_actions("campaign", campaign, office):
        messages = []
        if why_not:
            for guard in row.guards:
                try:
                    guard(Context(campaign=campaign, user=office, reason="-", extra={"current_label": ""}))
                except TransitionRefused as e:
                    messages.extend(e.messages)
            messages = messages or [why_not]
        expected.append((row.action, messages))
    assert [(row.action, messages) for row, messages in phase_rows(campaign, office)] == expected
    assert any(messages for _action, messages in expected)  # the case shows refusals, not only allowed rows


def test_guard_outcomes_are_shared_only_between_a_campaigns_rows(office):
    from workflow.selectors.procedure import allowed_actions

    app = candidate(campaign_in(Campaign.Phase.ELIGIBILITY), state=S.SUBMITTED)
    with pytest.raises(ValueError):
        allowed_actions("application", app, office, outcomes={})
