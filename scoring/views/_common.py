"""Small helpers shared by the scoring views."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.utils.translation import gettext as _

from scoring.models import Stage


def report_error(request, error: Exception) -> None:
    """Show a refused write (ValidationError / PermissionDenied) as one error message on the next page."""
    if isinstance(error, ValidationError):
        messages.error(request, "；".join(error.messages))
    else:
        messages.error(request, str(error) or _("您无权进行此操作。"))


def stage_or_404(stage: str) -> str:
    if stage not in Stage.values:
        raise Http404
    return stage


REFUSED = (ValidationError, PermissionDenied)
