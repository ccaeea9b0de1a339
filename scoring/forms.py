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


def parse_entries(
    data, criteria, method: str, stored: dict[str, EntryInput] | None = None
) -> tuple[dict[str, EntryInput], dict[str, list[str]]]:
    """What the browser sent, per criterion, plus errors for values that are not even numbers.

    Only what was sent changes: a criterion with no field in the post keeps its `stored` entry, and inside a
    criterion each part (score, aspects, 显著/一般, level, comment) keeps its stored value unless posted. An
    unticked checkbox sends nothing, so the page sends an empty `<code>-aspect` marker with every row: its
    aspects are then exactly the ticked ones. An autosave of one field never clears the rest of the sheet.
    """
    stored = stored or {}
    entries: dict[str, EntryInput] = {}
    errors: dict[str, list[str]] = {}
    for c in criteria:
        before = stored.get(c.code) or EntryInput()
        key = f"{c.code}-"
        if not any(k.startswith(key) for k in data):
            entries[c.code] = EntryInput(
                points=before.points,
                aspects=list(before.aspects),
                significant=before.significant,
                level=before.level,
                comment=before.comment,
            )
            continue
        entry = EntryInput(
            points=_int(data.get(f"{key}points"), c.name, _("得分"), errors, c.code)
            if f"{key}points" in data
            else before.points,
            comment=(data.get(f"{key}comment") or "").strip() if f"{key}comment" in data else before.comment,
        )
        if method == Rubric.Method.ASPECTS:
            if f"{key}aspect" in data:
                aspects = []
                for raw in data.getlist(f"{key}aspect"):
                    if raw == "":
                        continue  # the page's hidden marker: the row's aspects were sent
                    value = _int(raw, c.name, _("评估方面"), errors, c.code)
                    if value is not None:
                        aspects.append(value)
                entry.aspects = aspects
            else:
                entry.aspects = list(before.aspects)
            if f"{key}significant" in data:
                entry.significant = {"1": True, "0": False}.get(data.get(f"{key}significant"))
            else:
                entry.significant = before.significant
        elif f"{key}level" in data:
            entry.level = _int(data.get(f"{key}level"), c.name, _("档次"), errors, c.code)
        else:
            entry.level = before.level
        entries[c.code] = entry
    return entries, errors


class SignatureForm(forms.Form):
    password = forms.CharField(label=gettext_lazy("登录密码（电子签名确认）"), widget=forms.PasswordInput)
    signature_name = forms.CharField(label=gettext_lazy("专家签名（姓名）"), max_length=50)


class ConflictForm(forms.Form):
    reason = forms.CharField(
        label=gettext_lazy("回避原因"), max_length=300, widget=forms.Textarea(attrs={"rows": 2})
    )


class OpinionForm(forms.Form):
    opinion = forms.CharField(
        label=gettext_lazy("专家评议组意见"), max_length=4000, widget=forms.Textarea(attrs={"rows": 6})
    )
