from django.conf import settings

from security.policy import idle_timeout_seconds


def idle_timeout(request):
    """The idle timeout of a privileged user's session, for the warning shown before it (static/js/idle-timeout.js)."""
    user = getattr(request, "user", None)
    seconds = idle_timeout_seconds(user) if user is not None and user.is_authenticated else 0
    return {"idle_timeout": seconds, "idle_warning": min(settings.SESSION_IDLE_WARNING_SECONDS, seconds // 2)}
