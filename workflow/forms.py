"""Forms of the office and committee pages. Validation of input only; the rules live in services/guards."""

import datetime

from django import forms
from django.contrib.auth import get_user_model
from django.core.files.base import ContentFile
from django.forms.utils import flatatt
from django.http import QueryDict
from django.utils.html import escape, format_html
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _

from awards.models import Application, Campaign, Organization, TechDomain
from awards.quota import quota_error
from awards.uploads import check_supporting_file
from config.forms import read_choices_once
from config.text import aside
from scoring.models import PanelMember
from scoring.selectors.ranking import TIEBREAK_KEYS
from workflow.selectors.eligibility import queue_unit_names

DATETIME_FORMAT = "%Y-%m-%dT%H:%M"
SUPPORTING_FILE_MAX_BYTES = 10 * 1024 * 1024


def checked_evidence(upload, what):
    """An optional PDF/JPG/PNG checked by content (awards.uploads) and renamed after the detected type: the
    client's name and extension are never stored (a `poly.html` becomes evidence.pdf or is refused)."""
    if not upload:
        return upload
    checked = check_supporting_file(upload, limit=SUPPORTING_FILE_MAX_BYTES, what=str(what))
    return ContentFile(checked.content, name=f"evidence.{checked.extension}")


class DateTimeInput(forms.DateTimeInput):
    input_type = "datetime-local"

    def __init__(self, **kwargs):
        super().__init__(format=DATETIME_FORMAT, **kwargs)


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%d", **kwargs)


class TiebreakOrderWidget(forms.MultiWidget):
    """Three selects: the first, second and third comparison when composites are equal (decisions 174)."""

    def __init__(self, choices, attrs=None):
        super().__init__([forms.Select(choices=choices) for _i in range(len(TIEBREAK_KEYS))], attrs)

    def decompress(self, value):
        value = list(value or [])
        return value + [""] * (len(TIEBREAK_KEYS) - len(value))


class TiebreakOrderField(forms.MultiValueField):
    """The committee's tie-break order as a list of `TIEBREAK_KEYS` (empty: ties go to the committee)."""

    def __init__(self, **kwargs):
        choices = [("", _("—（不再比较）"))] + [(k, v) for k, v in TIEBREAK_KEYS.items()]
        fields = [forms.ChoiceField(choices=choices, required=False) for _i in range(len(TIEBREAK_KEYS))]
        kwargs.pop("encoder", None)
        kwargs.pop("decoder", None)
        kwargs.pop("max_length", None)
        kwargs.pop("required", None)
        super().__init__(
            fields, widget=TiebreakOrderWidget(choices), require_all_fields=False, required=False, **kwargs
        )

    def compress(self, data_list):
        keys = [k for k in (data_list or []) if k]
        if len(set(keys)) != len(keys):
            raise forms.ValidationError(_("同一比较项只能选择一次。"), code="duplicate")
        if keys and any(not k for k in (data_list or [])[: len(keys)]):
            raise forms.ValidationError(_("请从第一项开始依次选择比较项，中间不要留空。"), code="gap")
        return keys


class CampaignForm(forms.ModelForm):
    """评选活动方案 — dates, quotas, minimum score, weights, trimmed mean, public input, publicity, quorum.
    `frozen` names the fields shown read-only ("*" for all of them)."""

    change_reason = forms.CharField(
        label=_("修改日期的原因"),
        required=False,
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("申报通知公布后修改日期时必填：记入阶段记录，并通知已申报的人员和推荐单位。"),
    )

    class Meta:
        model = Campaign
        labels = {"award_type": _("荣誉称号")}
        field_classes = {"tiebreak_order": TiebreakOrderField}
        fields = [
            "award_type",
            "year",
            "title",
            "call_text",
            "opens_at",
            "closes_at",
            "quota",
            "nomination_quota",
            "shortlist_size",
            "min_composite_score",
            "weight_material",
            "weight_onsite",
            "weight_public",
            "public_weight_general",
            "public_weight_practitioner",
            "public_weight_organisation",
            "use_trimmed_mean",
            "public_input_enabled",
            "public_unrated_rule",
            "public_min_ratings",
            "public_prior_weight",
            "tiebreak_order",
            "score_normalisation",
            "public_input_opens_at",
            "public_input_closes_at",
            "publicity_working_days",
            "is_training",
        ]
        widgets = {
            "opens_at": DateTimeInput(),
            "closes_at": DateTimeInput(),
            "public_input_opens_at": DateTimeInput(),
            "public_input_closes_at": DateTimeInput(),
            "call_text": forms.Textarea(attrs={"rows": 8}),
        }

    def __init__(self, *args, frozen=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["award_type"].empty_label = _("— 请选择 —")
        if not self.instance.pk or (
            self.instance.phase == Campaign.Phase.DRAFT and not self.instance.rules_approved_at
        ):
            del self.fields["change_reason"]
        for name in ("opens_at", "closes_at", "public_input_opens_at", "public_input_closes_at"):
            self.fields[name].input_formats = [DATETIME_FORMAT, "%Y-%m-%d %H:%M", "%Y-%m-%d %H:%M:%S"]
        if self.instance.pk:
            self.fields["award_type"].disabled = True
            self.fields["year"].disabled = True
            self.fields["is_training"].disabled = True  # chosen at creation only (decisions 260)
        for name, field in self.fields.items():
            if ("*" in frozen or name in frozen) and f"rule:{name}" not in frozen:
                field.disabled = True
        if "*" in frozen:
            self.fields.pop("change_reason", None)

    def clean(self):
        data = super().clean()
        opens, closes = data.get("opens_at"), data.get("closes_at")
        if opens and closes and closes <= opens:
            self.add_error("closes_at", _("申报截止时间须晚于申报开始时间。"))
        mat, on, pub = data.get("weight_material"), data.get("weight_onsite"), data.get("weight_public")
        if data.get("public_input_enabled"):
            if None not in (mat, on, pub) and mat + on + pub != 100:
                self.add_error(
                    "weight_public",
                    _("材料评议、现场展示与公众评价的权重之和须为 100%%（现为 %(s)s%%）。")
                    % {"s": mat + on + pub},
                )
            groups = [data.get(f"public_weight_{g}") for g in ("general", "practitioner", "organisation")]
            if None not in groups and sum(groups) != 100:
                self.add_error(
                    "public_weight_organisation",
                    _("公众评价中社会公众、从业人员与企事业单位的权重之和须为 100%%（现为 %(s)s%%）。")
                    % {"s": sum(groups)},
                )
            p_open, p_close = data.get("public_input_opens_at"), data.get("public_input_closes_at")
            if p_open and p_close and p_close <= p_open:
                self.add_error("public_input_closes_at", _("公众评价结束时间须晚于开始时间。"))
        else:
            if pub:
                self.add_error("weight_public", _("不开展公众评价时，公众评价权重须为 0。"))
            if None not in (mat, on) and mat + on != 100:
                self.add_error(
                    "weight_onsite",
                    _("不开展公众评价时，材料评议与现场展示的权重之和须为 100%%（现为 %(s)s%%）。")
                    % {"s": mat + on},
                )
        quota, shortlist = data.get("quota"), data.get("shortlist_size")
        award_type = data.get("award_type") or (
            self.instance.award_type if self.instance.award_type_id else None
        )
        if message := quota_error(award_type, quota):
            self.add_error("quota", message)
        if quota is not None and shortlist is not None and shortlist < quota:
            self.add_error("shortlist_size", _("入围人数不能少于名额。"))
        return data


class ClockForm(forms.Form):
    """培训演练: move the simulated date forward by working days, or to a date (config/clock.py)."""

    MODES = (("days", _("推进若干个工作日")), ("date", _("推进到指定日期")))
    mode = forms.ChoiceField(label=_("方式"), choices=MODES, initial="days", widget=forms.RadioSelect)
    days = forms.IntegerField(label=_("工作日数"), min_value=1, max_value=250, required=False, initial=1)
    target = forms.DateField(
        label=_("模拟日期"), required=False, widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )
    reason = forms.CharField(label=_("说明（可选）"), required=False, max_length=200)

    def clean(self):
        data = super().clean()
        if data.get("mode") == "days" and not data.get("days") and "days" not in self.errors:
            self.add_error("days", _("请填写要推进的工作日数。"))
        if data.get("mode") == "date" and not data.get("target") and "target" not in self.errors:
            self.add_error("target", _("请填写要推进到的日期。"))
        return data


class TransitionForm(forms.Form):
    action = forms.CharField(widget=forms.HiddenInput)
    reason = forms.CharField(label=_("说明"), required=False, widget=forms.Textarea(attrs={"rows": 2}))


class PlainSelect(forms.Select):
    """A <select> built in one string join rather than a template per option: the unit filter of a city-scale
    campaign lists hundreds of units (issue 15)."""

    def render(self, name, value, attrs=None, renderer=None):
        chosen = set(self.format_value(value))
        options = "".join(
            f'<option value="{escape(v)}"{" selected" if str(v) in chosen else ""}>{escape(label)}</option>'
            for v, label in self.choices
        )
        return format_html(
            '<select name="{}"{}>{}</select>',
            name,
            flatatt(self.build_attrs(self.attrs, attrs)),
            mark_safe(options),  # every value and label escaped above
        )


class EligibilityFilterForm(forms.Form):
    q = forms.CharField(label=_("姓名或编号"), required=False)
    domain = forms.ModelChoiceField(
        label=_("技术领域"),
        queryset=TechDomain.objects.all(),
        required=False,
        empty_label=_("全部"),
        widget=PlainSelect,
    )
    unit = forms.ChoiceField(
        label=_("所在单位"), required=False, choices=[("", _("全部"))], widget=PlainSelect
    )
    state = forms.ChoiceField(label=_("状态"), required=False, widget=PlainSelect)
    flag = forms.ChoiceField(
        label=_("提示"),
        required=False,
        choices=[("", _("全部")), ("threshold", _("有条件提示")), ("unreviewed", _("未填审查清单"))],
        widget=PlainSelect,
    )

    def __init__(self, *args, campaign=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["state"].choices = [("", _("全部"))] + [
            (s.value, s.label)
            for s in (
                Application.State.SUBMITTED,
                Application.State.RETURNED,
                Application.State.ELIGIBLE,
                Application.State.INELIGIBLE,
            )
        ]
        if campaign is not None:
            self.fields["domain"].queryset = campaign.award_type.tech_domains.all()
            self.fields["unit"].choices = [("", _("全部"))] + [(n, n) for n in queue_unit_names(campaign)]
        read_choices_once(self)  # the domains: one plain SELECT (docs/decisions.md 407)


CHECK = [("", _("未审查")), ("yes", _("合格")), ("no", _("不合格"))]


class EligibilityReviewForm(forms.Form):
    """第十六条 资格审查清单."""

    basic_conditions_ok = forms.ChoiceField(label=_("基本条件符合"), choices=CHECK, required=False)
    complete_ok = forms.ChoiceField(label=_("申报材料完整"), choices=CHECK, required=False)
    authentic_ok = forms.ChoiceField(label=_("申报材料真实"), choices=CHECK, required=False)
    person_credit_ok = forms.ChoiceField(label=_("申报个人信用良好"), choices=CHECK, required=False)
    unit_credit_ok = forms.ChoiceField(label=_("所属单位信用良好"), choices=CHECK, required=False)
    notes = forms.CharField(label=_("审查意见"), required=False, widget=forms.Textarea(attrs={"rows": 3}))

    CHECKS = ("basic_conditions_ok", "complete_ok", "authentic_ok", "person_credit_ok", "unit_credit_ok")

    @classmethod
    def initial_from(cls, review) -> dict:
        if review is None:
            return {}
        data = {name: {True: "yes", False: "no", None: ""}[getattr(review, name)] for name in cls.CHECKS}
        data["notes"] = review.notes
        return data

    def values(self) -> dict:
        data = dict(self.cleaned_data)
        for name in self.CHECKS:
            data[name] = {"yes": True, "no": False}.get(data[name])
        return data


class DecisionForm(forms.Form):
    DECISIONS = [
        ("declare_eligible", _("资格审查合格")),
        ("declare_ineligible", _("资格审查不合格")),
        ("return_for_supplement", _("退回补正")),
    ]
    decision = forms.ChoiceField(label=_("审查结论"), choices=DECISIONS, widget=forms.RadioSelect)
    reason = forms.CharField(
        label=_("理由 / 需补正的内容"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    deadline = forms.DateField(label=_("补正期限"), required=False, widget=DateInput())

    def clean(self):
        data = super().clean()
        decision = data.get("decision")
        if decision == "declare_ineligible" and not data.get("reason", "").strip():
            self.add_error("reason", _("资格审查不合格须写明理由。"))
        if decision == "return_for_supplement":
            if not data.get("reason", "").strip():
                self.add_error("reason", _("退回补正须写明需补正的内容。"))
            if not data.get("deadline"):
                self.add_error("deadline", _("退回补正须给出补正期限。"))
        return data


class BulkEligibilityForm(forms.Form):
    ACTIONS = [
        ("declare_eligible", _("批量确认资格审查合格")),
        ("declare_ineligible", _("批量确认资格审查不合格")),
    ]
    action = forms.ChoiceField(label=_("批量操作"), choices=ACTIONS)
    reason = forms.CharField(label=_("理由"), required=False)
    ids = forms.CharField(widget=forms.HiddenInput, required=False)
    confirmed = forms.BooleanField(required=False, widget=forms.HiddenInput)
    back = forms.CharField(widget=forms.HiddenInput, required=False)  # the queue's page and filters

    QUEUE_PARAMETERS = ("q", "domain", "unit", "state", "flag", "page")

    def queue_query(self) -> str:
        """The page and filters of the queue the action was taken from ("" for none), to return to it: only the
        queue's own parameters, re-encoded."""
        given = QueryDict(self.data.get("back") or "")
        kept = QueryDict(mutable=True)
        for key in self.QUEUE_PARAMETERS:
            if given.get(key):
                kept[key] = given.get(key)
        return kept.urlencode()

    def selected_ids(self) -> list[int]:
        """The ticked rows (`selected`, first post) and the confirmed list (`ids`, second post)."""
        raw = self.data.getlist("selected") + (self.data.get("ids") or "").split(",")
        return [int(i) for i in raw if i.strip().isdigit()]

    def clean(self):
        data = super().clean()
        if data.get("action") == "declare_ineligible" and not data.get("reason", "").strip():
            self.add_error("reason", _("资格审查不合格须写明理由。"))
        return data


class PublicityOpenForm(forms.Form):
    starts_on = forms.DateField(label=_("公示开始日期"), widget=DateInput())
    notice_text = forms.CharField(
        label=_("公示公告补充说明"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )


class ObjectionForm(forms.Form):
    """异议 — real name, ID number or contact, content, optional evidence (第二十一条)."""

    application = forms.ModelChoiceField(label=_("异议对象"), queryset=Application.objects.none())
    objector_name = forms.CharField(label=_("真实姓名"), max_length=50)
    objector_id_or_contact = forms.CharField(label=_("身份证号或联系方式"), max_length=100)
    objector_phone = forms.CharField(label=_("联系电话"), max_length=20, required=False)
    objector_email = forms.EmailField(label=_("联系邮箱"), required=False)
    content = forms.CharField(label=_("异议内容"), max_length=4000, widget=forms.Textarea(attrs={"rows": 6}))
    evidence = forms.FileField(label=_("证明材料（可选，PDF 或图片，不超过 10MB）"), required=False)

    def __init__(self, *args, listed=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["application"].empty_label = _("— 请选择 —")
        if listed is not None:
            self.fields["application"].queryset = listed
        self.fields["application"].label_from_instance = lambda a: f"{a.name}{aside(a.unit_name)}"

    def clean_evidence(self):
        return checked_evidence(self.cleaned_data.get("evidence"), _("证明材料"))


class UnitNoticeConfirmForm(forms.Form):
    posted_on = forms.DateField(label=_("张贴日期"), widget=DateInput())
    place = forms.CharField(label=_("张贴地点/方式"), max_length=200)


class RevocationForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("类别"),
        choices=[("revoke", _("撤销（第三十条，获荣2年内）")), ("cancel", _("取消（第二十九条，虚假材料）"))],
    )
    reason = forms.CharField(label=_("经核实的事由"), widget=forms.Textarea(attrs={"rows": 4}))
    misconduct_on = forms.DateField(
        label=_("违规行为发生日期"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        help_text=_("撤销（第三十条）必填：以行为发生的日期判断是否在获荣起2年内，而非提出建议的日期。"),
    )
    evidence = forms.FileField(label=_("核实材料（可选，PDF 或图片，不超过 10MB）"), required=False)

    def clean_evidence(self):
        return checked_evidence(self.cleaned_data.get("evidence"), _("核实材料"))


class RevocationConsentForm(forms.Form):
    """主办单位同意 (第二十九、三十条) or 下届组委会确认."""

    document_number = forms.CharField(label=_("文号"), max_length=100)
    on = forms.DateField(label=_("日期"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"))


# --- one small form per office/committee action (issue 11: input is read through forms only) ----------------------
# The fields are lenient where the service gives the precise refusal (an empty name, a missing reason): the form
# reads and types the input, the service states the rule.


def text(label="", max_length=None, **kwargs):
    return forms.CharField(label=label, required=False, max_length=max_length, strip=True, **kwargs)


def form_errors(form) -> list[str]:
    """Every message of an invalid form, for `messages.error` on the page the action returns to."""
    return [message for errors in form.errors.values() for message in errors]


class CampaignScopedForm(forms.Form):
    """A form whose object choices are limited to one campaign (a panel, an application, a panel member of it)."""

    def __init__(self, *args, campaign, **kwargs):
        super().__init__(*args, **kwargs)
        self.campaign = campaign
        for name, field in self.fields.items():
            scope = getattr(self, f"scope_{name}", None)
            if scope is not None:
                field.queryset = scope(campaign)


class PanelCreateForm(CampaignScopedForm):
    name = text(_("评议组名称"), max_length=100)
    domains = forms.ModelMultipleChoiceField(queryset=TechDomain.objects.none(), required=False)

    def scope_domains(self, campaign):
        return campaign.award_type.tech_domains.all()


class PanelForm(CampaignScopedForm):
    panel = forms.ModelChoiceField(queryset=None)

    def scope_panel(self, campaign):
        return campaign.panels.all()


class PanelMemberAddForm(PanelForm):
    expert = forms.ModelChoiceField(queryset=None)
    is_chair = forms.BooleanField(required=False)

    def scope_expert(self, campaign):
        return get_user_model().objects.filter(is_active=True)


class ExpertInviteForm(PanelForm):
    name = text(_("姓名"), max_length=150)
    email = text(_("E-mail"), max_length=254)
    organization = text(_("所在单位"), max_length=200)
    title = text(_("职称/职务"), max_length=100)
    is_chair = forms.BooleanField(required=False)


class PanelMemberForm(CampaignScopedForm):
    member = forms.ModelChoiceField(queryset=None)

    def scope_member(self, campaign):
        return PanelMember.objects.filter(panel__campaign=campaign).select_related("panel")


class AssignmentOverrideForm(PanelForm):
    application = forms.ModelChoiceField(queryset=None)

    def scope_application(self, campaign):
        return campaign.applications.all()


class ConflictRecordForm(CampaignScopedForm):
    application = forms.ModelChoiceField(queryset=None)
    expert = forms.ModelChoiceField(queryset=None)
    reason = text(_("原因"))

    def scope_application(self, campaign):
        return campaign.applications.all()

    def scope_expert(self, campaign):
        return get_user_model().objects.all()


class ShortlistForm(CampaignScopedForm):
    selected = forms.ModelMultipleChoiceField(queryset=None, required=False)

    def scope_selected(self, campaign):
        return campaign.applications.all()


class ScheduleForm(CampaignScopedForm):
    """现场展示安排: one row per `app` value, with the fields `date-<id>`, `room-<id>`, `order-<id>`, `slot-<id>`."""

    app = forms.ModelMultipleChoiceField(queryset=None, required=False)

    def scope_app(self, campaign):
        return campaign.applications.all()

    def clean(self):
        data = super().clean()
        rows = []
        for app in data.get("app") or []:
            raw_date = (self.data.get(f"date-{app.pk}") or "").strip()
            try:
                day = datetime.date.fromisoformat(raw_date) if raw_date else None
            except ValueError:
                raise forms.ValidationError(
                    _("日期格式不正确：%(v)s（应为 YYYY-MM-DD）。") % {"v": raw_date}
                ) from None
            order = (self.data.get(f"order-{app.pk}") or "").strip()
            rows.append(
                {
                    "application_id": app.pk,
                    "date": day,
                    "room": (self.data.get(f"room-{app.pk}") or "").strip(),
                    "order": int(order) if order.isdigit() else None,
                    "slot": (self.data.get(f"slot-{app.pk}") or "").strip(),
                }
            )
        data["rows"] = rows
        return data


class RankingApplyForm(forms.Form):
    ranking = forms.IntegerField()


class ObjectionInvestigateForm(forms.Form):
    investigation = text(_("调查情况"))


class ObjectionDecideForm(forms.Form):
    upheld = forms.ChoiceField(choices=[("no", _("异议不成立")), ("yes", _("异议成立"))], required=False)
    outcome = text(_("处理结果"))
    investigation = text(_("调查情况"))


class ReasonTextForm(forms.Form):
    reason = text(_("说明"))


class VoteForm(forms.Form):
    choice = text(_("表决"))
    comment = text(_("意见"))


class DecisionOpenForm(forms.Form):
    kind = text(_("事项"))
    summary = text(_("说明"))


class StandingRulesForm(forms.Form):
    """组委会议事规则 proposal (decisions 201); the bounds are checked by the service with their own messages."""

    committee_quorum = forms.IntegerField(
        label=_("法定人数"),
        help_text=_("0 表示过半数委员；否则须超过委员总数的一半且不超过委员总数"),
        error_messages={
            "required": _("请填写法定人数（整数；0 表示过半数委员）。"),
            "invalid": _("请填写法定人数（整数；0 表示过半数委员）。"),
        },
    )
    committee_majority_percent = forms.IntegerField(
        label=_("通过所需赞成比例 %"),
        help_text=_("赞成票须超过参加表决委员（含弃权）的该比例，50 到 99"),
        error_messages={
            "required": _("请填写通过所需赞成比例（整数）。"),
            "invalid": _("请填写通过所需赞成比例（整数）。"),
        },
    )
    summary = text(_("说明"))


class DecisionCloseForm(forms.Form):
    document_number = text(_("文号"))


class RulesProposalForm(forms.Form):
    rules_summary = text(_("修改说明"))


class MayDayCheckForm(forms.Form):
    ok = forms.TypedChoiceField(
        choices=[("1", _("符合")), ("0", _("不符合"))],
        coerce=lambda v: v == "1",
        required=False,
        empty_value=False,
    )
    note = text(_("说明"))


class SubmittedOnForm(forms.Form):
    submitted_on = forms.DateField(required=False)


class UnitNoticeRecordForm(forms.Form):
    """The office records a unit's written receipt; the service refuses a missing date or place."""

    posted_on = forms.DateField(required=False)
    place = text(_("张贴地点/方式"))


class UnitNoticeChoiceForm(forms.Form):
    notice = forms.ModelChoiceField(queryset=None)

    def __init__(self, *args, notices, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["notice"].queryset = notices


class EmployerConfirmForm(forms.Form):
    application = forms.IntegerField(required=False)


class ImportUploadForm(forms.Form):
    file = forms.FileField(required=False)
    unit = forms.ModelChoiceField(queryset=Organization.objects.all(), required=False)


class ConsultationSendForm(forms.Form):
    """第十六条: a written consultation sent to a department about one application of the campaign."""

    application = forms.ModelChoiceField(label=_("申报"), queryset=Application.objects.none())
    department = forms.CharField(label=_("征求意见的部门"), max_length=200, required=False)
    sent_on = forms.DateField(
        label=_("发函日期"), required=False, widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )
    question = forms.CharField(
        label=_("征求意见事项"), max_length=2000, required=False, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args, campaign, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["application"].queryset = campaign.applications.filter(
            state__in=(Application.State.SUBMITTED, Application.State.RETURNED)
        ).order_by("number", "pk")
        self.fields["application"].label_from_instance = lambda a: f"{a.number or '—'} {a.name}"
        self.fields["application"].empty_label = _("— 请选择 —")


class ConsultationReplyForm(forms.Form):
    """The department's written reply (date, opinion, scanned letter: PDF or image, checked like all uploads)."""

    reply_on = forms.DateField(
        label=_("复函日期"), required=False, widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )
    reply_text = forms.CharField(
        label=_("复函意见"), max_length=4000, required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    reply_file = forms.FileField(label=_("复函扫描件（可选，PDF 或图片，不超过 10MB）"), required=False)

    def clean_reply_file(self):
        upload = checked_evidence(self.cleaned_data.get("reply_file"), _("复函扫描件"))
        if upload:
            upload.name = upload.name.replace("evidence.", "reply.")
        return upload


class AwardDocumentForm(forms.Form):
    """第二十三条: the 主办单位's 发文 publishing the honors."""

    document_number = forms.CharField(label=_("发文号"), max_length=100, required=False)
    issued_on = forms.DateField(
        label=_("发文日期"), required=False, widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )
    file = forms.FileField(label=_("发文扫描件（可选，PDF 或图片，不超过 10MB）"), required=False)

    def clean_file(self):
        upload = checked_evidence(self.cleaned_data.get("file"), _("发文扫描件"))
        if upload:
            upload.name = upload.name.replace("evidence.", "award-document.")
        return upload


class AssociationForm(forms.Form):
    """第十五条: an industry association the office registers (its account is invited by mail)."""

    name = forms.CharField(label=_("行业协会名称"), max_length=200, required=False)
    credit_code = forms.CharField(label=_("统一社会信用代码（可选）"), max_length=18, required=False)
    contact_name = forms.CharField(label=_("联系人"), max_length=50, required=False)
    contact_phone = forms.CharField(label=_("联系电话"), max_length=20, required=False)
    contact_email = forms.EmailField(
        label=_("账号邮箱（可选）"),
        required=False,
        help_text=_("填写后向该邮箱发送账号邀请，对方通过邮件中的链接设置密码。"),
    )


class AssociationInviteForm(forms.Form):
    email = forms.EmailField(label=_("账号邮箱"), required=False)


class AssociationMemberForm(forms.Form):
    unit = forms.CharField(
        label=_("会员单位"),
        max_length=200,
        required=False,
        help_text=_("填写已登记工作单位的统一社会信用代码或完整名称。"),
    )


class FullExportForm(forms.Form):
    """A full (unmasked) export of personal data: the purpose is stated, logged and printed on the file (issue 25
    item 4)."""

    purpose = forms.CharField(
        label=_("用途"),
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 2}),
        error_messages={"required": _("完整导出身份证号和电话须写明用途。")},
    )
