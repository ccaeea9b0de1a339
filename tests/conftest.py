import os

import pytest

os.environ.setdefault("TESTING", "1")


@pytest.fixture(autouse=True)
def _media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def is_postgres():
    from django.db import connection

    return connection.vendor == "postgresql"
