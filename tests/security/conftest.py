"""Security tests. The PostgreSQL-only module (real row locks and threads) is collected only when the suite runs
on PostgreSQL, like tests/workflow/test_concurrency_postgres.py."""

import os

collect_ignore = []
if not os.environ.get("DATABASE_URL", "").startswith(("postgres://", "postgresql://")):
    collect_ignore.append("test_audit_concurrency_postgres.py")
    collect_ignore.append("test_frozen_rules_postgres.py")
