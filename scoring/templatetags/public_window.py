"""The 公众评价 window in words on every public-input page (issue 23.8: before it opens, say when)."""

from django import template

from scoring.services.ballots import window_message, window_state

register = template.Library()


@register.simple_tag
def public_window(campaign) -> dict:
    """{"state": "open" | "before" | "after", "message": why no rating is taken now}."""
    state = window_state(campaign)
    return {"state": state, "message": "" if state == "open" else window_message(campaign)}


@register.simple_tag
def sms_offered() -> bool:
    """Whether the pages offer mobile numbers (an SMS provider is configured, `settings.SMS_BACKEND`)."""
    from scoring.services.code_senders import sms_enabled

    return sms_enabled()
