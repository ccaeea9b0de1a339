"""The applicant's application form page (`/me/applications/<id>/edit/`, issue 26 item 1) in-process: CPU time of
this process per GET by the signed-in applicant owning a filled draft (the factories' complete application with
three rows of 教育经历 and of 工作经历, a photo and the evidence), through the whole middleware, with the number of
queries and of bytes; then the same with the cache emptied before each request (the first GET after a save: no
part of the form's markup cached, and the signed-in user read again). Medians over rounds; runs on its own, on a test database of its own:

    TESTING=1 .venv/bin/python bench/form_page.py [--requests 30] [--rounds 5] [--profile]

With DATABASE_URL set to PostgreSQL the database's own time is not counted (another process); on SQLite it is.
`--profile` prints cProfile's 30 most expensive functions (cumulative) of 20 requests instead."""

import argparse
import datetime
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

WARMUP = 10


def filled_application():
    """A complete draft of an open 智慧工匠 campaign with three rows in each table, a photo and the evidence."""
    from awards.models import Campaign, EducationEntry, WorkEntry
    from tests.factories import ApplicationFactory, CampaignFactory, add_rows_and_files, award_type

    campaign = CampaignFactory(award_type=award_type("craftsman"))
    Campaign.objects.filter(pk=campaign.pk).update(phase=Campaign.Phase.OPEN)
    campaign.refresh_from_db()
    application = add_rows_and_files(ApplicationFactory(campaign=campaign))
    for i in range(2):
        EducationEntry.objects.create(
            application=application,
            start=datetime.date(2004 + 3 * i, 9, 1),
            end=datetime.date(2007 + 3 * i, 7, 1),
            school=f"同济大学{i}",
        )
        WorkEntry.objects.create(
            application=application,
            start=datetime.date(2012 + 4 * i, 7, 1),
            employer="上海某单位",
            post="主管",
        )
    return application


def measure(application, *, requests: int = 30, rounds: int = 5) -> dict:
    from django.core.cache import cache
    from django.db import connection
    from django.test import Client
    from django.urls import reverse

    client = Client()
    client.force_login(application.applicant)
    path = reverse("awards:application_edit", args=[application.pk])
    for _ in range(WARMUP):
        response = client.get(path)
    assert response.status_code == 200, response.status_code
    queries = []
    with connection.execute_wrapper(lambda execute, sql, *a: queries.append(sql) or execute(sql, *a)):
        response = client.get(path)
    samples, cold = [], []
    for _ in range(rounds):
        start = time.process_time()
        for _ in range(requests):
            client.get(path)
        samples.append((time.process_time() - start) * 1000 / requests)
        spent = 0.0
        for _ in range(requests):  # as after a save: no part of the form's markup in the cache
            cache.clear()
            start = time.process_time()
            client.get(path)
            spent += time.process_time() - start
        cold.append(spent * 1000 / requests)
    return {
        "ms": statistics.median(samples),
        "samples": samples,
        "cold_ms": statistics.median(cold),
        "cold": cold,
        "queries": len(queries),
        "bytes": len(response.content),
        "path": path,
    }


def profile(application) -> None:
    import cProfile
    import pstats

    from django.test import Client
    from django.urls import reverse

    client = Client()
    client.force_login(application.applicant)
    path = reverse("awards:application_edit", args=[application.pk])
    for _ in range(WARMUP):
        client.get(path)
    profiler = cProfile.Profile(time.process_time)  # CPU, not the wait for the database
    profiler.enable()
    for _ in range(20):
        client.get(path)
    profiler.disable()
    stats = pstats.Stats(profiler)
    stats.sort_stats("cumulative").print_stats(30)
    stats.sort_stats("tottime").print_stats(25)
    stats.print_callees("application_edit|render_form|application_form.py.*bind_blank|shortcuts.py.*render")


def main() -> None:

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=30)
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--profile", action="store_true")
    args = parser.parse_args()
    from bench.inprocess import test_database

    with test_database(plain_template_render=True):
        application = filled_application()
        if args.profile:
            profile(application)
            return
        r = measure(application, requests=args.requests, rounds=args.rounds)
        print(
            f"GET {r['path']}: {r['ms']:.1f} ms CPU per request (median of {args.rounds} rounds of "
            f"{args.requests}: {', '.join(f'{s:.1f}' for s in r['samples'])}), {r['queries']} queries, "
            f"{r['bytes']} bytes; with an empty cache (as after a save): {r['cold_ms']:.1f} ms "
            f"({', '.join(f'{s:.1f}' for s in r['cold'])})"
        )


if __name__ == "__main__":
    main()
