"""Exact counts under concurrent ballots on PostgreSQL: many identities at once, and one identity many times at
once (the unique constraint plus the ballot row lock leave one ballot; the parallel copies are refused)."""

import threading

import pytest
from django.core.exceptions import ValidationError
from django.db import connection

from scoring.models import Ballot, PublicVote
from scoring.services import ballots as services
from tests.scoring.public_input.builders import public_campaign

pytestmark = pytest.mark.django_db(transaction=True)

THREADS = 12


def _run(campaign, apps, voters):
    barrier = threading.Barrier(len(voters))
    outcomes = []
    lock = threading.Lock()

    def vote(voter, n):
        try:
            barrier.wait()
            services.ballot_submit(
                campaign=campaign,
                voter=voter,
                group="public",
                ratings={apps[0].pk: 1 + n % 5, apps[1].pk: 5},
                comments={},
                version=0,
                ip=f"10.{n}.0.1",
            )
            result = "ok"
        except ValidationError as exc:
            result = exc.messages[0]
        finally:
            connection.close()
        with lock:
            outcomes.append(result)

    threads = [threading.Thread(target=vote, args=(voter, n)) for n, voter in enumerate(voters)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    return outcomes


def test_many_identities_at_once_give_exactly_one_ballot_each():
    campaign, apps = public_campaign(n=2)
    outcomes = _run(campaign, apps, [f"{n:064d}" for n in range(THREADS)])
    assert outcomes == ["ok"] * THREADS
    assert Ballot.objects.filter(campaign=campaign).count() == THREADS
    assert PublicVote.objects.filter(campaign=campaign, application=apps[1]).count() == THREADS


def test_one_identity_many_times_at_once_gives_one_ballot_and_refuses_the_parallel_copies():
    campaign, apps = public_campaign(n=2)
    outcomes = _run(campaign, apps, ["f" * 64] * THREADS)
    assert outcomes.count("ok") == 1
    refused = [o for o in outcomes if o != "ok"]
    assert len(refused) == THREADS - 1
    assert all("您的评价已在另一处提交或修改" in o for o in refused)
    ballot = Ballot.objects.get(campaign=campaign)
    assert ballot.version == 1
    assert ballot.votes.count() == 2
