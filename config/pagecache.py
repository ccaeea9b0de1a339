"""Whole-response cache of the public pages (issue 15; docs/decisions.md "Public pages are cached whole").

The public pages — home, campaign list, campaign page, 申报通知, public candidates, 公示 list, 获荣名单 — are the same
for every anonymous visitor, so `public_page(view)` (applied in the urls.py files) keeps the rendered page in the
Django cache (Redis in production, local memory otherwise), keyed by the active language, the full path and two
version tokens: one for everything and one for the page's campaign.

What may never be shared is kept out:
- only anonymous GET/HEAD requests with no pending message are served from or stored in the cache; logged-in
  users (their name and their own links in the header) always get a fresh page;
- the CSRF token of the forms on a page (the 公示's objection page; the list itself has none, decisions 361):
  while a page is rendered to be stored, the template's `csrf_token` is a placeholder (the context processor `csrf_placeholder`, after Django's own), and
  every response, stored or served, gets the visitor's own `get_token(request)` in its place. A page that carries a
  token the placeholder did not replace (a template that asked `get_token` itself) is not stored;
- only 200 responses are stored, without their cookies.

This module is the mechanism only and imports no app, so every app may use it (the import layers in pyproject.toml).
Invalidation: every write that changes what these pages show calls `changed(campaign_id)` (or `changed()` for
everything) — `workflow/services/transitions.py` for every phase and state, and the model signals of
`workflow/pagecache.py` (the one list of the models the cached pages read) for the other records (campaign and call edits, 公示, 荣誉, application data on the public lists,
units, domains). The version is replaced at once and again after the transaction commits, so a page rendered by
another request before the commit cannot stay cached. PUBLIC_PAGE_CACHE_SECONDS bounds what only time changes
(the public-input window opening or closing); 0 turns the cache off.

Office data (docs/decisions.md 113): the parts of the office pages that are
heavy and the same for every office user — the dashboard's counts, the eligibility queue's table, the ranking
table, the committee's evidence — are cached under `office_version(campaign_id)`. That token changes with
everything above (`changed`) and, through `office_changed`, with what only the office sees: drafts, eligibility
checklists, ballots (void/restore, comment moderation), rankings, panels, their assignments and opinions (and
recommended names), committee decisions, objections, in-unit notices.

Signed-in pages kept whole (`signed_in_page`, docs/decisions.md 413): the office's dashboard, queue, ranking and
committee decision pages are kept for each user under that same token (workflow/pagecache.py `office_page`).
"""

import hashlib
import re
import uuid
from functools import wraps

from django.conf import settings
from django.contrib.messages import get_messages
from django.core.cache import cache
from django.db import transaction
from django.http import HttpResponse
from django.middleware.csrf import get_token
from django.utils.cache import patch_vary_headers
from django.utils.translation import get_language

EVERYTHING = "all"
CSRF_PLACEHOLDER = "@@csrf-token-placeholder@@"
#: A CSRF field whose value is not the placeholder: a token rendered for this visitor only (never stored).
_OWN_TOKEN = re.compile(
    rb'name="csrfmiddlewaretoken" value="(?!' + re.escape(CSRF_PLACEHOLDER.encode()) + rb")"
)


def _version_key(scope) -> str:
    return f"pagecache:v:{scope}"


def _bump(scopes) -> None:
    cache.set_many({_version_key(s): uuid.uuid4().hex for s in scopes}, timeout=None)


def _office_scope(campaign_id) -> str:
    return f"office:{campaign_id}"


def _bump_now_and_after_commit(scopes) -> None:
    """A new version now (this transaction's own reads) and again after commit (a reader that cached the old data
    between the two). Outside a transaction the write is already committed: one new version is enough."""
    _bump(scopes)
    if transaction.get_connection().in_atomic_block:
        transaction.on_commit(lambda: _bump(scopes))


def changed(campaign_id: int | None = None) -> None:
    """The public pages of `campaign_id` (None: every public page) change: new version now and after commit. The
    campaign's office data (`office_version`) changes with them."""
    scopes = [EVERYTHING] if campaign_id is None else [campaign_id, _office_scope(campaign_id)]
    _bump_now_and_after_commit(scopes)


def office_changed(campaign_id: int) -> None:
    """Only the office's cached data of `campaign_id` changes (a draft, a ballot, a panel opinion …)."""
    _bump_now_and_after_commit([_office_scope(campaign_id)])


def office_version(campaign_id: int) -> str:
    """A token that changes with every write the office pages' cached parts show (dashboard counts, ranking table,
    committee evidence: docs/decisions.md 113): `changed()` for everything and the campaign, `office_changed`, and
    the signals of `connect_signals`."""
    return _versions(_office_keys(campaign_id))


def _kept(key: str, version_keys: list[str], seconds: int, compute):
    """`compute()` (picklable data), kept `seconds` under `key` with the version token it was computed for. The
    entry is read in the same round trip as the token (one cache command when it is current: docs/decisions.md
    431) and computed again once the token has changed, so a value computed before a change is never returned
    after it."""
    found = cache.get_many([*version_keys, key])
    current = _token(version_keys, _with_missing(version_keys, found))
    entry = found.get(key)
    if entry is not None and entry[0] == current:
        return entry[1]
    value = compute()
    cache.set(key, (current, value), seconds)
    return value


def office_cached(campaign_id: int, name: str, compute):
    """`compute()` (picklable data) for the campaign's current `office_version`, from the cache when there."""
    seconds = settings.OFFICE_CACHE_SECONDS
    if not seconds:
        return compute()
    return _kept(f"pagecache:office:{name}:{campaign_id}", _office_keys(campaign_id), seconds, compute)


def public_cached(name: str, compute, *, campaign_id: int | None = None, seconds: int | None = None):
    """`compute()` (picklable data) for the current `version(campaign_id)` of the public pages (None: of every
    campaign), from the cache when there: what those pages show, read elsewhere too, follows their invalidation.
    Kept `seconds` (default PUBLIC_PAGE_CACHE_SECONDS; 0: computed every time)."""
    seconds = settings.PUBLIC_PAGE_CACHE_SECONDS if seconds is None else seconds
    if not seconds:
        return compute()
    return _kept(f"pagecache:public:{name}:{campaign_id}", _version_keys(campaign_id), seconds, compute)


def _version_keys(campaign_id, scopes=()) -> list[str]:
    """The cache keys of the version tokens of everything, of `campaign_id` (if any) and of `scopes`."""
    keys = [_version_key(EVERYTHING)] + ([_version_key(campaign_id)] if campaign_id is not None else [])
    return keys + [_version_key(s) for s in scopes]


def _office_keys(campaign_id) -> list[str]:
    return _version_keys(None, scopes=[_office_scope(campaign_id)])


def _with_missing(keys: list[str], found: dict) -> dict:
    """`found` with a token for each of `keys` it lacks: a new one, unless another request added one first."""
    missing = {k: uuid.uuid4().hex for k in keys if k not in found}
    if not missing:
        return found
    for key, value in missing.items():
        cache.add(key, value, timeout=None)
    return {**found, **cache.get_many(list(missing))}


def _token(keys: list[str], found: dict) -> str:
    return ".".join(str(found.get(k, "")) for k in keys)


def _versions(keys: list[str]) -> str:
    return _token(keys, _with_missing(keys, cache.get_many(keys)))


def version(campaign_id: int | None = None) -> str:
    """The current version token of the public pages of `campaign_id` (None: of the pages of every campaign). It
    changes with every `changed()` that concerns those pages, so another cache of what they show (the ids of the
    candidates the public may rate, scoring/services/ballots.py) can key on it and follow the same invalidation."""
    return _versions(_version_keys(campaign_id))


def _cacheable(request) -> bool:
    if request.method not in ("GET", "HEAD"):
        return False
    if getattr(request, "user", None) is not None and request.user.is_authenticated:
        return False
    return not len(get_messages(request))  # len() does not mark the messages as read


def _signed_in_cacheable(request) -> bool:
    return (
        request.method in ("GET", "HEAD")
        and request.user.is_authenticated
        and not len(get_messages(request))  # a page after an action shows its message: always fresh
    )


def csrf_placeholder(request) -> dict:
    """Context processor (settings.TEMPLATES, after Django's built-in `csrf`): while `public_page` renders a page to
    store, `{% csrf_token %}` and `{{ csrf_token }}` write the placeholder instead of this visitor's token."""
    return {"csrf_token": CSRF_PLACEHOLDER} if storing(request) else {}


#: Per-visitor values written into a stored page where its placeholder stands ({placeholder: fill(request)}): the
#: CSRF token here, what other apps register with `register_fill` (the idle timer's seconds left, security/apps.py).
_FILLS = {CSRF_PLACEHOLDER: get_token}


def register_fill(placeholder: str, fill) -> None:
    """While a page is rendered to be stored (`storing(request)`), a template writes `placeholder` instead of a
    value of this visitor and this moment; every answer, stored or served, gets `fill(request)` in its place."""
    _FILLS[placeholder] = fill


def storing(request) -> bool:
    """This request renders a page that will be stored for other requests: per-visitor values are placeholders."""
    return getattr(request, "_pagecache_storing", False)


def _with_own_values(request, body: bytes) -> bytes:
    for placeholder, fill in _FILLS.items():
        mark = placeholder.encode()
        if mark in body:
            body = body.replace(mark, str(fill(request)).encode())
    return body


def _cached_response(request, key: str, seconds, render, after=None):
    """The page stored under `key`, with this visitor's own values filled in; else `render()` with placeholders,
    stored for `seconds` (or what `seconds()` says, asked only when storing) — only a 200 that carries no token of
    its own — and answered with them filled in. The body is kept as the bytes sent (the placeholders are ASCII): a
    hit decodes and encodes nothing."""
    stored = cache.get(key)
    if stored is not None:
        content_type, body = stored
        response = HttpResponse(_with_own_values(request, body), content_type=content_type)
        response["X-Page-Cache"] = "hit"
        patch_vary_headers(response, ("Cookie", "Accept-Language"))
        return after(request, response) if after else response
    request._pagecache_storing = True
    try:
        response = render()
        if getattr(response, "is_rendered", True) is False:
            response.render()
    finally:
        request._pagecache_storing = False
    if response.streaming:
        return response
    body = response.content
    if response.status_code == 200:
        if not _OWN_TOKEN.search(body):
            cache.set(key, (response["Content-Type"], body), seconds() if callable(seconds) else seconds)
            response["X-Page-Cache"] = "miss"
            patch_vary_headers(response, ("Cookie", "Accept-Language"))
    response.content = _with_own_values(request, body)
    return response


def _path_key(request) -> str:
    """The language, the English offer and the full path of the request, as one part of a key."""
    path = hashlib.sha256(request.get_full_path().encode()).hexdigest()[:32]
    offer = "+offer-en" if getattr(request, "offer_english", False) else ""
    return f"{get_language()}{offer}:{path}"


def public_page(view=None, *, campaign_kwarg: str = "pk", bypass=None, after=None):
    """Cache an anonymous view's page (see the module's docstring). `campaign_kwarg` names the URL argument that is
    the campaign id (None: the page shows every campaign); `bypass(request, **kwargs)` says a request must get a
    fresh page (e.g. a verified voter); `after(request, response)` runs on a page served from the cache too (e.g. a
    cookie the view sets)."""

    def decorator(view):
        @wraps(view)
        def wrapper(request, *args, **kwargs):
            seconds = settings.PUBLIC_PAGE_CACHE_SECONDS
            if not seconds or not _cacheable(request) or (bypass and bypass(request, *args, **kwargs)):
                return view(request, *args, **kwargs)
            campaign_id = kwargs.get(campaign_kwarg) if campaign_kwarg else None
            key = f"pagecache:page-bytes:{version(campaign_id)}:{_path_key(request)}"
            return _cached_response(request, key, seconds, lambda: view(request, *args, **kwargs), after)

        wrapper.page_cache = {"campaign_kwarg": campaign_kwarg}  # found by the tests of what the pages read
        return wrapper

    return decorator(view) if view is not None else decorator


def signed_in_page(version_of, vary=None, bypass=None, until=None):
    """Cache a signed-in user's GET page for that user alone (docs/decisions.md 413): kept under the user's id, what
    `vary(request)` says (their roles), the language, the full path and whether htmx asked for it, and the token
    `version_of(request, *args, **kwargs)` that every write the page shows replaces (the office's version of the
    campaign: the one list of the models it follows is workflow/pagecache.py). Never another user's copy, never
    after an action (a pending message), never a POST; the CSRF token and the idle timer's seconds are this
    request's own (`register_fill`). SIGNED_IN_PAGE_CACHE_SECONDS bounds how long a write that missed its signal
    could stay hidden; 0 turns it off. Apply it inside
    the decorator that decides who may see the page: access is checked on every request, cached or not.
    `bypass(request)` says a request must get a fresh page that is not kept (e.g. one that shows what was typed
    into a search); `until(request, *args, **kwargs)`, the seconds until what the page shows next changes by time
    alone (a deadline passing, midnight), shortens how long it is kept."""

    def decorator(view):
        @wraps(view)
        def wrapper(request, *args, **kwargs):
            seconds = settings.SIGNED_IN_PAGE_CACHE_SECONDS
            if not seconds or not _signed_in_cacheable(request) or (bypass and bypass(request)):
                return view(request, *args, **kwargs)
            varies = vary(request) if vary else ""
            htmx = "+hx" if request.headers.get("HX-Request") == "true" else ""
            key = (
                f"pagecache:signed-in:{version_of(request, *args, **kwargs)}:{request.user.pk}:{varies}{htmx}:"
                f"{_path_key(request)}"
            )
            lifetime = (lambda: max(1, min(seconds, until(request, *args, **kwargs)))) if until else seconds
            return _cached_response(request, key, lifetime, lambda: view(request, *args, **kwargs))

        wrapper.signed_in_page_cache = True  # found by the tests of what the pages read
        return wrapper

    return decorator
