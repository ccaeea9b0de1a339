import os

import pytest
from hypothesis import HealthCheck
from hypothesis import settings as hypothesis_settings

os.environ.setdefault("TESTING", "1")

# Property tests check what they check, not how fast the machine is: on a shared 2-core machine (or under
# pytest-xdist) an example or a draw can take longer than Hypothesis's default 200 ms deadline and its
# "input generation is slow" health check, which would fail a correct test. The number of examples stays
# at Hypothesis's default (100).
hypothesis_settings.register_profile(
    "suite", deadline=None, suppress_health_check=[HealthCheck.too_slow], print_blob=True
)
hypothesis_settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "suite"))


def pytest_configure(config):
    """`--reuse-db` (what `make test` passes outside CI) keeps the migrated test database between runs. Django
    tests SQLite in memory, where there is nothing to keep, so with `--reuse-db` the SQLite test database is a
    file in VAR_DIR instead (pytest-xdist adds its _gw0, _gw1 … suffix). New migrations are applied to it on
    the next run; `--create-db` rebuilds it from scratch."""
    if not config.getoption("reuse_db", default=False):
        return
    from django.conf import settings

    db = settings.DATABASES["default"]
    if db["ENGINE"] == "django.db.backends.sqlite3" and not db.get("TEST", {}).get("NAME"):
        db.setdefault("TEST", {})["NAME"] = str(settings.VAR_DIR / "test-db")


# Packages (or modules) whose tests share one expensive world per run (a package- or module-scoped fixture; the
# scale-out test's running servers): pytest-xdist sends each of them whole to a single worker, so the world is
# built once, not once per worker.
SHARED_WORLD_PACKAGES = ("tests/demo/", "tests/deploy/test_scale_out.py")


def pytest_xdist_make_scheduler(config, log):
    """`make test` runs `--dist loadgroup`: tests are spread one by one over the workers, except the packages above,
    each kept whole on one worker. (pytest-xdist 3.8 groups by `xdist_group` marks through an item attribute that
    pytest 9.2 no longer reads, so the packages are named here instead; other `xdist_group` marks still count
    once xdist reads them again.)"""
    if config.getvalue("dist") != "loadgroup":
        return None
    from xdist.scheduler import LoadGroupScheduling

    class SharedWorldScheduling(LoadGroupScheduling):
        def _split_scope(self, nodeid: str) -> str:
            for package in SHARED_WORLD_PACKAGES:
                if nodeid.startswith(package):
                    return package
            return super()._split_scope(nodeid)

    return SharedWorldScheduling(config, log)


@pytest.fixture(scope="session")
def django_db_setup(request, django_db_setup, django_db_blocker):
    """A reused test database (`--reuse-db`) was left as the previous run's last transactional test left it:
    flushed, without the reference data its migrations loaded. Load that data again (the loaders are idempotent)."""
    if request.config.getoption("reuse_db", default=False):
        from tests.reference import load_reference_data

        with django_db_blocker.unblock():
            load_reference_data()


@pytest.fixture(autouse=True)
def _media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    # The signed audit checkpoints (workflow/anchors.py) go to the test's own directory, never to var/.
    settings.AUDIT_ANCHOR_DIR = tmp_path / "audit-anchors"


@pytest.fixture
def is_postgres():
    from django.db import connection

    return connection.vendor == "postgresql"


@pytest.fixture(autouse=True, scope="session")
def _fast_password_hasher():
    """Factories and demo data set passwords on many users; a fast hasher keeps the suite quick. Session-wide,
    so that worlds built once for a module or package (tests/demo) hash with it too — the demo's 71 accounts
    checked against PBKDF2 cost a quarter of a minute. Production keeps Django's default PBKDF2 hasher
    (config/settings.py)."""
    from django.test.utils import override_settings

    with override_settings(
        PASSWORD_HASHERS=[
            "django.contrib.auth.hashers.MD5PasswordHasher",
            "django.contrib.auth.hashers.PBKDF2PasswordHasher",
        ]
    ):
        yield


def _is_transactional(request) -> bool:
    marker = request.node.get_closest_marker("django_db")
    return bool(marker and marker.kwargs.get("transaction")) or "transactional_db" in request.fixturenames


@pytest.fixture(autouse=True)
def reference_data(request):
    """Every transactional test starts with the reference data the migrations load (see tests/reference.py)."""
    if _is_transactional(request):
        from tests.reference import load_reference_data

        request.getfixturevalue("transactional_db")
        load_reference_data()


@pytest.fixture(autouse=True)
def _chinese_by_default():
    """Every test starts in the default language, whatever language an earlier test's request left active."""
    from django.conf import settings
    from django.utils import translation

    translation.activate(settings.LANGUAGE_CODE)
    yield
    translation.activate(settings.LANGUAGE_CODE)


@pytest.fixture(autouse=True)
def _empty_cache():
    """Rate limits (objections, confirmation mails) count in the cache: every test starts with none counted."""
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def advance_clock():
    """The training clock the application uses (config/clock.py): `advance_clock(campaign, days=N)` moves a
    培训演练 campaign forward N calendar days, `advance_clock(campaign, to=date)` to a date; returns the new
    simulated date. Tests move time the same way the office does — through the one clock function."""
    import datetime

    from config import clock

    def advance(campaign, *, days: int | None = None, to: datetime.date | None = None):
        target = to or clock.today(campaign) + datetime.timedelta(days=days or 0)
        clock.advance_to(campaign=campaign, target=target)
        campaign.refresh_from_db()
        return clock.today(campaign)

    return advance
