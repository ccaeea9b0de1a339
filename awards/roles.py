"""Roles (docs/architecture.md §6) are Django groups; one place names them."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    APPLICANT = "applicant", _("申报人")
    RECOMMENDER = "recommender", _("推荐机构")
    OFFICE = "office", _("组委会办公室")
    EXPERT = "expert", _("专家")
    COMMITTEE = "committee", _("组委会委员")


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
