"""The score-sheet autosave with one field clears nothing else (issue 10, defect 2)."""

import pytest
from django.urls import reverse

from scoring.models import ScoreSheet
from tests.scoring.builders import craftsman_entries, to_post

pytestmark = pytest.mark.django_db


def test_autosaving_one_score_keeps_every_other_criterion(client, world):
    client.force_login(world.experts[0])
    url = reverse("scoring:sheet", args=[world.apps[0].pk, "material"])
    entries = craftsman_entries()
    client.post(url, to_post(entries, action="save"), headers={"Accept": "application/json"})
    first, second = list(entries)[:2]
    response = client.post(
        url,
        {f"{first}-points": str(entries[first].points + 1), "action": "save"},
        headers={"Accept": "application/json"},
    )
    assert response.status_code == 200
    sheet = ScoreSheet.objects.get()
    stored = {e.criterion.code: e for e in sheet.entries.select_related("criterion")}
    assert stored[first].points == entries[first].points + 1
    assert (
        stored[first].aspects == entries[first].aspects
        and stored[first].significant == entries[first].significant
    )
    assert (
        stored[second].points == entries[second].points and stored[second].aspects == entries[second].aspects
    )
    assert all(e.points is not None for e in stored.values())
    assert sheet.total == 75 + 1 == response.json()["total"]


def test_the_pages_row_marker_clears_unticked_aspects(client, world):
    client.force_login(world.experts[0])
    url = reverse("scoring:sheet", args=[world.apps[0].pk, "material"])
    entries = craftsman_entries()
    client.post(url, to_post(entries, action="save"))
    code = next(code for code, e in entries.items() if len(e.aspects) == 2 and e.significant)
    client.post(
        url, {f"{code}-points": "2", f"{code}-aspect": "", f"{code}-significant": "0", "action": "save"}
    )
    entry = ScoreSheet.objects.get().entries.get(criterion__code=code)
    assert (entry.aspects, entry.significant, entry.points) == ([], False, 2)


def test_the_service_keeps_criteria_it_was_not_given(world):
    from scoring.services import sheet_save_draft

    app, expert = world.apps[0], world.experts[0]
    entries = craftsman_entries()
    sheet_save_draft(expert=expert, application=app, stage="material", entries=entries)
    first = next(iter(entries))
    sheet = sheet_save_draft(
        expert=expert, application=app, stage="material", entries={first: entries[first]}
    )
    assert sheet.entries.filter(points__isnull=False).count() == len(entries) and sheet.total == 75
