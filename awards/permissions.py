"""The one access layer's base (docs/architecture.md §6): the roles, which are Django groups named here, and the
checks every app's `permissions.py` builds on — a view decorator (`role_required`) and a service check
(`require_role`). Object permissions (who may read which application, panel results …) are django-guardian
permissions granted and revoked by the services that create the relation and stated as named predicates in each
app's `permissions.py`; nothing else decides access."""

from functools import wraps

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.db import models
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy


class Role(models.TextChoices):
    APPLICANT = "applicant", gettext_lazy("申报人")
    RECOMMENDER = "recommender", gettext_lazy("推荐机构")
    OFFICE = "office", gettext_lazy("组委会办公室")
    EXPERT = "expert", gettext_lazy("专家")
    COMMITTEE = "committee", gettext_lazy("组委会委员")


def roles_of(user) -> set[str]:
    if user is None or not user.is_authenticated:
        return set()
    cached = getattr(user, "_role_cache", None)
    if cached is None:
        cached = set(user.groups.values_list("name", flat=True)) & set(Role.values)
        user._role_cache = cached
    return cached


def has_role(user, role: str) -> bool:
    return role in roles_of(user)


def require_role(user, role: str, action: str) -> None:
    """Refuse a service call unless `user` holds `role` (组委会办公室, 组委会委员, ...)."""
    if not has_role(user, role):
        raise PermissionDenied(
            _("您的角色无权%(action)s（须由%(role)s办理）。") % {"action": action, "role": Role(role).label}
        )


def role_required(*roles):
    """View decorator: logged-in users with one of `roles`; others are sent to the login page or refused (403)."""

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
