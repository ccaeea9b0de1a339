"""Exports printed by a real office suite (LibreOffice, headless, to PDF), read back with pypdf: a 50-application
roster and panel matrix print on a known number of pages, each page carries the title block, every column header
and "第 k 页 共 N 页", no cell text is cut, the signature area is printed, and the Word form keeps an 18-digit ID
number on one line. PNGs of the printed matrix and roster go to the test artifacts."""

import datetime
import math
from decimal import Decimal

import pytest
from django.db import transaction
from django.test.utils import override_settings
from openpyxl.utils import get_column_letter
from openpyxl.utils.cell import range_boundaries

from awards.documents.annex import instructions as filing_instructions
from awards.documents.docx import application_docx
from awards.documents.xlsx import BOLD_FACTOR, MAX_WIDTH, PADDING, display_width
from awards.models import Application, Campaign
from scoring.documents.sheets import score_matrix_xlsx
from scoring.models import Criterion, PanelAssignment, PanelResult, ScoreEntry, ScoreSheet
from tests.awards.applicant_support import open_campaign
from tests.e2e.conftest import ARTIFACTS
from tests.factories import OrganizationFactory, complete_application, user_with_role
from tests.workflow.office.builders import campaign_in, candidate, panel_for
from tests.workflow.office.office_suite import needs_office, pages_text, screenshot, squeeze, to_pdf, to_pdfs
from tests.xlsx import table, workbook
from workflow import tasks
from workflow.documents import exports
from workflow.documents.word import honors_list_docx, publicity_notice_docx
from workflow.models import CommitteeDecision, CommitteeVote, Honor, Publicity

pytestmark = [pytest.mark.django_db, needs_office]
S = Application.State
N = 50
# Fifty real-looking names of two to four characters (a compound surname among them), fixed: the factory's names
# carry a sequence number that grows with the tests run before on the same worker, and a long enough one wraps
# inside its narrow column, which splits it in the extracted text (CI failed once on that).
NAMES = [
    f"{surname}{given}"
    for surname in ("王", "李", "张", "刘", "陈", "杨", "黄", "赵", "吴", "欧阳")
    for given in ("伟", "秀英", "志强", "海燕", "建国")
]


@pytest.fixture
def office():
    return user_with_role("office", first_name="文", last_name="周")


@pytest.fixture(scope="module")
def _fifty_built(django_db_setup, django_db_blocker, tmp_path_factory):
    """The fifty applications, built once for the module (four tests print them) inside a transaction rolled back
    after its last test; each test still runs in its own savepoint, so what one test writes the next does not see."""
    media = tmp_path_factory.mktemp("fifty-media")
    with django_db_blocker.unblock(), override_settings(MEDIA_ROOT=media), transaction.atomic():
        campaign = campaign_in(Campaign.Phase.MATERIAL_REVIEW)
        long_unit = OrganizationFactory(name="上海市智慧城市建设发展研究中心（上海市信息化发展研究协会）")
        apps = [
            candidate(
                campaign,
                state=S.SHORTLISTED,
                number=f"ZHGJ-{campaign.year}-{i:03d}",
                name=name,
                employer=long_unit if i % 7 == 0 else OrganizationFactory(),
            )
            for i, name in enumerate(NAMES, start=1)
        ]
        yield media, campaign.pk, [a.pk for a in apps]
        transaction.set_rollback(True)


@pytest.fixture
def fifty(_fifty_built, settings):
    """The campaign and its fifty applications, read afresh for each test."""
    media, campaign_pk, pks = _fifty_built
    settings.MEDIA_ROOT = media
    apps = Application.objects.in_bulk(pks)
    return Campaign.objects.get(pk=campaign_pk), [apps[pk] for pk in pks]


def _check_pages(pdf: bytes, headers: list[str], *, title: str) -> list[str]:
    """Every page: the title, every column header, its own page number out of the total."""
    pages = pages_text(pdf)
    for k, text in enumerate(pages, start=1):
        flat = squeeze(text)
        assert squeeze(title) in flat, k
        for header in headers:
            assert squeeze(header) in flat, (k, header)
        assert f"第{k}页共{len(pages)}页" in flat, k
    return pages


def shown(cell) -> str:
    """The text LibreOffice shows for a cell, from its value and number format."""
    value, fmt = cell.value, cell.number_format
    if value is None:
        return ""
    if isinstance(value, datetime.datetime):
        return value.strftime("%Y-%m-%d %H:%M" if "hh" in fmt else "%Y-%m-%d")
    if isinstance(value, int | float):
        places = len(fmt.split(".")[1]) if "." in fmt else 0
        return f"{value:.{places}f}"
    return str(value)


def _check_widths(ws) -> None:
    """Column width ≥ the longest value (CJK counted double), or the column wraps its text."""
    min_col, min_row, max_col, max_row = range_boundaries(ws.auto_filter.ref)
    for col in range(min_col, max_col + 1):
        cells = [ws.cell(r, col) for r in range(min_row, max_row + 1)]
        width = ws.column_dimensions[get_column_letter(col)].width
        longest = max(math.ceil(display_width(shown(c)) * (BOLD_FACTOR if c.font.b else 1)) for c in cells)
        if longest + PADDING > MAX_WIDTH:
            assert width == MAX_WIDTH and all(c.alignment.wrap_text for c in cells[1:] if c.value), col
        else:
            assert width >= longest + PADDING, (cells[0].value, width, longest)


def test_roster_of_fifty_prints_on_one_titled_page_with_nothing_cut(fifty, office):
    campaign, apps = fifty
    content = exports.roster_xlsx(campaign, user=office)
    ws = workbook(content).worksheets[0]
    assert ws.title == "申报名册" and ws.freeze_panes == "A4" and ws.print_title_rows == "$1:$3"
    _check_widths(ws)
    header, *rows = table(ws)
    assert len(rows) == N

    pdf = to_pdf(content, ".xlsx")
    screenshot(pdf, ARTIFACTS / "print-roster.png")
    # 50 one-line entries, fitted to the width of a landscape A4 page, fit on one page.
    pages = _check_pages(pdf, list(header), title=f"{campaign.title}　申报名册")
    assert len(pages) == 1
    printed = squeeze("".join(pages))
    assert "导出人：" + squeeze(office.get_full_name()) in printed
    for app in apps:
        for value in (app.number, app.name, app.unit_name):
            assert squeeze(value) in printed, value


def _score_everything(campaign, panel):
    criteria = list(Criterion.objects.filter(dimension__rubric=campaign.award_type.rubric).order_by("order"))
    experts = [m.expert for m in panel.members.order_by("expert__username")]
    for app in campaign.applications.order_by("number"):
        for k, expert in enumerate(experts):
            sheet = ScoreSheet.objects.create(
                application=app,
                expert=expert,
                panel=panel,
                stage="material",
                state=ScoreSheet.State.SUBMITTED,
            )
            points = [c.max_points - (k + j) % 3 for j, c in enumerate(criteria)]
            ScoreEntry.objects.bulk_create(
                ScoreEntry(sheet=sheet, criterion=c, points=p) for c, p in zip(criteria, points, strict=True)
            )
            sheet.total = sum(points)
            sheet.save(update_fields=["total"])
        PanelResult.objects.create(
            panel=panel, application=app, stage="material", score=Decimal("88.667"), expert_totals=[]
        )
    PanelAssignment.objects.bulk_create(
        PanelAssignment(panel=panel, application=a) for a in campaign.applications.all()
    )
    return criteria


def test_panel_matrix_of_fifty_prints_headers_on_every_page_and_the_chairs_signature(fifty, office):
    campaign, apps = fifty
    panel = panel_for(campaign, experts=3)
    criteria = _score_everything(campaign, panel)
    content = score_matrix_xlsx(campaign=campaign, stage="material", panel=panel, user=office)
    ws = workbook(content).worksheets[0]
    _check_widths(ws)
    header, *rows = table(ws)
    assert len(rows) == N * 4  # three experts and the panel score per application

    pdf = to_pdf(content, ".xlsx")
    screenshot(pdf, ARTIFACTS / "print-matrix.png")
    pages = _check_pages(pdf, list(header), title=campaign.title)
    # One page wide (criteria never split from the names); 200 rows and the signature on 5 pages, each page
    # but the last full (the same number of rows), the title block and header repeated on each.
    assert len(pages) == 5
    per_page = [p.count(f"ZHGJ-{campaign.year}-") for p in pages]
    assert len(set(per_page[:-1])) == 1 and per_page[-1] <= per_page[0] and sum(per_page) == len(rows)
    printed = squeeze("".join(pages))
    for app in apps:
        assert app.number in printed
    assert "评议组组长签字" in squeeze(pages[-1]) and "日期" in squeeze(pages[-1])
    assert [c.name for c in criteria] and all(
        squeeze(f"{c.name}（{c.max_points}）") in squeeze(pages[0]) for c in criteria
    )


def test_word_form_printed_keeps_the_id_number_on_one_line_and_numbers_its_pages():
    app = complete_application(campaign=open_campaign(), name="欧阳明华")
    pdf = to_pdf(application_docx(app, for_office=False), ".docx")
    screenshot(pdf, ARTIFACTS / "print-application-form.png", page=3)
    pages = pages_text(pdf)
    lines = [line for page in pages for line in page.splitlines()]
    assert any(app.resident_id in line for line in lines), [line for line in lines if "身份证" in line]
    for k, text in enumerate(pages, start=1):
        assert f"第{k}页共{len(pages)}页" in squeeze(text), k
    flat = squeeze("".join(pages))
    assert all(squeeze(p) in flat for p in filing_instructions(app.campaign.award_type))


def test_publicity_notice_and_honors_list_print_with_their_seal_and_signature(fifty):
    campaign, apps = fifty
    Application.objects.filter(pk__in=[a.pk for a in apps]).update(state=S.RECOMMENDED)
    today = datetime.date(campaign.year, 9, 1)
    Publicity.objects.create(campaign=campaign, starts_on=today, ends_on=today + datetime.timedelta(days=7))
    for i, app in enumerate(apps, start=1):
        Honor.objects.create(
            application=app,
            kind="title",
            certificate_number=f"ZHGJ-{campaign.year}-Z{i:02d}",
            awarded_on=today,
        )
    for name, content in (
        ("publicity-notice", publicity_notice_docx(campaign)),
        ("honors-list", honors_list_docx(campaign)),
    ):
        pdf = to_pdf(content, ".docx")
        pages = pages_text(pdf)
        screenshot(pdf, ARTIFACTS / f"print-{name}.png", page=len(pages))
        assert len(pages) > 1
        for k, text in enumerate(pages, start=1):
            flat = squeeze(text)
            assert f"第{k}页共{len(pages)}页" in flat, k
            assert "姓名" in flat and "所在单位" in flat, k  # the table's header row repeats on each page
        flat = squeeze("".join(pages))
        assert all(a.name in flat for a in apps)
        assert "组委会盖章处" in squeeze(pages[-1])
    assert "主任委员签字" in squeeze(pages[-1])
    lines = [line for page in pages for line in page.splitlines()]
    for i in range(1, N + 1):  # each certificate number on one line
        assert any(f"ZHGJ-{campaign.year}-Z{i:02d}" in line for line in lines), i


#: The signature area each printed list carries on its last page.
SIGNATURES = {
    "eligibility": "审查人签字",
    "matrix_material": "评议组组长签字",
    "matrix_onsite": "评议组组长签字",
    "votes": "主任委员签字",
    "ranking": "制表人签字",  # issue 23.7
    "honors": "组委会（盖章）",  # issue 23.7
}


def test_every_excel_export_prints_titled_and_paginated_with_its_signature_area(fifty, office):
    campaign, apps = fifty
    panel = panel_for(campaign, experts=3)
    _score_everything(campaign, panel)
    Application.objects.filter(pk__in=[a.pk for a in apps[:10]]).update(state=S.ELIGIBLE)
    decision = CommitteeDecision.objects.create(
        campaign=campaign, kind="confirm_recommended", result="approved"
    )
    for member in (user_with_role("committee") for _i in range(3)):
        CommitteeVote.objects.create(decision=decision, member=member, choice="approve", comment="同意")
    contents = {
        kind: (builder(campaign, progress=None, user=office), ".xlsx")
        for kind, (_label, _name, builder) in tasks.KINDS.items()
        if kind != "certificates"
    }
    for kind, pdf in to_pdfs(contents).items():
        header = table(workbook(contents[kind][0]).worksheets[0])[0]
        if kind == "roster_fields":
            # Across pages at full size (issue 23.7): each page repeats 编号 and 姓名, every header is printed.
            pages = _check_pages(pdf, ["编号", "姓名"], title=campaign.title)
            printed = squeeze("".join(pages))
            assert all(squeeze(h) in printed for h in header if h)
            assert len(pages) > 1
        else:
            pages = _check_pages(pdf, [h for h in header if h], title=campaign.title)
        if kind in SIGNATURES:
            assert SIGNATURES[kind] in squeeze(pages[-1]), kind
