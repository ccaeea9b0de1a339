"""config/text.py: a message put together from parts is punctuated in the reader's language (docs/decisions.md 466),
and no app joins a message's list with the Chinese marks by hand."""

import ast
from pathlib import Path

import pytest
from django.conf import settings
from django.utils import translation

from config.text import aside, clauses, labelled, series


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        ("zh-hans", ("甲、乙、丙", "甲；乙", "姓名：不能为空", "基本情况（20）")),
        ("en", ("a, b, c", "a; b", "Name: required", "Overview (20)")),
    ],
)
def test_the_marks_follow_the_language(language, expected):
    words = (
        ("甲", "乙", "丙", "姓名", "不能为空", "基本情况")
        if language == "zh-hans"
        else ("a", "b", "c", "Name", "required", "Overview")
    )
    with translation.override(language):
        got = (
            series(words[:3]),
            clauses(words[:2]),
            labelled(words[3], words[4]),
            words[5] + aside(20),
        )
    assert got == expected


def test_a_single_item_and_none_have_no_mark():
    with translation.override("en"):
        assert series(["a"]) == "a" and series([]) == "" and clauses(iter(["x"])) == "x"


#: Modules that write Chinese whatever the reader's language: the score matrix's zh-only sheet (decision 465), the
#: retention purge's report to the operator (a command written in Chinese only), and the squashed-migration check,
#: which writes both languages itself.
CHINESE_ONLY = {
    "scoring/documents/sheets.py",
    "workflow/management/commands/purge_expired_materials.py",
    "config/squashed_migrations.py",
}
MARKS = {"、", "；", "："}


def _hand_joins(path: Path) -> list[int]:
    """Lines of `"、".join(…)`, `"；".join(…)` or `"：".join(…)`."""
    lines = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Attribute)
            and node.func.attr == "join"
            and isinstance(node.func.value, ast.Constant)
            and node.func.value.value in MARKS
        ):
            lines.append(node.lineno)
    return lines


def test_no_app_joins_a_list_with_the_chinese_marks_by_hand():
    base = Path(settings.BASE_DIR)
    apps = ("config", "audit", "notices", "awards", "scoring", "workflow", "security")
    found = {
        str(path.relative_to(base)): lines
        for app in apps
        for path in sorted((base / app).rglob("*.py"))
        if "migrations" not in path.parts
        and str(path.relative_to(base)) not in CHINESE_ONLY
        and (lines := _hand_joins(path))
    }
    assert found == {}, "join with config.text.series / clauses, so that English reads “a, b”"
