"""The project's URLs plus /bench/floor/: a view rendering a tiny template, served by the same gunicorn through the
same middleware — the floor every page is compared with (issue 15)."""

from django.http import HttpResponse
from django.template import engines
from django.urls import path

from config.urls import urlpatterns as project_urlpatterns

TINY = engines["django"].from_string("<!doctype html><title>floor</title><p>{{ greeting }}</p>")


def floor(request):
    return HttpResponse(TINY.render({"greeting": "hello"}, request))


urlpatterns = [path("bench/floor/", floor), *project_urlpatterns]
