"""Run by tests/security/test_sqlite_concurrency.py in its own process, against a file SQLite database in $VAR_DIR
(the embedded default of config/settings.py), brought up to date by `migrate` (when the suite runs on SQLite, the
test hands over a copy of its migrated test database and `migrate` has nothing left to apply): five threads file
an objection at the same moment, then five experts sign their score sheets at the same moment, several rounds.
Prints a JSON summary."""

import json
import os
import sys
import threading

sys.path.insert(0, os.getcwd())
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection, connections  # noqa: E402
from django.utils import timezone  # noqa: E402

THREADS = 5
ROUNDS = 3


def race(work) -> list[str]:
    barrier = threading.Barrier(THREADS)
    errors: list[str] = []

    def run(i):
        try:
            barrier.wait()
            work(i)
        except Exception as e:  # noqa: BLE001 - the summary reports every failure
            errors.append(f"{type(e).__name__}: {e}")
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(i,)) for i in range(THREADS)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return errors


def main():
    # The suite's fast password hashing (tests/conftest.py), for the same reason: the experts the world builds are
    # hashed, and the passwords they sign with checked, with MD5 instead of PBKDF2 (most of this script's time). The
    # check comes before the signing transaction (scoring/services/sheets.py), so the race at the database is the
    # same one: without IMMEDIATE transactions 24 of the 30 writes end in "database is locked", 25 with PBKDF2.
    from django.test.utils import override_settings

    override_settings(
        PASSWORD_HASHERS=[
            "django.contrib.auth.hashers.MD5PasswordHasher",
            "django.contrib.auth.hashers.PBKDF2PasswordHasher",
        ]
    ).enable()
    call_command("migrate", verbosity=0)
    from tests.reference import load_reference_data

    load_reference_data()
    from awards.models import Application, Campaign
    from scoring.models import ScoreSheet
    from scoring.services import sheet_submit
    from scoring.services.ranking import compute_ranking
    from tests.factories import user_with_role
    from tests.scoring.builders import craftsman_entries, scoring_world
    from tests.workflow.office.builders import campaign_in, candidate, panel_for, result
    from workflow.guards import current_list
    from workflow.models import CommitteeDecision, Objection
    from workflow.services.objections import objection_file
    from workflow.services.publicity import publicity_open

    campaign = campaign_in(Campaign.Phase.COMPOSITE, quota=1, nomination_quota=0, public_input_enabled=False)
    panel = panel_for(campaign, experts=1)
    app = candidate(campaign, name="王芳", number=f"ZHGJ-{campaign.year}-001")
    result(app, panel, "onsite", 90)
    compute_ranking(campaign=campaign)
    Application.objects.filter(pk=app.pk).update(state=Application.State.RECOMMENDED)
    CommitteeDecision.objects.create(
        campaign=campaign, kind="confirm_recommended", result="approved", listed=current_list(campaign)
    )
    publicity_open(campaign=campaign, user=user_with_role("office"), starts_on=timezone.localdate())

    def objection(i, r):
        # fifteen different objectors from fifteen addresses, as from the public page: the same objection
        # (contact and text) is filed only once, and the per-IP/per-contact limits are not what is raced here
        objection_file(
            application=app,
            objector_name=f"异议人{r}-{i}",
            objector_id_or_contact=f"139{r:04d}{i:04d}",
            content=f"第 {r} 轮第 {i} 份异议内容。",
            ip=f"203.0.113.{r * THREADS + i + 1}",
        )

    objection_errors = []
    for r in range(ROUNDS):
        objection_errors += race(lambda i, r=r: objection(i, r))

    world = scoring_world(experts=THREADS, apps=ROUNDS)

    def sign(i, application):
        expert = world.experts[i]
        sheet_submit(
            expert=expert,
            application=application,
            stage="material",
            entries=craftsman_entries(),
            password="demo-pass-2026",
            signature_name=expert.get_full_name(),
        )

    sheet_errors = []
    for r in range(ROUNDS):
        sheet_errors += race(lambda i, a=world.apps[r]: sign(i, a))

    print(
        json.dumps(
            {
                "threads": THREADS,
                "rounds": ROUNDS,
                "journal_mode": connection.cursor().execute("PRAGMA journal_mode").fetchone()[0],
                "objections": Objection.objects.count(),
                "submitted_sheets": ScoreSheet.objects.filter(state=ScoreSheet.State.SUBMITTED).count(),
                "errors": objection_errors + sheet_errors,
            }
        )
    )


if __name__ == "__main__":
    main()
