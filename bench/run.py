"""Benchmarks (make bench): how the main pages and computations grow with the number of applications.

Each figure is the median of several runs on a fresh SQLite database; the baseline is the same operation on a
campaign of 10 applications measured in the same run, so the ratio says how the cost grows with 200.
"""

import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
os.environ.setdefault("TESTING", "1")
os.environ["VAR_DIR"] = tempfile.mkdtemp(prefix="honors-bench-")
os.environ.pop("DATABASE_URL", None)

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import setup_test_environment  # noqa: E402
from django.urls import reverse  # noqa: E402

RUNS = int(os.environ.get("BENCH_RUNS", "7"))
SIZES = (10, 200)


def median_seconds(fn) -> float:
    fn()  # warm-up
    samples = []
    for _ in range(RUNS):
        start = time.perf_counter()
        fn()
        samples.append(time.perf_counter() - start)
    return statistics.median(samples)


def build(size: int):
    from awards.models import Application, Campaign
    from tests.office.builders import campaign_in, candidate, panel_for, result

    campaign = campaign_in(Campaign.Phase.COMPOSITE, quota=10, nomination_quota=2, public_input_enabled=False)
    panel = panel_for(campaign, experts=5)
    for i in range(size):
        app = candidate(
            campaign, state=Application.State.SHORTLISTED, number=f"ZHGJ-{campaign.year}-{i + 1:03d}"
        )
        result(app, panel, "material", 60 + (i * 7) % 40)
        result(app, panel, "onsite", 55 + (i * 11) % 45)
    return campaign


def build_public(size: int):
    """A campaign in 公众评价 with `size` shortlisted candidates (the ballot POST rates every one of them)."""
    from awards.models import Campaign
    from tests.office.builders import campaign_in, candidate

    campaign = campaign_in(Campaign.Phase.PUBLIC_INPUT, public_input_enabled=True)
    ids = [candidate(campaign, number=f"ZHGJ-{campaign.year}-{i + 1:03d}").pk for i in range(size)]
    return campaign, ids


def ballot_poster():
    """POST one verified ballot (a new identity each time, so every request stores a ballot)."""
    import itertools

    from scoring.views.public import VERIFIED

    voter = Client()
    counter = itertools.count()

    def post(public):
        campaign, ids = public
        session = voter.session
        session[VERIFIED] = {str(campaign.pk): f"{next(counter):064x}"}
        session.save()
        data = {"group": "public", "version": 0} | {f"rating_{i}": 4 for i in ids}
        response = voter.post(reverse("public_input:ballot", args=[campaign.pk]), data)
        assert response.status_code == 302, response.status_code

    return post


def main() -> None:
    setup_test_environment()
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    call_command("migrate", verbosity=0)
    from scoring import rubrics
    from scoring.services.ranking import compute_ranking
    from tests.factories import user_with_role

    office = user_with_role("office")
    client = Client()
    client.force_login(office)
    settings.PUBLIC_VOTE_LIMITS = {
        **settings.PUBLIC_VOTE_LIMITS,
        "ballot_per_ip": 10**9,
        "ballot_per_subnet": 10**9,
    }
    campaigns = {size: build(size) for size in SIZES}
    public = {size: build_public(size) for size in SIZES}
    post_ballot = ballot_poster()
    codes = rubrics.criterion_codes("craftsman-100")
    example = dict(zip(codes, [6, 8, 9, 6, 14, 16, 16], strict=True))

    cases = [
        ("scoring.rubrics.total (one sheet)", lambda c: rubrics.total("craftsman-100", example), False),
        (
            "composite ranking (scoring.services.ranking)",
            lambda c: compute_ranking(campaign=c, user=office),
            True,
        ),
        (
            "office ranking page",
            lambda c: client.get(reverse("workflow:ranking", args=[c.pk])),
            True,
        ),
        (
            "office eligibility queue page",
            lambda c: client.get(reverse("workflow:eligibility_queue", args=[c.pk])),
            True,
        ),
    ]
    public_cases = [("public ballot POST (rates every candidate)", post_ballot)]
    print(f"median of {RUNS} runs; baseline = {SIZES[0]} applications, measured in this run")
    print(f"{'case':40} {'n=' + str(SIZES[0]):>12} {'n=' + str(SIZES[1]):>12} {'ratio':>8}")
    for name, fn, scales in cases:
        small = median_seconds(lambda fn=fn: fn(campaigns[SIZES[0]]))
        large = median_seconds(lambda fn=fn: fn(campaigns[SIZES[1]])) if scales else small
        print(f"{name:40} {small * 1000:10.2f}ms {large * 1000:10.2f}ms {large / small:8.2f}")
    for name, fn in public_cases:
        small = median_seconds(lambda fn=fn: fn(public[SIZES[0]]))
        large = median_seconds(lambda fn=fn: fn(public[SIZES[1]]))
        print(f"{name:40} {small * 1000:10.2f}ms {large * 1000:10.2f}ms {large / small:8.2f}")


if __name__ == "__main__":
    main()
