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


def account_without_password(email: str, *, name: str, role: str | None, fallback: str):
    """A new account for an invited person (an applicant a unit recommends, a unit's staff, an expert the office
    invites): user name from the email's local part (`fallback` when empty; a number added while taken), no
    usable password — the person sets one through the emailed link — and `role` when given."""
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Group

    User = get_user_model()
    base = email.split("@")[0][:20] or fallback
    username, n = base, 1
    while User.objects.filter(username=username).exists():
        n += 1
        username = f"{base}{n}"
    account = User.objects.create_user(username=username, email=email, first_name=name[:150])
    account.set_unusable_password()
    account.save()
    if role:
        account.groups.add(Group.objects.get_or_create(name=role)[0])
    return account
