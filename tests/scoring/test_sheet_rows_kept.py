"""The score sheet's criterion rows kept in each process under a key naming everything a row shows (docs/decisions.md
422): a repeated sheet, and a new sheet of any application, renders no row again; a changed value, an error or the
other language is rendered at once; the page is the same as rendered afresh."""

import re

import pytest
from django.urls import reverse
from django.utils import translation

from scoring.models import Criterion, Rubric
from scoring.rubrics import EntryInput
from scoring.selectors.kept_rubrics import kept_rubric
from scoring.selectors.sheet import ROW_TEMPLATE, sheet_rows
from tests.scoring.builders import craftsman_entries, to_post

pytestmark = pytest.mark.django_db

TOKEN = re.compile(r'value="[A-Za-z0-9]{64}"')


def _url(world, index=0):
    return reverse("scoring:sheet", args=[world.apps[index].pk, "material"])


def _rows_rendered(response) -> int:
    return sum(1 for t in response.templates if t.name == ROW_TEMPLATE)


def _criteria() -> int:
    return Criterion.objects.filter(dimension__rubric__code="craftsman-100").count()


def test_a_repeated_sheet_renders_no_row_and_writes_the_same_page(client, world):
    client.force_login(world.experts[0])
    first = client.get(_url(world))
    second = client.get(_url(world))
    assert _rows_rendered(first) == _criteria() > 0
    assert _rows_rendered(second) == 0
    assert TOKEN.sub("", first.content.decode()) == TOKEN.sub("", second.content.decode())
    assert second.content.decode().count('<tr class="criterion') == _criteria()


def test_a_new_sheet_of_another_application_and_expert_reuses_the_rows_not_yet_scored(client, world):
    client.force_login(world.experts[0])
    assert _rows_rendered(client.get(_url(world, 0))) == _criteria()
    client.force_login(world.experts[1])
    response = client.get(_url(world, 1))
    assert response.status_code == 200 and _rows_rendered(response) == 0


def test_a_saved_value_is_shown_at_once_and_only_its_row_is_rendered_again(client, world):
    client.force_login(world.experts[0])
    url = _url(world)
    client.get(url)
    entries = {code: EntryInput() for code in craftsman_entries()}
    code = next(iter(entries))
    entries[code] = EntryInput(comment="只改这一项的意见")
    saved = client.post(url, to_post(entries, action="save"), headers={"Accept": "application/json"})
    assert saved.json()["ok"]
    response = client.get(url)
    assert f'name="{code}-comment" value="只改这一项的意见"' in response.content.decode()
    assert _rows_rendered(response) == 1


def test_every_scored_value_is_shown_after_a_save(client, world):
    client.force_login(world.experts[0])
    url = _url(world)
    client.get(url)
    entries = craftsman_entries()
    assert client.post(url, to_post(entries, action="save"), headers={"Accept": "application/json"}).json()[
        "ok"
    ]
    page = client.get(url).content.decode()
    for code, e in entries.items():
        assert f'name="{code}-points" value="{e.points}"' in page
        for order in e.aspects:
            assert f'name="{code}-aspect" value="{order}" checked' in page
        checked = 'value="1" checked' if e.significant else 'value="0" checked'
        assert f'name="{code}-significant" {checked}' in page


def test_a_refused_post_shows_its_error_in_its_row(client, world):
    client.force_login(world.experts[0])
    url = _url(world)
    client.get(url)
    entries = craftsman_entries()
    code = next(iter(entries))
    criterion = Criterion.objects.get(code=code)
    entries[code].points = criterion.max_points + 5
    response = client.post(url, to_post(entries, action="save"))
    page = response.content.decode()
    assert response.status_code == 400
    row = page.split(f'data-code="{code}"')[1].split("</tr>")[0]
    assert 'aria-invalid="true"' in row and f'value="{criterion.max_points + 5}"' in row
    assert '<div class="field-error" id="' + code + '-error"></div>' not in row


def test_each_language_has_its_own_rows(client, world):
    client.force_login(world.experts[0])
    url = _url(world)
    client.get(url)
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    english = client.get(url)
    assert _rows_rendered(english) == _criteria()
    assert 'data-label="Allowed band"' in english.content.decode()
    assert "允许分数段" not in english.content.decode()
    client.post("/i18n/setlang/", {"language": "zh-hans", "next": "/"})
    chinese = client.get(url)
    assert _rows_rendered(chinese) == 0 and 'data-label="允许分数段"' in chinese.content.decode()


def test_a_rows_key_names_everything_the_row_shows(world):
    rubric = Rubric.objects.get(code="craftsman-100")
    kept = kept_rubric(rubric.pk)
    code = kept.criteria[0].code

    def key(entry=None, errors=None, reading=kept.key):
        values = {code: entry} if entry else {}
        return sheet_rows(rubric, kept.criteria, values, {code: errors or []}, reading=reading)[0].key

    blank = key()
    assert key(EntryInput()) == blank  # a criterion not scored is the same row on every sheet
    shown = [
        key(EntryInput(points=8)),
        key(EntryInput(aspects=[1])),
        key(EntryInput(aspects=[1, 2])),
        key(EntryInput(significant=True)),
        key(EntryInput(significant=False)),
        key(EntryInput(comment="意见")),
        key(errors=["得分不在允许的分数段内。"]),
        key(reading=kept.key + "-another-reading"),
    ]
    assert blank not in shown and len(set(shown)) == len(shown)
    with translation.override("en"):
        assert key() != blank
