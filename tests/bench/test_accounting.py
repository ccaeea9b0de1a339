"""The ballot POST's accounting of `make bench` (bench/accounting.py): a request still in flight when wrk stops
at its deadline may store its ballot without its 302 being counted — consistent; a 302 without a row (lost) or
more rows than requests sent (doubled) is not."""

from bench.accounting import ballot_accounting


def run(sent, s3xx, s4xx=0, exhausted=0):
    return {"sent": sent, "s2xx": 0, "s3xx": s3xx, "s4xx": s4xx, "s5xx": 0, "exhausted": exhausted}


def test_a_request_in_flight_at_the_deadline_may_store_its_ballot():
    result = ballot_accounting(run(27, 26), 27)
    assert result["ballots_ok"] and result["unanswered"] == 1 and result["sent"] == 27


def test_or_not_yet_have_been_read_by_the_server():
    assert ballot_accounting(run(27, 26), 26)["ballots_ok"]


def test_a_302_without_its_ballot_is_a_lost_ballot():
    assert not ballot_accounting(run(27, 27), 26)["ballots_ok"]


def test_more_rows_than_requests_sent_is_a_doubled_ballot():
    assert not ballot_accounting(run(27, 26), 28)["ballots_ok"]
    assert not ballot_accounting(run(30, 26, s4xx=4), 27)["ballots_ok"]  # a refused POST stores nothing


def test_a_reused_session_is_never_consistent():
    assert not ballot_accounting(run(27, 27, exhausted=1), 27)["ballots_ok"]


def test_without_the_sent_count_every_answer_must_match():
    legacy = {"s2xx": 0, "s3xx": 26, "s4xx": 0, "s5xx": 0, "exhausted": 0}
    assert not ballot_accounting(legacy, 27)["ballots_ok"]
    assert ballot_accounting(legacy, 26)["ballots_ok"]
