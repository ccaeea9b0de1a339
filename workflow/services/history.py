"""The one place that stamps a save for django-simple-history (docs/architecture.md §1): who made the change and
why. Services call `save_with_history(obj, user, reason)` instead of setting `_history_user` / `_change_reason`
by hand."""


def stamp(obj, user=None, reason: str = ""):
    """Set the history user and the change reason of the next save. `user=None` leaves the user to
    simple-history (the request's user, if any); an anonymous user is recorded as nobody."""
    if user is not None:
        obj._history_user = user if getattr(user, "pk", None) else None
    if reason:
        obj._change_reason = str(reason)[:500]
    return obj


def save_with_history(obj, user=None, reason: str = "", **save_kwargs):
    stamp(obj, user, reason)
    obj.save(**save_kwargs)
    return obj
