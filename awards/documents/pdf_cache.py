"""The rendered application PDF, kept per application, copy and language (issue 21 item 7).

WeasyPrint takes one to a few seconds per form; the same form is downloaded again and again (the office, the
panel's experts, the applicant). One cache entry per (application, copy, language) holds the SHA-256 of the
form's HTML and the PDF: a request whose HTML has the same digest is served from it, any change that shows in
the form (the application, its rows, its photo, a unit's name, a translation) gives another digest and a new
rendering that replaces the entry. Every save of the application drops its entries at once (a receiver below), so
text taken out by the retention purge (第三十一条) is not served from here. Copies: "office" (组委会办公室, with
the office's fields) and "reader" (the applicant, the units, the experts). Settings: APPLICATION_PDF_CACHE_SECONDS
(how long an entry is kept at most; 0 turns the cache off), APPLICATION_PDF_RENDER_WAIT_SECONDS (how long a
request waits for the same form being rendered by another request before rendering it itself)."""

import hashlib
import logging
import time

from django.conf import settings
from django.core.cache import cache
from django.db.models.signals import post_delete, post_save

logger = logging.getLogger(__name__)

COPIES = ("office", "reader")


def cache_key(application_id: int, *, for_office: bool, language: str, reveal: bool = True) -> str:
    """`reveal` False: the copy with the ID number and phone masked (issue 25 item 4), kept apart."""
    masked = "" if reveal else ":masked"
    return f"application-pdf:{application_id}:{COPIES[0] if for_office else COPIES[1]}:{language}{masked}"


def digest(html: str) -> str:
    return hashlib.sha256(html.encode()).hexdigest()


def cached_render(key: str, html: str, render) -> bytes:
    """The PDF of `html`: from the cache when the entry's digest matches, else `render(html)` (stored). While
    another request renders the same form, wait for its result (bounded) instead of rendering it a second time."""
    seconds = settings.APPLICATION_PDF_CACHE_SECONDS
    if not seconds:
        return render(html)
    wanted = digest(html)
    hit = _hit(key, wanted)
    if hit is not None:
        return hit
    lock = f"{key}:rendering:{wanted}"
    wait = settings.APPLICATION_PDF_RENDER_WAIT_SECONDS
    owner = cache.add(lock, 1, timeout=max(wait, 1) * 2)
    if not owner:
        deadline = time.monotonic() + wait
        while time.monotonic() < deadline and cache.get(lock) is not None:
            time.sleep(0.1)
            hit = _hit(key, wanted)
            if hit is not None:
                return hit
    try:
        pdf = render(html)
        cache.set(key, (wanted, pdf), seconds)
    finally:
        if owner:
            cache.delete(lock)
    return pdf


def _hit(key: str, wanted: str) -> bytes | None:
    entry = cache.get(key)
    if isinstance(entry, tuple) and len(entry) == 2 and entry[0] == wanted:
        return entry[1]
    return None


def cached_only(key: str, html: str) -> bytes | None:
    """The PDF of `html` when this version is in the cache; never renders."""
    if not settings.APPLICATION_PDF_CACHE_SECONDS:
        return None
    return _hit(key, digest(html))


# --- rendering in the task worker (a large form) ----------------------------------------------------------------
#: A job's state, in the cache next to the entry it fills: {"digest", "state", "since", "pages", "error"}; state is
#: "queued", "rendering" or "failed". A job not finished within JOB_STALE_SECONDS is started again.
JOB_STALE_SECONDS = 600


def job_key(key: str) -> str:
    return f"{key}:job"


def job_state(key: str, html: str) -> dict | None:
    """The background job rendering this version of the form, if any and not stale."""
    job = cache.get(job_key(key))
    if not isinstance(job, dict) or job.get("digest") != digest(html):
        return None
    if job.get("state") != "failed" and time.time() - job.get("since", 0) > JOB_STALE_SECONDS:
        return None
    return job


def job_claim(key: str, html: str, pages: int) -> bool:
    """Record a queued job for this version; False when another request has just claimed it."""
    wanted = digest(html)
    if not cache.add(f"{job_key(key)}:{wanted}", 1, timeout=JOB_STALE_SECONDS):
        return False
    cache.set(
        job_key(key),
        {"digest": wanted, "state": "queued", "since": time.time(), "pages": pages, "error": ""},
        JOB_STALE_SECONDS,
    )
    return True


def job_move(key: str, html: str, state: str, error: str = "") -> None:
    """The worker's progress: "rendering", "failed" (the claim is released so that a new request may retry) or
    "done" (the entry is in the cache; the job is forgotten)."""
    job = cache.get(job_key(key))
    wanted = digest(html)
    if state == "done" or (isinstance(job, dict) and job.get("digest") != wanted):
        cache.delete_many([job_key(key), f"{job_key(key)}:{wanted}"])
        return
    job = job if isinstance(job, dict) else {"digest": wanted, "pages": 0}
    job.update(state=state, error=error[:300], since=job.get("since") or time.time())
    if state == "rendering":
        job["rendering_since"] = time.time()
    cache.set(job_key(key), job, JOB_STALE_SECONDS)
    if state == "failed":
        cache.delete(f"{job_key(key)}:{wanted}")


def job_forget(key: str) -> None:
    cache.delete(job_key(key))


def forget_application_pdfs(application_id: int) -> None:
    """Drop every cached copy of the application's form (each copy, each language)."""
    cache.delete_many(
        [
            cache_key(application_id, for_office=for_office, language=code, reveal=reveal)
            for for_office in (True, False)
            for code, _name in settings.LANGUAGES
            for reveal in (True, False)
        ]
    )


def _forget(sender, instance, raw=False, **kwargs):
    """After every save or deletion of an application. Not for fixtures loaded raw (migrations, loaddata: nothing
    was cached for them). A cache that does not answer cannot serve the old copy either: logged, not raised."""
    if raw or not instance.pk:
        return
    try:
        forget_application_pdfs(instance.pk)
    except Exception:  # noqa: BLE001 - a save must not fail because the cache is down
        logger.warning("application PDF cache not cleared for application %s", instance.pk, exc_info=True)


post_save.connect(_forget, sender="awards.Application", dispatch_uid="application_pdf_forget_on_save")
post_delete.connect(_forget, sender="awards.Application", dispatch_uid="application_pdf_forget_on_delete")
