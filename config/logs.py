"""Structured logs (docs/deployment.md): with `LOG_FORMAT=json` (the default when DEBUG and TESTING are off) every
log record is one JSON object on one line of stdout, which the log shipper (journald, Docker, Loki, ELK) reads
without parsing text:

    {"time": "2026-11-29T12:00:00.123Z", "level": "INFO", "logger": "honors.request", "message": "GET /office/ 200",
     "request_id": "…", "method": "GET", "path": "/office/", "status": 200, "duration_ms": 12.3,
     "user_id": 7, "client_ip": "203.0.113.9"}

`RequestLogMiddleware` writes one such line per request (logger `honors.request`) and puts the request's id,
method, path and client address on every other record logged while the request runs (an error's traceback
carries the same `request_id`). The request id is nginx's `X-Request-ID` when the request comes from a trusted
proxy (TRUSTED_PROXIES), else a new one; it is sent back in the `X-Request-ID` response header so a user's
report and nginx's access log lead to the same lines.

The standard library only (no dependency): the formatter is a few lines, and gunicorn's own log
(deploy/gunicorn.conf.py) uses it too, so that module imports nothing from Django at the top."""

import contextvars
import datetime
import json
import logging
import re
import time
import uuid

#: fields of the request being served, added to every record logged while it runs
_request: contextvars.ContextVar[dict | None] = contextvars.ContextVar("honors_request", default=None)

#: attributes every LogRecord has; anything else on a record came from `extra=` and is written as a field
_STANDARD = set(logging.makeLogRecord({}).__dict__) | {"message", "asctime", "taskName"}
_REQUEST_ID = re.compile(r"^[A-Za-z0-9._-]{8,64}$")


class JsonFormatter(logging.Formatter):
    """One JSON object per record: time (UTC, ISO 8601), level, logger, message, the request's fields, the
    record's `extra=` fields, and `exception` (the formatted traceback) when there is one."""

    def format(self, record: logging.LogRecord) -> str:
        entry = {
            "time": datetime.datetime.fromtimestamp(record.created, datetime.UTC)
            .isoformat(timespec="milliseconds")
            .replace("+00:00", "Z"),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
        }
        entry.update(_request.get() or {})
        for key, value in record.__dict__.items():
            if key not in _STANDARD and not key.startswith("_"):
                entry[key] = value
        if record.exc_info:
            entry["exception"] = self.formatException(record.exc_info)
        if record.stack_info:
            entry["stack"] = self.formatStack(record.stack_info)
        return json.dumps(entry, ensure_ascii=False, default=str)


def _request_id(request) -> str:
    from config.client_ip import from_trusted_proxy

    given = request.META.get("HTTP_X_REQUEST_ID", "")
    if given and _REQUEST_ID.match(given) and from_trusted_proxy(request):
        return given
    return uuid.uuid4().hex


def _user_id(request):
    """The signed-in user's id if the request already looked the user up (never a session read of its own)."""
    from django.utils.functional import empty

    user = getattr(request, "user", None)
    user = getattr(user, "_wrapped", user)  # the lazy request.user, evaluated or not
    if user is None or user is empty or not getattr(user, "is_authenticated", False):
        return None
    return user.pk


class RequestLogMiddleware:
    """One `honors.request` line per request (INFO; ERROR for a 5xx), with the request id in the response."""

    logger = logging.getLogger("honors.request")

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        from config.client_ip import client_ip

        started = time.perf_counter()
        request.request_id = _request_id(request)
        fields = {
            "request_id": request.request_id,
            "method": request.method,
            "path": request.path,
            "client_ip": client_ip(request),
        }
        token = _request.set(fields)
        try:
            response = self.get_response(request)
            response["X-Request-ID"] = request.request_id
            status = response.status_code
            self.logger.log(
                logging.ERROR if status >= 500 else logging.INFO,
                "%s %s %s",
                request.method,
                request.path,
                status,
                extra={
                    "status": status,
                    "duration_ms": round((time.perf_counter() - started) * 1000, 1),
                    "user_id": _user_id(request),
                },
            )
            return response
        finally:
            _request.reset(token)
