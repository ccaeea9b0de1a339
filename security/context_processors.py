import math

from django.conf import settings

from security.policy import idle_timeout_seconds


def idle_timeout(request):
    """The idle timeout of a privileged user's session, for the warning shown before it (static/js/idle-timeout.js):
    the seconds really left, counted from the session's idle stamp (security/middleware.py writes it at most once
    a minute, so it may be older than this request), the limit itself and the warning's lead."""
    user = getattr(request, "user", None)
    seconds = idle_timeout_seconds(user) if user is not None and user.is_authenticated else 0
    left = getattr(request, "_security_idle_left", None)
    return {
        "idle_timeout": seconds,
        "idle_left": math.ceil(left) if seconds and left is not None else seconds,
        "idle_warning": min(settings.SESSION_IDLE_WARNING_SECONDS, seconds // 2),
    }
