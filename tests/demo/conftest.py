"""The demo world (`manage.py seed_demo`), built once for every test of this package.

Seeding is the slowest set-up in the suite, so the tests that read the demo live together here and share one
world: a package-scoped fixture seeds it twice (the second run proves `seed_demo` idempotent) inside a
transaction that is rolled back when the package's last test has run. Each test still runs in its own
savepoint, so nothing one test writes is seen by the next. Under pytest-xdist the whole package goes to one
worker (`pytest_xdist_make_scheduler` in tests/conftest.py), so the world is built once per run, not once per worker."""

import io

import pytest
from django.core.management import call_command
from django.db import transaction
from django.test.utils import override_settings

from tests.demo.world import demo_counts


@pytest.fixture(scope="package")
def demo(django_db_setup, django_db_blocker, tmp_path_factory):
    """Seed once for the package (twice, to prove idempotence) inside a transaction rolled back at the end."""
    with django_db_blocker.unblock(), override_settings(MEDIA_ROOT=tmp_path_factory.mktemp("media")):
        atomic = transaction.atomic()
        atomic.__enter__()
        try:
            call_command("seed_demo", "--force", stdout=io.StringIO())
            first = demo_counts()
            out = io.StringIO()
            call_command("seed_demo", "--force", stdout=out)
            yield {"first": first, "second": demo_counts(), "second_output": out.getvalue()}
        finally:
            transaction.set_rollback(True)
            atomic.__exit__(None, None, None)
