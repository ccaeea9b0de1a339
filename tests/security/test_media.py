"""Issue 21 (low): the `DEBUG=1` demo served `/media/` to anyone. Uploaded photos and evidence hold personal data
and go out only through the permission-checked download views, whatever DEBUG says."""

import importlib

import pytest
from django.test import Client, override_settings
from django.urls import clear_url_caches

import config.urls


@pytest.fixture
def debug_urls(settings, tmp_path):
    """The project's URLs as a DEBUG=1 server builds them (they are read once, at import)."""
    settings.MEDIA_ROOT = tmp_path
    with override_settings(DEBUG=True):
        importlib.reload(config.urls)
        clear_url_caches()
        try:
            yield tmp_path
        finally:
            importlib.reload(config.urls)
            clear_url_caches()


@pytest.mark.django_db
def test_media_is_not_served_directly_even_with_debug(debug_urls):
    (debug_urls / "photos").mkdir()
    (debug_urls / "photos" / "id-photo.jpg").write_bytes(b"\xff\xd8\xff\xe0 personal photo")
    (debug_urls / "evidence.pdf").write_bytes(b"%PDF-1.4 personal evidence")
    for path in ("/media/photos/id-photo.jpg", "/media/evidence.pdf"):
        response = Client().get(path)
        assert response.status_code == 404, path
        assert b"personal" not in b"".join(getattr(response, "streaming_content", [response.content]))
