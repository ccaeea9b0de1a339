"""The 培训演练 banner (decisions 260): every page showing a training campaign — or an application of one — says
so, with the simulated date (config/clock.py)."""

from django import template
from django.utils.timezone import localdate

from config import clock

register = template.Library()


def _campaign_of(context):
    for name in ("campaign", "application", "app", "honor", "decision"):
        obj = context.get(name)
        if obj is None:
            continue
        if name == "campaign":
            return obj
        campaign = getattr(obj, "campaign", None)
        if campaign is None and name == "honor":
            campaign = getattr(getattr(obj, "application", None), "campaign", None)
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
