"""A sheet's save and signature read the campaign, its honor and rubric with the assignment they check, not
again one by one (scoring/services/sheets.py `_locked_sheet`, docs/decisions.md 426)."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from awards.models import Application
from scoring.models import ScoreSheet
from scoring.services import sheet_save_draft, sheet_submit
from tests.scoring.builders import craftsman_entries

pytestmark = pytest.mark.django_db

# a row read by its id on its own, as `application.campaign.award_type.rubric` did one by one
ALONE = tuple(
    f'FROM "{t}" WHERE "{t}"."id" =' for t in ("awards_campaign", "awards_awardtype", "scoring_rubric")
)


def _reads_alone(queries) -> list[str]:
    return [q["sql"] for q in queries if any(table in q["sql"] for table in ALONE)]


def _as_the_page_has_it(world):
    """The application as the sheet page hands it to the services: without its campaign read."""
    return Application.objects.get(pk=world.apps[0].pk)


def test_a_draft_save_reads_no_campaign_honor_or_rubric_on_its_own(world):
    application, expert, entries = _as_the_page_has_it(world), world.experts[0], craftsman_entries()
    with CaptureQueriesContext(connection) as queries:
        sheet = sheet_save_draft(expert=expert, application=application, stage="material", entries=entries)
    assert _reads_alone(queries.captured_queries) == []
    assert sheet.total == 75


def test_a_signature_reads_none_either_and_is_dated_by_the_campaigns_clock(world):
    application, expert, entries = _as_the_page_has_it(world), world.experts[0], craftsman_entries()
    expert.set_password("Sign-2026-pass!")
    expert.save()
    with CaptureQueriesContext(connection) as queries:
        sheet = sheet_submit(
            expert=expert,
            application=application,
            stage="material",
            entries=entries,
            password="Sign-2026-pass!",
            signature_name=expert.get_full_name() or expert.username,
        )
    assert _reads_alone(queries.captured_queries) == []
    assert ScoreSheet.objects.get(pk=sheet.pk).state == ScoreSheet.State.SUBMITTED
