"""Plain-words labels for the procedure's codes on pages (phases, states, actions) — read from the table."""

from django import template
from django.utils.translation import gettext_lazy as _

from awards.articles import article_label
from awards.models import Campaign
from workflow import procedure

register = template.Library()


@register.filter
def phase_label(code: str) -> str:
    try:
        return Campaign.Phase(code).label
    except ValueError:
        return code


#: Log entries that are not a change of phase or state (so not rows of the procedure table).
LOG_ONLY_ACTIONS = {"change_dates": _("修改活动日期")}


@register.filter
def action_label(log) -> str:
    """The label of a TransitionLog row's action, from the procedure table."""
    row = procedure.find(log.subject, log.action)
    if row:
        return str(row.label)
    return str(LOG_ONLY_ACTIONS.get(log.action, log.action))


@register.filter
def article(text: str) -> str:
    """第十七条 on a Chinese page, Art. 17 on an English one."""
    return article_label(text)
