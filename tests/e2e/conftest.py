"""Browser tests: Playwright for Python driving Debian's Chromium (no browser download).

Which build: `CHROMIUM_PATH` when set; else Debian's `chromium-headless-shell` (Chromium's own headless build, the
engine of the full browser without its window, and the one Playwright itself runs for headless tests), which costs
less than half the CPU of the full browser in headless mode; else `/usr/bin/chromium`. `.ci/run` runs the suite a
second time (on PostgreSQL) with the full browser, `/usr/bin/chromium`, so both pass on every change
(docs/decisions.md 461). The report's header names the build that ran."""

import os
import shutil
from pathlib import Path

import pytest

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


def chromium_path(environ=os.environ, which=shutil.which) -> str:
    """The Chromium build the browser tests drive (the module's docstring says which and why)."""
    return (
        environ.get("CHROMIUM_PATH")
        or which("chromium-headless-shell")
        or which("chromium")
        or "/usr/bin/chromium"
    )


CHROMIUM = chromium_path()
ARTIFACTS = Path(os.environ.get("TEST_ARTIFACTS", Path(__file__).resolve().parents[2] / "test-artifacts"))


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    return {
        **browser_type_launch_args,
        "executable_path": CHROMIUM,
        "headless": True,
        "args": [
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
        ],
    }


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args):
    return {**browser_context_args, "locale": "zh-CN", "timezone_id": "Asia/Shanghai"}


@pytest.fixture
def screenshot(page):
    ARTIFACTS.mkdir(parents=True, exist_ok=True)

    def take(name: str):
        page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)

    return take
