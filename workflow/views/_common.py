"""Access checks and small helpers shared by the office and committee pages."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _

from awards.models import Campaign


def campaign_or_404(pk: int) -> Campaign:
    return get_object_or_404(Campaign.objects.select_related("award_type__rubric"), pk=pk)


def report_error(request, error: Exception) -> None:
    """Show a refused write (ValidationError / PermissionDenied) as an error message on the next page."""
    if isinstance(error, ValidationError):
        for message in error.messages:
            messages.error(request, message)
    else:
        messages.error(request, str(error) or _("您无权进行此操作。"))
