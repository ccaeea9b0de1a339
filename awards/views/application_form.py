"""The application form page's pieces (申报表填写): its sections and progress, saving a posted form through the
services, and rendering the page — shared by the edit view and autosave (awards/views/applicant.py)."""

from django.core.exceptions import ValidationError
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _

from awards.completeness import missing_items
from awards.documents import annex
from awards.form_markup import PARTS_CACHE_SECONDS, field_parts, fields_key, rows_key, templates_token
from awards.forms import (
    ACHIEVEMENT_FIELDS,
    APPLICANT_FIELDS,
    COVER_FIELDS,
    EMPLOYER_FIELDS,
    FINAL_FIELDS,
    HISTORY_FIELDS,
    PERSONAL_FIELDS,
    PUBLIC_FIELDS,
    ROUTE_FIELDS,
    ApplicationForm,
    EducationFormSet,
    IncompletePost,
    WorkFormSet,
    missing_from_whole_form,
    not_whole_form_message,
)
from awards.models import ACHIEVEMENTS_MAX_CHARS, Attachment, Consent
from awards.selectors import applications as selectors
from awards.services import applications as services
from awards.services.privacy import active_consent
from awards.uploads import check_evidence, check_photo
from config.actions import report_refusal
from config.text import labelled

# Anchors of completeness items that are not plain model fields.
ANCHORS = {"education": "education", "work": "work", "photo": "id_photo", "evidence": "id_evidence"}


def sections_of(form, missing=()) -> list[dict]:
    """The form's sections in the regulation's order, each with how many required items it still lacks
    (the progress indicator)."""
    sections = [
        {"id": "cover", "title": _("封面"), "fields": form.section_fields(COVER_FIELDS)},
        {"id": "route", "title": _("推荐方式"), "fields": form.section_fields(ROUTE_FIELDS)},
        {"id": "personal", "title": _("一、个人基本情况"), "fields": form.section_fields(PERSONAL_FIELDS)},
        {"id": "education", "title": _("教育经历（从高中起）"), "rows": "edu"},
        {"id": "work", "title": _("工作经历"), "rows": "work"},
        {"id": "history", "title": _("兼职、奖励与处罚"), "fields": form.section_fields(HISTORY_FIELDS)},
        {
            "id": "achievements",
            "title": _("主要工作成绩和突出贡献（限 %(n)s 字以内）") % {"n": ACHIEVEMENTS_MAX_CHARS},
            "fields": form.section_fields(ACHIEVEMENT_FIELDS),
            "counter": True,
        },
        {"id": "final", "title": _("代表性成果与承诺"), "fields": form.section_fields(FINAL_FIELDS)},
        {"id": "files", "title": _("照片与证实性材料"), "files": True},
        {
            "id": "public",
            "title": _("公众评价公开信息（入围后公开，可选）"),
            "fields": form.section_fields(PUBLIC_FIELDS),
            "preview": True,
        },
    ]
    owner = {n: "cover" for n in COVER_FIELDS} | {n: "route" for n in ROUTE_FIELDS}
    owner |= {n: "personal" for n in PERSONAL_FIELDS} | {n: "achievements" for n in ACHIEVEMENT_FIELDS}
    owner |= {n: "final" for n in FINAL_FIELDS} | {"education": "education", "work": "work"}
    owner |= {"photo": "files", "evidence": "files"} | {n: "public" for n in PUBLIC_FIELDS}
    for section in sections:
        section["missing"] = sum(1 for m in missing if owner.get(m.field) == section["id"])
    return sections


def bind_blank(application):
    """The form and its row tables as stored (a GET, or a post refused as a whole)."""
    award_type = application.campaign.award_type
    return (
        ApplicationForm(instance=application, award_type=award_type),
        EducationFormSet(instance=application, prefix="edu"),
        WorkFormSet(instance=application, prefix="work"),
    )


def bind(request, application):
    fresh = selectors.fresh_application(application.pk)  # the form may write invalid values on its instance
    # the account and the employer, read with `application` in this request, are not read again for the form
    # (the resident ID's check, the employer's initial name: docs/decisions.md 434)
    for name in ("applicant", "employer"):
        read = getattr(type(application), name).is_cached(application)
        if read and getattr(fresh, f"{name}_id") == getattr(application, f"{name}_id"):
            setattr(fresh, name, getattr(application, name))
    award_type = application.campaign.award_type
    form = ApplicationForm(request.POST, request.FILES, instance=fresh, award_type=award_type)
    edu = EducationFormSet(request.POST, instance=application, prefix="edu")
    work = WorkFormSet(request.POST, instance=application, prefix="work")
    return form, edu, work


def _row_errors(formset, anchor: str, title: str) -> list[dict]:
    items = []
    for i, f in enumerate(formset.forms, start=1):
        for field, errors in f.errors.items():
            label = f.fields[field].label if field in f.fields else ""
            for message in errors:
                items.append(
                    {
                        "anchor": f"id_{f.prefix}-{field}",
                        "message": labelled(
                            _("%(table)s第%(row)s行 %(field)s") % {"table": title, "row": i, "field": label},
                            message,
                        ),
                    }
                )
    for message in formset.non_form_errors():
        items.append({"anchor": anchor, "message": labelled(title, message)})
    return items


def save_from_request(request, application, *, with_files: bool, partial: bool = False):
    """Save every valid part of the posted form; return the bound forms and the list of problems.
    `partial`: only the fields present in the post are written (an absent field is left as stored). A whole
    form that lacks a field the browser always sends raises IncompletePost before anything is written."""
    form, edu, work = bind(request, application)
    if not partial:
        missing = missing_from_whole_form(form, request.POST)
        if missing:
            raise IncompletePost(not_whole_form_message(form, missing))
    form.is_valid()
    posted = set(request.POST) | set(request.FILES)
    fields = {
        name: value
        for name, value in form.cleaned_data.items()
        if name in APPLICANT_FIELDS
        and name in form.fields
        and name not in form.errors
        and (not partial or name in posted)
    }
    if "employer_name" not in posted:  # a form without the employer part leaves the employer alone
        for name in EMPLOYER_FIELDS:
            fields.pop(name, None)
    valid_sets = [fs for fs in (edu, work) if f"{fs.prefix}-TOTAL_FORMS" in posted and fs.is_valid()]
    try:
        saved = services.application_save_draft(
            application=application,
            user=request.user,
            fields=fields,
            formsets=valid_sets,
            password_url=(
                (
                    lambda uid, token: request.build_absolute_uri(
                        reverse("password_reset_confirm", args=[uid, token])
                    )
                )
                if with_files
                else None
            ),
        )
    except ValidationError as e:  # a cap the form did not see (e.g. rows over their length): nothing saved
        report_refusal(request, e, form=form)
        saved = selectors.fresh_application(application.pk)
    if with_files:
        for name, check, kind in (
            ("photo", check_photo, Attachment.Kind.PHOTO),
            ("evidence", check_evidence, Attachment.Kind.EVIDENCE),
        ):
            upload = request.FILES.get(name)
            if not upload:
                continue
            try:
                checked = check(upload)
            except ValidationError as e:
                form.add_error(name, e)
                continue
            services.attachment_replace(
                application=saved, user=request.user, kind=kind, checked=checked, name=upload.name
            )
    problems = []
    for name, errors in form.errors.items():
        if partial and name in form.fields and name not in posted:
            continue
        label = form.fields[name].label if name in form.fields else ""
        for message in errors:
            problems.append(
                {"anchor": f"id_{name}", "message": labelled(label, message) if label else message}
            )
    for formset, anchor, title in ((edu, "education", _("教育经历")), (work, "work", _("工作经历"))):
        if f"{formset.prefix}-TOTAL_FORMS" in posted:  # autosave leaves the row tables to the save button
            problems += _row_errors(formset, anchor, title)
    if saved.achievements_length > ACHIEVEMENTS_MAX_CHARS:
        over = saved.achievements_length - ACHIEVEMENTS_MAX_CHARS
        problems.append(
            {
                "anchor": "id_section_basic",
                "message": _(
                    "主要工作成绩和突出贡献三部分合计限 %(max)s 字，现为 %(n)s 字，请删减 %(over)s 字（已保存为草稿）。"
                )
                % {"max": ACHIEVEMENTS_MAX_CHARS, "n": saved.achievements_length, "over": over},
            }
        )
    return saved, form, edu, work, problems


def js_messages() -> dict:
    """The form script's messages, translated here ({name} placeholders are filled in the browser)."""
    return {
        "over": _("（超出 {n} 字，请删减）"),
        "ratio_off": _("提示：照片宽高比为 {ratio}，1寸证件照应为 3:4（0.75），打印时将按框裁切。"),
        "ratio_ok": _("照片比例符合 1 寸证件照（3:4）。"),
        "restored": _("已恢复您在本机暂存、尚未保存到服务器的内容（{time}），正在保存……"),
        "saving": _("正在自动保存……"),
        "expired": _("登录已过期，内容已暂存在本机浏览器中。请重新登录，登录后将自动恢复。"),
        "relogin": _("重新登录"),
        "failed": _("自动保存失败，内容已暂存在本机。"),
        "saved": _("已自动保存 {time}"),
        "saved_problems": _("（有 {n} 处格式不正确的内容未保存，点“保存草稿”查看）"),
        "offline": _("网络中断，内容已暂存在本机，恢复连接后会自动保存。"),
    }


def render_form(request, application, form, edu, work, problems, status=200, refused=False, as_stored=False):
    """`as_stored`: `application` is the row just read by `selectors.application_detail` and nothing was saved
    since (a GET, a post refused as a whole), so it is not read again."""
    app = application if as_stored else selectors.application_detail(application.pk)
    attachments = {a.kind: a for a in app.attachments.all() if a.purged_at is None}
    # the honor's domains as the form read them for its choices, not read again
    domains = form.fields["tech_domain"].choices if "tech_domain" in form.fields else None
    offered = None if domains is None else {value.value for value, _label in domains if value != ""}
    sections = sections_of(form, missing_items(app, offered_domains=offered))
    token = templates_token()
    for section in sections:
        if section.get("fields"):
            section["parts"] = field_parts(form, section["fields"], token)
    return render(
        request,
        "awards/application_form.html",
        {
            "application": app,
            "form": form,
            "edu": edu,
            "work": work,
            # the two upload fields show no stored value: kept as the other fields (docs/decisions.md 442)
            "photo_key": fields_key(form, [form["photo"]], token),
            "evidence_key": fields_key(form, [form["evidence"]], token),
            "edu_key": rows_key(edu, token),
            "work_key": rows_key(work, token),
            "parts_seconds": PARTS_CACHE_SECONDS,
            "sections": sections,
            "sections_done": sum(1 for s in sections if not s["missing"]),
            "problems": problems,
            "photo": attachments.get(Attachment.Kind.PHOTO),
            "evidence": attachments.get(Attachment.Kind.EVIDENCE),
            "max_chars": ACHIEVEMENTS_MAX_CHARS,
            "supplement": selectors.open_supplement_request(app),
            "server_saved_at": int(app.updated_at.timestamp() * 1000),
            "js_messages": js_messages(),
            "refused": refused,
            "public_preview": selectors.public_profile(app),
            "sensitive_consent": active_consent(request.user, Consent.Purpose.SENSITIVE),
            "instructions": annex.instructions(app.campaign.award_type),
        },
        status=status,
    )
