"""Records kept in the cache between requests and forgotten by a write: the signed-in user's row
(security/backends.py) and what django-otp asks of the session's device (security/middleware.py), docs/decisions.md
370, 372 and 390.

Each record has a generation, a counter in the cache that every write of the record bumps, at once and again when
the write's transaction commits (security/signals.py). The copy of the record is kept under one key with the
generation it was read under, and is used only while that generation is still the current one: the generation and
the copy are read together, one round trip to the cache (`get_many`, one MGET on Redis), not one for each. A request
that read the record while a change was being committed keeps its copy under a generation the commit has left
behind, so the next request reads the record again. How long a copy is kept at most is USER_CACHE_SECONDS (0:
nothing is kept)."""

from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.core.cache import cache


def _generation_key(name: str) -> str:
    return f"gen:{name}"


def generation(name: str) -> int:
    """The current generation of a cached record (0 before any write of it)."""
    return cache.get(_generation_key(name), 0)


def forget(name: str) -> None:
    """The cached copy of this record is not used again: a new generation."""
    key = _generation_key(name)
    if not cache.add(key, 1, timeout=None):
        try:
            cache.incr(key)
        except ValueError:  # expired between add and incr
            cache.add(key, 1, timeout=None)


def forget_now_and_at_commit(name: str) -> None:
    """A write of the record: forgotten at once, and again once its transaction commits, so that a request
    that read the record before the commit keeps its copy under a generation nobody asks for any more."""
    from django.db import transaction

    forget(name)
    transaction.on_commit(lambda: forget(name))


def kept(name: str, key: str, read: Callable[[], Any]) -> Any:
    """Record `name` from the cache's `key` if it was stored under the current generation, else `read()` (from the
    database) and kept, with the generation read before it, for USER_CACHE_SECONDS. One round trip to the cache
    when the copy is current; None is kept as well (a deleted user, an unknown device)."""
    seconds = settings.USER_CACHE_SECONDS
    if not seconds:
        return read()
    generation_key = _generation_key(name)
    found = cache.get_many([generation_key, key])
    current = found.get(generation_key, 0)
    copy = found.get(key)
    if copy is not None and copy[0] == current:
        return copy[1]
    value = read()
    cache.set(key, (current, value), timeout=seconds)
    return value
