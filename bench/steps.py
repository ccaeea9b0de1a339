"""One heavy computation of `make bench` (issue 15), run in a child process so that bench/run.py can stop it at
its time limit (subprocess timeout → the child is killed, the step is reported as "not finished within N s").

Usage: python -m bench.steps <step> <campaign pk>; prints one line `BENCHSTEP <json>` with the measurement.
"""

import json
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import django  # noqa: E402

django.setup()

from django.contrib.auth.models import User  # noqa: E402
from django.db import connection  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

from awards.models import Application, Campaign  # noqa: E402


def timed(fn):
    start = time.perf_counter()
    value = fn()
    return time.perf_counter() - start, value


def ranking(campaign):
    from scoring.services.ranking import compute_ranking

    office = User.objects.get(username="office")
    samples, queries, result = [], 0, None
    for _ in range(3):
        with CaptureQueriesContext(connection) as ctx:
            seconds, result = timed(lambda: compute_ranking(campaign=campaign, user=office))
        samples.append(seconds)
        queries = len(ctx.captured_queries)
    return {"seconds": statistics.median(samples), "queries": queries, "entries": result.entries.count()}


def score_matrix(campaign):
    from workflow.documents.exports import score_matrix_xlsx

    with CaptureQueriesContext(connection) as ctx:
        seconds, data = timed(lambda: score_matrix_xlsx(campaign, "material"))
    return {"seconds": seconds, "queries": len(ctx.captured_queries), "bytes": len(data)}


def _shortlisted(campaign):
    """An application of the on-site stage (the fullest PDF); any application if none is left in that state."""
    shortlisted = campaign.applications.filter(state=Application.State.SHORTLISTED).order_by("id").first()
    return shortlisted or campaign.applications.order_by("id").first()


def pdf(campaign):
    """Cold (first PDF of this fresh process) and warm (median of 5 more)."""
    from awards.documents.pdf import application_pdf

    app = _shortlisted(campaign)
    cold, _v = timed(lambda: application_pdf(app, for_office=True))
    warm = [timed(lambda: application_pdf(app, for_office=True))[0] for _ in range(5)]
    return {"cold": cold, "seconds": statistics.median(warm)}


def pdf_batch(campaign):
    from awards.documents.pdf import application_pdf

    batch = list(campaign.applications.order_by("id")[:100])
    application_pdf(batch[0], for_office=True)  # not the cold start (measured by `pdf`)
    seconds, _v = timed(lambda: [application_pdf(a, for_office=True) for a in batch])
    return {"seconds": seconds, "count": len(batch)}


def verify_audit(campaign):
    from workflow.audit_verify import verify_audit as check

    with CaptureQueriesContext(connection) as ctx:
        seconds, problems = timed(lambda: check([campaign.pk]))
    return {
        "seconds": seconds,
        "queries": len(ctx.captured_queries),
        "problems": len(problems),
        "first": [str(p) for p in problems[:5]],
    }


def verify_ranking(campaign):
    from scoring.selectors.ranking import verify_ranking as check

    current = campaign.rankings.get(is_current=True)
    seconds, diffs = timed(lambda: check(current))
    return {"seconds": seconds, "problems": len(diffs)}


def stuffing(campaign):
    """The ballot stuffing simulation (bench/stuffing.py, decisions 246), rolled back; `campaign` is not used."""
    from bench.stuffing import simulate

    return simulate()


STEPS = {
    "stuffing": stuffing,
    "ranking": ranking,
    "score_matrix": score_matrix,
    "pdf": pdf,
    "pdf_batch": pdf_batch,
    "verify_audit": verify_audit,
    "verify_ranking": verify_ranking,
}

if __name__ == "__main__":
    step, pk = sys.argv[1], int(sys.argv[2])
    result = STEPS[step](Campaign.objects.get(pk=pk))
    print("BENCHSTEP " + json.dumps(result), flush=True)
