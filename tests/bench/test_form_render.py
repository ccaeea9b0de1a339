"""The markup bench (bench/form_render.py, issue 26 item 3): every part is measured in the three ways, and the three
ways write the same markup, so that the numbers compare like with like."""

import re

import pytest

from bench import form_render
from tests.awards.applicant_support import open_campaign
from tests.factories import ApplicationFactory

pytestmark = pytest.mark.django_db


def _plain(html: str) -> str:
    return re.sub(r"\s+", " ", str(html)).replace("> <", "><").strip()


def test_the_ways_write_the_same_markup():
    application = ApplicationFactory(campaign=open_campaign("craftsman"))
    by_way = form_render.renderers()
    fields = {
        w: form_render.application_fields(application, r, form_render.INVALID) for w, r in by_way.items()
    }
    django_html = form_render.field_html("django templates", fields["django templates"])
    assert _plain(form_render.field_html("jinja2", fields["jinja2"])) == _plain(django_html)
    assert 'class="errorlist" id="id_email_error"' in django_html and 'aria-invalid="true"' in django_html
    assert _plain(form_render.sheet_form_html(by_way["jinja2"])) == _plain(
        form_render.sheet_form_html(by_way["django templates"])
    )
    rows = form_render.work_rows(7)
    jinja = form_render._jinja_engine()
    python = _plain(form_render.rows_html("python strings", rows))
    assert python == _plain(form_render.rows_html("django templates", rows))
    assert python == _plain(form_render.rows_html("jinja2", rows, jinja))
    assert python.count("<tr ") == 7


def test_one_row_per_part_and_way_with_the_ratio_to_the_python_strings():
    application = ApplicationFactory(campaign=open_campaign("pioneer"))
    rows = form_render.measure(application, repeats=1, rounds=1)
    assert [r["way"] for r in rows[:3]] == list(form_render.WAYS)
    assert len(rows) == 3 * 5 and all(r["ms"] > 0 for r in rows)
    assert all(r["ratio"] == 1.0 for r in rows if r["way"] == "python strings")
    table = form_render.table(rows)
    assert table[0].startswith("| part |") and len(table) == len(rows) + 2
