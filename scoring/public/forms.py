"""Forms of the public input pages (input only; the rules live in scoring.public.services)."""

from django import forms
from django.utils.translation import gettext_lazy as _

from scoring.models import VoterGroup
from scoring.public.services import COMMENT_MAX

RATING_CHOICES = [
    ("", _("不评价")),
    ("5", _("5 很好")),
    ("4", _("4 较好")),
    ("3", _("3 一般")),
    ("2", _("2 较差")),
    ("1", _("1 很差")),
]


class ContactForm(forms.Form):
    contact = forms.CharField(
        label=_("手机号码或电子邮箱"),
        max_length=100,
        widget=forms.TextInput(attrs={"autocomplete": "email", "inputmode": "email"}),
        help_text=_("只用于发送验证码和保证一人一票；系统只保存其加密摘要，不保存号码或邮箱本身。"),
    )
    captcha = forms.CharField(label=_("请计算图中算式的结果"), required=False, max_length=4)


class CodeForm(forms.Form):
    code = forms.CharField(
        label=_("验证码"),
        max_length=6,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "one-time-code"}),
    )


class BallotForm(forms.Form):
    """One rating (optional) and one comment (optional) per candidate, plus the rater's group."""

    group = forms.ChoiceField(
        label=_("您是"),
        choices=[
            (VoterGroup.PRACTITIONER.value, _("智慧城市建设领域从业人员")),
            (VoterGroup.PUBLIC.value, _("社会公众")),
        ],
        widget=forms.RadioSelect,
        error_messages={"required": _("请选择您是智慧城市领域从业人员还是社会公众。")},
    )
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=0)

    def __init__(self, *args, candidates, with_group=True, **kwargs):
        super().__init__(*args, **kwargs)
        if not with_group:
            del self.fields["group"]
        self.candidates = candidates
        for c in candidates:
            self.fields[f"rating_{c['id']}"] = forms.ChoiceField(
                label=c["name"], choices=RATING_CHOICES, required=False, widget=forms.RadioSelect
            )
            self.fields[f"comment_{c['id']}"] = forms.CharField(
                label=_("意见（可选，限 %(n)s 字，经审核后供组委会参考）") % {"n": COMMENT_MAX},
                required=False,
                strip=False,
                widget=forms.Textarea(attrs={"rows": 2, "maxlength": COMMENT_MAX}),
            )

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
    reason = forms.CharField(label=_("原因"), max_length=500, widget=forms.TextInput)
    op = forms.ChoiceField(choices=[("void", _("作废")), ("restore", _("恢复"))], widget=forms.HiddenInput)


class OfficeEntryForm(forms.Form):
    source = forms.CharField(label=_("来源渠道"), max_length=200, help_text=_("如：纸质问卷、协会调查"))
    reference = forms.CharField(
        label=_("意见编号"), max_length=100, help_text=_("如问卷编号；同一来源同一编号再次录入将替换原记录")
    )
    group = forms.ChoiceField(label=_("类别"), choices=VoterGroup.choices)
    application = forms.IntegerField(label=_("候选人"), widget=forms.Select)
    rating = forms.IntegerField(label=_("评分（1–5）"), min_value=1, max_value=5)
    comment = forms.CharField(
        label=_("意见（可选）"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args, candidates, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["application"].widget.choices = [
            (c["id"], f"{c['number']} {c['name']}") for c in candidates
        ]


class ImportForm(forms.Form):
    file = forms.FileField(label=_("Excel 文件（.xlsx）"))
