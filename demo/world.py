"""The demo world's static parts: organisations, experts, applicants' application forms and attachments."""

import datetime
import io
from functools import partial

from django.contrib.auth.models import Permission, User
from django.core.files.base import ContentFile
from django.utils import timezone
from PIL import Image, ImageDraw
from pypdf import PdfWriter

from awards.models import (
    Application,
    Attachment,
    Campaign,
    EducationEntry,
    IndustrySubcategory,
    Organization,
    TechDomain,
    WorkEntry,
)
from awards.validators import CREDIT_CODE_CHARSET, credit_code_check_char, resident_id_check_digit
from demo.organisations import EXPERT_ORGS, ORGANISATIONS, RECOMMENDER_ORGS
from demo.people import CRAFTSMEN, EXPERTS, PIONEERS
from demo.stories import STORIES
from scoring.models import ExpertProfile


def credit_code(prefix: str, n: int) -> str:
    """A GB 32100 code: registration prefix, a 9-character organisation body, the MOD 31 check character."""
    body = "".join(CREDIT_CODE_CHARSET[(n * 11 + i * 7 + 3) % 31] for i in range(9))
    first17 = prefix + body
    return first17 + credit_code_check_char(first17)


def resident_id(region: str, birth: str, n: int, gender: str) -> str:
    """GB 11643: region, birth date, a sequence whose last digit is odd for men and even for women."""
    seq = (n * 37) % 100 * 10 + (1 if gender == "1" else 2) + (n % 4) * 2
    first17 = f"{region}{birth}{seq % 1000:03d}"
    return first17 + resident_id_check_digit(first17)


def ensure_organisations(users: dict[str, User]) -> dict[str, Organization]:
    orgs = {}
    for n, (key, name, kind, prefix, address, postcode, contact) in enumerate(ORGANISATIONS, start=1):
        org, _ = Organization.objects.get_or_create(
            name=name,
            defaults={
                "kind": kind,
                "credit_code": credit_code(prefix, n),
                "address": address,
                "postcode": postcode,
                "contact_name": contact,
                "contact_phone": f"021-6{n:03d}{n * 7 % 10000:04d}",
                "contact_email": f"contact{n}@demo.smartcity-honors.example",
            },
        )
        orgs[key] = org
    for i, key in enumerate(RECOMMENDER_ORGS, start=1):
        orgs[key].staff.add(users[f"unit{i}"])
    # 第十五条: the association recommends the people of its member units (membership recorded)
    for key, _name, kind, *_rest in ORGANISATIONS:
        if kind == Organization.Kind.EMPLOYER and key not in EXPERT_ORGS:
            orgs[key].member_of.add(orgs["assoc"])
    return orgs


def ensure_experts(users: dict[str, User], orgs: dict[str, Organization]) -> None:
    for i, (_name, org_key, title, expertise) in enumerate(EXPERTS, start=1):
        assert org_key in EXPERT_ORGS
        ExpertProfile.objects.get_or_create(
            user=users[f"expert{i}"],
            defaults={
                "organization": orgs[org_key],
                "title": title,
                "expertise": expertise,
                "phone": f"139{i:04d}{i * 13 % 10000:04d}",
            },
        )


def grant_office_permissions(office: User) -> None:
    """The office keeps the reference data (campaigns, taxonomy, organisations, rubrics) in the admin."""
    perms = Permission.objects.filter(
        content_type__app_label__in=["notices", "awards", "scoring", "workflow"],
        codename__regex=r"^(view|add|change)_",
    )
    office.user_permissions.add(*perms)


def applicant_rows() -> list[tuple[int, tuple, str]]:
    """(applicant number, row, honor code) for applicant1..applicant40."""
    rows = [(i, row, "craftsman") for i, row in enumerate(CRAFTSMEN, start=1)]
    rows += [(i, row, "pioneer") for i, row in enumerate(PIONEERS, start=len(CRAFTSMEN) + 1)]
    return rows


def _photo_bytes(seed: int) -> bytes:
    image = Image.new("RGB", (295, 413), (66 + seed * 5 % 120, 110, 180))
    draw = ImageDraw.Draw(image)
    draw.ellipse((90, 80, 205, 205), fill=(238, 214, 196))
    draw.rectangle((60, 230, 235, 413), fill=(40, 48, 72))
    out = io.BytesIO()
    image.save(out, format="JPEG", quality=80)
    return out.getvalue()


def _evidence_pdf(pages: int) -> bytes:
    writer = PdfWriter()
    for _ in range(pages):
        writer.add_blank_page(width=595, height=842)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def _attachment(
    app, applicant, kind, content: bytes, file_name: str, original_name: str, content_type: str, **extra
):
    Attachment.objects.create(
        application=app,
        kind=kind,
        file=ContentFile(content, file_name),
        original_name=original_name,
        size=len(content),
        content_type=content_type,
        uploaded_by=applicant,
        **extra,
    )


def create_application(
    *,
    campaign: Campaign,
    number: int,
    row: tuple,
    users: dict[str, User],
    orgs: dict[str, Organization],
    route: str = Application.Route.SELF,
    applied_on: datetime.date,
    years_in_post: int | None = None,
) -> Application:
    """A complete application form in draft, with its rows, photo and evidence (PDF)."""
    (name, gender, birth, region, education, degree, title_level, title_name, position, org_key, domain,
     subcategory, story, y_industry, y_post, y_mgmt, political, union) = row  # fmt: skip
    employer = orgs[org_key]
    applicant = users[f"applicant{number}"]
    basic, second, third, representative = STORIES[story]
    recommender = None
    if route == Application.Route.UNIT:
        recommender = employer
    elif route == Application.Route.ASSOCIATION:
        recommender = orgs["assoc"]
    app = Application.objects.create(
        campaign=campaign,
        applicant=applicant,
        route=route,
        recommender=recommender,
        applied_on=applied_on,
        tech_domain=TechDomain.objects.get(code=domain),
        industry_subcategory=IndustrySubcategory.objects.get(name=subcategory),
        name=name,
        resident_id=resident_id(region, birth, number, gender),
        gender=gender,
        political_status=political,
        title_level=title_level,
        title_name=title_name,
        education=education,
        degree=degree,
        employer=employer,
        unit_name=employer.name,
        position=position,
        years_in_industry=y_industry,
        years_in_post=y_post if years_in_post is None else years_in_post,
        years_in_management=y_mgmt,
        direct_technical_work=campaign.award_type.requires_direct_technical_work,
        integrity_declared=True,
        union_member=union,
        phone=f"13{5 + number % 5}{number:04d}{number * 97 % 10000:04d}",
        email=applicant.email,
        unit_address=employer.address,
        unit_postcode=employer.postcode,
        social_posts="上海市智慧城市建设促进会会员" if number % 3 == 0 else "",
        awards_received=f"{2010 + number % 8}年 获{employer.name}年度先进个人" if number % 2 else "",
        section_basic=basic,
        section_second=second,
        section_third=third,
        representative_achievements=representative,
    )
    if campaign.award_type.requires_unit_opinion:
        app.unit_contact = f"{employer.contact_name} {employer.contact_phone} {employer.contact_email}"
        app.unit_opinion = (
            f"{name}同志在本单位工作期间政治立场坚定，业绩突出，在智慧城市建设管理工作中发挥了示范引领作用。"
            "经单位研究并内部公示，同意推荐参加“领军先锋”评选，申报材料真实。"
        )
        app.unit_responsible = employer.contact_name
        app.unit_opinion_date = applied_on
        app.save()
    born = int(birth[:4])
    EducationEntry.objects.create(
        application=app,
        start=datetime.date(born + 15, 9, 1),
        end=datetime.date(born + 18, 7, 1),
        school="上海市第二中学" if number % 2 else "上海市建平中学",
        order=1,
    )
    if education in {"11", "14", "21", "31"}:
        EducationEntry.objects.create(
            application=app,
            start=datetime.date(born + 18, 9, 1),
            end=datetime.date(born + (21 if education == "31" else 22), 7, 1),
            school="浦江理工大学" if number % 3 else "上海信息职业技术学院",
            major="计算机科学与技术" if number % 2 else "通信工程",
            qualification=dict(Application._meta.get_field("education").choices)[education],
            order=2,
        )
    start_year = campaign.year - y_industry
    WorkEntry.objects.create(
        application=app,
        start=datetime.date(start_year, 7, 1),
        end=datetime.date(campaign.year - y_post, 6, 30) if y_industry > y_post else None,
        employer="上海信息网络有限公司" if y_industry > y_post else employer.name,
        post="技术员" if y_industry > y_post else position,
        order=1,
    )
    if y_industry > y_post:
        WorkEntry.objects.create(
            application=app,
            start=datetime.date(campaign.year - y_post, 7, 1),
            employer=employer.name,
            post=position,
            order=2,
        )
    attach = partial(_attachment, app, applicant)
    attach(Attachment.Kind.PHOTO, _photo_bytes(number), "photo.jpg", f"{name}-证件照.jpg", "image/jpeg")
    pages = 3 + number % 6
    attach(
        Attachment.Kind.EVIDENCE,
        _evidence_pdf(pages),
        "evidence.pdf",
        f"{name}-证实性材料.pdf",
        "application/pdf",
        pages=pages,
    )
    if route != Application.Route.SELF:
        # The recommending unit confirms in its own pages; the demo records that it did.
        app.recommender_confirmed_at = timezone.make_aware(
            datetime.datetime.combine(applied_on, datetime.time(10, 0))
        )
        app.save(update_fields=["recommender_confirmed_at"])
    return app
