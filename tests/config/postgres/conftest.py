"""PostgreSQL-only tests (the squashed migrations build the database the replaced ones built). On SQLite the
folder is not collected at all, so nothing is reported as skipped."""

import os

collect_ignore = []
if not os.environ.get("DATABASE_URL", "").startswith(("postgres://", "postgresql://")):
    collect_ignore.append("test_squashed_migrations_postgres.py")
