"""The context every guard receives and the refusal it raises."""

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from django.utils import timezone

from awards.models import Application, Campaign
from workflow.errors import TransitionRefused

S = Application.State


@dataclass
class Context:
    campaign: Campaign
    user: Any
    application: Application | None = None
    reason: str = ""
    now: datetime = field(default_factory=timezone.now)
    extra: dict = field(default_factory=dict)


def refuse(message: str, rule: str) -> None:
    raise TransitionRefused(message, rule=rule)
