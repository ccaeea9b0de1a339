# Smart-City Honors — the two commands of the README: `make demo` and `make test`.
SHELL := /bin/bash
VENV := .venv
PY := $(VENV)/bin/python
PYTEST_ARGS ?=
DEMO_ADDR ?= 127.0.0.1:8000

# A Python 3.12+ interpreter: $PYTHON, then python3.12/python3.13 on PATH, then pyenv's.
PYTHON ?= $(shell for c in python3.12 python3.13 $$(ls -d $$HOME/.pyenv/versions/3.1[2-9]*/bin/python 2>/dev/null) /root/.pyenv/versions/3.12*/bin/python; do \
	command -v $$c >/dev/null 2>&1 && $$c -c 'import sys; sys.exit(0 if sys.version_info >= (3, 12) else 1)' 2>/dev/null && { command -v $$c; break; }; done)

.PHONY: demo test lint format bench venv clean

$(VENV)/.installed: pyproject.toml
	@if [ -z "$(PYTHON)" ]; then echo "Error: Python 3.12 or newer is required (Django 6.1). Install it, e.g. 'pyenv install 3.12', or set PYTHON=/path/to/python3.12." >&2; exit 1; fi
	@if [ ! -x $(PY) ] || ! $(PY) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 12) else 1)'; then rm -rf $(VENV); $(PYTHON) -m venv $(VENV); fi
	$(PY) -m pip install -q --upgrade pip
	$(PY) -m pip install -q -e ".[test]"
	@touch $@

venv: $(VENV)/.installed

test: venv
	TESTING=1 DJANGO_ALLOW_ASYNC_UNSAFE=true $(VENV)/bin/pytest $(PYTEST_ARGS)

lint: venv
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

format: venv
	$(VENV)/bin/ruff format .
	$(VENV)/bin/ruff check --fix .

demo: venv
	DEBUG=1 $(PY) manage.py migrate --noinput
	DEBUG=1 $(PY) manage.py seed_demo
	DEBUG=1 $(PY) manage.py print_demo_accounts
	DEBUG=1 $(PY) manage.py runserver $(DEMO_ADDR)

bench: venv
	DEBUG=0 TESTING=1 $(PY) bench/run.py

clean:
	rm -rf $(VENV) var
