"""Structured logs (config/logs.py): a request produces one JSON line with its id, method, path, status, duration,
user and client address; records logged while it runs carry the same request id."""

import io
import json
import logging
import sys

import pytest
from django.test import override_settings

from config.logs import JsonFormatter
from tests.factories import user_with_role

pytestmark = pytest.mark.django_db


@pytest.fixture
def log_lines():
    """What the `honors.request` and `honors.test` loggers write through the JSON formatter, line by line."""
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.setFormatter(JsonFormatter())
    loggers = [logging.getLogger("honors.request"), logging.getLogger("honors.test")]
    levels = [logger.level for logger in loggers]
    for logger in loggers:
        logger.addHandler(handler)
        logger.setLevel(logging.INFO)
    yield lambda: [json.loads(line) for line in stream.getvalue().splitlines()]
    for logger, level in zip(loggers, levels, strict=True):
        logger.removeHandler(handler)
        logger.setLevel(level)


def test_a_request_is_one_json_line_with_its_fields(client, log_lines):
    user = user_with_role("office", username="json-log-office")
    client.force_login(user)
    response = client.get("/office/", REMOTE_ADDR="198.51.100.7")
    lines = [line for line in log_lines() if line["logger"] == "honors.request"]
    assert len(lines) == 1
    line = lines[0]
    assert line["level"] == "INFO"
    assert line["message"] == f"GET /office/ {response.status_code}"
    assert line["method"] == "GET" and line["path"] == "/office/"
    assert line["status"] == response.status_code
    assert line["user_id"] == user.pk
    assert line["client_ip"] == "198.51.100.7"
    assert isinstance(line["duration_ms"], float) and line["duration_ms"] >= 0
    assert line["time"].endswith("Z") and "T" in line["time"]
    assert line["request_id"] == response["X-Request-ID"] and len(line["request_id"]) == 32


def test_an_anonymous_request_has_no_user(client, log_lines):
    client.get("/")
    (line,) = [line for line in log_lines() if line["logger"] == "honors.request"]
    assert line["user_id"] is None and line["path"] == "/"


def test_the_request_id_of_a_trusted_proxy_is_kept_and_a_clients_is_not(client, log_lines):
    nginx_id = "0123456789abcdef0123456789abcdef"
    with override_settings(TRUSTED_PROXIES=["127.0.0.1"]):
        kept = client.get("/", HTTP_X_REQUEST_ID=nginx_id, REMOTE_ADDR="127.0.0.1")
        ignored = client.get("/", HTTP_X_REQUEST_ID=nginx_id, REMOTE_ADDR="203.0.113.5")
    assert kept["X-Request-ID"] == nginx_id
    assert ignored["X-Request-ID"] != nginx_id
    ids = [line["request_id"] for line in log_lines()]
    assert ids == [nginx_id, ignored["X-Request-ID"]]


def test_records_logged_during_a_request_carry_its_id(log_lines):
    from django.http import HttpResponse
    from django.test import RequestFactory

    from config.logs import RequestLogMiddleware

    def view(request):
        logging.getLogger("honors.test").warning("inside the view", extra={"application": 42})
        return HttpResponse("ok")

    response = RequestLogMiddleware(view)(RequestFactory().get("/somewhere/"))
    inside, request_line = log_lines()
    assert inside["message"] == "inside the view" and inside["level"] == "WARNING"
    assert inside["application"] == 42
    assert inside["request_id"] == request_line["request_id"] == response["X-Request-ID"]
    assert inside["path"] == "/somewhere/"


def test_an_exception_is_in_the_same_line():
    try:
        raise ValueError("broken")
    except ValueError:
        record = logging.getLogger("honors.test").makeRecord(
            "honors.test", logging.ERROR, __file__, 1, "failed: %s", ("x",), sys.exc_info()
        )
    text = JsonFormatter().format(record)
    assert "\n" not in text
    entry = json.loads(text)
    assert entry["message"] == "failed: x" and "ValueError: broken" in entry["exception"]
