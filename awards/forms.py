"""Forms of the applicant and recommender pages (附件2 / 领军先锋 附件1)."""

import functools
import re

from django import forms
from django.conf import settings
from django.contrib.auth import password_validation
from django.contrib.auth.forms import AuthenticationForm, PasswordResetForm
from django.contrib.auth.models import User
from django.db.models import Count, F, Q
from django.http.request import RawPostDataException
from django.template import loader
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _

from awards.completeness import identity_mismatch
from awards.documents.annex import representative
from awards.models import (
    Application,
    EducationEntry,
    IndustryCategory,
    IndustrySubcategory,
    Organization,
    WorkEntry,
)
from awards.models.applications import (
    ACHIEVEMENTS_DRAFT_MAX_CHARS,
    TEXT_LIMITS,
    achievements_over_cap_message,
)
from awards.services import login_limits
from awards.services.accounts import unconfirmed_account
from awards.text_limits import lines_over, too_many_lines_message
from awards.validators import validate_credit_code, validate_phone
from awards.wording import section_labels
from config.forms import read_choices_once
from config.mail import PlainTextMultiAlternatives, send_or_fail

#: The employer (工作单位) is chosen by these form fields, not by a model field: `awards.services.employers.employer_choose`.
EMPLOYER_FIELDS = ["employer_name", "employer_credit_code", "employer_email"]

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")

# The applicant's part of the form, in the order of the regulation's table.
COVER_FIELDS = ["tech_domain", "industry_subcategory", "industry_other"]
ROUTE_FIELDS = ["route", "recommender"]
PERSONAL_FIELDS = [
    "name",
    "resident_id",
    "gender",
    "political_status",
    "title_level",
    "title_name",
    "education",
    "degree",
    "employer_name",
    "employer_credit_code",
    "employer_email",
    "position",
    "years_in_industry",
    "years_in_post",
    "years_in_management",
    "direct_technical_work",
    "union_member",
    "phone",
    "email",
    "unit_address",
    "unit_postcode",
]
HISTORY_FIELDS = ["social_posts", "awards_received", "punishments"]
ACHIEVEMENT_FIELDS = ["section_basic", "section_second", "section_third"]
FINAL_FIELDS = ["representative_achievements", "integrity_declared"]
#: 公众评价 (第十九条): what the applicant agrees to publish if shortlisted (docs/decisions.md).
PUBLIC_FIELDS = ["public_summary", "public_achievements", "public_consent"]
APPLICANT_FIELDS = (
    COVER_FIELDS
    + ROUTE_FIELDS
    + PERSONAL_FIELDS
    + HISTORY_FIELDS
    + ACHIEVEMENT_FIELDS
    + FINAL_FIELDS
    + PUBLIC_FIELDS
)

#: Personal data that must not appear in the public texts: a mobile number, a resident ID, an email address.
PERSONAL_DATA_PATTERNS = (
    (re.compile(r"(?<!\d)1[3-9]\d{9}(?!\d)"), _("手机号码")),
    (re.compile(r"(?<![0-9A-Za-z])\d{17}[\dXx](?![0-9A-Za-z])"), _("身份证号码")),
    (re.compile(r"[\w.+-]+@[\w-]+\.[\w.-]+"), _("电子邮箱")),
)


class RegistrationForm(forms.Form):
    """申报人注册: username, email, phone and a password checked by Django's validators."""

    username = forms.RegexField(
        label=_("用户名"),
        max_length=30,
        regex=r"^[A-Za-z0-9_.-]{3,30}$",
        error_messages={"invalid": _("用户名为3–30位字母、数字或 _ . -。")},
        widget=forms.TextInput(attrs={"autocomplete": "username"}),
    )
    email = forms.EmailField(
        label=_("电子邮箱"),
        error_messages={"invalid": _("请填写有效的电子邮箱地址。")},
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )
    phone = forms.CharField(
        label=_("手机号"),
        required=False,
        validators=[validate_phone],
        widget=forms.TextInput(attrs={"type": "tel", "autocomplete": "tel"}),
    )
    password1 = forms.CharField(
        label=_("密码"), strip=False, widget=forms.PasswordInput(attrs={"autocomplete": "new-password"})
    )
    password2 = forms.CharField(
        label=_("再次输入密码"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )

    def clean_email(self):
        # Whether the name or the email is registered already is never said here: the service mails the
        # owner instead (docs/decisions.md, "Registration does not reveal accounts").
        return self.cleaned_data["email"].strip().lower()

    def clean(self):
        data = super().clean()
        p1, p2 = data.get("password1"), data.get("password2")
        if p1 and p2 and p1 != p2:
            self.add_error("password2", _("两次输入的密码不一致。"))
        elif p1:
            probe = User(username=data.get("username", ""), email=data.get("email", ""))
            try:
                password_validation.validate_password(p1, probe)
            except forms.ValidationError as e:
                # Django's zh-hans text reads “密码跟 电子邮件地址 太相似了”; say it in the page's own words
                self.add_error(
                    "password1",
                    [
                        _("密码与您的用户名或电子邮箱太相似，请换一个不易被猜到的密码。")
                        if getattr(error, "code", "") == "password_too_similar"
                        else error
                        for error in e.error_list
                    ],
                )
        return data


class LoginForm(AuthenticationForm):
    """登录: an account waiting for its email confirmation is told so — only when the password was right, so the
    page reveals nothing a correct password does not already prove."""

    unconfirmed_user = None

    def clean(self):
        # A paused account (awards/services/login_limits.py) is refused before its password is checked.
        login_limits.check_not_paused(self.cleaned_data.get("username"), self.request)
        try:
            return super().clean()
        except forms.ValidationError:
            user = unconfirmed_account(
                self.cleaned_data.get("username") or "", self.cleaned_data.get("password") or ""
            )
            if user is None:
                raise
            self.unconfirmed_user = user
            raise forms.ValidationError(
                _("请先确认邮箱：请打开注册时发送到您邮箱的确认链接激活账号后再登录。"), code="unconfirmed"
            )


@functools.cache
def _offered_subcategories_query():
    complete = (
        IndustryCategory.objects.annotate(
            named=Count("subcategories", filter=Q(subcategories__is_other=False))
        )
        .filter(named__gte=F("subcategory_count"))
        .values_list("pk", flat=True)
    )
    return (
        IndustrySubcategory.objects.select_related("category")
        # one query: the complete categories as a subquery (docs/decisions.md 441)
        .exclude(is_other=True, category__in=complete)
        .order_by("category__order", "category_id", "is_other", "order", "id")
    )


def offered_subcategories():
    """The subcategories an applicant may choose: every named one, and “其他（请注明）” under each category whose
    subcategories the office has not all named yet (docs/decisions.md). A fresh copy, never evaluated, of a
    query built once per process (building it cost as much as running it: docs/decisions.md 441)."""
    return _offered_subcategories_query().all()


class SubcategoryChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.category.label()} — {obj.label()}"


class ApplicationForm(forms.ModelForm):
    """The applicant's part of the form. Partial input is fine (a draft); completeness is checked at submit."""

    photo = forms.FileField(label=_("证件照（jpg）"), required=False)
    evidence = forms.FileField(label=_("证实性材料（PDF）"), required=False)
    employer_name = forms.CharField(
        label=_("所在单位"),
        max_length=200,
        required=False,
        help_text=_(
            "从已登记的单位中选择（可输入单位名称或统一社会信用代码查找）；未登记的单位请填写全称，"
            "由组委会办公室确认。"
        ),
        widget=forms.TextInput(attrs={"list": "employer-options", "autocomplete": "off"}),
    )
    employer_credit_code = forms.CharField(
        label=_("所在单位统一社会信用代码"),
        max_length=18,
        required=False,
        help_text=_("已知时填写；填写后按代码匹配已登记的单位。"),
        widget=forms.TextInput(attrs={"autocomplete": "off", "maxlength": 18}),
    )
    employer_email = forms.EmailField(
        label=_("所在单位联系邮箱"),
        required=False,
        help_text=_("单位尚无系统账号时，系统向该邮箱发送单位账号邀请（用于填写推荐意见、确认内部公示）。"),
        error_messages={"invalid": _("E-mail 格式不正确，例如 name@example.cn。")},
    )

    class Meta:
        model = Application
        fields = [f for f in APPLICANT_FIELDS if f not in EMPLOYER_FIELDS]
        widgets = {
            "tech_domain": forms.RadioSelect,
            "route": forms.RadioSelect,
            "gender": forms.RadioSelect,
            "union_member": forms.RadioSelect(choices=[(True, _("是")), (False, _("否"))]),
            "phone": forms.TextInput(attrs={"type": "tel", "autocomplete": "tel"}),
            "email": forms.EmailInput(attrs={"autocomplete": "email"}),
            "resident_id": forms.TextInput(
                attrs={"autocomplete": "off", "inputmode": "text", "maxlength": 18}
            ),
            "unit_postcode": forms.TextInput(attrs={"inputmode": "numeric", "maxlength": 6}),
            "social_posts": forms.Textarea(attrs={"rows": 3}),
            "awards_received": forms.Textarea(attrs={"rows": 4}),
            "punishments": forms.Textarea(attrs={"rows": 3}),
            "section_basic": forms.Textarea(attrs={"rows": 8, "data-counted": "achievements"}),
            "section_second": forms.Textarea(attrs={"rows": 8, "data-counted": "achievements"}),
            "section_third": forms.Textarea(attrs={"rows": 8, "data-counted": "achievements"}),
            "representative_achievements": forms.Textarea(attrs={"rows": 6}),
            "public_summary": forms.Textarea(attrs={"rows": 4, "maxlength": 800}),
            "public_achievements": forms.Textarea(attrs={"rows": 5, "maxlength": 1500}),
        }
        error_messages = {
            "email": {"invalid": _("E-mail 格式不正确，例如 name@example.cn。")},
            "years_in_industry": {"invalid": _("工作年限请填写整数。")},
            "years_in_post": {"invalid": _("工作年限请填写整数。")},
            "years_in_management": {"invalid": _("工作年限请填写整数。")},
        }

    def __init__(self, *args, award_type, **kwargs):
        super().__init__(*args, **kwargs)
        self.award_type = award_type
        employer = self.instance.employer if self.instance.employer_id else None
        if employer is not None:
            self.initial.setdefault("employer_name", employer.name)
            self.initial.setdefault("employer_credit_code", employer.credit_code or "")
            self.initial.setdefault("employer_email", employer.contact_email)
        elif self.instance.unit_name:
            self.initial.setdefault("employer_name", self.instance.unit_name)
        f = self.fields
        f["tech_domain"].queryset = award_type.tech_domains.order_by("order", "id")
        f["tech_domain"].label_from_instance = lambda obj: obj.label()
        f["tech_domain"].empty_label = None
        f["industry_subcategory"] = SubcategoryChoiceField(
            label=_("行业类别（大类 — 小类）"),
            queryset=offered_subcategories(),
            required=False,
            help_text=_("办法未列名的小类，请选择该大类下的“其他（请注明）”并在下方注明。"),
        )
        f["recommender"].queryset = Organization.objects.filter(needs_confirmation=False).order_by("name")
        f["recommender"].help_text = _(
            "选择“单位推荐”或“行业协会推荐”时填写：须为本人所在单位或所在单位所属的行业协会（第十五条）；"
            "推荐机构须在系统中确认推荐。"
        )
        f["union_member"] = forms.TypedChoiceField(
            label=_("是否工会会员"),
            choices=[("True", _("是")), ("False", _("否"))],
            coerce=lambda v: v == "True",
            empty_value=None,
            required=False,
            widget=forms.RadioSelect,
        )
        f["photo"].help_text = _("正面1寸免冠彩色证件照，jpg 格式，宽高比 3:4，不超过 %(size)s。") % {
            "size": filesizeformat(settings.PHOTO_MAX_BYTES)
        }
        f["photo"].widget.attrs["accept"] = "image/jpeg,.jpg,.jpeg"
        f["evidence"].help_text = _("PDF 格式，不超过 %(pages)s 页、%(size)s。") % {
            "pages": settings.EVIDENCE_MAX_PAGES,
            "size": filesizeformat(settings.EVIDENCE_MAX_BYTES),
        }
        f["evidence"].widget.attrs["accept"] = "application/pdf,.pdf"
        if not award_type.min_management_years:
            del f["years_in_management"]
        if not award_type.requires_direct_technical_work:
            del f["direct_technical_work"]
        for name, (title, hint) in zip(ACHIEVEMENT_FIELDS, section_labels(award_type), strict=True):
            if title:
                f[name].label, f[name].help_text = title, hint
        # the 代表性成果 row as the honor's annex words it (the PDF and the Word form say the same)
        f["representative_achievements"].label, f["representative_achievements"].help_text = representative(
            award_type
        )
        for name in ("section_basic", "section_second", "section_third", "representative_achievements"):
            # The cap is checked on save (the counter shows the overflow); a maxlength attribute would make the
            # browser cut pasted text silently.
            f[name].widget.attrs.pop("maxlength", None)
        read_choices_once(self)  # 技术领域, 行业类别, 推荐机构: one plain SELECT each (docs/decisions.md 407)
        for name, field in f.items():
            field.required = False
            if isinstance(field, forms.ModelChoiceField) and name != "tech_domain":
                field.empty_label = _("— 请选择 —")
            elif isinstance(field, forms.ChoiceField) and not isinstance(field.widget, forms.RadioSelect):
                field.choices = [("", _("— 请选择 —"))] + [c for c in field.choices if c[0] != ""]
            elif isinstance(field, forms.ChoiceField):
                # a radio offers only real answers: no pre-selected “- Select an option -” (nothing chosen yet)
                field.choices = [c for c in field.choices if c[0] != ""]

    def employer_options(self):
        """The registered units the applicant may pick (名称, with the credit code as the option's label): the
        units the 推荐机构 field offers (the same filter and order), read once for both (docs/decisions.md 441)."""
        return [
            (value.instance.name, value.instance.credit_code)
            for value, _label in self.fields["recommender"].widget.choices
            if value != ""
        ]

    def clean_employer_name(self):
        return " ".join((self.cleaned_data.get("employer_name") or "").split())

    def clean_employer_credit_code(self):
        code = (self.cleaned_data.get("employer_credit_code") or "").strip().upper()
        if code:
            validate_credit_code(code)
        return code

    def clean_employer_email(self):
        return (self.cleaned_data.get("employer_email") or "").strip().lower()

    def clean_resident_id(self):
        value = (self.cleaned_data.get("resident_id") or "").strip().upper()
        mismatch = identity_mismatch(self.instance.applicant if self.instance.applicant_id else None, value)
        if mismatch:
            raise forms.ValidationError(mismatch)
        return value

    def clean_phone(self):
        return (self.cleaned_data.get("phone") or "").strip()

    def _clean_public_text(self, name):
        value = (self.cleaned_data.get(name) or "").replace("\r\n", "\n").strip()
        for pattern, what in PERSONAL_DATA_PATTERNS:
            if pattern.search(value):
                raise forms.ValidationError(
                    _("公开内容不能包含%(what)s等个人信息，请删除后再保存。") % {"what": what}
                )
        return value

    def clean_public_summary(self):
        return self._clean_public_text("public_summary")

    def clean_public_achievements(self):
        return self._clean_public_text("public_achievements")

    def clean_unit_postcode(self):
        return (self.cleaned_data.get("unit_postcode") or "").strip()

    def clean(self):
        data = super().clean()
        for name in HISTORY_FIELDS + ACHIEVEMENT_FIELDS + ["representative_achievements"]:
            if isinstance(data.get(name), str):
                data[name] = data[name].replace("\r\n", "\n")
        for name, n in lines_over(data, [n for n in TEXT_LIMITS if n in data]).items():
            self.add_error(name, too_many_lines_message(self.fields[name].label, n, saving=True))
        self._check_achievements_total(data)
        route = data.get("route")
        if (
            route
            and route != Application.Route.SELF
            and "recommender" in data
            and not data.get("recommender")
        ):
            self.add_error("recommender", _("选择单位推荐或协会推荐时，请选择推荐机构。"))
        return data

    def _check_achievements_total(self, data) -> None:
        """The three sections together may not exceed the draft cap: none of the three is then saved (the
        text stays in the page to be shortened). A section not in the post counts with its stored text."""
        posted = [n for n in ACHIEVEMENT_FIELDS if n in self.data and n not in self.errors]
        if not posted:
            return
        total = sum(
            len(data.get(n) or "") if n in posted else len(getattr(self.instance, n) or "")
            for n in ACHIEVEMENT_FIELDS
        )
        if total > ACHIEVEMENTS_DRAFT_MAX_CHARS:
            self.add_error(posted[0], achievements_over_cap_message(total))
            for name in posted[1:]:
                data.pop(name, None)

    def section_fields(self, names):
        return [self[n] for n in names if n in self.fields]


class RowForm(forms.ModelForm):
    """One row of 教育经历 / 工作经历: the end may be empty (至今) but never before the start."""

    def clean(self):
        data = super().clean()
        start, end = data.get("start"), data.get("end")
        if start and end and end < start:
            self.add_error(
                "end", _("结束日期 %(end)s 早于开始日期 %(start)s，请检查。") % {"end": end, "start": start}
            )
        return data


# Rows of 教育经历 / 工作经历: a person has a handful; a post naming thousands is refused before any row is built.
ROWS_MAX = 20
ROWS_ABSOLUTE_MAX = 30
# The last input of the edit form. Browsers send the form in document order, so a body cut short (a dropped
# connection, a truncated multipart) lacks it and is refused instead of saving half a field.
FORM_END = "form_end"


class IncompletePost(Exception):
    """The body is not a whole form: refused with HTTP 400 and nothing saved."""


INCOMPLETE_MESSAGE = _(
    "提交的表单数据不完整（可能是网络中断导致上传被截断），本次未保存任何内容，请检查网络后重新保存。"
)


def multipart_is_whole(request) -> bool:
    """A multipart body ends with its closing boundary; one cut short does not (Django's parser would hand over
    the truncated last field as if complete). Autosave bodies carry no files, so reading them is cheap."""
    if request.content_type != "multipart/form-data":
        return True
    boundary = request.content_params.get("boundary", "").encode("ascii", "ignore")
    try:
        body = request.body  # kept readable by config.middleware.RawBodyMiddleware
    except RawPostDataException:  # read elsewhere first: only the browser's whole form is trusted then
        return request.POST.get(FORM_END) == "1"
    return bool(boundary) and body.rstrip(b"\r\n").endswith(b"--" + boundary + b"--")


#: Inputs a browser leaves out of a post when nothing is chosen (an unticked box, an unanswered radio, no file):
#: their absence from a whole form says nothing. Every other input (text, textarea, select) is always sent.
MAY_BE_ABSENT = (forms.CheckboxInput, forms.RadioSelect, forms.FileInput, forms.SelectMultiple)


def missing_from_whole_form(form, data) -> list[str]:
    """The fields a browser always sends that a post claiming to be the whole form (FORM_END) lacks. Saved as a
    whole form, each would be blanked (issue 21): such a post is refused instead."""
    return [
        name
        for name, field in form.fields.items()
        if not isinstance(field.widget, MAY_BE_ABSENT) and name not in data
    ]


def not_whole_form_message(form, missing: list[str]) -> str:
    return _(
        "提交的表单声明为完整表单，却缺少“%(label)s”等 %(n)s 项内容，本次未保存任何内容，"
        "以免清空已保存的内容。请刷新页面后重新保存。"
    ) % {"label": form.fields[missing[0]].label, "n": len(missing)}


def posted_shape(data, *, prefixes=("edu", "work"), whole_form: bool) -> bool:
    """Check the shape of an edit-form post before anything is bound; return True when it is a partial post
    (only the fields it names are saved). `whole_form`: the post must be the complete form with both row
    tables (the edit page); otherwise a table is saved only when its row counts are sent (autosave).
    Raises IncompletePost with a message the applicant can read."""
    complete = data.get(FORM_END) == "1"
    if whole_form and not complete:
        raise IncompletePost(INCOMPLETE_MESSAGE)
    for prefix in prefixes:
        total, initial = data.get(f"{prefix}-TOTAL_FORMS"), data.get(f"{prefix}-INITIAL_FORMS")
        if total is None and initial is None and not whole_form:
            continue  # a post that leaves this table alone
        try:
            total, initial = int(total), int(initial)
        except (TypeError, ValueError):
            raise IncompletePost(
                _("提交的表单缺少教育经历或工作经历的行数信息，本次未保存任何内容，请刷新页面后重试。")
            )
        if total > ROWS_ABSOLUTE_MAX or not 0 <= initial <= total:
            raise IncompletePost(
                _("教育经历和工作经历各最多填写 %(max)s 行，本次未保存任何内容。") % {"max": ROWS_MAX}
            )
    return not complete


class RowFormSet(forms.BaseInlineFormSet):
    """A row table as stored (not bound) shows the rows read with its application when they were prefetched in
    the formset's own order (`selectors.application_detail`: the model's ordering, then pk, as Django's formset
    orders them), so the page does not read them a second time (docs/decisions.md 440). A bound table reads its
    rows as Django's does."""

    def get_queryset(self):
        if not hasattr(self, "_queryset") and not self.is_bound and self.instance.pk is not None:
            prefetched = getattr(self.instance, "_prefetched_objects_cache", {})
            rows = prefetched.get(self.fk.remote_field.cache_name)
            if rows is not None:
                self._queryset = rows
        return super().get_queryset()


def row_formset(model, fields: list[str]):
    """A row table of the form (教育经历, 工作经历): dated rows, at most ROWS_MAX, ROWS_ABSOLUTE_MAX refused."""
    return forms.inlineformset_factory(
        Application,
        model,
        form=RowForm,
        formset=RowFormSet,
        fields=fields,
        widgets={"start": DATE, "end": DATE},
        extra=1,
        can_delete=True,
        max_num=ROWS_MAX,
        validate_max=True,
        absolute_max=ROWS_ABSOLUTE_MAX,
    )


EducationFormSet = row_formset(EducationEntry, ["start", "end", "school", "major", "qualification"])
WorkFormSet = row_formset(WorkEntry, ["start", "end", "employer", "post"])


class UnitOpinionForm(forms.ModelForm):
    """二、所在单位推荐意见 (领军先锋) — filled by the recommender on its own page."""

    class Meta:
        model = Application
        fields = ["unit_contact", "unit_opinion", "unit_responsible", "unit_opinion_date"]
        widgets = {"unit_opinion": forms.Textarea(attrs={"rows": 8}), "unit_opinion_date": DATE}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            field.required = True
        self.fields["unit_opinion"].help_text = _("围绕申报人日常工作情况、工作业绩、申报材料真实性等展开。")

    def clean_unit_opinion(self):
        value = self.cleaned_data.get("unit_opinion") or ""
        for n in lines_over({"unit_opinion": value}, ["unit_opinion"]).values():
            raise forms.ValidationError(
                too_many_lines_message(self.fields["unit_opinion"].label, n, saving=True)
            )
        return value


class StartForPersonForm(forms.Form):
    """推荐机构为本单位人员发起申报 (第十五条)."""

    name = forms.CharField(label=_("申报人姓名"), max_length=50)
    email = forms.EmailField(
        label=_("申报人电子邮箱"), help_text=_("系统将向该邮箱发送推荐邀请（新申报人另附设置密码的链接）。")
    )


class StartTargetForm(forms.Form):
    """The campaign and the unit a recommendation is made for (the two selects beside `StartForPersonForm`)."""

    campaign = forms.IntegerField(required=False)
    organization = forms.IntegerField(required=False)


class RetractForm(forms.Form):
    """撤回申报: the optional reason."""

    reason = forms.CharField(required=False, strip=False)


class ResendConfirmationForm(forms.Form):
    """重新发送确认邮件: the signed token the login page gave (checked by the service)."""

    token = forms.CharField(required=False, strip=False)


class PlainPasswordResetForm(PasswordResetForm):
    """找回密码: Django's form (it answers the same whether the email exists), its mail sent as readable text."""

    def send_mail(
        self,
        subject_template_name,
        email_template_name,
        context,
        from_email,
        to_email,
        html_email_template_name=None,
    ):
        subject = "".join(loader.render_to_string(subject_template_name, context).splitlines())
        body = loader.render_to_string(email_template_name, context)
        message = PlainTextMultiAlternatives(subject, body, from_email, [to_email])
        if html_email_template_name is not None:
            message.attach_alternative(
                loader.render_to_string(html_email_template_name, context), "text/html"
            )
        send_or_fail(message)  # MailNotSent: the page says so, never a 500


class PurposeForm(forms.Form):
    """The stated purpose of a full (unmasked) copy of personal data (issue 25 item 4)."""

    purpose = forms.CharField(
        label=_("用途"),
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 2}),
        error_messages={"required": _("查看完整的身份证号和电话须写明用途。")},
    )


class DataRequestForm(forms.Form):
    """A correction or deletion request about one's own data (PIPL 第四十六、四十七条)."""

    text = forms.CharField(label=_("说明"), required=False, widget=forms.Textarea(attrs={"rows": 3}))
