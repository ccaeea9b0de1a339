"""Ballot stuffing simulation of `make bench` (issue 24; decisions 246): does the office's report catch a cluster of
identities minted on one catch-all mail domain, and does voiding it give back the ranking of the honest voters?

In one transaction that is rolled back (the database is left as it was): a small 公众评价 campaign of four
candidates, honest ballots (many mail domains, one /24 each, spread over two days), the honest ranking; then the
stuffing — `identities` identities on one catch-all domain spread over a /16 (about 8 per /24, under the /24
threshold) and over two days (no burst), each submitting `submissions` times (10,000 ballot writes by default) for
the weakest candidate; the ranking they buy; the report (`suspicious_patterns`); the cluster voided through the
office's service; the stored ranking stale (decisions 245); the recomputed ranking compared with the honest one.

Usage: python -m bench.stuffing (the database of DATABASE_URL; prints one line `BENCHSTEP <json>`), or
`simulate()` from bench/steps.py and tests/bench/test_stuffing.py.
"""

import json
import random
import sys
import time
from datetime import timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

DOMAIN = "catchall.example"


class _Rollback(Exception):
    pass


def simulate(*, identities: int = 2000, submissions: int = 5, honest: int = 600, seed: int = 24) -> dict:
    from django.db import transaction
    from django.utils import timezone

    from awards.models import Application, Campaign
    from scoring.models import Ballot, PublicVote
    from scoring.selectors.public import suspicious_patterns
    from scoring.selectors.ranking import ranking_stale
    from scoring.services.ballots import ballots_void
    from scoring.services.ranking import compute_ranking
    from scoring.services.voter_identity import keyed_hash, voter_key
    from tests.factories import user_with_role
    from tests.workflow.office.builders import campaign_in, candidate, panel_for, result

    rng = random.Random(seed)
    started = time.perf_counter()
    out: dict = {}
    try:
        with transaction.atomic():
            campaign = campaign_in(
                Campaign.Phase.COMPOSITE,
                # a year of its own: the bench's database already holds campaigns (one per type and year)
                year=max(Campaign.objects.values_list("year", flat=True), default=2030) + 1,
                public_input_enabled=True,
                quota=1,
                nomination_quota=0,
                public_min_ratings=1,
                public_unrated_rule="neutral",
            )
            panel = panel_for(campaign, experts=1)
            apps = []
            for i, (onsite, material) in enumerate(((80, 80), (79, 79), (78, 78), (77, 77))):
                app = candidate(campaign, name=f"候选{i + 1}", number=f"STUFF-{i + 1:03d}")
                result(app, panel, "onsite", onsite)
                result(app, panel, "material", material)
                apps.append(app)
            now = timezone.now()
            domains = ["qq.com", "163.com", "126.com", "example.cn", "sina.com", "outlook.com", "gmail.com"]

            def ballots(prefix, count, *, domain_of, subnet_of, ratings_of, spread):
                rows = [
                    Ballot(
                        campaign=campaign,
                        voter_key=voter_key("email", f"{prefix}{i}@{domain_of(i)}"),
                        group="public",
                        channel=Ballot.Channel.WEB,
                        ip_key=keyed_hash("ip", f"{prefix}{i}"),
                        subnet=subnet_of(i),
                        mail_domain=domain_of(i),
                    )
                    for i in range(count)
                ]
                Ballot.objects.bulk_create(rows, batch_size=1000)
                for i, b in enumerate(rows):
                    b.created_at = b.updated_at = now - timedelta(seconds=spread * i / max(count, 1))
                Ballot.objects.bulk_update(rows, ["created_at", "updated_at"], batch_size=1000)
                votes = [
                    PublicVote(campaign=campaign, application=app, voter_key=b.voter_key, rating=r, ballot=b)
                    for i, b in enumerate(rows)
                    for app, r in zip(apps, ratings_of(i), strict=True)
                ]
                PublicVote.objects.bulk_create(votes, batch_size=2000)
                return rows, votes

            two_days = 2 * 86400
            ballots(
                "citizen",
                honest,
                domain_of=lambda i: domains[i % len(domains)],
                subnet_of=lambda i: f"172.{16 + i // 250 % 16}.{i % 250}.0/24",
                ratings_of=lambda i: (rng.choice((4, 5)), rng.choice((3, 4)), rng.choice((2, 3)), 3),
                spread=two_days,
            )
            honest_ranking = compute_ranking(campaign=campaign)
            honest_order = _order(honest_ranking)

            t0 = time.perf_counter()
            stuffed, _votes = ballots(
                "u",
                identities,
                domain_of=lambda i: DOMAIN,
                subnet_of=lambda i: f"10.20.{i % 256}.0/24",
                ratings_of=lambda i: (1, 2, 3, 5),
                spread=two_days,
            )
            stuffed_pks = [b.pk for b in stuffed]
            # each identity changes its ballot submissions - 1 times: its ratings replaced, its version raised
            for version in range(2, submissions + 1):
                PublicVote.objects.filter(ballot_id__in=stuffed_pks, application=apps[0]).update(
                    rating=1 + version % 2
                )
                Ballot.objects.filter(pk__in=stuffed_pks).update(version=version)
            stuffing_seconds = time.perf_counter() - t0
            stuffed_ranking = compute_ranking(campaign=campaign)
            stuffed_order = _order(stuffed_ranking)

            t0 = time.perf_counter()
            patterns = suspicious_patterns(campaign)
            report_seconds = time.perf_counter() - t0
            cluster = next((p for p in patterns if p["kind"] == "domain" and p["key"] == DOMAIN), None)
            stuffed_ids = {b.pk for b in stuffed}
            caught = set(cluster["ids"]) if cluster else set()
            office = user_with_role("office", username="bench-stuffing-office")
            t0 = time.perf_counter()
            voided = ballots_void(
                campaign=campaign,
                ballot_ids=sorted(caught),
                reason="同一全收邮箱域名批量生成的身份（模拟）",
                user=office,
            )
            void_seconds = time.perf_counter() - t0
            stale = ranking_stale(stuffed_ranking)
            returned = compute_ranking(campaign=campaign)
            returned_order = _order(returned)
            out = {
                "ballot_writes": identities * submissions,
                "identities": identities,
                "honest_ballots": honest,
                "stuffing_seconds": round(stuffing_seconds, 2),
                "report_seconds": round(report_seconds, 2),
                "void_seconds": round(void_seconds, 2),
                "patterns": sorted({p["kind"] for p in patterns}),
                "cluster_caught": len(caught & stuffed_ids),
                "honest_flagged": len(caught - stuffed_ids),
                "voided": voided,
                "stale_after_void": stale,
                "honest_winner": honest_order[0],
                "stuffed_winner": stuffed_order[0],
                "returned_winner": returned_order[0],
                "ranking_returned": returned_order == honest_order,
                "applications_untouched": set(
                    Application.objects.filter(campaign=campaign).values_list("state", flat=True)
                )
                == {Application.State.SHORTLISTED},
            }
            raise _Rollback
    except _Rollback:
        pass
    out["seconds"] = round(time.perf_counter() - started, 2)
    return out


def _order(ranking) -> list[str]:
    """The ranked candidates' names, best first, with the recommended one marked."""
    return [
        f"{e.application.name}{'*' if e.outcome == 'recommended' else ''}"
        for e in ranking.entries.select_related("application").order_by("rank", "id")
    ]


if __name__ == "__main__":
    import django

    django.setup()
    print("BENCHSTEP " + json.dumps(simulate(), ensure_ascii=False), flush=True)
