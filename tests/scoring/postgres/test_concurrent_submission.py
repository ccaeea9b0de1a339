"""Two submissions of the same sheet at the same moment produce one submitted sheet (select_for_update)."""

import threading

import pytest
from django.core.exceptions import ValidationError
from django.db import connection

from scoring.models import ScoreSheet
from scoring.services import sheet_submit
from tests.scoring.builders import craftsman_entries, scoring_world

pytestmark = pytest.mark.django_db(transaction=True)


def test_two_simultaneous_submissions_of_one_sheet_produce_one_submitted_sheet():
    world = scoring_world(apps=1)
    expert, app = world.experts[0], world.apps[0]
    barrier = threading.Barrier(2)
    outcomes = []

    def submit():
        try:
            barrier.wait()
            sheet_submit(
                expert=expert,
                application=app,
                stage="material",
                entries=craftsman_entries(),
                password="demo-pass-2026",
                signature_name="专家1",
            )
            outcomes.append("submitted")
        except ValidationError as exc:
            outcomes.append(exc.messages[0])
        finally:
            connection.close()

    threads = [threading.Thread(target=submit) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(30)
    assert outcomes.count("submitted") == 1
    assert any("不能再修改" in o for o in outcomes if o != "submitted")
    assert ScoreSheet.objects.filter(application=app, expert=expert).count() == 1
    assert (
        ScoreSheet.objects.get(application=app, expert=expert)
        .history.filter(history_change_reason="submitted and signed")
        .count()
        == 1
    )
