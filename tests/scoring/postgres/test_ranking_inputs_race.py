"""The count of the ranking's input writes (decisions 360) under real PostgreSQL concurrency: parallel writers
lose no increment, a write committed while the ranking is computed makes it stale, and the first-ballot
statement counts its ballot in the same statement."""

import threading

import pytest
from django.db import connection, transaction

from scoring.models import Ballot
from scoring.selectors.ranking import inputs_version, ranking_stale
from scoring.services import ballots as ballot_services
from scoring.services.ranking import compute_ranking
from scoring.services.ranking_inputs import inputs_changed
from tests.factories import user_with_role
from tests.scoring.public_input.builders import public_campaign
from tests.workflow.office.builders import panel_for, result, votes

pytestmark = pytest.mark.django_db(transaction=True)


def _in_threads(target, n: int) -> None:
    threads = [threading.Thread(target=target) for _ in range(n)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(30)


def test_parallel_writers_lose_no_increment():
    campaign, _apps = public_campaign(n=1)
    barrier = threading.Barrier(6)

    def write():
        try:
            barrier.wait()
            for _ in range(20):
                with transaction.atomic():
                    inputs_changed(campaign.pk)
        finally:
            connection.close()

    _in_threads(write, 6)
    assert inputs_version(campaign.pk) == 120


def test_a_void_committed_while_the_ranking_is_computed_makes_it_stale():
    campaign, apps = public_campaign(n=2, public_min_ratings=1)
    panel = panel_for(campaign, experts=1)
    for app in apps:
        result(app, panel, "onsite", 80)
        result(app, panel, "material", 80)
        votes(app, 4, 5)
    ballot = Ballot.objects.filter(campaign=campaign).first()
    office = user_with_role("office")
    written, commit = threading.Event(), threading.Event()

    def void():
        try:
            with transaction.atomic():
                ballot_services.ballots_void(
                    campaign=campaign, ballot_ids=[ballot.pk], reason="刷票", user=office
                )
                written.set()
                commit.wait(30)  # the ranking is computed meanwhile, from the data before the void
        finally:
            connection.close()

    writer = threading.Thread(target=void)
    writer.start()
    assert written.wait(30)
    ranking = compute_ranking(campaign=campaign)
    assert not ranking_stale(ranking)  # the void is not committed yet
    commit.set()
    writer.join(30)
    assert ranking_stale(ranking)


def test_the_first_ballot_statement_counts_its_ballot():
    campaign, apps = public_campaign(n=2)
    before = inputs_version(campaign.pk)
    ballot_services.ballot_submit(
        campaign=campaign,
        voter="voter-key-1",
        group="public",
        ratings={apps[0].pk: 5},
        comments={},
        version=0,
        ip="203.0.113.9",
    )
    assert Ballot.objects.filter(campaign=campaign).count() == 1
    assert inputs_version(campaign.pk) == before + 1
