import math

from django.conf import settings

from config import pagecache
from security.policy import idle_timeout_seconds

#: Stands for the seconds left in a page stored by the page cache (config/pagecache.py): each answer gets its own.
IDLE_LEFT_PLACEHOLDER = "@@idle-left-placeholder@@"


def _limit(request) -> int:
    user = getattr(request, "user", None)
    return idle_timeout_seconds(user) if user is not None and user.is_authenticated else 0


def idle_left(request, seconds: int | None = None) -> int:
    """The seconds this session really has left before its idle timeout (`seconds`, the limit, when the caller
    already knows it), counted from its idle stamp (written by security/middleware.py at most once a minute, so it
    may be older than this request); the limit itself when the middleware counted nothing."""
    seconds = _limit(request) if seconds is None else seconds
    left = getattr(request, "_security_idle_left", None)
    return math.ceil(left) if seconds and left is not None else seconds


def idle_timeout(request):
    """The idle timeout of a privileged user's session, for the warning shown before it (static/js/idle-timeout.js):
    the seconds really left, the limit itself and the warning's lead. In a page rendered to be stored the seconds
    left are a placeholder, filled in for each answer (security/apps.py)."""
    seconds = _limit(request)
    return {
        "idle_timeout": seconds,
        "idle_left": IDLE_LEFT_PLACEHOLDER
        if seconds and pagecache.storing(request)
        else idle_left(request, seconds),
        "idle_warning": min(settings.SESSION_IDLE_WARNING_SECONDS, seconds // 2),
    }
