"""Concurrent requests on PostgreSQL (real row locks, real threads). Collected only when DATABASE_URL is
PostgreSQL (see conftest.py `collect_ignore`); CI runs the whole suite on SQLite and on PostgreSQL."""

import threading

import pytest
from django.core.exceptions import ValidationError
from django.db import connection

from awards.models import Application, Campaign
from tests.factories import user_with_role
from tests.workflow.builders import application_in, campaign_in, ranking
from workflow.models import CommitteeVote, TransitionLog
from workflow.services.committee import decision_open, decision_vote
from workflow.services.transitions import application_transition

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)
S = Application.State
P = Campaign.Phase


def _race(n, fn):
    """Run `fn` in `n` threads released together; return (results, errors)."""
    barrier = threading.Barrier(n)
    results, errors = [], []

    def run():
        try:
            barrier.wait()
            results.append(fn())
        except Exception as e:  # noqa: BLE001 — collected and asserted
            errors.append(e)
        finally:
            connection.close()

    threads = [threading.Thread(target=run) for _ in range(n)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return results, errors


def test_the_database_is_postgresql():
    assert connection.vendor == "postgresql"


def test_two_concurrent_identical_transitions_run_once():
    office = user_with_role("office")
    app = application_in(campaign_in(P.ELIGIBILITY), S.SUBMITTED)
    results, errors = _race(
        2,
        lambda: application_transition(
            application=Application.objects.get(pk=app.pk),
            action="return_for_supplement",
            user=office,
            reason="补正",
        ),
    )
    assert len(results) == 1 and len(errors) == 1 and isinstance(errors[0], ValidationError)
    assert TransitionLog.objects.filter(application=app).count() == 1
    app.refresh_from_db()
    assert app.state == S.RETURNED


def test_two_concurrent_different_transitions_from_one_state_run_only_one():
    office = user_with_role("office")
    app = application_in(campaign_in(P.ELIGIBILITY), S.SUBMITTED)
    actions = iter(["return_for_supplement", "declare_ineligible"])
    lock = threading.Lock()

    def act():
        with lock:
            action = next(actions)
        return application_transition(
            application=Application.objects.get(pk=app.pk), action=action, user=office, reason="理由"
        )

    from workflow.models import EligibilityReview

    EligibilityReview.objects.create(
        application=app,
        basic_conditions_ok=False,
        complete_ok=True,
        authentic_ok=True,
        person_credit_ok=True,
        unit_credit_ok=True,
    )
    results, errors = _race(2, act)
    assert len(results) == 1 and len(errors) == 1
    assert TransitionLog.objects.filter(application=app).count() == 1


def test_a_members_two_concurrent_votes_count_once():
    office, member = user_with_role("office"), user_with_role("committee")
    campaign = campaign_in(P.COMPOSITE)
    app = application_in(campaign, S.RECOMMENDED)
    ranking(campaign, [(app, "90")])
    decision = decision_open(campaign=campaign, user=office, kind="confirm_recommended")
    results, errors = _race(4, lambda: decision_vote(decision=decision, user=member, choice="approve"))
    assert len(results) == 1 and len(errors) == 3
    assert all("只能表决一次" in e.messages[0] for e in errors)
    assert CommitteeVote.objects.filter(decision=decision).count() == 1


def test_two_concurrent_recommendations_never_exceed_a_quota_of_one():
    office = user_with_role("office")
    campaign = campaign_in(P.COMPOSITE, quota=1)
    first, second = application_in(campaign, S.SHORTLISTED), application_in(campaign, S.SHORTLISTED)
    ranking(campaign, [(first, "90"), (second, "90")])

    candidates = iter([first, second])
    lock = threading.Lock()

    def recommend():
        with lock:
            app = next(candidates)
        return application_transition(application=app, action="recommend", user=office)

    first.ranking_entries.model.objects.filter(application=second).update(rank=1)  # tied: either may go first
    results, errors = _race(2, recommend)
    assert len(results) == 1 and len(errors) == 1 and "名额" in errors[0].messages[0]
    assert campaign.applications.filter(state=S.RECOMMENDED).count() == 1
