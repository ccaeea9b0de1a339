import functools
import os

import pytest
from hypothesis import HealthCheck
from hypothesis import settings as hypothesis_settings

from tests.stack import with_room

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
    # One `migrate` per run, not one per pytest-xdist worker (tests/migrated_once.py): in memory (CI), and for the
    # kept file databases of a fresh clone.
    if hasattr(config, "workerinput"):
        from tests import migrated_once

        migrated_once.install(config)
    if not config.getoption("reuse_db", default=False):
        return
    from django.conf import settings

    db = settings.DATABASES["default"]
    if db["ENGINE"] == "django.db.backends.sqlite3" and not db.get("TEST", {}).get("NAME"):
        db.setdefault("TEST", {})["NAME"] = str(settings.VAR_DIR / "test-db")


def pytest_report_header(config):
    from tests.e2e.conftest import CHROMIUM  # the build the browser tests run (docs/decisions.md 461)

    return f"browser tests: {CHROMIUM}"


def pytest_unconfigure(config):
    from tests import migrated_once

    migrated_once.uninstall()


# Tests that share one expensive world per run go whole to one pytest-xdist worker, so the world is built once,
# not once per worker: the demo world (`demo_world` below; its users are listed here by path, since the scheduler
# sees node ids only), each deploy test module's running servers, and the fifty applications of the print-layout
# tests. A module-scoped world split over the workers, or interleaved there with other modules' tests, is built
# again for each run of consecutive tests of its module.
DEMO_WORLD_USERS = (
    "tests/demo/",
    "tests/scoring/public_input/test_demo.py",
    "tests/security/test_admin_readonly.py",
)
#: Modules with a module-scoped world, each a group of its own: each deploy module's stack of servers behind nginx
#: (deploy/localstack.py), and the print-layout tests' fifty applications. Named one by one, not all of
#: tests/deploy/: a module there that reads the test database (test_health.py), grouped, would be handed out with
#: the deploy groups at the start and wait on the lock while the other worker migrates (tests/migrated_once.py).
MODULE_WORLDS = (
    "tests/deploy/test_scale_out.py",
    "tests/deploy/test_microcache.py",
    "tests/deploy/test_client_limits.py",
    "tests/deploy/test_office_page_kept.py",
    "tests/deploy/test_mail_deployed.py",
    "tests/deploy/test_rows_kept_deployed.py",
    "tests/workflow/office/test_print_layout.py",
)
SHARED_WORLD_GROUPS = {
    **dict.fromkeys(DEMO_WORLD_USERS, "demo-world"),
    **{m: m for m in MODULE_WORLDS},
}


def shared_world_group(nodeid: str) -> str | None:
    for prefix, group in SHARED_WORLD_GROUPS.items():
        if nodeid.startswith(prefix):
            return group
    return None


def pytest_xdist_make_scheduler(config, log):
    """`make test` runs `--dist loadgroup`: tests are spread one by one over the workers, except the groups above,
    each kept whole on one worker. (pytest-xdist 3.8 groups by `xdist_group` marks through an item attribute that
    pytest 9.2 no longer reads, so the groups are named here instead; other `xdist_group` marks still count
    once xdist reads them again.)"""
    if config.getvalue("dist") != "loadgroup":
        return None
    from xdist.scheduler import LoadGroupScheduling

    class SharedWorldScheduling(LoadGroupScheduling):
        def _split_scope(self, nodeid: str) -> str:
            return shared_world_group(nodeid) or super()._split_scope(nodeid)

    return SharedWorldScheduling(config, log)


#: Transactional tests that each take several seconds or more (a whole campaign in the browser, the migrations run
#: back and forth, the demo seeded and committed), longest first as measured (decisions 387). pytest-django runs the
#: transactional tests after the others (each ends by emptying the database); among them these go first, so
#: that the short ones that follow keep the other pytest-xdist worker busy instead of one long test ending the
#: run alone (longest first; xdist hands tests out in this order, one at a time).
LONG_TRANSACTIONAL = (
    "tests/e2e/test_office_campaign.py",
    "tests/awards/crypt/test_migration.py",
    "tests/e2e/test_two_factor.py::test_idle_timeout_warns_then_signs_out",  # waits for the idle timer
    "tests/e2e/test_fairness_view.py",
    "tests/awards/crypt/test_backup_ciphertext.py",
)


def _is_transactional_item(item) -> bool:
    """As pytest-django sorts them (`get_order_number`): a `django_db(transaction=True)` mark, or a fixture that
    empties the database after the test."""
    marker = item.get_closest_marker("django_db")
    fixtures = getattr(item, "fixturenames", ())
    return bool(
        (marker and (marker.kwargs.get("transaction") or marker.kwargs.get("reset_sequences")))
        or "transactional_db" in fixtures
        or "live_server" in fixtures
    )


def _uses_db(item) -> bool:
    """As pytest-django decides it: a `django_db` mark, or the `db` fixture, or a transactional one."""
    fixtures = getattr(item, "fixturenames", ())
    return bool(item.get_closest_marker("django_db") or "db" in fixtures or _is_transactional_item(item))


def _long_first(item) -> int:
    for rank, prefix in enumerate(LONG_TRANSACTIONAL):
        if item.nodeid.startswith(prefix):
            return rank
    return len(LONG_TRANSACTIONAL)


@pytest.hookimpl(trylast=True)
def pytest_collection_modifyitems(items):
    """After pytest-django's own ordering: the tests without a database first (pytest-django puts them last; they
    have no place in its order, and first they keep the second pytest-xdist worker busy while the first migrates
    the run's test database, so that it then copies it, tests/migrated_once.py), the long transactional tests
    first among the transactional ones (`LONG_TRANSACTIONAL`), and the tests of the demo world one after the other,
    so that the world is seeded once for all of them, in one process as under pytest-xdist (where the group's tests
    arrive together and in this order). Each sort is stable: the rest keep their order."""
    items.sort(key=lambda item: _uses_db(item))
    transactional = [i for i, item in enumerate(items) if _is_transactional_item(item)]
    if transactional:
        start, end = transactional[0], transactional[-1] + 1
        if all(_is_transactional_item(item) for item in items[start:end]):
            items[start:end] = sorted(items[start:end], key=_long_first)
    users = [item for item in items if "demo_world" in getattr(item, "fixturenames", ())]
    if not users:
        return
    first = items.index(users[0])
    others = [item for item in items if "demo_world" not in getattr(item, "fixturenames", ())]
    items[:] = others[:first] + users + others[first:]


class DemoWorld:
    """`manage.py seed_demo`, run twice (the second run proves it idempotent), inside a transaction that stays open
    while the tests that read the demo run, and is rolled back after the last of them (`pytest_runtest_teardown`
    below). Each test still runs in its own savepoint (pytest-django's `db`), so nothing one test writes is seen
    by the next. Seeding is the slowest set-up of the suite (about a minute on a shared 2-core machine): the
    tests/demo package, tests/scoring/public_input/test_demo.py and tests/security/test_admin_readonly.py share it."""

    def __init__(self):
        self.data = None
        self._atomic = None
        self._unblocked = None
        self._media = None

    def open(self, django_db_blocker, media_root):
        if self.data is not None:
            return self.data
        import io

        from django.core.management import call_command
        from django.db import transaction
        from django.test.utils import override_settings

        from tests.demo.world import demo_counts

        self._unblocked = django_db_blocker.unblock()
        self._unblocked.__enter__()
        self._media = override_settings(MEDIA_ROOT=media_root)
        self._media.enable()
        self._atomic = transaction.atomic()
        self._atomic.__enter__()
        try:
            call_command("seed_demo", "--force", stdout=io.StringIO())
            first = demo_counts()
            out = io.StringIO()
            call_command("seed_demo", "--force", stdout=out)
            self.data = {"first": first, "second": demo_counts(), "second_output": out.getvalue()}
        except BaseException:
            self.close()
            raise
        return self.data

    def close(self):
        if self._atomic is None:
            return
        from django.db import transaction

        try:
            transaction.set_rollback(True)
            self._atomic.__exit__(None, None, None)
        finally:
            self._media.disable()
            self._unblocked.__exit__(None, None, None)
            self._atomic = self._media = self._unblocked = self.data = None


_demo_world = DemoWorld()


@pytest.fixture(scope="module")
def demo_world(django_db_setup, django_db_blocker, tmp_path_factory):
    """The demo world (see `DemoWorld`): module-scoped so that it is in place before the test's own transaction
    opens; seeded by the first module that asks, kept for the next ones."""
    return _demo_world.open(django_db_blocker, tmp_path_factory.mktemp("demo-media"))


@pytest.hookimpl(wrapper=True)
def pytest_runtest_teardown(item, nextitem):
    """Roll the demo world back once the next test does not read it (or there is none)."""
    try:
        return (yield)
    finally:
        if nextitem is None or "demo_world" not in getattr(nextitem, "fixturenames", ()):
            _demo_world.close()


@pytest.hookimpl(wrapper=True)
def pytest_pyfunc_call(pyfuncitem):
    """Each test function called with room on the frame stack (tests/stack.py, docs/decisions.md 464): Django's test
    client calls the views in the test's own frames, where Python 3.12 mapped and unmapped a chunk of its frame stack
    about 2,400 times per row of the security matrix."""
    test = pyfuncitem.obj
    pyfuncitem.obj = functools.partial(with_room, test)
    try:
        return (yield)
    finally:
        pyfuncitem.obj = test


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
    """Rate limits (objections, confirmation mails) count in the cache: every test starts with none counted. The
    rubrics kept in the process are read again too (a test's rolled-back rubric write sends no signal)."""
    from django.core.cache import cache

    from scoring.selectors import kept_rubrics

    cache.clear()
    kept_rubrics.forget()
    yield
    cache.clear()


@pytest.fixture
def advance_clock():
    """The training clock the application uses (config/clock.py): `advance_clock(campaign, days=N)` moves a
    培训演练 campaign forward N calendar days, `advance_clock(campaign, to=date)` to a date; returns the new
    simulated date. Tests move time the same way the office does — through the one clock function."""
    import datetime

    from workflow.services import clock

    def advance(campaign, *, days: int | None = None, to: datetime.date | None = None):
        target = to or clock.today(campaign) + datetime.timedelta(days=days or 0)
        clock.advance_to(campaign=campaign, target=target)
        campaign.refresh_from_db()
        return clock.today(campaign)

    return advance
