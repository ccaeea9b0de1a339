"""Chinese is the default language of every page: the browser's Accept-Language header does not switch it.
English is chosen explicitly with the language switch (cookie), as the design requires (decisions 37). A first
visit (no language cookie yet) from a browser that asks for English and not Chinese is offered the switch in
English at the top of the page (`request.offer_english`; decisions 252)."""

from django.conf import settings
from django.middleware.csp import get_nonce
from django.utils.translation.trans_real import parse_accept_lang_header

from config.mail import MailNotSent


def prefers_english(header: str) -> bool:
    """The browser ranks English first among the languages it names, and names no Chinese above it."""
    for lang, _q in parse_accept_lang_header(header or ""):
        lang = lang.lower()
        if lang.startswith("zh"):
            return False
        if lang.startswith("en"):
            return True
    return False


class ChineseByDefaultMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        header = request.META.pop("HTTP_ACCEPT_LANGUAGE", None)
        request.offer_english = settings.LANGUAGE_COOKIE_NAME not in request.COOKIES and prefers_english(
            header
        )
        return self.get_response(request)


def keeps_raw_body(view):
    """Mark a view whose (small) POST body must stay readable after the CSRF check parses the form."""
    view.keeps_raw_body = True
    return view


class RawBodyMiddleware:
    """Reads the body of views marked with `keeps_raw_body` before CsrfViewMiddleware parses it, so the view can
    still check that a multipart body is whole (awards autosave). Django caches the body and parses the form
    from that copy; DATA_UPLOAD_MAX_MEMORY_SIZE bounds it (a larger body is refused with 400)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        if request.method == "POST" and getattr(view_func, "keeps_raw_body", False):
            request.body  # noqa: B018 — read and cache it now
        return None


class MailNotSentMiddleware:
    """A mail that could not be sent (`config.mail.MailNotSent`, raised by every send of a page) is a page in the
    site's layout saying so, with a way back — never Django's bare "Server Error (500)". Status 503: the request
    was right, the mail server was not there. The view's transaction has been rolled back by then."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        from django.shortcuts import render

        if not isinstance(exception, MailNotSent):
            return None
        back = request.get_full_path() if request.method == "POST" else ""
        return render(request, "mail_failed.html", {"back": back}, status=503)


class NoStoreMiddleware:
    """`Cache-Control: private, no-store` on every answer to a signed-in user and on every answer to a POST
    (issue 21): the pages that show a resident ID or a phone number are the office's, the applicant's, the
    unit's and the recommender's — all signed in — and a form shown again after a POST carries what was typed
    (an objector's ID or phone on the public publicity page). Browsers and proxies then keep no copy: not in
    the disk cache, not for the back button on a shared computer. Anonymous GET pages keep their own caching
    (config/pagecache.py); an answer that already says how it may be cached (downloads, /healthz/) is left as
    it is. docs/security.md "Pages with personal data are not stored"."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        user = getattr(request, "user", None)
        signed_in = user is not None and user.is_authenticated
        if (signed_in or request.method == "POST") and not response.has_header("Cache-Control"):
            response["Cache-Control"] = "private, no-store"
        return response


class MicroCacheMiddleware:
    """Tells nginx's micro-cache (deploy/nginx/microcache.conf) which answers it may keep, and for how long, with
    `X-Accel-Expires` (nginx reads it and never passes it on; issue 26 item 2). Only an answer that is the same for
    every visitor: a GET or HEAD, 200, to a visitor who is not signed in and has nothing in a session, that carries
    no form token (a CSRF token belongs to one visitor) and no CSP nonce, sets no cookie and says nothing itself
    about caching. Everything else reaches an app server every time. MICROCACHE_SECONDS (at most 5; 0: off)
    bounds how long a change can take to show: a vote page stays at most that many seconds behind."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        seconds = settings.MICROCACHE_SECONDS
        if seconds and self._same_for_everyone(request, response):
            response["X-Accel-Expires"] = str(seconds)
        return response

    @staticmethod
    def _same_for_everyone(request, response) -> bool:
        if request.method not in ("GET", "HEAD") or response.status_code != 200:
            return False
        if response.has_header("Cache-Control") or response.cookies or response.streaming:
            return False
        if request.META.get("CSRF_COOKIE_NEEDS_UPDATE") or get_nonce(request):
            return False
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            return False
        session = getattr(request, "session", None)
        return session is None or session.is_empty()
