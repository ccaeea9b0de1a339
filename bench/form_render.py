"""Rendering the hot forms three ways (issue 26 item 3): the Python-string HTML the project wrote until then
(bench/python_markup.py), Django templates with one field template (the project's FORM_RENDERER,
templates/forms/field.html; the work list's rows templates/scoring/_expert_row.html), and Django's Jinja2 form
renderer (`django.forms.renderers.Jinja2` with the same field template in Jinja2, bench/jinja2/). One row per part
and way; `make bench` writes them into bench/results.md, and this file runs on its own too:

    .venv/bin/python bench/form_render.py [--repeats 20] [--rounds 5]

What is measured is the markup alone, in-process: the application form's fields (its own and the rows of 教育经历 /
工作经历, with the empty row templates), unbound and with errors; the score sheet's form (its signature fields);
the expert's work list at city scale (500 rows, the whole list before pagination) and one page of it (50 rows).
CPU time of this process (`time.process_time()`) per render, medians over rounds, each way as a ratio of the Python
baseline measured in the same round (the database's own time is not counted; the model choice fields' queries run
the same in every way)."""

import argparse
import datetime
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

WAYS = ("python strings", "django templates", "jinja2")
JINJA_DIR = Path(__file__).resolve().parent / "jinja2"

#: a post of the application form with errors in every kind of field (as the tests of the field template)
INVALID = {
    "email": "not-an-email",
    "years_in_industry": "x",
    "route": "unit",
    "recommender": "",
    "gender": "nonsense",
    "union_member": "maybe",
    "integrity_declared": "on",
    "resident_id": "<script>",
    "edu-TOTAL_FORMS": "1",
    "edu-INITIAL_FORMS": "0",
    "edu-0-start": "2020-01-01",
    "edu-0-end": "2019-01-01",
    "edu-0-school": "<b>学校</b>",
    "work-TOTAL_FORMS": "1",
    "work-INITIAL_FORMS": "0",
    "work-0-start": "2019-13-01",
}


def jinja_environment(**options):
    """The Jinja2 environment of the bench's templates: Django's translations, `url()` and `date()`."""
    from django.urls import reverse
    from django.utils import translation
    from django.utils.dateformat import format as date_format
    from jinja2 import Environment

    env = Environment(extensions=["jinja2.ext.i18n"], **options)
    env.install_gettext_callables(translation.gettext, translation.ngettext, newstyle=True)
    env.globals.update(url=lambda name, args=(): reverse(name, args=args), date=date_format)
    return env


def _jinja_engine():
    from django.template.backends.jinja2 import Jinja2

    return Jinja2(
        {
            "NAME": "bench-jinja2",
            "DIRS": [JINJA_DIR],
            "APP_DIRS": True,  # django/forms/jinja2/: Django's widget templates
            "OPTIONS": {"environment": "bench.form_render.jinja_environment"},
        }
    )


def renderers() -> dict:
    """The form renderer of each way."""
    from django.forms.renderers import Jinja2 as Jinja2Renderer
    from django.utils.functional import cached_property

    from bench.python_markup import InlinedWidgetsRenderer
    from config.forms import FormRenderer

    class BenchJinja2(Jinja2Renderer):
        field_template_name = "forms/field.html"

        @cached_property
        def engine(self):
            return _jinja_engine()

    return {
        "python strings": InlinedWidgetsRenderer(),
        "django templates": FormRenderer(),
        "jinja2": BenchJinja2(),
    }


def application_fields(application, renderer, data=None) -> list:
    from awards.forms import ApplicationForm, EducationFormSet, WorkFormSet

    award_type = application.campaign.award_type
    form = ApplicationForm(data, instance=application, award_type=award_type, renderer=renderer)
    edu = EducationFormSet(data, instance=application, prefix="edu")
    work = WorkFormSet(data, instance=application, prefix="work")
    edu.renderer = work.renderer = renderer  # a formset passes its renderer to its forms
    if data is not None:
        form.is_valid(), edu.is_valid(), work.is_valid()
    fields = list(form.visible_fields())
    for formset in (edu, work):
        for f in [*formset.forms, formset.empty_form]:
            fields.extend(f.visible_fields())
    return fields


def field_html(way: str, fields) -> str:
    if way == "python strings":
        from bench.python_markup import form_field

        return "".join(form_field(f) for f in fields)
    return "".join(f.as_field_group() for f in fields)


def sheet_form_html(renderer) -> str:
    """What the score sheet renders of a Django form: its two signature widgets."""
    from scoring.forms import SignatureForm

    form = SignatureForm(renderer=renderer)
    return str(form["signature_name"]) + str(form["password"])


def work_rows(count: int) -> list:
    """`count` rows of the expert's work list as the selector builds them, half submitted, some on-site data."""
    from awards.models import TechDomain
    from scoring.selectors.panels import HomeApplication, HomeRow, HomeSheet, HomeSlot

    domains = [TechDomain(pk=i, name=f"领域{i}", name_en=f"Domain {i}") for i in range(1, 9)]
    rows = []
    for i in range(count):
        app = HomeApplication(100000 + i, f"ZH2026{i:05d}", f"申报人{i}", "eligible", domains[i % 8])
        slot = HomeSlot(1, app.pk, datetime.date(2026, 9, 1), "上午", "A101", i + 1, app)
        sheet = (
            HomeSheet(500000 + i, "submitted")
            if i % 2
            else (HomeSheet(500000 + i, "draft") if i % 3 else None)
        )
        rows.append(HomeRow(app, sheet, "onsite", True, slot))
    return rows


def rows_html(way: str, rows, jinja=None) -> str:
    context = {"rows": rows, "stage": "onsite", "is_open": True}
    if way == "python strings":
        from bench.python_markup import expert_rows

        return expert_rows(rows, "onsite", True)
    if way == "django templates":
        # each row through its template, as the page renders a row it has not kept (docs/decisions.md 424)
        from django.template import engines

        loop = '{% for row in rows %}{% include "scoring/_expert_row.html" %}{% endfor %}\n'
        return engines["django"].from_string(loop).render(context)
    return jinja.get_template("scoring/expert_rows.html").render(context)


def _cpu_ms(fn, repeats: int) -> float:
    start = time.process_time()
    for _ in range(repeats):
        fn()
    return (time.process_time() - start) * 1000 / repeats


def parts(application) -> list[tuple[str, dict]]:
    """(part, {way: a function rendering it}) for every part measured."""
    by_way = renderers()
    jinja = _jinja_engine()
    unbound = {way: application_fields(application, r) for way, r in by_way.items()}
    invalid = {way: application_fields(application, r, INVALID) for way, r in by_way.items()}
    fifty, city = work_rows(50), work_rows(500)
    count = len(unbound["python strings"])
    return [
        (
            f"application form, {count} fields",
            {w: (lambda w=w: field_html(w, unbound[w])) for w in WAYS},
        ),
        (
            "application form with errors",
            {w: (lambda w=w: field_html(w, invalid[w])) for w in WAYS},
        ),
        ("score sheet's form (signature)", {w: (lambda w=w: sheet_form_html(by_way[w])) for w in WAYS}),
        ("expert work list, one page (50 rows)", {w: (lambda w=w: rows_html(w, fifty, jinja)) for w in WAYS}),
        ("expert work list, 500 rows", {w: (lambda w=w: rows_html(w, city, jinja)) for w in WAYS}),
    ]


def measure(application, *, repeats: int = 20, rounds: int = 5) -> list[dict]:
    """One row per part and way: CPU ms per render (median over rounds) and the ratio to the Python strings
    measured in the same round (median of the rounds' ratios)."""
    from django.utils import translation

    rows = []
    with translation.override("zh-hans"):
        for part, ways in parts(application):
            for fn in ways.values():
                fn()  # templates compiled, choices cached where the form caches them
            samples = {w: [] for w in WAYS}
            ratios = {w: [] for w in WAYS}
            for _ in range(rounds):
                base = None
                for way in WAYS:
                    ms = _cpu_ms(ways[way], repeats)
                    samples[way].append(ms)
                    base = ms if base is None else base
                    ratios[way].append(ms / base if base else None)
            for way in WAYS:
                rows.append(
                    {
                        "part": part,
                        "way": way,
                        "ms": statistics.median(samples[way]),
                        "ratio": statistics.median(r for r in ratios[way] if r is not None),
                    }
                )
    return rows


def table(rows: list[dict]) -> list[str]:
    lines = ["| part | way | CPU ms / render | × the Python strings |", "|---|---|---|---|"]
    for r in rows:
        lines.append(f"| {r['part']} | {r['way']} | {r['ms']:.3f} | {r['ratio']:.2f} |")
    return lines


def sample_application():
    """An unsaved application of an open 智慧工匠 campaign, for a run on its own (the fixtures' award type)."""
    from awards.models import Application, AwardType, Campaign

    award_type = AwardType.objects.get(code="craftsman")
    campaign = Campaign(award_type=award_type, title="基准", year=2026)
    return Application(campaign=campaign, name="基准申报人", unit_name="基准单位")


def main() -> None:

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=20)
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args()
    from bench.inprocess import test_database

    with test_database():
        rows = measure(sample_application(), repeats=args.repeats, rounds=args.rounds)
        print("\n".join(table(rows)))


if __name__ == "__main__":
    main()
