"""Every input of the scoring pages is read here (docs/architecture.md §1): the score sheet (field names
`<criterion code>-points|aspect|significant|level|comment`, parsed by `parse_entries`), the panel pages and the
公众评价 pages (input only; the rules live in `scoring.services`)."""

from django import forms
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from scoring.models import Rubric, VoterGroup
from scoring.rubrics import EntryInput
from scoring.services.ballots import COMMENT_MAX
from scoring.services.voter_identity import EMAIL, PHONE


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
            points=_int(data.get(f"{key}points"), c.label(), _("得分"), errors, c.code)
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
                    value = _int(raw, c.label(), _("评估方面"), errors, c.code)
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
            entry.level = _int(data.get(f"{key}level"), c.label(), _("档次"), errors, c.code)
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


class IdList(forms.Field):
    """Ticked ids (checkboxes sharing one name); anything that is not a whole number is ignored."""

    widget = forms.MultipleHiddenInput

    def __init__(self, **kwargs):
        kwargs.setdefault("required", False)
        super().__init__(**kwargs)

    def to_python(self, value) -> list[int]:
        return [int(v) for v in (value or []) if str(v).isdigit()]


class SheetPostForm(forms.Form):
    """The score sheet's buttons: `save` (autosave / 保存草稿) or `submit` with the electronic signature. The
    password and the name are checked by the service (`sheet_submit`), which names the field in its refusal."""

    action = forms.ChoiceField(choices=[("save", "save"), ("submit", "submit")], required=False)
    password = forms.CharField(required=False, strip=False)
    signature_name = forms.CharField(required=False)

    def clean_action(self) -> str:
        return self.cleaned_data["action"] or "save"


class SheetReopenForm(forms.Form):
    """A free-text reason (退回评分表); the service says when it is missing."""

    reason = forms.CharField(required=False)


class OpinionForm(forms.Form):
    opinion = forms.CharField(
        label=gettext_lazy("专家评议组意见"), max_length=4000, widget=forms.Textarea(attrs={"rows": 6})
    )


class OpinionPostForm(forms.Form):
    """What the chair posts: the opinion and the recommended names (the service checks both)."""

    opinion = forms.CharField(required=False)
    recommended = IdList()


class ShortlistConfirmForm(forms.Form):
    shortlisted = IdList()
    reason = forms.CharField(required=False)


class ComputeForm(forms.Form):
    """The panel page the office came from (to return to it after computing)."""

    panel = forms.IntegerField(required=False, min_value=1)


# --- 公众评价 (第十九条) --------------------------------------------------------------------------------

RATING_CHOICES = [
    ("", gettext_lazy("不评价")),
    ("5", gettext_lazy("5 很好")),
    ("4", gettext_lazy("4 较好")),
    ("3", gettext_lazy("3 一般")),
    ("2", gettext_lazy("2 较差")),
    ("1", gettext_lazy("1 很差")),
]


class ContactForm(forms.Form):
    """The contact a code is sent to: a mobile number or an email address when an SMS provider is configured,
    else an email address only (`code_senders.channels`). `challenge`: the client must solve an ALTCHA proof of
    work (`scoring.services.captcha`); the field stays optional so that a browser without JavaScript still posts."""

    contact = forms.CharField(
        label=gettext_lazy("电子邮箱"),
        max_length=100,
        help_text=gettext_lazy(
            "只用于发送验证码和保证一人一票；系统只保存其加密摘要，不保存号码或邮箱本身。"
        ),
    )

    def __init__(self, *args, channels=(EMAIL,), challenge=False, request=None, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["contact"]
        if PHONE in channels:
            field.label = _("手机号码或电子邮箱")
            field.widget.attrs.update({"autocomplete": "off", "spellcheck": "false"})
        else:
            field.widget.attrs.update({"autocomplete": "email", "inputmode": "email"})
        if challenge:
            from altcha_django import AltchaField
            from altcha_django.results import ErrorCode

            refused = _("人机验证未通过或已过期，请等待验证完成后再发送。")
            self.fields["captcha"] = AltchaField(
                required=False,
                label=_("人机验证"),
                language=_altcha_language(),
                auto="onload",
                error_messages={code.value: refused for code in ErrorCode},
            )
            self.fields["captcha"].bind_context(request=request, form=self)


def _altcha_language() -> str:
    """The ALTCHA widget's language code for the page's language (its own translations: zh-cn, en)."""
    from django.utils.translation import get_language

    return "en" if (get_language() or "").startswith("en") else "zh-cn"


class VerifyStepForm(forms.Form):
    """Which of the two forms of the verification page was posted."""

    step = forms.ChoiceField(choices=[("request", "request"), ("code", "code")], required=False)


class CodeForm(forms.Form):
    code = forms.CharField(
        label=gettext_lazy("验证码"),
        max_length=6,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "one-time-code"}),
    )


class BallotForm(forms.Form):
    """One rating (optional) and one comment (optional) per candidate, plus the rater's group."""

    group = forms.ChoiceField(
        label=gettext_lazy("您是"),
        choices=[
            (VoterGroup.PRACTITIONER.value, gettext_lazy("智慧城市建设领域从业人员")),
            (VoterGroup.PUBLIC.value, gettext_lazy("社会公众")),
        ],
        widget=forms.RadioSelect,
        error_messages={"required": gettext_lazy("请选择您是智慧城市领域从业人员还是社会公众。")},
    )
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=0)

    def __init__(self, *args, candidates=None, candidate_ids=None, with_group=True, **kwargs):
        """`candidates` (the public profiles): a field pair per candidate, for the page. `candidate_ids` instead
        (the ids the public may rate): a bound form with fields for the candidates the submission names only —
        what a POST validates (issue 15); a name not of such a candidate is ignored, as the full form ignores it."""
        super().__init__(*args, **kwargs)
        if not with_group:
            del self.fields["group"]
        if candidates is None:
            candidates = [{"id": pk, "name": ""} for pk in self.submitted_ids(self.data, candidate_ids)]
        self.candidates = candidates
        for c in candidates:
            self.fields[f"rating_{c['id']}"] = forms.ChoiceField(
                label=c["name"], choices=RATING_CHOICES, required=False, widget=forms.RadioSelect
            )
            self.fields[f"comment_{c['id']}"] = forms.CharField(
                label=gettext_lazy("意见（可选，限 %(n)s 字，经审核后供组委会参考）") % {"n": COMMENT_MAX},
                required=False,
                strip=False,
                widget=forms.Textarea(attrs={"rows": 2, "maxlength": COMMENT_MAX}),
            )

    @staticmethod
    def submitted_ids(data, allowed) -> list[int]:
        """The ids of `allowed` named by a rating or comment field of `data`."""
        ids = set()
        for name in data:
            prefix, _sep, pk = name.partition("_")
            if prefix in ("rating", "comment") and pk.isdigit() and pk.isascii():
                ids.add(int(pk))
        return sorted(ids.intersection(allowed))

    def rows(self):
        return [(c, self[f"rating_{c['id']}"], self[f"comment_{c['id']}"]) for c in self.candidates]

    def ratings(self) -> dict:
        return {
            int(name.removeprefix("rating_")): value
            for name, value in self.cleaned_data.items()
            if name.startswith("rating_") and value
        }

    def comments(self) -> dict:
        return {
            int(name.removeprefix("comment_")): value
            for name, value in self.cleaned_data.items()
            if name.startswith("comment_") and value and value.strip()
        }

    @staticmethod
    def initial_from(ballot) -> dict:
        if ballot is None:
            return {"version": 0}
        initial = {"version": ballot.version, "group": ballot.group}
        for v in ballot.votes.all():
            initial[f"rating_{v.application_id}"] = str(v.rating)
            initial[f"comment_{v.application_id}"] = v.comment
        return initial


class VoidForm(forms.Form):
    ballots = forms.CharField(widget=forms.HiddenInput)
    reason = forms.CharField(label=gettext_lazy("原因"), max_length=500, widget=forms.TextInput)

    def ids(self) -> list[int]:
        return [int(i) for i in self.cleaned_data["ballots"].split(",") if i.strip().isdigit()]


class ModerateForm(forms.Form):
    votes = IdList()


class OfficeEntryForm(forms.Form):
    source = forms.CharField(
        label=gettext_lazy("来源渠道"), max_length=200, help_text=gettext_lazy("如：纸质问卷、协会调查")
    )
    reference = forms.CharField(
        label=gettext_lazy("意见编号"),
        max_length=100,
        help_text=gettext_lazy("如问卷编号；同一来源同一编号再次录入将替换原记录"),
    )
    group = forms.ChoiceField(label=gettext_lazy("类别"), choices=VoterGroup.choices)
    application = forms.IntegerField(label=gettext_lazy("候选人"), widget=forms.Select)
    rating = forms.IntegerField(label=gettext_lazy("评分（1–5）"), min_value=1, max_value=5)
    comment = forms.CharField(
        label=gettext_lazy("意见（可选）"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args, candidates, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["application"].widget.choices = [
            (c["id"], f"{c['number']} {c['name']}") for c in candidates
        ]


class ImportForm(forms.Form):
    file = forms.FileField(label=gettext_lazy("Excel 文件（.xlsx）"))


class BallotFilterForm(forms.Form):
    """The filters of the office's ballot list (GET): group, status, time and cluster (mail domain or /24)."""

    group = forms.ChoiceField(
        label=gettext_lazy("类别"), required=False, choices=[("", gettext_lazy("全部"))] + VoterGroup.choices
    )
    status = forms.ChoiceField(
        label=gettext_lazy("状态"),
        required=False,
        choices=[
            ("", gettext_lazy("全部")),
            ("counted", gettext_lazy("计入")),
            ("voided", gettext_lazy("已作废")),
        ],
    )
    since = forms.DateTimeField(
        label=gettext_lazy("提交时间自"),
        required=False,
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}),
        input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M", "%Y-%m-%d"],
    )
    until = forms.DateTimeField(
        label=gettext_lazy("提交时间至"),
        required=False,
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}),
        input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M", "%Y-%m-%d"],
    )
    domain = forms.CharField(label=gettext_lazy("邮箱域名"), required=False, max_length=253)
    subnet = forms.CharField(label=gettext_lazy("网段（/24）"), required=False, max_length=50)
    page = forms.IntegerField(required=False, min_value=1, widget=forms.HiddenInput)

    def filters(self) -> dict:
        """The valid filters (an invalid one is reported on the page and left out)."""
        data = (
            self.cleaned_data
            if self.is_valid()
            else {k: v for k, v in getattr(self, "cleaned_data", {}).items() if k not in self.errors}
        )
        return {k: v for k, v in data.items() if v not in (None, "") and k != "page"}
