"""Access checks and small helpers shared by the office and committee pages."""

from functools import wraps

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _

from awards.models import Campaign
from awards.roles import Role, has_role


def role_required(*roles):
    """Logged-in users with one of `roles`; others are sent to the login page or refused (403)."""

    def decorator(view):
        @wraps(view)
        def wrapper(request, *args, **kwargs):
            if not request.user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            if not any(has_role(request.user, r) for r in roles):
                raise PermissionDenied(
                    _("此页面仅限%(roles)s使用。") % {"roles": "、".join(str(Role(r).label) for r in roles)}
                )
            return view(request, *args, **kwargs)

        return wrapper

    return decorator


office_required = role_required(Role.OFFICE)
committee_required = role_required(Role.COMMITTEE)


def campaign_or_404(pk: int) -> Campaign:
    return get_object_or_404(Campaign.objects.select_related("award_type__rubric"), pk=pk)


def report_error(request, error: Exception) -> None:
    """Show a refused write (ValidationError / PermissionDenied) as an error message on the next page."""
    if isinstance(error, ValidationError):
        for message in error.messages:
            messages.error(request, message)
    else:
        messages.error(request, str(error) or _("您无权进行此操作。"))
