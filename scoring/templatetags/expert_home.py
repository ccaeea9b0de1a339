"""The rows of the expert's work list (评分工作台, templates/scoring/_expert_panel.html), written in Python.

An expert of a city-scale panel has some 500 applications per stage; one template row with three `{% url %}`
tags and a dozen lookups cost about 0.8 ms, most of the page (issue 15, docs/decisions.md). The markup is the
template's, row for row (tests/scoring/test_expert_pages.py compares the two)."""

from django import template
from django.urls import reverse
from django.utils.dateformat import format as date_format
from django.utils.html import conditional_escape
from django.utils.safestring import mark_safe
from django.utils.translation import gettext

register = template.Library()

#: stands for the application's or sheet's id in an address reversed once per table
_PK = 2147483646


def _address(name: str, *args) -> tuple[str, str]:
    """The address of `name` for any id, as the parts around the id."""
    head, tail = reverse(name, args=[_PK, *args]).split(str(_PK), 1)
    return conditional_escape(head), conditional_escape(tail)


@register.simple_tag
def expert_rows(rows, stage: str, is_open: bool) -> str:
    read = _address("scoring:application_read")
    sheet = _address("scoring:sheet", stage)
    pdf = _address("scoring:sheet_pdf")
    words = {
        "not_started": conditional_escape(gettext("未开始")),
        "draft": conditional_escape(gettext("草稿")),
        "submitted": conditional_escape(gettext("已提交")),
    }
    score, view = conditional_escape(gettext("评分")), conditional_escape(gettext("查看评分表"))
    e = conditional_escape
    stage_e = e(stage)
    domains: dict = {}
    out = []
    for row in rows:
        app = row.application
        pk = str(app.pk)
        domain = app.tech_domain
        if domain is None:
            label = "—"
        else:
            label = domains.get(domain.pk)
            if label is None:
                label = domains[domain.pk] = e(domain.label() or "—")
        status = row.status
        html = [
            f'\n      <tr data-application="{pk}" data-stage="{stage_e}">\n'
            f"        <td>{e(app.number)}</td>\n"
            f'        <td><a href="{read[0]}{pk}{read[1]}">{e(app.name)}</a></td>\n'
            f"        <td>{label}</td>\n        "
        ]
        if stage == "onsite":
            a = row.assignment
            day = date_format(a.onsite_date, "Y-m-d") if a.onsite_date else ""
            order = f" #{a.onsite_order}" if a.onsite_order else ""
            html.append(f"<td>{e(day)} {e(a.onsite_slot)} {e(a.onsite_room)}{order}</td>")
        word = (
            words["not_started"]
            if status == "not_started"
            else words["draft" if status == "draft" else "submitted"]
        )
        html.append(
            f'\n        <td><span class="badge state-{e(status)}" data-testid="status">{word}</span></td>\n        <td>'
        )
        if is_open and status != "submitted":
            html.append(f'<a class="button" href="{sheet[0]}{pk}{sheet[1]}">{score}</a>')
        else:
            html.append(f'<a href="{sheet[0]}{pk}{sheet[1]}">{view}</a>')
        html.append("\n          ")
        if row.sheet and status == "submitted":
            html.append(f' · <a href="{pdf[0]}{row.sheet.pk}{pdf[1]}">PDF</a>')
        html.append("</td>\n      </tr>\n    ")
        out.append("".join(html))
    return mark_safe("".join(out))
