"""What an application still lacks before it can be submitted — each item with the field it points to."""

from collections.abc import Collection
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from awards.eligibility import recommender_problem
from awards.models import ACHIEVEMENTS_MAX_CHARS, Application, Attachment, Person
from awards.models.applications import TEXT_LIMITS
from awards.text_limits import lines_over, too_many_lines_message
from awards.validators import validate_phone, validate_postcode, validate_resident_id


@dataclass(frozen=True)
class Missing:
    field: str
    message: str


REQUIRED_FIELDS = [
    "name",
    "resident_id",
    "gender",
    "political_status",
    "title_level",
    "education",
    "position",
    "years_in_industry",
    "phone",
    "email",
    "unit_address",
    "unit_postcode",
    "tech_domain",
    "industry_subcategory",
    "section_basic",
    "section_second",
    "section_third",
    "representative_achievements",
]


def mask_resident_id(value: str) -> str:
    return f"{value[:6]}********{value[-4:]}" if len(value) == 18 else value


def identity_mismatch(user, resident_id: str) -> str:
    """A returning applicant's account is tied to the person (身份证号) of the earlier application (第十三条 looks
    across years by that number); a different number is refused with this message ("" when it matches)."""
    if not resident_id or user is None or not user.pk:
        return ""
    # the Person read with the application (`application_detail(with_person=True)`), else a query of its own
    if type(user).person.is_cached(user):
        person = getattr(user, "person", None)  # None: the LEFT JOIN found no row
        known = person.resident_id if person is not None else None
    else:
        known = Person.objects.filter(user=user).values_list("resident_id", flat=True).first()
    if known and known.upper() != resident_id.strip().upper():
        return _(
            "您的账号在往届申报中登记的身份证号为 %(known)s，与本次填写的不一致。同一账号只能用于本人申报；"
            "如登记的号码有误，请联系组委会办公室更正。"
        ) % {"known": mask_resident_id(known)}
    return ""


def missing_items(app: Application, offered_domains: Collection[int] | None = None) -> list[Missing]:
    """`offered_domains`: the ids of the honor's technical domains when the caller has read them already (the
    form's choices: docs/decisions.md 441); read here otherwise."""
    items: list[Missing] = []
    for name in REQUIRED_FIELDS:
        value = getattr(app, name if not name.endswith(("domain", "subcategory")) else f"{name}_id")
        if value in (None, "") or (isinstance(value, str) and not value.strip()):
            label = Application._meta.get_field(name).verbose_name
            items.append(Missing(name, _("请填写“%(label)s”。") % {"label": label}))
    t = app.campaign.award_type
    if app.years_in_post is None:  # a row of both annex forms, whatever the eligibility rule
        items.append(Missing("years_in_post", _("请填写“现岗位或相似岗位工作年限”。")))
    if t.min_management_years and app.years_in_management is None:
        items.append(Missing("years_in_management", _("请填写“从事智慧城市建设管理类工作年限”。")))
    if app.union_member is None:
        items.append(Missing("union_member", _("请选择是否工会会员。")))
    if app.industry_subcategory_id and app.industry_subcategory.is_other and not app.industry_other.strip():
        items.append(Missing("industry_other", _("选择“其他（请注明）”时，请注明所属行业小类。")))
    if not app.employer_id:
        items.append(
            Missing("employer_name", _("请填写所在单位（从已登记的单位中选择，或填写新单位全称）。"))
        )
    if app.route != Application.Route.SELF and not app.recommender_id:
        items.append(Missing("recommender", _("选择单位推荐或协会推荐时，请选择推荐机构。")))
    elif app.employer_id:
        problem = recommender_problem(app)
        if problem:
            items.append(Missing("recommender", problem))
    if not app.integrity_declared:
        items.append(Missing("integrity_declared", _("请确认守法诚信、材料真实的承诺。")))
    for name, validator in (
        ("resident_id", validate_resident_id),
        ("phone", validate_phone),
        ("unit_postcode", validate_postcode),
    ):
        value = getattr(app, name)
        if value:
            try:
                validator(value)
            except ValidationError as e:
                items.append(Missing(name, " ".join(e.messages)))
    mismatch = identity_mismatch(app.applicant, app.resident_id)
    if mismatch:
        items.append(Missing("resident_id", mismatch))
    if app.tech_domain_id and not (
        app.tech_domain_id in offered_domains
        if offered_domains is not None
        else t.tech_domains.filter(pk=app.tech_domain_id).exists()
    ):
        items.append(
            Missing("tech_domain", _("所选技术领域不属于“%(honor)s”的申报范围。") % {"honor": t.name})
        )
    # issue 21 item 7: a draft saved before the line cap (or through another path) is not submitted over it
    for name, n in lines_over({n: getattr(app, n) for n in TEXT_LIMITS}, TEXT_LIMITS).items():
        label = Application._meta.get_field(name).verbose_name
        items.append(Missing(name, too_many_lines_message(label, n, saving=False)))
    length = app.achievements_length
    if length > ACHIEVEMENTS_MAX_CHARS:
        items.append(
            Missing(
                "section_basic",
                _("主要工作成绩和突出贡献三部分合计限 %(max)s 字，现为 %(n)s 字，请删减 %(over)s 字。")
                % {"max": ACHIEVEMENTS_MAX_CHARS, "n": length, "over": length - ACHIEVEMENTS_MAX_CHARS},
            )
        )
    if not app.education_entries.exists():
        items.append(Missing("education", _("请至少填写一条教育经历（从高中起）。")))
    if not app.work_entries.exists():
        items.append(Missing("work", _("请至少填写一条工作经历。")))
    if "attachments" in getattr(app, "_prefetched_objects_cache", {}):  # read with the page (no query)
        kinds = {a.kind for a in app.attachments.all() if a.purged_at is None}
    else:
        kinds = set(app.attachments.filter(purged_at__isnull=True).values_list("kind", flat=True))
    if Attachment.Kind.PHOTO not in kinds:
        items.append(Missing("photo", _("请上传申报人1寸证件照（jpg）。")))
    if Attachment.Kind.EVIDENCE not in kinds:
        items.append(Missing("evidence", _("请上传证实性材料（PDF，不超过10页）。")))
    return items
