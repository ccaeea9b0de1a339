"""Sign-in, sign-out, admin changes, looks at personal data and the office's handling of personal-information
requests written to the security event log (security/events.py); the sessions of a closed account ended."""

import time

from django.contrib.admin.models import LogEntry
from django.contrib.auth.models import User
from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.db import transaction
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.dispatch import receiver

from awards.models import AccessLog
from awards.signals import account_closed, data_request_handled
from security import policy
from security.events import Kind, record_security_event
from security.generations import forget_now_and_at_commit
from security.middleware import session_roles
from security.sessions import check_device, end_all_sessions, end_session, forget_in_sessions, track_login


@receiver(user_logged_in, dispatch_uid="security_login")
def on_login(sender, request, user, **kwargs):
    record_security_event(Kind.LOGIN_OK, user, request)
    if request is not None and hasattr(request, "session"):
        # Decided once at sign-in, kept in the session: the pages that follow ask no query for it
        # (security/middleware.py; enabling or resetting the second factor updates it).
        request.session["security_needs_otp"] = policy.needs_second_factor(user)
        request.session["security_last_activity"] = time.time()
        # The roles too (read once here, again at most once a minute; decisions 300): the first page after
        # signing in neither reads nor writes them.
        session_roles(request, user, time.time())
        track_login(request, user)
        if request.method == "POST":  # a sign-in through a page (not a test client's force_login/login)
            check_device(request, user)


@receiver(user_login_failed, dispatch_uid="security_login_failed")
def on_login_failed(sender, credentials, request=None, **kwargs):
    username = str((credentials or {}).get("username") or "")[:150]
    from django.contrib.auth import get_user_model

    user = get_user_model().objects.filter(username=username).first() if username else None
    record_security_event(Kind.LOGIN_FAILED, user, request, username=username)


@receiver(user_logged_out, dispatch_uid="security_logout")
def on_logout(sender, request, user, **kwargs):
    if user is not None:
        record_security_event(
            Kind.LOGOUT, user, request, reason=getattr(request, "_security_logout_reason", "")
        )
    if request is not None:
        end_session(request)


@receiver(post_save, sender=LogEntry, dispatch_uid="security_admin_change")
def on_admin_change(sender, instance, created, **kwargs):
    if created:
        record_security_event(
            Kind.ADMIN_CHANGE,
            instance.user,
            None,
            action={1: "add", 2: "change", 3: "delete"}.get(instance.action_flag, str(instance.action_flag)),
            model=f"{instance.content_type.app_label}.{instance.content_type.model}"
            if instance.content_type
            else "",
            object_id=instance.object_id or "",
            object=instance.object_repr[:200],
            change=instance.get_change_message()[:500],
        )


@receiver(post_save, sender=AccessLog, dispatch_uid="security_personal_data_access")
def on_personal_data_access(sender, instance, created, **kwargs):
    """Every look at personal data (awards/services/privacy.py `log_access`) goes into the security event log too,
    kept 180 days and exported to the city's log platform (issue 25 item 6), in the same transaction."""
    if created:
        record_security_event(
            Kind.PERSONAL_DATA_EXPORT,
            user=instance.user,
            access_log=instance.pk,
            what=instance.what,
            access_kind=instance.kind,
            campaign=instance.campaign_id,
            rows=instance.rows,
            full=instance.full,
            purpose=instance.purpose,
            file_kind=instance.file_kind,
        )


@receiver(data_request_handled, dispatch_uid="security_data_request_handled")
def on_data_request_handled(sender, data_request, user, action, request=None, details=None, **kwargs):
    """The office answered, completed or refused a person's request (workflow/services/data_requests.py): the
    event names who acted, the request, its kind and new state, and the person (issue 25 item 3; PIPL 第五十条),
    in the same transaction as the action."""
    record_security_event(
        Kind.DATA_REQUEST,
        user,
        request,
        action=action,
        data_request=data_request.pk,
        request_kind=data_request.kind,
        state=data_request.state,
        person_id=data_request.user_id,
        person=data_request.user.get_username(),
        **(details or {}),
    )


@receiver(account_closed, dispatch_uid="security_account_closed")
def on_account_closed(sender, user, **kwargs):
    """注销 after a deletion request (workflow/services/data_requests.py): every session of the account ends."""
    end_all_sessions(user)


@receiver(m2m_changed, sender=User.groups.through, dispatch_uid="security_roles_changed")
def on_groups_changed(sender, instance, action, reverse, pk_set, **kwargs):
    """A user's groups (roles) changed: the roles kept in each of their open sessions (security/middleware.py
    `session_roles`) are dropped once the change is committed, so the next request reads them again."""
    if action not in ("post_add", "post_remove", "pre_clear"):
        return
    if not reverse:  # user.groups.add/remove/clear
        users = [instance.pk]
    elif pk_set is not None:  # group.user_set.add/remove
        users = list(pk_set)
    else:  # group.user_set.clear(): its members before the clear
        users = list(instance.user_set.values_list("pk", flat=True))
    if users:
        transaction.on_commit(lambda: forget_in_sessions(users, "security_roles"))


@receiver(post_save, sender=User, dispatch_uid="security_user_cache_save")
@receiver(post_delete, sender=User, dispatch_uid="security_user_cache_delete")
def on_user_written(sender, instance, **kwargs):
    """The cached row of the signed-in user (security/backends.py): forgotten now, and again once the write is
    committed, so that no request reading the row in between keeps the old one."""
    forget_now_and_at_commit(f"user:{instance.pk}")


def on_device_written(sender, instance, **kwargs):
    """A second-factor device saved (confirmed, verified, throttled) or deleted: what
    security/middleware.py `CachedOTPMiddleware` keeps of it is read again."""
    forget_now_and_at_commit(f"otp:{instance.persistent_id}")


def _connect_devices() -> None:
    from django.apps import apps
    from django_otp.models import Device

    for model in apps.get_models():
        if issubclass(model, Device):
            post_save.connect(
                on_device_written, sender=model, dispatch_uid=f"security_otp_{model._meta.label}"
            )
            post_delete.connect(
                on_device_written, sender=model, dispatch_uid=f"security_otp_del_{model._meta.label}"
            )


_connect_devices()
