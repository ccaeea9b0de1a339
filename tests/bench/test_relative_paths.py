"""The bench report names files relative to the repository, never by a path of the machine it ran on (issue 26
item 7; the guide: no absolute path of a machine in a committed file)."""

import re
import sys
from pathlib import Path

from bench.paths import ROOT, relative_paths


def test_repository_and_venv_paths_become_relative():
    site = (
        Path(sys.prefix)
        / "lib"
        / f"python{sys.version_info.major}.{sys.version_info.minor}"
        / "site-packages"
    )
    text = (
        f"Profile at {ROOT}/bench/run.py:608\n"
        f"2.7% XFrameOptionsMiddleware.__call__  {site}/django/utils/deprecation.py:435\n"
    )
    out = relative_paths(text)
    assert "Profile at bench/run.py:608" in out
    assert "  django/utils/deprecation.py:435" in out
    assert str(ROOT) not in out and sys.prefix not in out


def test_committed_bench_files_hold_no_machine_path():
    absolute = re.compile(r"(?<![\w.])/(?:work|root|home|tmp|Users)/")
    offenders = [
        f"{path.relative_to(ROOT)}:{n}"
        for path in sorted((ROOT / "bench").rglob("*"))
        if path.is_file() and path.suffix in {".md", ".json", ".svg", ".txt"}
        for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if absolute.search(line)
    ]
    assert offenders == []
