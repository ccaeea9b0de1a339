"""What the printed form says, in the regulation's order — shared by the PDF and the Word document."""

import base64
from dataclasses import dataclass, field

from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from awards.documents import annex
from awards.forms import ROWS_ABSOLUTE_MAX
from awards.masking import mask_phone, mask_resident_id
from awards.models import Application, Attachment
from awards.models.applications import TEXT_LIMITS
from awards.text_limits import TEXT_MAX_LINES
from awards.wording import section_labels
from config.text import series

CHUNK_CHARS = 600  # a long text is printed as rows of at most this many characters, each with its label


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
    representative: tuple[str, str]  # label, text
    instructions: list[str] = field(default_factory=list)  # 填报说明 1–4
    achievements_label: str = ""
    representative_hint: str = ""
    text_rows: list[dict] = field(default_factory=list)  # PDF rows: label, continued, heading, hint, text
    unit_opinion: dict | None = None
    photo_data_uri: str = ""
    photo_bytes: bytes = b""
    printed_by: str = field(default="")
    #: A full copy for somebody other than the applicant: who and when, printed at the foot of every page.
    watermark: str = ""


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


def _years(value) -> str:
    return _("%(n)s 年") % {"n": value} if value is not None else ""


def chunks(text: str, size: int = CHUNK_CHARS) -> list[str]:
    """Split `text` into pieces of at most `size` characters, at line ends where possible."""
    pieces: list[str] = []
    current = ""
    for line in (text or "").splitlines(keepends=True):
        while len(line) > size:
            if current:
                pieces.append(current)
                current = ""
            pieces.append(line[:size])
            line = line[size:]
        if len(current) + len(line) > size:
            pieces.append(current)
            current = ""
        current += line
    if current or not pieces:
        pieces.append(current)
    return [p.rstrip("\n") for p in pieces]


def _text_rows(c: "FormContent") -> list[dict]:
    """The free-text part of the form as table rows for the PDF. A long text becomes several rows, each carrying
    its label (“（续）” after the first), so the label column is there on every page the text runs onto."""
    rows: list[dict] = []

    def add(label: str, text: str, heading: str = "", hint: str = "", first_of_label: bool = True) -> None:
        for i, piece in enumerate(chunks(text)):
            rows.append(
                {
                    "label": label,
                    "continued": not (first_of_label and i == 0),
                    "heading": heading if i == 0 else "",
                    "hint": hint if i == 0 else "",
                    "text": piece,
                }
            )

    add(_("教育经历（从高中起）"), "\n".join(c.education))
    add(_("工作经历"), "\n".join(c.work))
    for label, text in c.blocks:
        add(label, text or _("无"))
    for i, (heading, hint, text) in enumerate(c.achievements):
        add(c.achievements_label, text, heading, hint, first_of_label=i == 0)
    add(c.representative[0], c.representative[1], hint=c.representative_hint)
    return rows


def capped(text: str, limit: int, max_lines: int = TEXT_MAX_LINES) -> str:
    """Rendering is bounded (docs/decisions.md, "Documents are bounded", and 163): text stored before the caps
    existed is cut at the field's line cap and character cap with a visible notice, so no document takes more
    than seconds or a few pages (one character per line once printed 196 pages)."""
    text = text or ""
    notices = []
    lines = text.splitlines()
    if len(lines) > max_lines:
        text = "\n".join(lines[:max_lines])
        notices.append(
            _("【以下 %(n)s 行超出本栏 %(max)s 行上限，未打印；全文请在系统中查看。】")
            % {"n": len(lines) - max_lines, "max": max_lines}
        )
    if len(text) > limit:
        notices.append(
            _("【以下 %(n)s 字超出本栏 %(max)s 字上限，未打印；全文请在系统中查看。】")
            % {"n": len(text) - limit, "max": limit}
        )
        text = text[:limit]
    return "\n".join([text, *notices]) if notices else text


def _one_line(*parts: str) -> str:
    """A row of 教育经历 / 工作经历 on one printed line: line breaks inside a cell (a forged post) print as spaces."""
    return "　".join(" ".join((p or "").split()) for p in parts).rstrip("　")


def capped_rows(rows: list[str]) -> list[str]:
    if len(rows) <= ROWS_ABSOLUTE_MAX:
        return rows
    return rows[:ROWS_ABSOLUTE_MAX] + [
        _("【另有 %(n)s 行超出 %(max)s 行上限，未打印。】")
        % {"n": len(rows) - ROWS_ABSOLUTE_MAX, "max": ROWS_ABSOLUTE_MAX}
    ]


def form_content(application: Application, *, for_office: bool, reveal: bool = True) -> FormContent:
    """`reveal`: the ID number and phone in full (the applicant's own copy, or a full copy for a stated purpose);
    otherwise masked (`awards.masking`, issue 25 item 4)."""
    a = application
    rid, phone = (
        (a.resident_id, a.phone) if reveal else (mask_resident_id(a.resident_id), mask_phone(a.phone))
    )
    cap = TEXT_LIMITS
    t = a.campaign.award_type
    title = annex.form_title(t)
    sub = a.industry_subcategory
    # The cover has exactly the annex's lines; 申报日期 is the day the form was submitted (blank for a draft).
    submitted_on = timezone.localdate(a.submitted_at) if a.submitted_at else None
    cover = [
        (_("申报人姓名"), a.name),
        (_("所在单位"), a.unit_name),
        (_("推荐机构"), a.recommender.name if a.recommender_id else str(a.get_route_display())),
        (_("申报日期"), _d(submitted_on)),
    ]
    domains = [(d.label(), d.pk == a.tech_domain_id) for d in t.tech_domains.order_by("order", "id")]
    title_text = " ".join(
        x for x in (a.get_title_level_display() if a.title_level else "", a.title_name) if x
    )
    edu_degree = series(
        x
        for x in (
            a.get_education_display() if a.education else "",
            a.get_degree_display() if a.degree else "",
        )
        if x
    )
    personal = [
        (_("姓名"), a.name, _("身份证号"), rid),
        (
            _("性别"),
            a.get_gender_display() if a.gender else "",
            _("政治面貌"),
            a.get_political_status_display() if a.political_status else "",
        ),
        (_("职称"), title_text, _("学位学历"), edu_degree),
        (_("所在单位"), a.unit_name, "", ""),
        (_("担任职务"), a.position, "", ""),
        (_("现岗位或相似岗位工作年限"), _years(a.years_in_post), "", ""),
        (_("是否工会会员"), _yes_no(a.union_member), "", ""),
        (_("联系电话"), phone, _("E-mail"), a.email),
        (_("单位地址及邮编"), f"{a.unit_address} {a.unit_postcode}".strip(), "", ""),
        # Not on the annex, but the office checks them (第十二条 / 领军先锋 三): printed after the annex's rows.
        (_("行业类别"), a.industry_label if sub else "", "", ""),
        (_("本市智慧城市建设相关行业单位工作年限"), _years(a.years_in_industry), "", ""),
    ]
    if t.min_management_years:
        personal.append((_("从事智慧城市建设管理类工作年限"), _years(a.years_in_management), "", ""))
    education = [
        _one_line(f"{_ym(e.start)}—{_ym(e.end)}", e.school, e.major, e.qualification)
        for e in a.education_entries.all()
    ]
    work = [_one_line(f"{_ym(w.start)}—{_ym(w.end)}", w.employer, w.post) for w in a.work_entries.all()]
    blocks = [
        (_("社会团体兼职情况"), capped(a.social_posts, cap["social_posts"])),
        (_("何时何地受过何种奖励"), capped(a.awards_received, cap["awards_received"])),
        (_("何时何地受过何种处罚"), capped(a.punishments, cap["punishments"])),
    ]
    achievements = [
        (title, hint, capped(text, cap["section_basic"]))
        for (title, hint), text in zip(
            section_labels(t), (a.section_basic, a.section_second, a.section_third), strict=True
        )
    ]
    rep_label, rep_hint = annex.representative(t)
    content = FormContent(
        title=title,
        number=a.number,
        cover=cover,
        domains=domains,
        personal=personal,
        education=capped_rows(education),
        work=capped_rows(work),
        blocks=blocks,
        achievements=achievements,
        representative=(rep_label, capped(a.representative_achievements, cap["representative_achievements"])),
        printed_by=_("上海市经济和信息化工作系统工会印制"),
        instructions=annex.instructions(t),
        achievements_label=annex.achievements_label(),
        representative_hint=rep_hint,
    )
    content.text_rows = _text_rows(content)
    if t.requires_unit_opinion:
        content.unit_opinion = {
            "contact": a.unit_contact,
            "opinion": capped(a.unit_opinion, cap["unit_opinion"]),
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
