"""Issue 11: a third honor type needs only data. 智慧新星 (tests/fixtures/third_honor.json: its own 60-point rubric,
thresholds, annex wording and the sections of its own 办法 its refusals cite) is loaded with the loaders a data
migration uses (docs/architecture.md §11 “Add an honor type”) and one campaign of it runs the whole procedure —
call → apply → eligibility → material review → on-site → composite ranking → publicity → committee → honors —
through the services, with its pages and documents rendered on the way. No code knows the honor: a branch on the
two codes of 智慧工匠 / 领军先锋 (a closed list of codes, an `if code == "craftsman"` with the pioneer's wording as
the else) makes this module fail."""

import datetime
import io
import re
from pathlib import Path

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse
from django.utils import timezone, translation
from pypdf import PdfReader

from awards import wording
from awards.documents.pdf import application_pdf
from awards.fixture_loader import load_award_types
from awards.models import Application, AwardType, Campaign
from scoring.documents.sheets import sheet_pdf
from scoring.models import ScoreSheet
from scoring.selectors.panels import sheet_for_document
from scoring.services.ranking import compute_ranking
from scoring.services.results import panel_results_compute
from scoring.services.rubric_loader import load_rubrics
from scoring.services.sheets import EntryInput, sheet_submit
from scoring.services.shortlist import shortlist_confirm
from tests.factories import CampaignFactory, approve_rules, complete_application, user_with_role
from tests.workflow.builders import assign, panel_with_experts
from workflow.documents.pdf import certificate_pdf
from workflow.errors import TransitionRefused
from workflow.models import Honor
from workflow.services.committee import decision_close, decision_open, decision_vote
from workflow.services.eligibility import eligibility_decide, eligibility_review_save
from workflow.services.publicity import publicity_close, publicity_open, unit_notice_confirm
from workflow.services.transitions import application_transition, campaign_transition

pytestmark = pytest.mark.django_db
S = Application.State
P = Campaign.Phase
THIRD = Path(__file__).resolve().parent.parent / "fixtures" / "third_honor.json"
ALL_OK = dict(
    basic_conditions_ok=True, complete_ok=True, authentic_ok=True, person_credit_ok=True, unit_credit_ok=True
)
#: points per criterion of rising-star-60 (学习成长 10, 创新突破 20 | 工作成效 20, 分享带动 10) and the level
#: (1 一般 … 4 卓越) each score falls in. A and B both total 45; A has 30 in 成长潜力, the rubric's tie-break
#: dimension, B only 15, so the ranking puts A first without a tie.
SCORES = {
    "a": {
        "star-learning": (10, 4),
        "star-innovation": (20, 4),
        "star-results": (10, 2),
        "star-sharing": (5, 2),
    },
    "b": {
        "star-learning": (5, 2),
        "star-innovation": (10, 2),
        "star-results": (20, 4),
        "star-sharing": (10, 4),
    },
    "c": {"star-learning": (3, 1), "star-innovation": (5, 1), "star-results": (5, 1), "star-sharing": (3, 1)},
}


@pytest.fixture
def star() -> AwardType:
    assert load_rubrics(path=THIRD) == ["rising-star-60"]
    assert load_award_types(path=THIRD) == ["rising-star"]
    honor = AwardType.objects.get(code="rising-star")
    honor.full_clean()  # a closed list of codes (choices on AwardType.code) refuses the third honor
    return honor


def pdf_text(data: bytes) -> str:
    """The PDF's text with whitespace out (cells wrap labels anywhere)."""
    return re.sub(r"\s+", "", "".join(p.extract_text() for p in PdfReader(io.BytesIO(data)).pages))


def _sheets(panel, apps: dict, stage: str) -> None:
    for member in panel.members.order_by("id"):
        for name, app in apps.items():
            sheet_submit(
                expert=member.expert,
                application=app,
                stage=stage,
                entries={code: EntryInput(points=p, level=lv) for code, (p, lv) in SCORES[name].items()},
                password="demo-pass-2026",
                signature_name=member.expert.username,
            )


def _decide(campaign, office, committee, kind: str, number: str):
    decision = decision_open(campaign=campaign, user=office, kind=kind, summary=kind)
    for member in committee:
        decision_vote(decision=decision, user=member, choice="approve", comment="同意")
    return decision_close(decision=decision, user=office, document_number=number)


def test_the_third_honor_is_data_only(star):
    assert star.label() == "智慧新星" and star.label("en") == "Smart Rising Star"
    assert star.rubric.code == "rising-star-60" and star.rubric.max_total == 60
    assert star.rubric.tiebreak_dimension == "potential"
    assert list(star.tech_domains.values_list("code", flat=True).order_by("order")) == [
        "iot-sensing",
        "network",
        "data-services",
        "applications",
    ]
    assert AwardType._meta.get_field("code").choices is None  # codes are identifiers, not a closed list


def test_an_honor_without_its_own_rules_cites_the_management_rules():
    plain = AwardType(code="plain", name="平常", wording={})
    assert wording.text(plain, "rule_industry_years") == "第十二条"
    assert (
        wording.procedure_rule(plain, "第十三条") == "第十三条" and wording.cite(plain, "第三条") == "第三条"
    )
    with translation.override("en"):
        assert wording.text(plain, "rule_integrity") == "Art. 12"
    with pytest.raises(KeyError):
        wording.text(plain, "no-such-key")


def test_no_code_names_an_honor():
    """Honors are rows: outside migrations and the demo's plans no module or template compares an honor's code
    with a literal (the demo world and the fixtures are data)."""
    pattern = re.compile(r"""(code\s*==\s*["'])|(["'](craftsman|pioneer)["'])|Code\.(CRAFTSMAN|PIONEER)""")
    offenders = []
    base = Path(settings.BASE_DIR)
    for app in ("notices", "awards", "scoring", "workflow", "config", "templates"):
        for path in (base / app).rglob("*"):
            if path.suffix not in {".py", ".html", ".txt"} or {"migrations", "demo"} & set(path.parts):
                continue
            for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
                if pattern.search(line):
                    offenders.append(f"{path.relative_to(base)}:{number}: {line.strip()}")
    assert offenders == []


def test_a_third_honor_campaign_walks_the_whole_procedure(star, office, committee):
    now = timezone.now()
    campaign = approve_rules(
        CampaignFactory(
            award_type=star,
            year=2030,
            opens_at=now - datetime.timedelta(days=1),
            closes_at=now + datetime.timedelta(days=30),
            quota=1,
            nomination_quota=1,
            shortlist_size=3,
            public_input_enabled=False,
            tiebreak_order=["onsite", "subtotal"],  # the committee's tie-break order (decisions 174)
        )
    )
    panel = panel_with_experts(campaign, 3)

    # 申报通知 → 申报: the form page shows the honor's own title, sections and wording
    campaign_transition(campaign=campaign, action="open", user=office)
    apps = {name: complete_application(campaign=campaign) for name in SCORES}
    weak = complete_application(campaign=campaign, years_in_industry=1)
    client = Client()
    client.force_login(apps["a"].applicant)
    page = client.get(reverse("awards:application_edit", args=[apps["a"].pk])).content.decode()
    for text in (
        "“智慧新星”申报表",
        "（二）成长经历",
        "（三）创新成果",
        "本次申报代表性创新成果说明",
        "“上海智慧新星”培育活动",
    ):
        assert text in page, text
    assert "管理类工作年限" not in page and "（二）精神特质" not in page and "（二）个人方面" not in page
    form = pdf_text(application_pdf(apps["a"], for_office=False))
    for text in ("上海智慧城市建设“智慧新星”培育活动申报表", "（二）成长经历", "本次申报代表性创新成果说明"):
        assert text in form, text
    assert "选树活动" not in form and "带领团队" not in form
    for app in [*apps.values(), weak]:
        application_transition(application=app, action="submit", user=app.applicant)

    # 资格审查: the thresholds and the rule cited are the honor's own
    campaign_transition(
        campaign=campaign,
        action="close_applications",
        user=office,
        now=campaign.closes_at + datetime.timedelta(hours=1),
    )
    eligibility_review_save(application=weak, user=office, **ALL_OK)
    with pytest.raises(TransitionRefused) as refused:
        eligibility_decide(application=weak, user=office, eligible=True)
    assert refused.value.rule == "智慧新星办法二"
    assert refused.value.messages[0].startswith(
        "智慧新星办法二（一）：在本市智慧城市建设相关行业单位工作须不少于 2 年"
    )
    eligibility_decide(application=weak, user=office, eligible=False, reason="行业工作不足2年")
    for app in apps.values():
        eligibility_review_save(application=app, user=office, **ALL_OK)
        eligibility_decide(application=app, user=office, eligible=True)

    # 材料评议: the experts read the application and score it on the honor's rubric
    assign(panel, *apps.values())
    campaign_transition(campaign=campaign, action="start_material_review", user=office)
    expert = Client()
    expert.force_login(panel.members.order_by("id").first().expert)
    read = expert.get(reverse("scoring:application_read", args=[apps["a"].pk])).content.decode()
    assert "智慧新星" in read and "（二）成长经历" in read
    sheet_page = expert.get(reverse("scoring:sheet", args=[apps["a"].pk, "material"])).content.decode()
    for text in ("学习成长", "创新突破", "工作成效", "分享带动", 'data-max-total="60"'):
        assert text in sheet_page, text
    _sheets(panel, apps, "material")
    panel_results_compute(campaign=campaign, stage="material")
    for app in apps.values():
        application_transition(application=app, action="shortlist", user=office)
    chair = panel.members.get(is_chair=True).expert
    shortlist_confirm(panel=panel, user=chair, shortlisted_ids=[a.pk for a in apps.values()])

    # 现场展示 → 综合评价: the ranking is computed on the third rubric, its tie-break dimension decides A/B
    campaign_transition(campaign=campaign, action="start_onsite", user=office)
    _sheets(panel, apps, "onsite")
    panel_results_compute(campaign=campaign, stage="onsite")
    sheet = ScoreSheet.objects.filter(application=apps["a"], stage="onsite").first()
    assert sheet.total == 45
    score_sheet = pdf_text(sheet_pdf(sheet_for_document(sheet.pk)))
    for text in (
        "上海智慧城市建设“智慧新星”培育活动评分表",
        "评价要点",
        "评分级别",
        "1：评分细则参照《智慧新星培育办法》四",
        "最终得分45",
    ):
        assert text in score_sheet, text
    assert "关注重点" not in score_sheet and "分值区间" not in score_sheet
    campaign_transition(campaign=campaign, action="start_composite", user=office)
    ranking = compute_ranking(campaign=campaign, user=office)
    assert (ranking.inputs["rubric"], ranking.inputs["rubric_max"], ranking.inputs["tiebreak_dimension"]) == (
        "rising-star-60",
        60,
        "potential",
    )
    entries = list(ranking.entries.order_by("rank"))
    assert [e.application_id for e in entries] == [apps["a"].pk, apps["b"].pk, apps["c"].pk]
    assert [e.rank for e in entries] == [1, 2, 3] and not any(e.tied for e in entries)
    assert entries[0].composite == entries[1].composite == 45
    application_transition(application=apps["a"], action="recommend", user=office)
    application_transition(application=apps["b"], action="nominate", user=office)
    application_transition(application=apps["c"], action="not_recommend", user=office, reason="名额已满")
    _decide(campaign, office, committee, "confirm_recommended", "沪智组〔2030〕31号")

    # 公示 → 报批 → 表彰 → 归档
    publicity = publicity_open(campaign=campaign, user=office, starts_on=timezone.localdate(now))
    for notice in publicity.unit_notices.all():
        staff = user_with_role("recommender")
        notice.organization.staff.add(staff)
        unit_notice_confirm(notice=notice, user=staff, posted_on=publicity.starts_on, place="单位公告栏")
    after_end = timezone.make_aware(
        datetime.datetime.combine(publicity.ends_on, datetime.time(9))
    ) + datetime.timedelta(days=1)
    publicity_close(campaign=campaign, user=office, now=after_end)
    _decide(campaign, office, committee, "final_list", "沪智组〔2030〕32号")
    campaign_transition(campaign=campaign, action="award", user=office)
    campaign_transition(campaign=campaign, action="archive", user=office)

    campaign.refresh_from_db()
    assert campaign.phase == P.ARCHIVED
    states = {n: Application.objects.get(pk=a.pk).state for n, a in apps.items()}
    assert states == {"a": S.AWARDED, "b": S.NOMINATION_AWARDED, "c": S.NOT_RECOMMENDED}
    assert Application.objects.get(pk=weak.pk).state == S.INELIGIBLE
    title = Honor.objects.get(application=apps["a"])
    assert title.certificate_number == "ZHXX-2030-001"
    assert Honor.objects.get(application=apps["b"]).certificate_number == "ZHXX-TM-2030-001"
    assert "“智慧新星”荣誉称号" in pdf_text(certificate_pdf(title))
