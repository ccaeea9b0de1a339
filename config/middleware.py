"""Chinese is the default language of every page: the browser's Accept-Language header does not switch it.
English is chosen explicitly with the language switch (cookie), as the design requires."""


class ChineseByDefaultMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request.META.pop("HTTP_ACCEPT_LANGUAGE", None)
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
