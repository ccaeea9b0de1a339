"""The pages' answer to a refused service call."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError


def refusal(request, error: ValidationError | PermissionDenied, default: str = "") -> None:
    """A service's refusal (ValidationError / PermissionDenied) as the page's error message."""
    messages.error(request, " ".join(getattr(error, "messages", [str(error)])) or default)
