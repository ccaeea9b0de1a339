"""Workflow test fixtures. The PostgreSQL-only module (real row locks and threads) is collected only when the
suite runs on PostgreSQL — on SQLite it is not collected at all, so nothing is reported as skipped."""

import os

import pytest

collect_ignore = []
if not os.environ.get("DATABASE_URL", "").startswith(("postgres://", "postgresql://")):
    collect_ignore.append("test_concurrency_postgres.py")


@pytest.fixture
def office(db):
    from tests.factories import user_with_role

    return user_with_role("office", username="office-b")


@pytest.fixture
def committee(db):
    from tests.factories import user_with_role

    return [user_with_role("committee", username=f"committee-b{i}") for i in range(1, 6)]
