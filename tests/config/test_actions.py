"""config/actions.py: the one way a view runs a POST action (issue 26 item 5)."""

import pytest
from django import forms
from django.contrib.messages import get_messages
from django.contrib.messages.storage.fallback import FallbackStorage
from django.contrib.sessions.backends.signed_cookies import SessionStore
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import RequestFactory

from config.actions import REFUSED, attempt, report_refusal


def _post(data=None):
    request = RequestFactory().post("/x/", data or {})
    request.session = SessionStore()
    request._messages = FallbackStorage(request)
    return request


def _shown(request):
    return [(m.level_tag, m.message) for m in get_messages(request)]


class _Form(forms.Form):
    name = forms.CharField()
    reason = forms.CharField(required=False)


def test_a_done_action_gives_the_result_and_shows_its_message():
    request = _post()
    result = attempt(request, lambda *, n: n * 2, n=21, success=lambda r: f"done {r}")
    assert result == 42
    assert _shown(request) == [("success", "done 42")]


def test_a_done_action_without_success_shows_nothing():
    request = _post()
    assert attempt(request, lambda: None) is None
    assert _shown(request) == []


def test_a_refusal_shows_each_message_and_gives_refused():
    request = _post()

    def refuse():
        raise ValidationError(["第十五条：须经推荐机构确认。", "第十二条：年限不足。"])

    assert attempt(request, refuse, success="never") is REFUSED
    assert _shown(request) == [("error", "第十五条：须经推荐机构确认。"), ("error", "第十二条：年限不足。")]


def test_a_denial_without_words_says_who_may_not():
    request = _post()

    def deny():
        raise PermissionDenied

    assert attempt(request, deny) is REFUSED
    assert _shown(request) == [("error", "您无权进行此操作。")]
    request = _post()
    assert attempt(request, deny, denied="无权开始申报。") is REFUSED
    assert _shown(request) == [("error", "无权开始申报。")]


def test_a_refusal_on_a_form_marks_its_fields_and_keeps_the_input():
    request = _post({"name": "张三", "reason": "x"})
    form = _Form(request.POST)
    assert form.is_valid()

    def refuse():
        raise ValidationError({"reason": "请说明理由。", "elsewhere": "另一处问题。"})

    assert attempt(request, refuse, on_form=form) is REFUSED
    assert form.errors["reason"] == ["请说明理由。"]
    assert form.non_field_errors() == ["另一处问题。"]
    assert form["name"].value() == "张三"  # shown again as typed
    assert _shown(request) == []  # on the form, not twice


def test_a_plain_refusal_on_a_form_is_a_form_error():
    request = _post({"name": "张三"})
    form = _Form(request.POST)
    form.is_valid()
    report_refusal(request, PermissionDenied("本页面仅供推荐机构账号使用。"), form=form)
    assert form.non_field_errors() == ["本页面仅供推荐机构账号使用。"]


def test_anything_else_is_not_a_refusal():
    request = _post()

    def broken():
        raise KeyError("bug")

    with pytest.raises(KeyError):
        attempt(request, broken)
    assert _shown(request) == []


def test_the_keywords_of_attempt_are_not_passed_on():
    request = _post()
    seen = {}

    def service(**kwargs):
        seen.update(kwargs)

    attempt(
        request, service, user="u", form="the service's own form", success="ok", denied="no", on_form=None
    )
    assert seen == {"user": "u", "form": "the service's own form"}


def _outside_classes(tree):
    """Every node of a module but those inside a class body: a choice named REFUSED (拒绝) is a state, not the
    helper's answer."""
    import ast

    stack = [tree]
    while stack:
        for child in ast.iter_child_nodes(stack.pop()):
            if not isinstance(child, ast.ClassDef):
                yield child
                stack.append(child)


def test_one_helper_one_name_in_every_app():
    """One `attempt`, one `REFUSED`, one `campaign_or_404` (issue 26 item 5): no app defines its own again."""
    import ast
    from pathlib import Path

    root = Path(__file__).resolve().parents[2]
    defined: dict[str, list[str]] = {"attempt": [], "REFUSED": [], "campaign_or_404": [], "report_error": []}
    for app in ("notices", "awards", "scoring", "workflow", "security", "config"):
        for path in (root / app).rglob("*.py"):
            if "migrations" in path.parts:
                continue
            for node in _outside_classes(ast.parse(path.read_text(encoding="utf-8"))):
                names = []
                if isinstance(node, ast.FunctionDef):
                    names = [node.name]
                elif isinstance(node, ast.Assign):
                    names = [t.id for t in node.targets if isinstance(t, ast.Name)]
                for name in names:
                    if name in defined:
                        defined[name].append(str(path.relative_to(root)))
    assert defined == {
        "attempt": ["config/actions.py"],
        "REFUSED": ["config/actions.py"],
        "campaign_or_404": ["awards/selectors/campaigns.py"],
        "report_error": [],
    }
