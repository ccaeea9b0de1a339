"""Response headers and deployment checks: Django's Content-Security-Policy with no inline script, style or
event handler anywhere in the page templates, and `manage.py check --deploy` clean with the production
variables documented in docs/deployment.md."""

import base64
import os
import pathlib
import re
import secrets
import subprocess
import sys

import pytest
from django.conf import settings
from django.urls import reverse

ROOT = pathlib.Path(__file__).resolve().parents[2]
#: templates rendered to PDF by WeasyPrint (never served as a page) may carry their own <style>
DOCUMENT_TEMPLATES = (
    "templates/documents/",
    "templates/workflow/documents/",
    "templates/scoring/sheet_pdf.html",
)


def _page_templates():
    for path in sorted((ROOT / "templates").rglob("*.html")):
        rel = path.relative_to(ROOT).as_posix()
        if not rel.startswith(DOCUMENT_TEMPLATES):
            yield rel, path.read_text(encoding="utf-8")


def test_page_templates_have_no_inline_script_style_or_event_handler():
    problems = []
    for rel, text in _page_templates():
        for tag in re.findall(r"<script\b[^>]*>", text):
            if "src=" not in tag and "application/json" not in tag:
                problems.append(f"{rel}: inline {tag}")
        problems += [f"{rel}: event handler {m}" for m in re.findall(r"\son[a-z]+\s*=", text)]
        problems += [f"{rel}: style attribute" for _ in re.findall(r"\sstyle\s*=", text)]
        problems += [f"{rel}: <style> element" for _ in re.findall(r"<style\b", text)]
        problems += [f"{rel}: javascript: URL" for _ in re.findall(r"javascript:", text, re.IGNORECASE)]
    assert problems == []


def test_scripts_do_not_build_inline_handlers_or_evaluate_strings():
    problems = []
    for path in sorted((ROOT / "static" / "js").glob("*.js")):
        text = path.read_text(encoding="utf-8")
        for pattern in (
            r"\beval\(",
            r"new Function\(",
            r"setAttribute\(\s*[\"']on",
            r"setAttribute\(\s*[\"']style",
        ):
            problems += [f"{path.name}: {pattern}" for _ in re.findall(pattern, text)]
    assert problems == []


@pytest.mark.django_db
def test_every_page_carries_the_content_security_policy(client):
    response = client.get(reverse("awards:home"))
    policy = response["Content-Security-Policy"]
    directives = dict(part.strip().split(" ", 1) for part in policy.split(";"))
    assert directives["script-src"] == "'self'"
    assert directives["style-src"] == "'self'"
    assert directives["object-src"] == "'none'"
    assert directives["frame-ancestors"] == "'none'"
    assert "unsafe-inline" not in policy and "unsafe-eval" not in policy
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"


def _documented_production_environment() -> dict[str, str]:
    """The `KEY=value` lines of the block marked <!-- production-env --> in docs/deployment.md."""
    text = (ROOT / "docs" / "deployment.md").read_text(encoding="utf-8")
    block = text.split("<!-- production-env -->", 1)[1].split("```", 2)[1]
    env = {}
    for line in block.splitlines():
        line = line.strip()
        if line and not line.startswith(("#", "sh")) and "=" in line:
            key, value = line.split("=", 1)
            env[key.strip()] = value.strip()
    return env


def test_check_deploy_is_clean_with_the_documented_production_variables(tmp_path):
    documented = _documented_production_environment()
    for key in (
        "DEBUG",
        "SECRET_KEY",
        "PUBLIC_VOTE_HMAC_KEY",
        "AUDIT_HMAC_KEY",
        "FIELD_ENCRYPTION_KEYS",
        "FIELD_ENCRYPTION_KEY_ID",
        "BLIND_INDEX_KEY",
        "SECURE_SSL_REDIRECT",
        "SECURE_HSTS_SECONDS",
        "SECURE_COOKIES",
        "SITE_URL",  # the certificates' QR codes (verify.W001)
    ):
        assert key in documented, f"docs/deployment.md does not document {key}"
    # a clean process environment: only the documented variables (not the test run's TESTING, DEBUG, …)
    env = {k: os.environ[k] for k in ("PATH", "HOME", "LANG") if k in os.environ}
    env.update(documented)
    env.update(
        {
            # the docs say where the secrets come from, never their values
            "SECRET_KEY": secrets.token_urlsafe(64),
            "PUBLIC_VOTE_HMAC_KEY": secrets.token_urlsafe(64),
            "AUDIT_HMAC_KEY": secrets.token_urlsafe(64),
            "FIELD_ENCRYPTION_KEYS": "k1=" + base64.b64encode(secrets.token_bytes(32)).decode(),
            "FIELD_ENCRYPTION_KEY_ID": "k1",
            "BLIND_INDEX_KEY": secrets.token_urlsafe(64),
            "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}",
            "VAR_DIR": str(tmp_path),
        }
    )
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_https_settings_come_from_the_environment(tmp_path):
    code = (
        "from django.conf import settings as s;"
        "print(s.SECURE_SSL_REDIRECT, s.SECURE_HSTS_SECONDS, s.SECURE_HSTS_INCLUDE_SUBDOMAINS,"
        " s.SECURE_PROXY_SSL_HEADER, s.SESSION_COOKIE_SECURE, s.CSRF_COOKIE_SECURE, s.TRUSTED_PROXIES)"
    )
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings",
        "VAR_DIR": str(tmp_path),
        "SECURE_SSL_REDIRECT": "1",
        "SECURE_HSTS_SECONDS": "600",
        "SECURE_HSTS_INCLUDE_SUBDOMAINS": "1",
        "SECURE_PROXY_SSL_HEADER": "1",
        "SECURE_COOKIES": "1",
        "TRUSTED_PROXIES": "10.0.0.1,10.1.0.0/16",
    }
    out = subprocess.run(
        [sys.executable, "-c", f"import django; django.setup(); {code}"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert out.stdout.strip() == (
        "True 600 True ('HTTP_X_FORWARDED_PROTO', 'https') True True ['10.0.0.1', '10.1.0.0/16']"
    ), out.stderr
    assert settings.SECURE_SSL_REDIRECT is False  # the embedded default stays plain HTTP for `make demo`
