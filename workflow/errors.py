from django.core.exceptions import ValidationError


class TransitionRefused(ValidationError):
    """A transition the procedure does not allow now. The message names the rule that blocks it."""

    def __init__(self, message, code="transition_refused", params=None, rule: str = ""):
        super().__init__(message, code=code, params=params)
        self.rule = rule
