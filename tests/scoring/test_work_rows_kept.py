"""The expert's work list keeps each row's markup in the process under a key naming everything the row shows
(docs/decisions.md 424): the next view of the list renders no row again, and a row whose application, status,
stage or 现场展示 slot changed, or the other language, is rendered at once."""

import datetime
import re
from dataclasses import replace

import pytest
from django.urls import reverse
from django.utils import translation

from awards.models import Application, Campaign
from scoring.models import ScoreSheet
from scoring.selectors import panels as selectors
from scoring.selectors.panels import ROW_TEMPLATE
from tests.scoring.builders import craftsman_entries, scoring_world, to_post

pytestmark = pytest.mark.django_db

TOKEN = re.compile(r'value="[A-Za-z0-9]{64}"')
HOME = reverse("scoring:expert_home")


def _rows_rendered(response) -> int:
    return sum(1 for t in response.templates if t.name == ROW_TEMPLATE)


def _row(html: str, application) -> str:
    return html.split(f'<tr data-application="{application.pk}"')[1].split("</tr>")[0]


def _stage(html: str, stage: str) -> str:
    """The list's part under the heading of `stage` (one panel in these tests)."""
    return next(
        part for part in html.split("<h3 data-panel")[1:] if f'data-stage="{stage}"' in part.split(">")[0]
    )


def test_the_next_view_of_the_list_renders_no_row_and_writes_the_same_page(client, world):
    client.force_login(world.experts[0])
    first = client.get(HOME)
    second = client.get(HOME)
    assert _rows_rendered(first) == len(world.apps) == first.content.decode().count("<tr data-application")
    assert _rows_rendered(second) == 0
    assert TOKEN.sub("", first.content.decode()) == TOKEN.sub("", second.content.decode())


def test_a_submitted_sheet_moves_its_row_and_only_that_row_is_rendered_again(client, world):
    client.force_login(world.experts[0])
    url = reverse("scoring:sheet", args=[world.apps[0].pk, "material"])
    client.get(HOME + "?show=all")
    assert client.post(url, to_post(craftsman_entries(), action="save")).status_code == 302
    ScoreSheet.objects.filter(expert=world.experts[0]).update(state=ScoreSheet.State.SUBMITTED)
    response = client.get(HOME + "?show=all")
    row = _row(response.content.decode(), world.apps[0])
    assert "已提交" in row and "PDF</a>" in row and "查看评分表" in row
    assert _rows_rendered(response) == 1
    todo = client.get(HOME).content.decode()
    assert (
        f'data-application="{world.apps[0].pk}"' not in todo
        and f'data-application="{world.apps[1].pk}"' in todo
    )


def test_a_renamed_application_and_a_changed_domain_show_at_the_next_view(client, world):
    client.force_login(world.experts[0])
    client.get(HOME)
    Application.objects.filter(pk=world.apps[1].pk).update(name="改过的姓名")
    response = client.get(HOME)
    assert "改过的姓名" in _row(response.content.decode(), world.apps[1]) and _rows_rendered(response) == 1
    domain = world.apps[0].tech_domain
    domain.name = "改过的技术领域"
    domain.save()
    assert "改过的技术领域" in _row(client.get(HOME).content.decode(), world.apps[0])


def test_a_closed_stage_and_a_changed_onsite_slot_show_at_the_next_view(client):
    world = scoring_world(phase=Campaign.Phase.ONSITE, apps=1, state=Application.State.SHORTLISTED)
    client.force_login(world.experts[0])
    app = world.apps[0]
    assert 'class="button"' in _row(_stage(client.get(HOME + "?show=all").content.decode(), "onsite"), app)
    world.panel.assignments.filter(application=app).update(
        onsite_date=datetime.date(2026, 9, 1), onsite_room="301", onsite_order=4
    )
    onsite = _stage(client.get(HOME + "?show=all").content.decode(), "onsite")
    assert "2026-09-01" in _row(onsite, app) and "301 #4" in _row(onsite, app)
    Campaign.objects.filter(pk=world.campaign.pk).update(phase=Campaign.Phase.PUBLIC_INPUT)
    onsite = _stage(client.get(HOME + "?show=all").content.decode(), "onsite")
    assert 'class="button"' not in _row(onsite, app) and "查看评分表" in _row(onsite, app)


def test_each_language_has_its_own_rows(client, world):
    client.force_login(world.experts[0])
    client.get(HOME)
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    english = client.get(HOME)
    assert _rows_rendered(english) == len(world.apps)
    assert "Not started" in _row(english.content.decode(), world.apps[0])
    client.post("/i18n/setlang/", {"language": "zh-hans", "next": "/"})
    chinese = client.get(HOME)
    assert _rows_rendered(chinese) == 0 and "未开始" in _row(chinese.content.decode(), world.apps[0])


def test_a_rows_key_names_everything_the_row_shows(world):
    row = selectors.expert_work(world.experts[0], show="all").page.object_list[0]
    base = row.key
    assert base

    def key(**changes):
        changed = replace(row, **changes)
        selectors._row_keys([changed])
        return changed.key

    app, slot = row.application, row.assignment
    keys = [
        key(application=replace(app, number="X1")),
        key(application=replace(app, name="别的姓名")),
        key(application=replace(app, tech_domain=None)),
        key(stage="onsite"),
        key(is_open=not row.is_open),
        key(sheet=selectors.HomeSheet(1, "draft")),
        key(sheet=selectors.HomeSheet(1, "submitted")),
        key(sheet=selectors.HomeSheet(2, "submitted")),
        key(assignment=replace(slot, onsite_room="999")),
        key(assignment=replace(slot, onsite_order=9)),
        key(assignment=replace(slot, onsite_date=datetime.date(2026, 1, 1))),
        key(assignment=replace(slot, onsite_slot="上午")),
    ]
    assert key() == base and base not in keys and len(set(keys)) == len(keys)
    with translation.override("en"):
        assert key() != base
