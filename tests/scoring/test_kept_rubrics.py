"""The rubric kept in the process and the criterion headings kept with it (docs/decisions.md 410): the score sheet
reads no rubric row on a repeated view, and a changed rubric shows, and is enforced, at the next request."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from scoring.models import Band, Criterion
from scoring.selectors import kept_rubrics
from tests.scoring.builders import craftsman_entries, to_post

pytestmark = pytest.mark.django_db


def _sheet(client, world, language="zh-hans"):
    client.post("/i18n/setlang/", {"language": language, "next": "/"})
    return client.get(reverse("scoring:sheet", args=[world.apps[0].pk, "material"])).content.decode()


def test_a_repeated_sheet_reads_no_rubric_row_and_shows_the_same_page(client, world):
    client.force_login(world.experts[0])
    first = _sheet(client, world)
    with CaptureQueriesContext(connection) as queries:
        second = _sheet(client, world)
    read = " ".join(q["sql"] for q in queries.captured_queries)
    assert "scoring_criterion" not in read.split(" WHERE ")[0] and '"scoring_band"' not in read
    token = 'name="csrfmiddlewaretoken" value="'
    assert first.split(token)[0] == second.split(token)[0]
    assert first.count('<th scope="row">') == len(
        Criterion.objects.filter(dimension__rubric__code="craftsman-100")
    )


def test_a_changed_criterion_shows_at_the_next_request_in_each_language(client, world):
    client.force_login(world.experts[0])
    criterion = Criterion.objects.filter(dimension__rubric__code="craftsman-100").order_by("order").first()
    aspect = criterion.aspects.order_by("order").first()
    for language in ("zh-hans", "en", "zh-hans"):  # each language its own heading, whichever came first
        heading = f'<th scope="row"><span class="dim">{criterion.dimension.label(language)}</span> {criterion.label(language)}'
        assert heading in _sheet(client, world, language)
    assert criterion.label("en") != criterion.name
    criterion.name, criterion.name_en, criterion.meaning = "新的指标名", "New criterion name", "新的指标含义"
    criterion.save()
    aspect.text = "新的评估方面"
    aspect.save()
    page = _sheet(client, world)
    assert "新的指标名（" in page and "<p>新的指标含义</p>" in page and "<li>新的评估方面</li>" in page
    assert "New criterion name" in _sheet(client, world, "en")


def test_a_changed_band_is_shown_and_enforced_at_the_next_request(client, world):
    client.force_login(world.experts[0])
    url = reverse("scoring:sheet", args=[world.apps[0].pk, "material"])
    entries = craftsman_entries()
    code, entry = next((c, e) for c, e in entries.items() if len(e.aspects) == 3 and e.significant)
    assert client.post(url, to_post(entries, action="save"), headers={"Accept": "application/json"}).json()[
        "ok"
    ]
    assert _sheet(client, world)  # the rubric is kept now
    points = entry.points - 1 if entry.points > 1 else entry.points + 1
    for band in Band.objects.filter(criterion__code=code):
        if band.matches(3, True):
            band.min_points = band.max_points = points
            band.save()
    page = _sheet(client, world)
    assert f'id="{code}-band">{points}~{points}</td>' in page
    refused = client.post(url, to_post(entries, action="save"), headers={"Accept": "application/json"})
    assert refused.status_code == 400 and code in refused.json()["errors"]


def test_a_write_by_another_process_shows_once_the_kept_rubric_is_old(client, world, monkeypatch):
    """A queryset update sends no signal, as a write from another process (a migration) is not seen here."""
    client.force_login(world.experts[0])
    code = Criterion.objects.filter(dimension__rubric__code="craftsman-100").order_by("order").first().code
    assert "另一进程写入" not in _sheet(client, world)
    Criterion.objects.filter(code=code).update(name="另一进程写入")
    assert "另一进程写入" not in _sheet(client, world)  # within KEEP_SECONDS: the kept reading
    monkeypatch.setattr(kept_rubrics, "KEEP_SECONDS", 0)
    assert "另一进程写入（" in _sheet(client, world)


def test_each_sheet_shows_its_own_scores_with_the_kept_headings(client, world):
    url = reverse("scoring:sheet", args=[world.apps[0].pk, "material"])
    entries = craftsman_entries()
    code = next(iter(entries))
    for expert, comment in ((world.experts[0], "甲的意见"), (world.experts[1], "乙的意见")):
        client.force_login(expert)
        entries[code].comment = comment
        client.post(url, to_post(entries, action="save"), headers={"Accept": "application/json"})
        page = _sheet(client, world)
        assert f'name="{code}-comment" value="{comment}"' in page and page.count("的意见") == 1


def test_a_sheet_with_scores_names_their_criteria_from_the_kept_rubric(client, world):
    """The stored entries are read without their criteria: the kept rubric names them (docs/decisions.md 432),
    and every score is shown in its own row; the assignment and the sheet are read as the single rows they are
    (433)."""
    url = reverse("scoring:sheet", args=[world.apps[0].pk, "material"])
    entries = craftsman_entries()
    client.force_login(world.experts[0])
    client.post(url, to_post(entries, action="save"), headers={"Accept": "application/json"})
    _sheet(client, world)
    with CaptureQueriesContext(connection) as queries:
        page = _sheet(client, world)
    assert not [q["sql"] for q in queries.captured_queries if "scoring_criterion" in q["sql"]]
    # the assignment and the sheet are one row each (unique): read with get(), not ordered to take the first
    reads = {}
    for q in queries.captured_queries:
        table = re.search(r'\bFROM "(\w+)"', q["sql"])
        if table and table.group(1) in ("scoring_panelassignment", "scoring_scoresheet"):
            reads[table.group(1)] = q["sql"]
    assert set(reads) == {"scoring_panelassignment", "scoring_scoresheet"}
    assert not [sql for sql in reads.values() if "ORDER BY" in sql]
    for code, entry in entries.items():
        assert f'name="{code}-points" value="{entry.points}"' in page
    assert 'data-testid="running-total">75</output> / 100' in page  # the regulation's worked example
