"""The import layers of docs/architecture.md §3 are checked by a tool (issue 26 item 4): `lint-imports` (the
`[tool.importlinter]` contracts in pyproject.toml, run by `make lint` and .ci/run) passes on the tree and fails on a
copy of it with one new upward import; no import cycle exists anywhere, deferred (function-local) imports included."""

import ast
import re
import shutil
import subprocess
import sys
import tomllib
from collections import defaultdict
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
PACKAGES = ("config", "audit", "notices", "awards", "scoring", "workflow", "security", "demo")
LINT_IMPORTS = Path(sys.executable).parent / "lint-imports"


def _lint_imports(where: Path) -> subprocess.CompletedProcess:
    return subprocess.run(
        [str(LINT_IMPORTS), "--no-cache", "--config", str(where / "pyproject.toml")],
        cwd=where,
        env={"PYTHONPATH": str(where), "PATH": "/usr/bin:/bin", "LANG": "C.UTF-8"},
        capture_output=True,
        text=True,
        timeout=300,
    )


def test_the_tree_keeps_every_import_contract():
    run = _lint_imports(ROOT)
    assert run.returncode == 0, run.stdout + run.stderr
    assert "0 broken" in run.stdout


def test_selectors_import_no_service_without_an_exception():
    """The reads a service needs too live on the read side (docs/architecture.md §3): the selectors-read contract
    names no exception, so a selector importing a service fails `make lint` whatever it imports."""
    contracts = tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["importlinter"]["contracts"]
    selectors = next(c for c in contracts if c["id"] == "selectors-read")
    assert "ignore_imports" not in selectors


@pytest.mark.parametrize(
    ("module", "line", "contract"),
    [
        # awards sits below workflow: asking the procedure from an awards service is an upward import
        (
            "awards/services/_probe.py",
            "from workflow.services import transitions  # noqa",
            "awards.services._probe",
        ),
        # the notices sit below awards: a notice's row and mail know nothing of an application
        (
            "notices/_probe.py",
            "def f():\n    from awards.models import Application  # noqa\n",
            "notices._probe",
        ),
        # the mechanism in config imports no app (the page cache's invalidation list lives in workflow)
        ("config/_probe.py", "def f():\n    from scoring.models import Ballot  # noqa\n", "config._probe"),
        # a selector reaching a service
        (
            "scoring/selectors/_probe.py",
            "from scoring.services import sheets  # noqa",
            "scoring.selectors._probe",
        ),
    ],
)
def test_a_new_upward_import_fails_lint(tmp_path, module, line, contract):
    """What `make lint` does on a change that adds one forbidden import: it fails and names the import."""
    for name in PACKAGES:
        shutil.copytree(ROOT / name, tmp_path / name, ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copy(ROOT / "pyproject.toml", tmp_path / "pyproject.toml")
    assert _lint_imports(tmp_path).returncode == 0  # the copy itself is clean
    (tmp_path / module).write_text(line + "\n")
    run = _lint_imports(tmp_path)
    assert run.returncode == 1, run.stdout
    assert re.search(rf"^-\s+{re.escape(contract)} -> ", run.stdout, re.MULTILINE), run.stdout


def import_cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected components of more than one module (Tarjan, iterative)."""
    index, low, on_stack, stack, cycles, counter = {}, {}, set(), [], [], [0]

    def visit(root):
        work = [(root, iter(sorted(graph.get(root, ()))))]
        index[root] = low[root] = counter[0]
        counter[0] += 1
        stack.append(root)
        on_stack.add(root)
        while work:
            node, children = work[-1]
            child = next(children, None)
            if child is not None:
                if child not in index:
                    index[child] = low[child] = counter[0]
                    counter[0] += 1
                    stack.append(child)
                    on_stack.add(child)
                    work.append((child, iter(sorted(graph.get(child, ())))))
                elif child in on_stack:
                    low[node] = min(low[node], index[child])
                continue
            work.pop()
            if work:
                low[work[-1][0]] = min(low[work[-1][0]], low[node])
            if low[node] == index[node]:
                component = []
                while True:
                    member = stack.pop()
                    on_stack.discard(member)
                    component.append(member)
                    if member == node:
                        break
                if len(component) > 1:
                    cycles.append(sorted(component))

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return cycles


def _import_graph() -> dict[str, set[str]]:
    """Every import of each module — at the top, inside a function, an `if` or a `try` — except those under
    `if TYPE_CHECKING:` (never run), migrations excluded."""
    files = {}
    for package in PACKAGES:
        for path in (ROOT / package).rglob("*.py"):
            if "migrations" in path.parts:
                continue
            parts = path.relative_to(ROOT).with_suffix("").parts
            files[".".join(parts[:-1] if parts[-1] == "__init__" else parts)] = path

    def resolve(name):
        while name and name not in files:
            name = name.rpartition(".")[0]
        return name or None

    graph = defaultdict(set)
    for module, path in files.items():
        package = module if path.name == "__init__.py" else module.rpartition(".")[0]
        tree = ast.parse(path.read_text())
        typing_only = {
            id(inner)
            for node in ast.walk(tree)
            if isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test)
            for inner in ast.walk(node)
        }
        for node in ast.walk(tree):
            if id(node) in typing_only:
                continue
            targets = []
            if isinstance(node, ast.Import):
                targets = [a.name for a in node.names]
            elif isinstance(node, ast.ImportFrom):
                base = node.module or ""
                if node.level:
                    up = package.split(".")[: len(package.split(".")) - node.level + 1]
                    base = ".".join(up + ([base] if base else []))
                targets = [f"{base}.{a.name}" for a in node.names]
            for target in filter(None, map(resolve, targets)):
                if target != module:
                    graph[module].add(target)
    return graph


def test_the_cycle_finder_finds_a_cycle():
    assert import_cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c"]]
    assert import_cycles({"a": {"b"}, "b": set()}) == []


def test_no_import_cycle_anywhere_deferred_imports_included():
    """No set of modules imports itself round, not even through an import deferred into a function: the
    five-file cycle through scoring/services/shortlist.py and workflow/guards/phases.py stays broken, and so do
    the three that were kept by a function-local import (awards' models and frozen fields, the form's PDF and
    its task, the working-day calendar and the in-unit notice; docs/decisions.md 460)."""
    graph = _import_graph()
    assert "workflow.guards.phases" in graph and "awards.tasks" in graph["awards.documents.pdf"]  # all read
    assert import_cycles(graph) == []
