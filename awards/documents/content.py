"""What the printed form says, in the regulation's order — shared by the PDF and the Word document."""

import base64
from dataclasses import dataclass, field

from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from awards.models import Application, Attachment


@dataclass
class FormContent:
    title: str
    number: str
    cover: list[tuple[str, str]]
    domains: list[tuple[str, bool]]
    personal: list[tuple[str, str, str, str]]  # label, value, label, value ("" when one cell spans)
    education: list[str]
    work: list[str]
    blocks: list[tuple[str, str]]  # label, text
    achievements: list[tuple[str, str, str]]  # heading, hint, text
    representative: tuple[str, str]
    unit_opinion: dict | None = None
    photo_data_uri: str = ""
    photo_bytes: bytes = b""
    printed_by: str = field(default="")


def _d(value) -> str:
    return date_format(value, "DATE_FORMAT") if value else ""


def _ym(value) -> str:
    return value.strftime("%Y.%m") if value else _("至今")


def _yes_no(value) -> str:
    return (
        ("☑ " + _("是") + "　☐ " + _("否"))
        if value
        else ("☐ " + _("是") + "　☑ " + _("否"))
        if value is False
        else ("☐ " + _("是") + "　☐ " + _("否"))
    )


def form_content(application: Application, *, for_office: bool) -> FormContent:
    a = application
    t = a.campaign.award_type
    activity = _("选树活动") if a.campaign.is_craftsman else pgettext("application form title", "评选活动")
    title = _("上海智慧城市建设“%(honor)s”%(activity)s申报表") % {
        "honor": t.get_code_display(),
        "activity": activity,
    }
    sub = a.industry_subcategory
    cover = [
        (_("申报人姓名"), a.name),
        (_("所在单位"), a.unit_name),
        (_("推荐机构"), a.recommender.name if a.recommender_id else str(a.get_route_display())),
        (_("申报日期"), _d(a.applied_on or (a.submitted_at.date() if a.submitted_at else None))),
        (_("行业类别"), a.industry_label if sub else ""),
    ]
    domains = [(d.label(), d.pk == a.tech_domain_id) for d in t.tech_domains.order_by("order", "id")]
    years = []
    if a.years_in_industry is not None:
        years.append(_("行业单位 %(n)s 年") % {"n": a.years_in_industry})
    if t.min_post_years and a.years_in_post is not None:
        years.append(_("现岗位或相似岗位 %(n)s 年") % {"n": a.years_in_post})
    if t.min_management_years and a.years_in_management is not None:
        years.append(_("管理类工作 %(n)s 年") % {"n": a.years_in_management})
    title_text = " ".join(
        x for x in (a.get_title_level_display() if a.title_level else "", a.title_name) if x
    )
    edu_degree = "、".join(
        x
        for x in (
            a.get_education_display() if a.education else "",
            a.get_degree_display() if a.degree else "",
        )
        if x
    )
    personal = [
        (_("姓名"), a.name, _("身份证号"), a.resident_id),
        (
            _("性别"),
            a.get_gender_display() if a.gender else "",
            _("政治面貌"),
            a.get_political_status_display() if a.political_status else "",
        ),
        (_("职称"), title_text, _("学位学历"), edu_degree),
        (_("所在单位"), a.unit_name, "", ""),
        (_("担任职务"), a.position, "", ""),
        (_("工作年限"), "；".join(years), "", ""),
        (_("是否工会会员"), _yes_no(a.union_member), "", ""),
        (_("联系电话"), a.phone, _("E-mail"), a.email),
        (_("单位地址及邮编"), f"{a.unit_address} {a.unit_postcode}".strip(), "", ""),
    ]
    education = [
        f"{_ym(e.start)}—{_ym(e.end)}　{e.school}　{e.major}　{e.qualification}".rstrip()
        for e in a.education_entries.all()
    ]
    work = [f"{_ym(w.start)}—{_ym(w.end)}　{w.employer}　{w.post}".rstrip() for w in a.work_entries.all()]
    blocks = [
        (_("社会团体兼职情况"), a.social_posts),
        (_("何时何地受过何种奖励"), a.awards_received),
        (_("何时何地受过何种处罚"), a.punishments),
    ]
    labels = list(t.section_labels or []) + [{}, {}, {}]
    achievements = [
        (labels[i].get("zh", ""), labels[i].get("hint", ""), text)
        for i, text in enumerate((a.section_basic, a.section_second, a.section_third))
    ]
    content = FormContent(
        title=title,
        number=a.number if for_office else "",
        cover=cover,
        domains=domains,
        personal=personal,
        education=education,
        work=work,
        blocks=blocks,
        achievements=achievements,
        representative=(_("本次申报代表性成果的情况说明"), a.representative_achievements),
        printed_by=_("上海市经济和信息化工作系统工会印制"),
    )
    if t.requires_unit_opinion:
        content.unit_opinion = {
            "contact": a.unit_contact,
            "opinion": a.unit_opinion,
            "responsible": a.unit_responsible,
            "date": _d(a.unit_opinion_date),
        }
    photo = next(
        (
            x
            for x in a.attachments.all()
            if x.kind == Attachment.Kind.PHOTO and x.purged_at is None and x.file
        ),
        None,
    )
    if photo is not None:
        try:
            with photo.file.open("rb") as fh:
                content.photo_bytes = fh.read()
        except OSError:
            content.photo_bytes = b""
        if content.photo_bytes:
            content.photo_data_uri = (
                "data:image/jpeg;base64," + base64.b64encode(content.photo_bytes).decode()
            )
    return content
