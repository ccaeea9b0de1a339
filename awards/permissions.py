"""The one access layer's base (docs/architecture.md §6): the roles, which are Django groups named here, and the
checks every app's `permissions.py` builds on — a view decorator (`role_required`) and a service check
(`require_role`). Object permissions (who may read which application, panel results …) are django-guardian
permissions granted and revoked by the services that create the relation and stated as named predicates in each
app's `permissions.py`; nothing else decides access."""

from collections import defaultdict
from functools import wraps

from django.apps import apps as django_apps
from django.contrib.auth.models import User
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.db import models
from django.db.models import Q
from django.db.models.signals import m2m_changed, post_delete, post_save, pre_save
from django.dispatch import receiver
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from guardian.models import UserObjectPermission
from guardian.shortcuts import assign_perm, get_group_perms, get_user_perms, remove_perm

from awards.models import Application, Organization


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
                    _("此页面仅限%(roles)s使用。") % {"roles": "、".join(str(Role(r).label) for r in roles)}
                )
            return view(request, *args, **kwargs)

        return wrapper

    return decorator


office_required = role_required(Role.OFFICE)
committee_required = role_required(Role.COMMITTEE)


# --- applications: who may read, edit, download and act on them (docs/architecture.md §6) ----------------------
#
# django-guardian object permissions on `awards.Application`, granted and taken back by the receivers below when
# the relation that justifies them starts or ends, whatever code saves the application:
#   - the applicant: `view_application` and `change_application` from the moment the application exists;
#   - every account of its recommending unit and of its employer (`Organization.staff`): `view_application`
#     while the unit is named, taken back when the applicant names another unit or leaves it out
#     (docs/decisions.md, "A unit's access ends with its role"), and when an account leaves the unit;
#   - the experts of its panel: `view_application`, granted and revoked by `scoring/permissions.py`.
# The office reads every application by its role. A raw `QuerySet.update()` of `recommender`/`employer`
# bypasses these receivers (no code of the project does that): a unit account's grant then still counts only
# while its unit is named (`may_view_application`), and a newly named unit gets no grant until the row is saved.

VIEW_APPLICATION = "awards.view_application"
CHANGE_APPLICATION = "awards.change_application"
#: 草稿 and 需补正: the applicant may still change the form
EDITABLE_STATES = (Application.State.DRAFT, Application.State.RETURNED)


def unit_ids(user) -> set[int]:
    """The units (`Organization`) `user` is an account of."""
    if user is None or not user.is_authenticated:
        return set()
    cached = getattr(user, "_unit_ids_cache", None)
    if cached is None:
        cached = set(user.organizations.values_list("pk", flat=True))
        user._unit_ids_cache = cached
    return cached


def holds(user, perm: str, obj) -> bool:
    """`user` holds the django-guardian permission `perm` on `obj`. A superuser's blanket rights do not count
    here: access to applications follows the relations and roles above, for the site's administrator too."""
    if user is None or not user.is_authenticated or not user.is_active:
        return False
    if user.is_superuser:
        codename = perm.split(".", 1)[1]
        return codename in get_user_perms(user, obj) or codename in get_group_perms(user, obj)
    return user.has_perm(perm, obj)


def may_view_application(user, application: Application) -> bool:
    """May read the application at its shared address (its page, its PDF/Word and its photo): the office by its
    role; the applicant and its recommending or employing unit's accounts by their `view_application` grant. The
    panel's experts hold the same grant (scoring/permissions.py) but read on their own pages (/expert/…), where
    the stage, phase and 回避 rules of `scoring.permissions` apply; the shared address does not let them bypass
    those rules."""
    if has_role(user, Role.OFFICE):
        return True
    if not holds(user, VIEW_APPLICATION, application):
        return False
    if application.applicant_id == user.pk:
        return True
    # a unit account's grant counts only while one of its units is still named on the application: should a raw
    # update ever bypass the receivers below, the unit's access still ends with its role
    return bool({application.recommender_id, application.employer_id} & unit_ids(user))


def owns_application(user, application: Application) -> bool:
    """The applicant (申报人本人): holds `change_application` on it. The answer is kept on the application
    object read for this request, so a page that checks it twice queries once: `change_application` is granted
    with the application and never taken back (`grant_application_access`)."""
    if user is not None and user.pk is not None and getattr(application, "_owner_pk", None) == user.pk:
        return True
    owned = holds(user, CHANGE_APPLICATION, application)
    if owned:
        application._owner_pk = user.pk
    return owned


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
    recommender or employer and holds `view_application` on it; a retracted application leaves them."""
    return (
        may_act_as_unit(user)
        and application.state != Application.State.RETRACTED
        and bool({application.recommender_id, application.employer_id} & unit_ids(user))
        and holds(user, VIEW_APPLICATION, application)
    )


def may_confirm_recommendation(user, application: Application) -> bool:
    """推荐机构确认推荐 (第十五条): an account of the unit the application names as its recommender."""
    return application.recommender_id in unit_ids(user) and holds(user, VIEW_APPLICATION, application)


def may_write_unit_opinion(user, application: Application) -> bool:
    """所在单位推荐意见 (领军先锋 附件1 二): an account of the applicant's employer — never the applicant, nor an
    association that recommends them."""
    return application.employer_id in unit_ids(user) and holds(user, VIEW_APPLICATION, application)


# --- the grants: made and taken back where the relation starts and ends --------------------------------------


def _units_of(application: Application) -> set[int]:
    return {application.recommender_id, application.employer_id} - {None}


def _staff_of(units):
    return User.objects.filter(organizations__in=units).distinct()


def grant_application_access(application: Application, *, units_before=frozenset()) -> None:
    """Grant the applicant `view_application` and `change_application`, and every account of the
    application's units `view_application`; take `view_application` back from the accounts of `units_before`
    that no longer have a relation to it (neither its applicant nor an account of one of its units)."""
    units = _units_of(application)
    applicant = application.applicant
    assign_perm(VIEW_APPLICATION, applicant, application)
    assign_perm(CHANGE_APPLICATION, applicant, application)
    if units:
        assign_perm(VIEW_APPLICATION, _staff_of(units), application)
    gone = set(units_before) - units
    if gone:
        former = _staff_of(gone).exclude(pk=application.applicant_id).exclude(organizations__in=units)
        remove_perm(VIEW_APPLICATION, former, application)


def _applications_of_units(units):
    return Application.objects.filter(Q(recommender_id__in=units) | Q(employer_id__in=units))


def grant_unit_account_access(user, units) -> None:
    """An account joined `units`: it reads their applications."""
    applications = _applications_of_units(units)
    if applications.exists():
        assign_perm(VIEW_APPLICATION, user, applications)


def revoke_unit_account_access(user, units) -> None:
    """An account left `units`: it no longer reads their applications, unless it is their applicant or an
    account of another of their units."""
    applications = (
        _applications_of_units(units)
        .exclude(applicant=user)
        .exclude(recommender__staff=user)
        .exclude(employer__staff=user)
    )
    if applications.exists():
        remove_perm(VIEW_APPLICATION, user, applications)


def backfill_application_access(apps=None) -> int:
    """Grant what the relations of the existing applications call for: the applicant `view_application` and
    `change_application`, the accounts of its recommender and employer `view_application`. Works on the
    migration's historical models (`apps`; the running ones when None), so the data migration that introduced
    these grants calls it. Returns the number of grants added (none twice)."""
    apps = apps or django_apps
    app_model = apps.get_model("awards", "Application")
    staff_model = apps.get_model("awards", "Organization").staff.through
    content_type, _created = apps.get_model("contenttypes", "ContentType").objects.get_or_create(
        app_label="awards", model="application"
    )
    permission = apps.get_model("auth", "Permission").objects
    view, change = (
        permission.get_or_create(
            content_type=content_type, codename=codename, defaults={"name": f"Can {action} 申报"}
        )[0].pk
        for codename, action in (("view_application", "view"), ("change_application", "change"))
    )
    staff = defaultdict(set)
    for organization_id, user_id in staff_model.objects.values_list("organization_id", "user_id"):
        staff[organization_id].add(user_id)
    wanted = set()
    rows = app_model.objects.values_list("pk", "applicant_id", "recommender_id", "employer_id")
    for pk, applicant_id, recommender_id, employer_id in rows:
        wanted |= {(applicant_id, view, str(pk)), (applicant_id, change, str(pk))}
        for user_id in staff.get(recommender_id, set()) | staff.get(employer_id, set()):
            wanted.add((user_id, view, str(pk)))
    grants = apps.get_model("guardian", "UserObjectPermission").objects
    have = set(grants.filter(content_type=content_type).values_list("user_id", "permission_id", "object_pk"))
    missing = wanted - have
    grants.bulk_create(
        grants.model(user_id=u, permission_id=p, object_pk=o, content_type=content_type)
        for u, p, o in sorted(missing)
    )
    return len(missing)


@receiver(pre_save, sender=Application)
def _remember_units(sender, instance: Application, raw=False, **kwargs):
    if raw or instance.pk is None:
        instance._units_before = frozenset()
        return
    row = sender.objects.filter(pk=instance.pk).values_list("recommender_id", "employer_id").first()
    instance._units_before = frozenset(row or ()) - {None}


@receiver(post_save, sender=Application)
def _application_saved(sender, instance: Application, created: bool, raw=False, **kwargs):
    if raw:
        return
    before = getattr(instance, "_units_before", frozenset())
    if created or before != _units_of(instance):
        grant_application_access(instance, units_before=before)


@receiver(post_delete, sender=Application)
def _application_deleted(sender, instance: Application, **kwargs):
    """Grants are generic rows: they go with the application, so a later row never inherits them."""
    UserObjectPermission.objects.filter(
        content_type__app_label="awards", content_type__model="application", object_pk=str(instance.pk)
    ).delete()


@receiver(m2m_changed, sender=Organization.staff.through)
def _unit_staff_changed(sender, instance, action: str, reverse: bool, pk_set, **kwargs):
    """`Organization.staff` changed from either side (org.staff.add(user) or user.organizations.add(org))."""
    if action == "pre_clear":
        instance._cleared = set(
            instance.organizations.values_list("pk", flat=True)
            if reverse
            else instance.staff.values_list("pk", flat=True)
        )
        return
    if action not in ("post_add", "post_remove", "post_clear"):
        return
    if action == "post_clear":
        pk_set = getattr(instance, "_cleared", set())
    pairs = (
        [(instance, pk_set)]
        if reverse
        else [(user, {instance.pk}) for user in User.objects.filter(pk__in=pk_set or ())]
    )
    for user, units in pairs:
        user.__dict__.pop("_unit_ids_cache", None)
        if action == "post_add":
            grant_unit_account_access(user, units)
        else:
            revoke_unit_account_access(user, units)
