"""/healthz/ (config/health.py): 200 when the database and the cache answer, 503 naming the part that does not;
answered before sessions, CSRF, lockouts, the host check and the HTTPS redirect."""

import json
import os
import socket
import subprocess
import sys

import pytest
from django.conf import settings
from django.test import override_settings

pytestmark = pytest.mark.django_db

REDIS = os.environ.get("LOCALSTACK_REDIS_URL", "redis://127.0.0.1:6379/7")


def _closed_port() -> int:
    """A loopback port nobody listens on (bound, then released)."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _redis_cache(url: str) -> dict:
    return {
        "default": {
            "BACKEND": "django_redis.cache.RedisCache",
            "LOCATION": url,
            "KEY_PREFIX": "healthz-test",
            "OPTIONS": {
                "CLIENT_CLASS": "django_redis.client.DefaultClient",
                "SOCKET_CONNECT_TIMEOUT": 2,
                "SOCKET_TIMEOUT": 2,
            },
        }
    }


def test_healthy_with_the_database_and_redis(client):
    with override_settings(CACHES=_redis_cache(REDIS)):
        response = client.get("/healthz/")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    assert json.loads(response.content) == {"database": "ok", "cache": "ok"}
    assert response["Cache-Control"] == "no-store"


def test_a_cache_that_does_not_answer_is_503_naming_the_cache(client, caplog):
    with override_settings(CACHES=_redis_cache(f"redis://127.0.0.1:{_closed_port()}/0")):
        response = client.get("/healthz/")
    assert response.status_code == 503
    assert json.loads(response.content) == {"database": "ok", "cache": "error"}
    assert "Connection" not in response.content.decode()  # the reason is logged, not shown
    assert any(r.name == "honors.health" and "cache" in r.getMessage() for r in caplog.records)


def test_a_database_that_does_not_answer_is_503_naming_the_database():
    """A real app process whose DATABASE_URL points at a closed port (the suite's own database cannot be
    taken away from under it)."""
    script = (
        "import django, json; django.setup()\n"
        "from django.test import Client\n"
        "r = Client().get('/healthz/')\n"
        "print(r.status_code, r.content.decode())\n"
    )
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings",
        "TESTING": "1",
        "DATABASE_URL": f"postgres://postgres@127.0.0.1:{_closed_port()}/honors_scale_none",
        "REDIS_URL": "",
    }
    result = subprocess.run(
        [sys.executable, "-c", script],
        cwd=settings.BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    status, body = result.stdout.strip().splitlines()[-1].split(" ", 1)
    assert status == "503"
    assert json.loads(body) == {"database": "error", "cache": "ok"}


@override_settings(SECURE_SSL_REDIRECT=True, ALLOWED_HOSTS=["honors.example.gov.cn"])
def test_probes_over_plain_http_with_any_host_are_answered(client):
    """Load balancers probe each app server by its address over HTTP: no redirect to HTTPS, no 400 for the host."""
    response = client.get("/healthz/", HTTP_HOST="10.0.0.11:8001")
    assert response.status_code == 200
    # …while every other page still goes to HTTPS
    assert client.get("/", HTTP_HOST="honors.example.gov.cn").status_code == 301


@override_settings(SESSION_SAVE_EVERY_REQUEST=True)
def test_a_probe_touches_no_session(client, django_user_model):
    """With every session saved on every request, only a request that passes SessionMiddleware gets a cookie."""
    user = django_user_model.objects.create_user("probe-user", password="x")
    client.force_login(user)
    assert "sessionid" in client.get("/").cookies  # an ordinary page saves the session…
    response = client.get("/healthz/")
    assert response.status_code == 200
    assert not response.cookies  # …the probe never reaches it
    assert "Cookie" not in response.get("Vary", "")


def test_only_get_and_head(client):
    assert client.head("/healthz/").status_code == 200
    assert client.post("/healthz/").status_code == 405
