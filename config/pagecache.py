"""Whole-response cache of the public pages (issue 15; docs/decisions.md "Public pages are cached whole").

The public pages — home, campaign list, campaign page, 申报通知, public candidates, 公示 list, 获荣名单 — are the same
for every anonymous visitor, so `public_page(view)` (applied in the urls.py files) keeps the rendered page in the
Django cache (Redis in production, local memory otherwise), keyed by the active language, the full path and two
version tokens: one for everything and one for the page's campaign.

What may never be shared is kept out:
- only anonymous GET/HEAD requests with no pending message are served from or stored in the cache; logged-in
  users (their name and their own links in the header) always get a fresh page;
- the CSRF token of the forms on a page (language switch, objection form) is replaced by a placeholder when the
  page is stored and by the visitor's own token when it is served;
- only 200 responses are stored, without their cookies.

Invalidation: every write that changes what these pages show calls `changed(campaign_id)` (or `changed()` for
everything) — `workflow/services/transitions.py` for every phase and state, and the model signals connected in
`connect_signals()` for the other records (campaign and call edits, 公示, 荣誉, application data on the public lists,
units, domains). The version is replaced at once and again after the transaction commits, so a page rendered by
another request before the commit cannot stay cached. PUBLIC_PAGE_CACHE_SECONDS bounds what only time changes
(the public-input window opening or closing); 0 turns the cache off.

Office data (docs/decisions.md 113): logged-in office pages are never cached whole, but the parts of them that are
heavy and the same for every office user — the dashboard's counts, the eligibility queue's table, the ranking
table, the committee's evidence — are cached under `office_version(campaign_id)`. That token changes with
everything above (`changed`) and, through `office_changed`, with what only the office sees: drafts, eligibility
checklists, ballots (void/restore, comment moderation), rankings, panels, their assignments and opinions (and
recommended names), committee decisions, objections, in-unit notices.
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
from django.middleware.csrf import _unmask_cipher_token, get_token
from django.utils.cache import patch_vary_headers
from django.utils.translation import get_language

EVERYTHING = "all"
CSRF_PLACEHOLDER = "@@csrf-token-placeholder@@"
_TOKEN = re.compile(r"[A-Za-z0-9]{64}")


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
    return _versions(None, scopes=[_office_scope(campaign_id)])


def office_cached(campaign_id: int, name: str, compute):
    """`compute()` (picklable data) for the campaign's current `office_version`, from the cache when there."""
    seconds = settings.OFFICE_CACHE_SECONDS
    if not seconds:
        return compute()
    key = f"pagecache:office:{name}:{campaign_id}:{office_version(campaign_id)}"
    value = cache.get(key)
    if value is None:
        value = compute()
        cache.set(key, value, seconds)
    return value


def _versions(campaign_id, scopes=()) -> str:
    keys = [_version_key(EVERYTHING)] + ([_version_key(campaign_id)] if campaign_id is not None else [])
    keys += [_version_key(s) for s in scopes]
    found = cache.get_many(keys)
    missing = {k: uuid.uuid4().hex for k in keys if k not in found}
    if missing:
        for key, value in missing.items():
            cache.add(key, value, timeout=None)
        found.update(cache.get_many(list(missing)))
    return ".".join(str(found.get(k, "")) for k in keys)


def version(campaign_id: int | None = None) -> str:
    """The current version token of the public pages of `campaign_id` (None: of the pages of every campaign). It
    changes with every `changed()` that concerns those pages, so another cache of what they show (the ids of the
    candidates the public may rate, scoring/services/ballots.py) can key on it and follow the same invalidation."""
    return _versions(campaign_id)


def _cacheable(request) -> bool:
    if request.method not in ("GET", "HEAD"):
        return False
    if getattr(request, "user", None) is not None and request.user.is_authenticated:
        return False
    return not len(get_messages(request))  # len() does not mark the messages as read


def _masked_tokens_to_placeholder(request, content: str) -> str:
    secret = request.META.get("CSRF_COOKIE")
    if not secret:
        return content
    return _TOKEN.sub(
        lambda m: CSRF_PLACEHOLDER if _unmask_cipher_token(m.group()) == secret else m.group(), content
    )


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
            path = hashlib.sha256(request.get_full_path().encode()).hexdigest()[:32]
            offer = "+offer-en" if getattr(request, "offer_english", False) else ""
            key = f"pagecache:page:{_versions(campaign_id)}:{get_language()}{offer}:{path}"
            stored = cache.get(key)
            if stored is not None:
                content_type, body = stored
                if CSRF_PLACEHOLDER in body:
                    body = body.replace(CSRF_PLACEHOLDER, get_token(request))
                response = HttpResponse(body, content_type=content_type)
                response["X-Page-Cache"] = "hit"
                patch_vary_headers(response, ("Cookie", "Accept-Language"))
                return after(request, response) if after else response
            response = view(request, *args, **kwargs)
            if response.status_code == 200 and not response.streaming:
                if getattr(response, "is_rendered", True) is False:
                    response.render()
                body = _masked_tokens_to_placeholder(request, response.content.decode(response.charset))
                cache.set(key, (response["Content-Type"], body), seconds)
                response["X-Page-Cache"] = "miss"
                patch_vary_headers(response, ("Cookie", "Accept-Language"))
            return response

        return wrapper

    return decorator(view) if view is not None else decorator


# --- invalidation by the records the public pages show ------------------------------------------------------------


def _on_campaign(sender, instance, **kwargs):
    changed(instance.pk)
    changed()  # the lists (home, campaign list) show every campaign's phase and links


def _on_campaign_record(sender, instance, **kwargs):
    changed(instance.campaign_id)
    if sender.__name__ == "Publicity":
        changed()  # the lists link to the publicity while it is open


def _on_application(sender, instance, **kwargs):
    # Drafts and returned forms being edited are on no public page (their submission is a transition), but the
    # office dashboard counts them.
    if instance.state not in ("draft", "returned"):
        changed(instance.campaign_id)
    else:
        office_changed(instance.campaign_id)


def _office_record(path: str):
    """A handler for a record the office pages show: bumps the office version of the campaign at `path`
    (e.g. "panel.campaign_id"); when the campaign cannot be found (a cascade delete), every version."""

    def handler(sender, instance, **kwargs):
        from django.core.exceptions import ObjectDoesNotExist

        value = instance
        try:
            for name in path.split("."):
                value = getattr(value, name)
        except ObjectDoesNotExist:
            value = None
        if value is None:
            changed()
        else:
            office_changed(value)

    return handler


def _on_honor(sender, instance, **kwargs):
    from awards.models import Application

    campaign_id = Application.objects.filter(pk=instance.application_id).values_list("campaign_id", flat=True)
    changed(campaign_id.first())  # None (the application is gone too): every page


def _on_recommended(sender, instance, action, **kwargs):
    """A panel's recommended names (第十条) changed, from the opinion's side or the application's."""
    if action.startswith("post_"):
        campaign_id = getattr(instance, "campaign_id", None)  # an Application
        if campaign_id is None:
            campaign_id = instance.panel.campaign_id
        office_changed(campaign_id)


def _on_everything(sender, instance, **kwargs):
    changed()


def connect_signals() -> None:
    """Connected once from WorkflowConfig.ready()."""
    from django.db.models.signals import m2m_changed, post_delete, post_save

    from awards.models import Application, AwardType, Campaign, Organization, TechDomain
    from workflow.models import Honor, Publicity

    for model, handler in (
        (Campaign, _on_campaign),
        (Publicity, _on_campaign_record),
        (Application, _on_application),
        (Honor, _on_honor),
        (Organization, _on_everything),
        (TechDomain, _on_everything),
        (AwardType, _on_everything),
    ):
        post_save.connect(handler, sender=model, dispatch_uid=f"pagecache-save-{model.__name__}")
        post_delete.connect(handler, sender=model, dispatch_uid=f"pagecache-delete-{model.__name__}")

    # What only the office pages' cached parts show (office_version). PublicVote has no signal (a queryset
    # delete would load every vote): its writes save the Ballot too, and comment moderation calls office_changed.
    from scoring.models import Ballot, Panel, PanelAssignment, PanelOpinion, Ranking
    from workflow.models import CommitteeDecision, EligibilityReview, Objection, UnitNotice

    for model, path in (
        (EligibilityReview, "application.campaign_id"),
        (Ballot, "campaign_id"),
        (Ranking, "campaign_id"),
        (Panel, "campaign_id"),
        (PanelOpinion, "panel.campaign_id"),
        (PanelAssignment, "panel.campaign_id"),
        (CommitteeDecision, "campaign_id"),
        (Objection, "campaign_id"),
        (UnitNotice, "publicity.campaign_id"),
    ):
        handler = _office_record(path)
        post_save.connect(
            handler, sender=model, weak=False, dispatch_uid=f"officecache-save-{model.__name__}"
        )
        post_delete.connect(
            handler, sender=model, weak=False, dispatch_uid=f"officecache-delete-{model.__name__}"
        )
    m2m_changed.connect(
        _on_recommended,
        sender=PanelOpinion.recommended.through,
        weak=False,
        dispatch_uid="officecache-m2m-PanelOpinion-recommended",
    )
