"""The signed-in user of each request read from the cache instead of the database (issue 26 item 1: the user's row
was one of the queries every signed-in page paid; docs/decisions.md 370).

`CachedUserBackend` is Django's ModelBackend (the password check, the permissions) whose `get_user` — what
AuthenticationMiddleware calls on every request — keeps the user's row in the cache for USER_CACHE_SECONDS. Every
save or delete of a user bumps the user's generation (security/signals.py), at once and again when the
transaction commits, and the row is kept with the generation it was read under (security/generations.py: one
round trip to the cache per request): a request that read the row while a change was being committed keeps it
under a generation nobody asks for any more, so a changed password, a deactivated or
closed account is never served from the cache once the change is committed. Writes that bypass save()
(queryset.update()) must call `forget_user`; the project has none on users (tests/security/twofactor/test_user_cache.py
checks the signals). Nothing secret beyond the row Django's session store already trusts the cache with: the
password's hash is in it, as in every pickled user; the second factor's key is not (its device is read by
django-otp from the database)."""

from django.contrib.auth.backends import ModelBackend

from security.generations import forget, kept


def forget_user(user_id) -> None:
    """The cached row of this user is not used again (a new generation)."""
    forget(f"user:{user_id}")


class CachedUserBackend(ModelBackend):
    def get_user(self, user_id):
        return kept(
            f"user:{user_id}",
            f"auth:user:{user_id}",
            lambda: super(CachedUserBackend, self).get_user(user_id),
        )
