"""Paths in the bench's report are relative to the repository (issue 26 item 7): a light module, so tests can
import it without starting the bench (bench/run.py prepares its database when imported)."""

import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def relative_paths(text: str) -> str:
    """The report names files relative to the repository (and installed packages by their own name), never by a
    path of the machine it ran on (issue 26 item 7): `<repo>/bench/run.py` becomes `bench/run.py`, and
    `<venv>/lib/python3.12/site-packages/django/...` becomes `django/...`."""
    prefixes = {
        p.rstrip("/") for p in (sys.prefix, sys.base_prefix, *sys.path) if p.startswith("/") and len(p) > 1
    }
    for prefix in sorted(prefixes, key=len, reverse=True):  # the venv before the repository that holds it
        text = re.sub(re.escape(prefix) + r"/(?:lib/python[0-9.]+/(?:site-packages/)?)?", "", text)
    return text.replace(f"{ROOT}/", "")
