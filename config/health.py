"""The health URL (`/healthz/`) that nginx, a load balancer or an orchestrator probes on every app server
(docs/deployment.md): it checks the two parts every request needs, the database (`SELECT 1`) and the cache
(a set and a get of a key of its own: Redis in production, which also holds the sessions and rate limits).

200 `{"database": "ok", "cache": "ok"}` when both answer; 503 with the failed part(s) named otherwise, e.g.
`{"database": "ok", "cache": "error"}`. The reason of a failure goes to the log, never into the response.

It is answered by `HealthCheckMiddleware`, first in MIDDLEWARE, before anything else looks at the request: no
session, no user, no CSRF, no language, no lockout check, no HTTPS redirect (probes speak plain HTTP to the app
server) and no `ALLOWED_HOSTS` check (probes use the server's address as host). Only GET and HEAD."""

import json
import logging
import uuid

from django.core.cache import cache
from django.db import connection
from django.http import HttpResponse, HttpResponseNotAllowed

PATH = "/healthz/"
logger = logging.getLogger("honors.health")


def _database() -> None:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        if cursor.fetchone() != (1,):
            raise RuntimeError("SELECT 1 did not return 1")


def _cache() -> None:
    # A key of its own per probe: several app servers probed at once never read each other's value.
    key = f"healthz:{uuid.uuid4().hex}"
    cache.set(key, "ok", timeout=10)
    try:
        if cache.get(key) != "ok":
            raise RuntimeError("the value written was not read back")
    finally:
        cache.delete(key)


CHECKS = {"database": _database, "cache": _cache}


def health(request) -> HttpResponse:
    if request.method not in ("GET", "HEAD"):
        return HttpResponseNotAllowed(["GET", "HEAD"])
    result = {}
    for name, check in CHECKS.items():
        try:
            check()
        except Exception as e:  # noqa: BLE001 — any failure of the part is "error"; the reason is logged
            logger.error("health check failed: %s: %s: %s", name, type(e).__name__, e)
            result[name] = "error"
        else:
            result[name] = "ok"
    healthy = all(value == "ok" for value in result.values())
    response = HttpResponse(
        json.dumps(result), status=200 if healthy else 503, content_type="application/json"
    )
    response["Cache-Control"] = "no-store"
    return response


class HealthCheckMiddleware:
    """First in MIDDLEWARE: answers `/healthz/` before sessions, CSRF, axes and the HTTPS redirect run."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.path_info == PATH:
            return health(request)
        return self.get_response(request)
