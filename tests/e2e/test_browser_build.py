"""Which Chromium the browser tests drive (docs/decisions.md 461): `make test` the headless build when it is
installed, CI's second run the full browser, and both are installed by `make system-deps`."""

import re
import shlex
from pathlib import Path

from tests.e2e.conftest import chromium_path

ROOT = Path(__file__).resolve().parents[2]
HEADLESS, FULL = "/usr/bin/chromium-headless-shell", "/usr/bin/chromium"


def which_from(installed: set[str]):
    return lambda name: f"/usr/bin/{name}" if name in installed else None


def test_the_headless_build_when_installed_else_the_full_browser():
    both = which_from({"chromium", "chromium-headless-shell"})
    assert chromium_path({}, both) == HEADLESS
    assert chromium_path({}, which_from({"chromium"})) == FULL
    assert chromium_path({}, which_from(set())) == FULL


def test_chromium_path_in_the_environment_wins():
    both = which_from({"chromium", "chromium-headless-shell"})
    assert chromium_path({"CHROMIUM_PATH": FULL}, both) == FULL
    assert chromium_path({"CHROMIUM_PATH": ""}, both) == HEADLESS


def test_system_deps_install_both_builds():
    makefile = (ROOT / "Makefile").read_text()
    packages = re.search(r"^SYSTEM_PACKAGES := (.*?)(?<!\\)\n", makefile, re.M | re.S).group(1)
    assert {"chromium", "chromium-headless-shell"} <= set(packages.replace("\\\n", " ").split())


def test_ci_runs_the_suite_once_with_the_full_browser():
    """.ci/run's two `make test` lines: one (on PostgreSQL) sets CHROMIUM_PATH to the full browser."""
    runs = [
        shlex.split(line)
        for line in (ROOT / ".ci/run").read_text().splitlines()
        if line.endswith("make test")
    ]
    assert len(runs) == 2
    settings = [dict(word.split("=", 1) for word in run[:-2]) for run in runs]
    assert settings[0] == {}
    assert settings[1].get("CHROMIUM_PATH") == FULL and settings[1].get("DATABASE_URL", "").startswith(
        "postgres"
    )
