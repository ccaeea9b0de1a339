"""One fixed-window counter in Django's cache (Redis in production) for every abuse limit: objections per IP and
contact, confirmation-mail resends, public-vote codes and ballots."""

from django.core.cache import cache


def count_in_window(key: str, window: int) -> int:
    """Count one more use under `key` in a window of `window` seconds; the count so far, this one included."""
    cache.add(key, 0, timeout=window)
    try:
        return cache.incr(key)
    except ValueError:  # the key expired between add and incr
        cache.set(key, 1, timeout=window)
        return 1
