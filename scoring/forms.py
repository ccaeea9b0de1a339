"""Parsing of the score-sheet form (field names: `<criterion code>-points|aspect|significant|level|comment`)."""

from django import forms
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from scoring.models import Rubric
from scoring.services import EntryInput


def _int(raw: str, name: str, label: str, errors: dict, code: str) -> int | None:
    raw = (raw or "").strip()
    if raw == "":
        return None
    try:
        return int(raw)
    except ValueError:
        errors.setdefault(code, []).append(
            _("“%(name)s”的%(label)s必须是整数。") % {"name": name, "label": label}
        )
        return None


def parse_entries(data, criteria, method: str) -> tuple[dict[str, EntryInput], dict[str, list[str]]]:
    """What the browser sent, per criterion, plus errors for values that are not even numbers."""
    entries: dict[str, EntryInput] = {}
    errors: dict[str, list[str]] = {}
    for c in criteria:
        entry = EntryInput(
            points=_int(data.get(f"{c.code}-points"), c.name, _("得分"), errors, c.code),
            comment=(data.get(f"{c.code}-comment") or "").strip(),
        )
        if method == Rubric.Method.ASPECTS:
            aspects = []
            for raw in data.getlist(f"{c.code}-aspect"):
                value = _int(raw, c.name, _("评估方面"), errors, c.code)
                if value is not None:
                    aspects.append(value)
            entry.aspects = aspects
            sig = data.get(f"{c.code}-significant")
            entry.significant = {"1": True, "0": False}.get(sig)
        else:
            entry.level = _int(data.get(f"{c.code}-level"), c.name, _("档次"), errors, c.code)
        entries[c.code] = entry
    return entries, errors


class SignatureForm(forms.Form):
    password = forms.CharField(label=gettext_lazy("登录密码（电子签名确认）"), widget=forms.PasswordInput)
    signature_name = forms.CharField(label=gettext_lazy("专家签名（姓名）"), max_length=50)


class ConflictForm(forms.Form):
    reason = forms.CharField(
        label=gettext_lazy("回避原因"), max_length=300, widget=forms.Textarea(attrs={"rows": 2})
    )


class ReopenForm(forms.Form):
    reason = forms.CharField(label=gettext_lazy("退回原因"), max_length=300)


class OpinionForm(forms.Form):
    opinion = forms.CharField(
        label=gettext_lazy("专家评议组意见"), max_length=4000, widget=forms.Textarea(attrs={"rows": 6})
    )
