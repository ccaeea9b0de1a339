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


#: Count under each key in turn, stopping at the first one over its limit (KEYS: the counters; ARGV: the window,
#: then each key's limit). A counter gets its expiry when it is created, as `count_in_window` does.
_COUNT_MANY = """
for i, key in ipairs(KEYS) do
  local n = redis.call('INCR', key)
  if n == 1 then redis.call('EXPIRE', key, ARGV[1]) end
  if n > tonumber(ARGV[i + 1]) then return i end
end
return 0
"""


def count_many(limits: list[tuple[str, int]], window: int) -> int | None:
    """Count one more use under each `(key, limit)` in order, stopping at the first count over its limit: that
    key's index, or None when every count is within its limit. The same counters as `count_in_window`; on Redis
    one round trip (a Lua script), otherwise one `count_in_window` per key."""
    client = getattr(getattr(cache, "client", None), "get_client", None)
    if client is None:
        for index, (key, limit) in enumerate(limits):
            if count_in_window(key, window) > limit:
                return index
        return None
    keys = [str(cache.client.make_key(key)) for key, _limit in limits]
    over = client(write=True).eval(_COUNT_MANY, len(keys), *keys, window, *[limit for _key, limit in limits])
    return int(over) - 1 if over else None
