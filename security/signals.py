"""Sign-in, sign-out and admin changes written to the security event log (security/events.py)."""

import time

from django.contrib.admin.models import LogEntry
from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.db.models.signals import post_save
from django.dispatch import receiver

from security import policy
from security.events import Kind, record_security_event
from security.sessions import check_device, end_session, track_login


@receiver(user_logged_in, dispatch_uid="security_login")
def on_login(sender, request, user, **kwargs):
    record_security_event(Kind.LOGIN_OK, user, request)
    if request is not None and hasattr(request, "session"):
        # Decided once at sign-in, kept in the session: the pages that follow ask no query for it
        # (security/middleware.py; enabling or resetting the second factor updates it).
        request.session["security_needs_otp"] = policy.needs_second_factor(user)
        request.session["security_last_activity"] = time.time()
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
