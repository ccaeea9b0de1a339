"""The per-account login pause in Django's authentication (awards/services/login_limits.py).

The login form and the score sheet's signature check the pause before any password (`check_not_paused`).
`AccountPauseBackend`, right after axes' backend in AUTHENTICATION_BACKENDS, holds it for every other caller of
`authenticate` (the admin's login): while an account's login is paused it refuses every password, the right one
too, the way axes refuses a locked pair (the request flagged as locked out: axes' middleware answers with the
lockout page, status 429). `count_failure` receives `user_login_failed` and counts the wrong passwords."""

from django.core.exceptions import PermissionDenied

from awards.services import login_limits


class AccountPauseBackend:
    def authenticate(self, request, username=None, password=None, **kwargs):
        minutes = login_limits.paused_minutes(username)
        if minutes:
            login_limits.flag(request, minutes)
            raise PermissionDenied(login_limits.pause_message(minutes))
        if request is not None:
            # Reached only when axes did not refuse the pair: the password is checked next (ModelBackend), so a
            # failure of this request is a wrong password, which `count_failure` counts.
            request.login_password_checked = True
        return None

    # No get_user, like axes' backend: it never signs anyone in, so no session names it (and force_login and
    # Django's choice of a default backend pass it by).


def count_failure(sender, credentials, request=None, **kwargs):
    if request is None or not getattr(request, "login_password_checked", False):
        return  # refused before any password was checked (axes' lock of the pair, the pause): nobody's guess
    minutes = login_limits.record_failure((credentials or {}).get("username"), request)
    if minutes:
        login_limits.flag(request, minutes)
