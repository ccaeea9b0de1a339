"""PostgreSQL-only tests (real unique constraints and row locks with threads). On SQLite the folder is not
collected at all, so nothing is reported as skipped."""

import os

collect_ignore = []
if not os.environ.get("DATABASE_URL", "").startswith(("postgres://", "postgresql://")):
    collect_ignore += ["test_concurrent_ballots.py", "test_first_ballot.py"]
