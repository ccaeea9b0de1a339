"""The ballot POST's accounting of `make bench` (bench/run.py): no ballot lost, none doubled.

wrk stops at its deadline with requests still in flight: such a request may still commit its ballot after wrk
has stopped counting answers, so comparing the stored rows with the 302 answers alone reports a false mismatch.
bench/wrk.lua therefore counts the requests it *sent* (in `request()`), and bench/run.py waits until the row count
is stable (the server finished the requests in flight) before counting. Then, with one fresh verified voter per
request (no session used twice) and one ballot per identity enforced by the database:

- none lost: every POST answered 302 stored its ballot — rows added ≥ 302 answers;
- none doubled or invented: rows added ≤ 302 answers + requests sent but never answered (in flight at the
  deadline, or cut by a socket error) — a request answered otherwise (4xx/5xx) stores nothing;
- no session ran out (`exhausted` = 0: a reused session would be a second POST of one voter).
"""


def ballot_accounting(run: dict, added: int) -> dict:
    """`run`: wrk's BENCHJSON (`sent`, s2xx…s5xx, `exhausted`); `added`: ballot rows added by the run. Returns
    the fields the report shows: sent, answered, unanswered (in flight at the deadline), ok."""
    answered = run["s2xx"] + run["s3xx"] + run["s4xx"] + run["s5xx"]
    sent = run.get("sent", answered)
    unanswered = max(sent - answered, 0)
    ok = run["exhausted"] == 0 and sent >= answered and run["s3xx"] <= added <= run["s3xx"] + unanswered
    return {
        "sent": sent,
        "answered": answered,
        "unanswered": unanswered,
        "ballots_added": added,
        "ballots_ok": ok,
    }
