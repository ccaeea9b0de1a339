"""Chinese is the default language of every page: the browser's Accept-Language header does not switch it.
English is chosen explicitly with the language switch (cookie), as the design requires."""


class ChineseByDefaultMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request.META.pop("HTTP_ACCEPT_LANGUAGE", None)
        return self.get_response(request)
