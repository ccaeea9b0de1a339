"""Plain-words labels for the procedure's codes on pages (phases, states, actions) — read from the table."""

from django import template

from awards.models import Application, Campaign
from workflow import procedure
from workflow.articles import article_label

register = template.Library()


@register.filter
def phase_label(code: str) -> str:
    try:
        return Campaign.Phase(code).label
    except ValueError:
        return code


@register.filter
def state_label(code: str) -> str:
    try:
        return Application.State(code).label
    except ValueError:
        return code


@register.filter
def action_label(log) -> str:
    """The label of a TransitionLog row's action, from the procedure table."""
    row = procedure.find(log.subject, log.action)
    return str(row.label) if row else log.action


@register.filter
def article(text: str) -> str:
    """第十七条 on a Chinese page, Art. 17 on an English one."""
    return article_label(text)
