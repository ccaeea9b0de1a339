"""The one access layer's base (docs/architecture.md §6): the roles, which are Django groups named here, and the
checks every app's `permissions.py` builds on — a view decorator (`role_required`) and a service check
(`require_role`). Access to an object is a named predicate in its app's `permissions.py` that reads the relation
justifying it (docs/decisions.md 374–375): the application's applicant and units here, the panels' in
`scoring.permissions`; nothing else decides access."""

from functools import wraps

from django.contrib.auth import get_user_model
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.db import models
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from awards.models import Application
from config.text import series


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


def users_with_role(role: str):
    """The active accounts that hold `role` (its group): those a notice of the role goes to, or who count in it."""
    return get_user_model().objects.filter(groups__name=role, is_active=True)


def has_role(user, role: str) -> bool:
    return role in roles_of(user)


def role_refusal(action: str, role: str) -> PermissionDenied:
    """The refusal of `action` to a user without `role`, in the words every service uses."""
    return PermissionDenied(
        _("您的角色无权%(action)s（须由%(role)s办理）。") % {"action": action, "role": Role(role).label}
    )


def require_role(user, role: str, action: str) -> None:
    """Refuse a service call unless `user` holds `role` (组委会办公室, 组委会委员, ...). A service of an app with
    its own predicate for the object asks that instead (e.g. `workflow.permissions.require_office`)."""
    if not has_role(user, role):
        raise role_refusal(action, role)


#: The office's security officer (安全管理员, GB/T 22239-2019 8.1.4.2 三权分立): a Django group of its own, not a role
#: of the procedure (created by awards/0016); its members read the "who saw what" log (/office/access-log/).
SECURITY_OFFICER_GROUP = "security_officer"


def is_security_officer(user) -> bool:
    if user is None or not user.is_authenticated:
        return False
    return user.groups.filter(name=SECURITY_OFFICER_GROUP).exists()


def security_officer_required(view):
    """View decorator: members of SECURITY_OFFICER_GROUP; others to the login page or refused (403)."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        if not is_security_officer(request.user):
            raise PermissionDenied(_("此页面仅限安全管理员使用。"))
        return view(request, *args, **kwargs)

    return wrapper


def role_required(*roles):
    """View decorator: logged-in users with one of `roles`; others are sent to the login page or refused (403)."""

    def decorator(view):
        @wraps(view)
        def wrapper(request, *args, **kwargs):
            if not request.user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            if not any(has_role(request.user, r) for r in roles):
                raise PermissionDenied(
                    _("此页面仅限%(roles)s使用。") % {"roles": series(str(Role(r).label) for r in roles)}
                )
            return view(request, *args, **kwargs)

        return wrapper

    return decorator


office_required = role_required(Role.OFFICE)
committee_required = role_required(Role.COMMITTEE)


# --- applications: who may read, edit, download and act on them (docs/architecture.md §6) ----------------------
#
# Read from the application's own columns at each request (decisions 375), whatever code saved them:
#   - the applicant (`applicant`): reads it always, edits it while 草稿 or 需补正;
#   - every account of its recommending unit and of its employer (`recommender`, `employer`, `Organization.staff`):
#     reads it while the unit is named — naming another unit, leaving it out or leaving the unit ends it at once
#     (docs/decisions.md, "A unit's access ends with its role");
#   - the office, by its role;
#   - the experts of its panel read it on their own pages, by the panel relations (`scoring.permissions.may_review`).

#: 草稿 and 需补正: the applicant may still change the form
EDITABLE_STATES = (Application.State.DRAFT, Application.State.RETURNED)


def _active(user) -> bool:
    return user is not None and user.is_authenticated and user.is_active


def unit_ids(user) -> set[int]:
    """The units (`Organization`) `user` is an account of (none for an inactive account)."""
    if not _active(user):
        return set()
    cached = getattr(user, "_unit_ids_cache", None)
    if cached is None:
        cached = set(user.organizations.values_list("pk", flat=True))
        user._unit_ids_cache = cached
    return cached


def may_view_application(user, application: Application) -> bool:
    """May read the application at its shared address (its page, its PDF/Word and its photo): the office by its
    role; the applicant; the accounts of the units it names as recommender or employer. The panel's experts read
    on their own pages (/expert/…), where the panel relations and the stage, phase and 回避 rules of
    `scoring.permissions.may_review` apply; the shared address does not open to them."""
    if has_role(user, Role.OFFICE):
        return True
    return owns_application(user, application) or bool(_named_units(application) & unit_ids(user))


def _named_units(application: Application) -> set[int]:
    return {application.recommender_id, application.employer_id} - {None}


def owns_application(user, application: Application) -> bool:
    """The applicant (申报人本人)."""
    return _active(user) and application.applicant_id == user.pk


def may_edit_application(user, application: Application) -> bool:
    """The applicant, while the application is a draft or returned for supplements (补正)."""
    return application.state in EDITABLE_STATES and owns_application(user, application)


def may_act_as_unit(user) -> bool:
    """推荐机构工作台: a recommender account of at least one unit."""
    return has_role(user, Role.RECOMMENDER) and bool(unit_ids(user))


def may_act_for_organization(user, organization) -> bool:
    """The account acts for `organization` (invites its people, 第十五条)."""
    return organization.pk in unit_ids(user)


def may_handle_as_unit(user, application: Application) -> bool:
    """The unit's pages show the application (queue, confirmation, opinion) while the account acts for its
    recommender or employer; a retracted application leaves them."""
    return (
        may_act_as_unit(user)
        and application.state != Application.State.RETRACTED
        and bool(_named_units(application) & unit_ids(user))
    )


def may_confirm_recommendation(user, application: Application) -> bool:
    """推荐机构确认推荐 (第十五条): an account of the unit the application names as its recommender."""
    return application.recommender_id is not None and application.recommender_id in unit_ids(user)


def may_write_unit_opinion(user, application: Application) -> bool:
    """所在单位推荐意见 (领军先锋 附件1 二): an account of the applicant's employer — never the applicant, nor an
    association that recommends them."""
    return application.employer_id is not None and application.employer_id in unit_ids(user)
