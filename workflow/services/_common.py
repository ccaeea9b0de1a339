"""Small checks shared by the workflow services."""

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _

from awards.roles import Role, has_role


def require_role(user, role: str, action: str) -> None:
    """Refuse unless `user` holds `role` (组委会办公室, 组委会委员, ...)."""
    if not has_role(user, role):
        raise PermissionDenied(
            _("您的角色无权%(action)s（须由%(role)s办理）。") % {"action": action, "role": Role(role).label}
        )
