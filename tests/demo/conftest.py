"""The demo world (`manage.py seed_demo`), built once for every test of this package and for the other tests that
read the demo (`demo_world` and `DEMO_WORLD_USERS` in tests/conftest.py): seeded twice (the second run proves
`seed_demo` idempotent) inside a transaction that is rolled back when the last of those tests has run. Each test
still runs in its own savepoint, so nothing one test writes is seen by the next."""

import pytest


@pytest.fixture
def demo(demo_world):
    """The counts after the first and the second `seed_demo`, and the second run's output."""
    return demo_world
