"""The 培训演练 banner (decisions 260): every page showing a training campaign — or an application of one — says
so, with the simulated date (config/clock.py)."""

from django import template
from django.utils.timezone import localdate

from config import clock

register = template.Library()


def _cached(obj, name):
    """`obj.<name>` only when it is loaded already: the banner never adds a query to a page."""
    descriptor = getattr(type(obj), name, None)
    if descriptor is None or not hasattr(descriptor, "is_cached"):
        return None
    return getattr(obj, name) if descriptor.is_cached(obj) else None


def _campaign_of(context):
    campaign = context.get("campaign")
    if campaign is not None:
        return campaign
    for name in ("application", "app", "decision", "honor"):
        obj = context.get(name)
        if obj is None:
            continue
        if name == "honor":
            obj = _cached(obj, "application")
            if obj is None:
                continue
        campaign = _cached(obj, "campaign")
        if campaign is not None:
            return campaign
    return None


@register.inclusion_tag("_training_banner.html", takes_context=True)
def training_banner(context):
    campaign = _campaign_of(context)
    if campaign is None or not getattr(campaign, "is_training", False):
        return {"show": False}
    return {
        "show": True,
        "campaign": campaign,
        "simulated": clock.today(campaign),
        "real": localdate(),
        "may_advance": "office" in context.get("user_roles", set()),
    }
