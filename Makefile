# Smart-City Honors — the two commands of the README: `make demo` and `make test`.
SHELL := /bin/bash
VENV := .venv
PY := $(VENV)/bin/python
PYTEST_ARGS ?=
# `make test` spreads the tests over every core (pytest-xdist; PYTEST_WORKERS=0 runs them in one process) and
# keeps the migrated test database between local runs (--reuse-db; add PYTEST_ARGS=--create-db after changing a
# migration in place). CI (CI=true, set by .ci/run) always builds a fresh database.
PYTEST_WORKERS ?= auto
PYTEST_DB ?= $(if $(filter true 1,$(CI)),--create-db,--reuse-db)
DEMO_ADDR ?= 127.0.0.1:8000

# A Python 3.12+ interpreter: $PYTHON, then python3.12/python3.13 on PATH, then pyenv's.
PYTHON ?= $(shell for c in python3.12 python3.13 $$(ls -d $$HOME/.pyenv/versions/3.1[2-9]*/bin/python 2>/dev/null) /root/.pyenv/versions/3.12*/bin/python; do \
	command -v $$c >/dev/null 2>&1 && $$c -c 'import sys; sys.exit(0 if sys.version_info >= (3, 12) else 1)' 2>/dev/null && { command -v $$c; break; }; done)

.PHONY: demo test test-fast lint format bench venv system-deps backup restore clean

# Debian packages the app and its tests need, in one place (`make system-deps`; .ci/run calls it too):
# Chromium for the browser tests (its headless build, which `make test` drives, and the full browser, which CI's
# run on PostgreSQL drives: docs/decisions.md 461), CJK fonts + HarfBuzz-subset + Pango for WeasyPrint's PDFs,
# LibreOffice (headless) to check that exported Excel/Word files open, pg_dump for backups, pdftoppm for test artifacts,
# gettext for compilemessages, nginx for the scale-out test (tests/deploy: two app servers behind a local nginx)
# and wrk for the load runs through it (bench/through_nginx.py). SKIP_SYSTEM_DEPS=1 skips the check (a machine
# that is not Debian).
SYSTEM_PACKAGES := chromium chromium-headless-shell fonts-noto-cjk libharfbuzz-subset0 libpango-1.0-0 libpangoft2-1.0-0 \
	libreoffice-calc-nogui libreoffice-writer-nogui postgresql-client poppler-utils gettext nginx wrk

$(VENV)/.installed: pyproject.toml
	@if [ -z "$(PYTHON)" ]; then echo "Error: Python 3.12 or newer is required (Django 6.1). Install it, e.g. 'pyenv install 3.12', or set PYTHON=/path/to/python3.12." >&2; exit 1; fi
	@if [ ! -x $(PY) ] || ! $(PY) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 12) else 1)'; then rm -rf $(VENV); $(PYTHON) -m venv $(VENV); fi
	$(PY) -m pip install -q --upgrade pip
	$(PY) -m pip install -q -e ".[test]"
	@touch $@

venv: $(VENV)/.installed

system-deps:
ifeq ($(SKIP_SYSTEM_DEPS),1)
	@echo "system-deps: skipped (SKIP_SYSTEM_DEPS=1)"
else
	@if ! command -v dpkg >/dev/null 2>&1; then \
		echo "system-deps: this is not a Debian machine (no dpkg). Install the equivalents of: $(SYSTEM_PACKAGES)," >&2; \
		echo "then run make with SKIP_SYSTEM_DEPS=1." >&2; exit 1; fi
	@missing=""; for p in $(SYSTEM_PACKAGES); do \
		dpkg -s $$p 2>/dev/null | grep -q '^Status: install ok installed' || missing="$$missing $$p"; done; \
	if [ -z "$$missing" ]; then echo "system-deps: all Debian packages present"; exit 0; fi; \
	cmd="apt-get update -o DPkg::Lock::Timeout=600 && DEBIAN_FRONTEND=noninteractive apt-get install -y -o DPkg::Lock::Timeout=600$$missing"; \
	if [ "$$(id -u)" != 0 ]; then \
		echo "system-deps: missing Debian packages:$$missing" >&2; \
		echo "Install them as root, then run make again:" >&2; \
		echo "  sudo sh -c '$$cmd'" >&2; exit 1; fi; \
	echo "system-deps: installing$$missing"; \
	sh -c "$$cmd"
endif

# The tests keep Python's compiled modules and pytest's rewritten test modules between runs, as they keep the test
# database (--reuse-db): where the environment sets PYTHONDONTWRITEBYTECODE, each worker would rewrite the asserts of
# every test module and each server a test starts would compile the project again, on every run (docs/decisions.md 463).
TEST_ENV = env -u PYTHONDONTWRITEBYTECODE TESTING=1 DJANGO_ALLOW_ASYNC_UNSAFE=true

test: system-deps venv
	$(TEST_ENV) $(VENV)/bin/pytest -n $(PYTEST_WORKERS) --dist loadgroup $(PYTEST_DB) $(PYTEST_ARGS)

# While developing: everything but the few long end-to-end tests marked `slow` (`make test` and CI run them too).
test-fast: system-deps venv
	$(TEST_ENV) $(VENV)/bin/pytest -n $(PYTEST_WORKERS) --dist loadgroup $(PYTEST_DB) -m "not slow" $(PYTEST_ARGS)

# lint-imports: the import layers of docs/architecture.md §3 ([tool.importlinter] in pyproject.toml).
lint: venv
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/lint-imports --no-cache

format: venv
	$(VENV)/bin/ruff format .
	$(VENV)/bin/ruff check --fix .

demo: system-deps venv
	DEBUG=1 $(PY) manage.py migrate --noinput
	DEBUG=1 $(PY) manage.py seed_demo
	DEBUG=1 $(PY) manage.py print_demo_accounts
	DEBUG=1 $(PY) manage.py runserver $(DEMO_ADDR)

# `make bench` (issue 15, bench/run.py): a fresh PostgreSQL database (BENCH_DB, default honors_bench) with a
# generated city-scale campaign, gunicorn against the bare-Django floor under `wrk`, the computations; writes
# bench/results.md and bench/chart.svg within BENCH_BUDGET seconds (default 840; heavy steps have their own limits). Needs PostgreSQL and Redis running locally.
bench: system-deps venv
	$(PY) bench/run.py

# Backup and restore (docs/security.md): the database (pg_dump or SQLite's online backup), the uploaded files and a
# SHA-256 manifest; restore checks every checksum first and only writes into an empty database unless FORCE=--force.
backup: venv
	$(PY) manage.py backup $(or $(DIR),var/backups/$(shell date +%Y%m%d-%H%M%S))

restore: venv
	@test -n "$(DIR)" || { echo "Usage: make restore DIR=var/backups/<timestamp> [FORCE=--force]" >&2; exit 1; }
	$(PY) manage.py restore $(DIR) $(FORCE)

clean:
	rm -rf $(VENV) var
