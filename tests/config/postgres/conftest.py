"""PostgreSQL-only tests (the squashed migrations build the database the replaced ones built; prepared statements).
On SQLite the folder is not collected at all, so nothing is reported as skipped."""

import os

collect_ignore_glob = []
if not os.environ.get("DATABASE_URL", "").startswith(("postgres://", "postgresql://")):
    collect_ignore_glob.append("test_*_postgres.py")
