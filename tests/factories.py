"""factory-boy factories shared by every test package."""

import datetime
import random

import factory
from django.contrib.auth.models import Group, User
from django.utils import timezone

from awards.models import (
    Application,
    Attachment,
    AwardType,
    Campaign,
    EducationEntry,
    IndustrySubcategory,
    Organization,
    TechDomain,
    WorkEntry,
)
from awards.validators import CREDIT_CODE_CHARSET, credit_code_check_char, resident_id_check_digit


def make_resident_id(
    n: int, birth: datetime.date = datetime.date(1985, 6, 15), region: str = "310104"
) -> str:
    first17 = f"{region}{birth:%Y%m%d}{n % 1000:03d}"
    return first17 + resident_id_check_digit(first17)


def make_credit_code(n: int) -> str:
    """A valid GB 32100 code, distinct for every n (n written in base 31 in the nine organisation characters)."""
    digits = []
    for _ in range(9):
        n, r = divmod(n, 31)
        digits.append(CREDIT_CODE_CHARSET[r])
    body = "91310000" + "".join(reversed(digits))
    return body + credit_code_check_char(body)


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    email = factory.LazyAttribute(lambda u: f"{u.username}@example.cn")
    password = factory.PostGenerationMethodCall("set_password", "demo-pass-2026")

    @factory.post_generation
    def roles(self, create, extracted, **kwargs):
        for role in extracted or ():
            self.groups.add(Group.objects.get_or_create(name=role)[0])
        self.save()


def user_with_role(role: str, **kwargs) -> User:
    return UserFactory(roles=[role], **kwargs)


class OrganizationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organization

    name = factory.Sequence(lambda n: f"上海智联科技有限公司{n}")
    credit_code = factory.Sequence(make_credit_code)
    address = "上海市徐汇区虹漕路88号"
    postcode = "200233"


def award_type(code: str = "craftsman") -> AwardType:
    return AwardType.objects.get(code=code)


class CampaignFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Campaign

    award_type = factory.LazyFunction(lambda: award_type("craftsman"))
    year = factory.Sequence(lambda n: 2026 + n)
    title = factory.LazyAttribute(lambda c: f"{c.year}年度上海智慧城市建设“{c.award_type.name}”评选")
    opens_at = factory.LazyFunction(lambda: timezone.now() - datetime.timedelta(days=10))
    closes_at = factory.LazyFunction(lambda: timezone.now() + datetime.timedelta(days=20))
    quota = 10
    nomination_quota = 2


class ApplicationFactory(factory.django.DjangoModelFactory):
    """A complete application in draft (attachments not included; see `complete_application`)."""

    class Meta:
        model = Application

    campaign = factory.SubFactory(CampaignFactory)
    applicant = factory.SubFactory(UserFactory, roles=["applicant"])
    name = factory.Sequence(lambda n: f"张{'伟芳娜敏静丽强磊军洋'[n % 10]}{n}")
    resident_id = factory.Sequence(lambda n: make_resident_id(n + 1))
    gender = "1"
    political_status = "13"
    title_level = "intermediate"
    title_name = "工程师"
    education = "21"
    degree = "4"
    employer = factory.SubFactory(OrganizationFactory)
    unit_name = factory.LazyAttribute(lambda a: a.employer.name if a.employer else "上海某单位")
    position = "高级工程师"
    years_in_industry = 8
    years_in_post = 6
    years_in_management = 4
    direct_technical_work = True
    integrity_declared = True
    union_member = True
    phone = "13812345678"
    email = factory.LazyAttribute(lambda a: a.applicant.email)
    unit_address = "上海市徐汇区虹漕路88号"
    unit_postcode = "200233"
    tech_domain = factory.LazyAttribute(
        lambda a: a.campaign.award_type.tech_domains.order_by("order").first()
    )
    industry_subcategory = factory.LazyFunction(lambda: IndustrySubcategory.objects.order_by("id").first())
    section_basic = "近三年负责城市物联感知平台的建设与运维。"
    section_second = "坚持精益求精，带领班组持续改进。"
    section_third = "主持研发低功耗传感网关，获得发明专利两项。"
    representative_achievements = "发明专利：一种低功耗物联网网关（ZL2023xxxx）。"
    applied_on = factory.LazyFunction(timezone.localdate)


def add_rows_and_files(
    application: Application, *, photo: bytes = b"\xff\xd8\xff\xe0jpeg", pdf_pages: int = 2
):
    from django.core.files.base import ContentFile

    EducationEntry.objects.create(
        application=application,
        start=datetime.date(2001, 9, 1),
        end=datetime.date(2004, 7, 1),
        school="上海中学",
    )
    WorkEntry.objects.create(
        application=application,
        start=datetime.date(2008, 7, 1),
        employer=application.unit_name,
        post="工程师",
    )
    Attachment.objects.create(
        application=application,
        kind=Attachment.Kind.PHOTO,
        file=ContentFile(photo, "photo.jpg"),
        original_name="photo.jpg",
        size=len(photo),
        content_type="image/jpeg",
    )
    Attachment.objects.create(
        application=application,
        kind=Attachment.Kind.EVIDENCE,
        file=ContentFile(b"%PDF-1.4", "evidence.pdf"),
        original_name="evidence.pdf",
        size=8,
        content_type="application/pdf",
        pages=pdf_pages,
    )
    return application


def complete_application(**kwargs) -> Application:
    app = ApplicationFactory(**kwargs)
    if app.campaign.award_type.requires_unit_opinion:
        app.unit_contact = "李老师 021-64001234 hr@example.cn"
        app.unit_opinion = "该同志工作业绩突出，申报材料真实。"
        app.unit_responsible = "王总"
        app.unit_opinion_date = timezone.localdate()
        app.save()
    return add_rows_and_files(app)


def pick_domain(code: str) -> TechDomain:
    return TechDomain.objects.get(code=code)


def rng(seed: int = 7) -> random.Random:
    return random.Random(seed)


def approve_rules(campaign):
    """The committee's approval of the campaign's current rules (第八条（二）), for tests that start later."""
    from django.utils import timezone

    from workflow.selectors.rules import rules_of

    campaign.rules_approved = rules_of(campaign)
    campaign.rules_approved_at = timezone.now()
    campaign.save(update_fields=["rules_approved", "rules_approved_at"])
    return campaign
