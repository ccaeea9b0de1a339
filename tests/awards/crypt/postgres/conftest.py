"""PostgreSQL-only tests (key rotation with a crash in the middle, the pg_dump backup). On SQLite the folder is
not collected at all, so nothing is reported as skipped."""

import os

collect_ignore = []
if not os.environ.get("DATABASE_URL", "").startswith(("postgres://", "postgresql://")):
    collect_ignore.append("test_rotation_postgres.py")
