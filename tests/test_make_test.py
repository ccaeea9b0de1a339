"""`make test` and `make test-fast` run pytest with Python's compiled files kept, even where the environment sets
PYTHONDONTWRITEBYTECODE (docs/decisions.md 463): the recipe's own environment, as make prints it, run with the
variable set."""

import os
import shlex
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
PROBE = [sys.executable, "-c", "import sys; print(sys.dont_write_bytecode)"]


def recipe_prefix(target: str) -> list[str]:
    """The words the target's recipe puts before pytest (`make -n`: printed, not run)."""
    env = {k: v for k, v in os.environ.items() if k not in ("MAKEFLAGS", "MAKELEVEL", "MFLAGS")}
    printed = subprocess.run(
        ["make", "-n", "-s", target, "SKIP_SYSTEM_DEPS=1"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    words = next(shlex.split(line) for line in printed.splitlines() if "/bin/pytest " in line)
    return words[: next(i for i, word in enumerate(words) if word.endswith("/bin/pytest"))]


@pytest.mark.parametrize("target", ["test", "test-fast"])
def test_the_tests_write_compiled_files_where_the_environment_says_not_to(target):
    ran = subprocess.run(
        [*recipe_prefix(target), *PROBE],
        cwd=ROOT,
        env={**os.environ, "PYTHONDONTWRITEBYTECODE": "1"},
        capture_output=True,
        text=True,
        check=True,
    )
    assert ran.stdout.strip() == "False"


def test_the_probe_sees_the_variable_without_the_recipe():
    """The check above can fail: the same probe without the recipe's prefix reads the variable."""
    ran = subprocess.run(
        PROBE,
        env={**os.environ, "PYTHONDONTWRITEBYTECODE": "1"},
        capture_output=True,
        text=True,
        check=True,
    )
    assert ran.stdout.strip() == "True"
