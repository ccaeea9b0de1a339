"""PostgreSQL: an identity's first web ballot is one INSERT … SELECT statement (scoring/services/ballots.py,
`_insert_first_ballot`): it stores the rows the ORM path stores, writes nothing once the window has closed (checked
at the moment of writing, even with a campaign object read while it was open), and leaves a second first ballot of
the same identity to the ORM path, which refuses it."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from awards import frozen
from awards.models import Campaign
from scoring.models import Ballot, PublicVote
from scoring.services import ballots as services
from tests.scoring.public_input.builders import public_campaign
from workflow.audit_verify import verify_audit

pytestmark = pytest.mark.django_db

IGNORED = {"id", "created_at", "updated_at", "voter_key", "ballot_id", "mac"}  # the MAC covers the voter key


def _submit(campaign, apps, voter, *, version=0, comments=None):
    return services.ballot_submit(
        campaign=campaign,
        voter=voter,
        group="practitioner",
        ratings={apps[0].pk: 5, apps[1].pk: 2},
        comments=comments if comments is not None else {apps[1].pk: "意见 =1+1"},
        version=version,
        ip="203.0.113.7",
        device="d" * 64,
    )


def _rows(voter):
    """(ballot, votes) without what differs between two identities' rows, then the raw rows."""
    ballot = Ballot.objects.filter(voter_key=voter).values().get()
    votes = list(PublicVote.objects.filter(voter_key=voter).order_by("application_id").values())

    def strip(row):
        return {k: v for k, v in row.items() if k not in IGNORED}

    return strip(ballot), [strip(v) for v in votes], ballot, votes


def test_a_first_ballot_is_one_statement_and_stores_what_the_orm_path_stores():
    campaign, apps = public_campaign(n=3)
    services.candidate_ids(campaign)  # cached, as after the first ballot of the campaign's version
    with CaptureQueriesContext(connection) as ctx:
        ballot = _submit(campaign, apps, "f" * 64)
    assert len(ctx.captured_queries) == 1
    fast_ballot, fast_votes, raw_ballot, raw_votes = _rows("f" * 64)
    assert ballot.pk == raw_ballot["id"] and ballot.version == 1
    assert all(v["ballot_id"] == ballot.pk for v in raw_votes)
    assert raw_ballot["created_at"] == raw_ballot["updated_at"] == ballot.created_at
    # the same submission through the ORM path (`_store`, as on SQLite)
    services._store(
        campaign=campaign,
        voter="o" * 64,
        group="practitioner",
        ratings={apps[0].pk: 5, apps[1].pk: 2},
        comments={apps[1].pk: "意见 =1+1"},
        version=0,
        channel=Ballot.Channel.WEB,
        ip="203.0.113.7",
        device="d" * 64,
    )
    orm_ballot, orm_votes, _raw, _votes = _rows("o" * 64)
    assert fast_ballot == orm_ballot
    assert fast_votes == orm_votes
    assert [v["comment_status"] for v in raw_votes] == ["", PublicVote.CommentStatus.PENDING]
    # both paths write the ballot's keyed MAC (scoring/ballot_mac.py) in the same statement
    assert ballot.mac == raw_ballot["mac"] and ballot.mac.startswith("k1:")
    assert verify_audit([campaign.pk]) == []


def test_a_window_closed_after_the_campaign_was_read_writes_nothing():
    campaign, apps = public_campaign(n=2)
    # the opened window is frozen (awards/frozen.py): the test closes it through the plan's path
    with frozen.sanctioned_change(frozen.PLAN, "test: the window closes"):
        Campaign.objects.filter(pk=campaign.pk).update(
            public_input_closes_at=timezone.now() - datetime.timedelta(minutes=1)
        )
    with pytest.raises(ValidationError, match="公众评价不在开放时间内"):
        _submit(campaign, apps, "c" * 64)  # `campaign` still says open
    with frozen.sanctioned_change(frozen.PLAN, "test: the window reopens after the phase moved on"):
        Campaign.objects.filter(pk=campaign.pk).update(
            public_input_closes_at=None, phase=Campaign.Phase.COMPOSITE
        )
    with pytest.raises(ValidationError, match="公众评价不在开放时间内"):
        _submit(campaign, apps, "c" * 64)
    assert not Ballot.objects.exists() and not PublicVote.objects.exists()


def test_a_second_first_ballot_of_one_identity_is_refused_and_changes_nothing():
    campaign, apps = public_campaign(n=2)
    _submit(campaign, apps, "s" * 64)
    before = _rows("s" * 64)[2:]
    with pytest.raises(ValidationError, match="您的评价已在另一处提交或修改"):
        _submit(campaign, apps, "s" * 64, comments={})
    assert _rows("s" * 64)[2:] == before
    _submit(campaign, apps, "s" * 64, version=1, comments={})  # a change of one's ballot: the ORM path
    assert Ballot.objects.get(voter_key="s" * 64).version == 2
    assert PublicVote.objects.filter(voter_key="s" * 64, comment="").count() == 2


def test_a_first_ballot_replaces_the_office_version():
    """The statement sends no post_save: the office's cached parts (ballots per group) must still change."""
    from config import pagecache

    campaign, apps = public_campaign(n=3)
    before = pagecache.office_version(campaign.pk)
    _submit(campaign, apps, "v" * 64)
    assert pagecache.office_version(campaign.pk) != before


def test_the_statement_checks_the_window_by_a_training_campaigns_clock(advance_clock):
    """decisions 262: the INSERT … SELECT compares the window with the campaign's clock, not the server's time."""
    opens = timezone.now() + datetime.timedelta(days=3)
    campaign, apps = public_campaign(
        is_training=True, public_input_opens_at=opens, public_input_closes_at=None
    )
    with pytest.raises(ValidationError):
        _submit(campaign, apps, "voter-before")
    advance_clock(campaign, days=4)
    services.candidate_ids(campaign)
    with CaptureQueriesContext(connection) as ctx:
        ballot = _submit(campaign, apps, "voter-after")
    assert len(ctx.captured_queries) == 1  # the one statement wrote it (not the ORM fallback)
    assert ballot is not None and Ballot.objects.filter(voter_key="voter-after").exists()
