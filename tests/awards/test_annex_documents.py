"""Issue 13 items 10, 11, 13: both application forms and both score sheets, rendered as PDF and read back with
pypdf, carry every label of the seed's annexes (智慧工匠 附件2/附件3, 领军先锋 附件1/附件2) in the annex's order.
The first pages are rendered to PNG (pdftoppm) into the test artifacts for a visual check."""

import io
import re
import subprocess

import pytest
from django.urls import reverse
from pypdf import PdfReader

from awards.documents.pdf import application_pdf
from awards.models import Application, Attachment
from scoring.documents.sheets import sheet_pdf
from scoring.models import Rubric
from scoring.selectors.panels import sheet_for_document
from scoring.services import sheet_submit
from tests.awards.applicant_support import open_campaign
from tests.e2e.conftest import ARTIFACTS
from tests.factories import complete_application
from tests.scoring.builders import craftsman_entries, pioneer_entries, scoring_world

pytestmark = pytest.mark.django_db

DOMAINS = ["物联感知建设", "网络通信建设", "数据及服务支撑", "智慧应用开发", "管理及保障建设"]

INSTRUCTIONS = [
    "填报说明",
    "1.“上海{h}”{a}申报材料由申报表和证实性材料两部分组成，所填数据及提供资料务必真实、准确，"
    "数字及各类符号应填写正确、清楚、完整。本表封面编号由“上海{h}”{a}组织委员会统一填写。",
    "2.证实性材料包括个人技术资格证书、个人从事重要技术工作（活动）取得实效的证明性材料、相关技术研究成果、"
    "个人获得国家及省部级以上荣誉等，以复印件形式附在申报表后。",
    "3.申报表、证实性材料需提供一式三份的书面材料及申报人1寸证件照3张。申报表用A4规格的纸张正反面打印装订成册，"
    "页数不超过20页；证实性材料用A4规格的纸张正反面装订成册，页数不超过10页。",
    "4.申报个人及其单位应提供申报表电子版一份，以及申报人照片电子版一份。申报表电子版材料需为word文件格式，"
    "申报人照片需为jpg格式。",
]

PERSONAL = [
    "一、个人基本情况",
    "姓名",
    "身份证号",
    "照片（正面1寸免冠彩色证件照）",
    "性别",
    "政治面貌",
    "职称",
    "学位学历",
    "所在单位",
    "担任职务",
    "现岗位或相似岗位工作年限",
    "是否工会会员",
    "是",
    "否",
    "联系电话",
    "E-mail",
    "单位地址及邮编",
    "教育经历（从高中起）",
    "工作经历",
    "社会团体兼职情况",
    "何时何地受过何种奖励",
    "何时何地受过何种处罚",
    "在上海市智慧城市建设所属技术领域中的主要工作成绩和突出贡献（限4000字以内）",
    "（一）基本情况",
    "个人近3年主要工作内容简要介绍",
]

CRAFTSMAN_FORM = (
    [
        "编号",
        "上海智慧城市建设“智慧工匠”选树活动申报表",
        "申报人姓名",
        "所在单位",
        "推荐机构",
        "申报日期",
        "技术领域",
    ]
    + DOMAINS
    + ["智慧化设备应用", "上海市经济和信息化工作系统工会印制"]
    + [line.format(h="智慧工匠", a="选树活动") for line in INSTRUCTIONS]
    + PERSONAL
    + [
        "（二）精神特质",
        "说明个人在日常工作中如何体现“工匠精神”",
        "（三）技术/技能水平",
        "说明个人在本岗位工作中如何应用高超的技术或技能，以及取得的主要成果",
        "本次申报代表性成果的情况说明",
        "说明个人的代表性成果，如所发表论文、取得专利、成果水平、特点特色等",
    ]
)

PIONEER_FORM = (
    [
        "编号",
        "上海智慧城市建设“领军先锋”评选活动申报表",
        "申报人姓名",
        "所在单位",
        "推荐机构",
        "申报日期",
        "技术领域",
    ]
    + DOMAINS
    + ["上海市经济和信息化工作系统工会印制"]
    + [line.format(h="领军先锋", a="评选活动") for line in INSTRUCTIONS]
    + PERSONAL
    + [
        "（二）个人方面",
        "说明个人在日常工作中如何体现爱岗敬业、学习创新、工匠精神等",
        "（三）团队方面",
        "说明个人作为团队领袖，如何推动团队实现成就卓越、和谐共赢等",
        "本次申报代表性成果情况说明",
        "说明个人带领团队取得的成果，如取得专利、攻克难题、获得团队荣誉、成果水平、特色特点等",
        "二、所在单位推荐意见",
        "单位联系人及联系电话、邮箱",
        "推荐意见",
        "（围绕申报人日常工作情况、工作业绩、申报材料真实性等展开）",
        "工作单位（盖章）",
        "负责人（签字）",
    ]
)

CRAFTSMAN_LEVELS_SPIRIT = [
    "①（9~10）全部要求明显体现，行业特色显著；",
    "②（6~8）大部分要求明显体现，行业特色显著；",
    "③（4~5）全部或大部分要求明显体现，行业特色一般；",
    "④（1~3）部分要求明显体现，行业特色一般。",
]
CRAFTSMAN_LEVELS_SKILL = [
    "①（16~20）全部要求明显体现，对输出成果贡献显著；",
    "②（11~15）大部分要求明显体现，对输出成果贡献显著；",
    "③（6~10）全部或大部分要求明显体现，对输出成果贡献一般；",
    "④（1~5）部分要求明显体现，对输出成果贡献一般。",
]
CRAFTSMAN_SHEET = (
    ["上海智慧城市建设“智慧工匠”选树活动评分表", "参选人姓名", "最终得分", "参选人所属领域"]
    + DOMAINS
    + ["智慧化设备应用", "评分类别", "材料评议", "现场展示"]
    + ["一级维度", "二级维度", "关注重点1", "评分级别", "评分2", "（总计100分）"]
    + ["精神特质", "创新（10分）", "参选人自身学习、主动创新和乐于分享等特质，同时考虑行业特色显著程度"]
    + CRAFTSMAN_LEVELS_SPIRIT
    + [
        "敬业（10分）",
        "参选人立足本职工作、发挥主观能动性和履行社会责任等特质，同时考虑行业特色显著程度",
        "专注（10分）",
        "参选人具有持之以恒、不畏失败、勇于挑战等特质，同时考虑行业特色显著程度",
        "求精（10分）",
        "参选人追求高质量、不断学习和改进等特质，同时考虑行业特色显著程度",
        "技术/技能",
        "有效性（20分）",
        "参选人的技术、技能及其输出技术成果的解决实际问题、满足需求和注重推广应用等要素，"
        "同时考虑对个人和团队输出成果的贡献程度",
    ]
    + CRAFTSMAN_LEVELS_SKILL
    + [
        "先进性（20分）",
        "参选人的技术、技能及其输出技术成果的技术领先性、效率和绿色环保等要素，同时考虑对个人和团队输出成果的贡献程度",
        "创造性（20分）",
        "参选人技术、模式/方法和成果等创新要素，同时考虑对个人和团队输出成果的贡献程度",
        "专家签名：",
        "日期：",
        "1：详细关注重点参照《上海智慧城市建设领域“智慧工匠”选树活动评价标准》“三评价指标”",
        "2：具体评分细则参照《上海智慧城市建设领域“智慧工匠”选树活动评价标准》“四评价方法”",
    ]
)

PIONEER_SHEET = (
    ["上海智慧城市建设“领军先锋”评选活动评分表", "参选人姓名", "最终得分", "参选人所属领域"]
    + DOMAINS
    + ["评分类别", "材料评议", "现场展示", "一级维度", "二级维度", "指标含义及分值1", "评分（总计150分）"]
    + [
        "敬业奉献（20分）",
        "大局为重",
        "从组织整体和长远角度考虑、决策、开展工作（10分）",
        "务实敬业",
        "兢兢业业处理好自己的工作、热衷于自己的职业（10分）",
        "成就卓越（20分）",
        "开拓进取",
        "不安于现状、完成有挑战性的目标（10分）",
        "追求卓越",
        "保持积极态度，追求卓越的目标（10分）",
        "学习创新（30分）",
        "系统学习",
        "拥有与工作相关联的知识储备（10分）",
        "学而思进",
        "善于学习并获得有利于未来发展的能力（10分）",
        "改革创新",
        "善于思考，打破常规，推陈出新，创造性地解决问题（10分）",
        "和谐共赢（30分）",
        "中流砥柱",
        "对团队的发展具有主导作用（10分）",
        "沟通协作",
        "调动团队积极性（10分）",
        "团队建设",
        "能做好团队管理，激励团队成员，实现团队绩效和产出最大化（10分）",
        "行业影响（50分）",
        "行业特色",
        "所参与项目、取得成果具有显著的行业特色（20分）",
        "相关成果",
        "带领团队或组织取得优秀成果（30分）",
        "专家签名：",
        "日期：",
        "1：分值区间：",
        "10分分值：一般（1~3）、良好（4~5）、优秀（6~8）、卓越（9~10）",
        "20分分值：一般（1~5）、良好（6~10）、优秀（11~15）、卓越（16~20）",
        "30分分值：一般（1~6）、良好（7~14）、优秀（15~22）、卓越（23~30）",
    ]
)


def normalise(text: str) -> str:
    """Whitespace out (cells wrap labels anywhere), ASCII punctuation as its full-width form."""
    text = re.sub(r"\s+", "", text)
    return text.replace("(", "（").replace(")", "）").replace(":", "：")


def assert_in_order(text: str, labels: list[str]) -> None:
    flat = normalise(text)
    position = 0
    for label in labels:
        wanted = normalise(label)
        found = flat.find(wanted, position)
        assert found >= 0, f"“{label}” missing after position {position}: …{flat[position : position + 120]}…"
        position = found + len(wanted)


def read(data: bytes) -> tuple[PdfReader, str]:
    reader = PdfReader(io.BytesIO(data))
    return reader, "\n".join(page.extract_text() for page in reader.pages)


def snapshot(data: bytes, name: str, pages: int = 3) -> None:
    """Each of the first `pages` pages as a PNG in the test artifacts (name-1.png, name-2.png …)."""
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    pdf = ARTIFACTS / f"{name}.pdf"
    pdf.write_bytes(data)
    subprocess.run(
        ["pdftoppm", "-png", "-r", "60", "-f", "1", "-l", str(pages), str(pdf), str(ARTIFACTS / name)],
        check=True,
        timeout=60,
    )
    assert list(ARTIFACTS.glob(f"{name}-*.png"))


def submitted_sheet(code: str):
    world = scoring_world(code=code, apps=1)
    expert = world.experts[0]
    sheet = sheet_submit(
        expert=expert,
        application=world.apps[0],
        stage="material",
        entries=craftsman_entries() if code == "craftsman" else pioneer_entries(),
        password="demo-pass-2026",
        signature_name=expert.get_full_name(),
    )
    return sheet_for_document(sheet.pk)


@pytest.mark.parametrize(("code", "labels"), [("craftsman", CRAFTSMAN_FORM), ("pioneer", PIONEER_FORM)])
def test_application_form_pdf_has_every_annex_label_in_order(code, labels):
    app = complete_application(campaign=open_campaign(code), name="欧阳明华")
    app.attachments.filter(kind=Attachment.Kind.PHOTO).delete()  # the photo box then shows its annex label
    data = application_pdf(app, for_office=False)
    reader, text = read(data)
    assert_in_order(text, labels)
    # the cover has exactly the annex's lines: no 行业类别 there (it is printed inside the form)
    cover = normalise(reader.pages[0].extract_text())
    assert "行业类别" not in cover and "行业类别" in normalise(text)
    snapshot(data, f"application-form-{code}")


def test_application_date_is_the_submission_date():
    app = complete_application(campaign=open_campaign(), name="欧阳明华")

    def cover():
        return normalise(
            PdfReader(io.BytesIO(application_pdf(app, for_office=False))).pages[0].extract_text()
        )

    assert "申报日期：推荐机构" not in cover()
    assert re.search(r"申报日期：技术领域", cover())  # a draft: blank
    import datetime

    from django.utils import timezone

    submitted = timezone.make_aware(datetime.datetime(2026, 3, 14, 23, 30))
    Application.objects.filter(pk=app.pk).update(submitted_at=submitted, applied_on=datetime.date(2026, 3, 1))
    app.refresh_from_db()
    assert "申报日期：2026年3月14日" in cover()


def test_a_long_text_repeats_its_label_on_every_page_it_runs_onto():
    app = complete_application(campaign=open_campaign(), name="欧阳明华")
    Application.objects.filter(pk=app.pk).update(
        section_basic="智" * 1400, section_second="慧" * 1300, section_third="城" * 1300
    )
    app.refresh_from_db()
    reader, _text = read(application_pdf(app, for_office=False))
    label = normalise("在上海市智慧城市建设所属技术领域中的主要工作成绩和突出贡献（限4000字以内）")
    pages_with_text = [
        normalise(p.extract_text()) for p in reader.pages if re.search("[智慧城]{20}", p.extract_text())
    ]
    assert len(pages_with_text) >= 2
    for page in pages_with_text:
        assert label in page


@pytest.mark.parametrize(("code", "labels"), [("craftsman", CRAFTSMAN_SHEET), ("pioneer", PIONEER_SHEET)])
def test_score_sheet_pdf_has_every_annex_label_in_order(code, labels):
    sheet = submitted_sheet(code)
    data = sheet_pdf(sheet)
    reader, text = read(data)
    assert_in_order(text, labels)
    flat = normalise(text)
    assert f"最终得分{sheet.total}" in flat  # 75 / 104: the worked examples
    assert "☑材料评议☐现场展示" in flat
    assert sheet.signature_name and sheet.signature_name in text
    assert len(reader.pages) == 1
    snapshot(data, f"score-sheet-{code}", pages=1)


def test_rubrics_carry_the_regulations_titles():
    assert (
        Rubric.objects.get(code="craftsman-100").name == "上海智慧城市建设“智慧工匠”选树活动评价标准（暂行）"
    )
    assert Rubric.objects.get(code="pioneer-150").name == "“领军先锋”评选活动评价指标体系"
    assert not Rubric.objects.filter(name__contains="评价标准 评分表").exists()


def test_the_form_page_shows_the_same_instructions(client):
    app = complete_application(campaign=open_campaign("pioneer"))
    client.force_login(app.applicant)
    page = client.get(reverse("awards:application_edit", args=[app.pk])).content.decode()
    box = page[page.index('id="instructions"') :]
    box = box[: box.index("</details>")]
    assert "本表封面编号由“上海领军先锋”评选活动组织委员会统一填写。" in box
    assert "页数不超过 20 页" in box


@pytest.mark.parametrize("code", ["craftsman", "pioneer"])
def test_word_form_has_the_same_instructions_and_row_labels(code):
    from docx import Document

    from awards.documents.docx import application_docx

    app = complete_application(campaign=open_campaign(code))
    doc = Document(io.BytesIO(application_docx(app, for_office=False)))
    parts = [p.text for p in doc.paragraphs]
    for table in doc.tables:
        for row in table.rows:
            parts.extend(cell.text for cell in row.cells)
    text = "\n".join(parts)
    labels = PIONEER_FORM if code == "pioneer" else CRAFTSMAN_FORM
    instructions = [label for label in labels if label.startswith(("填报说明", "1.", "2.", "3.", "4."))]
    assert_in_order(text, instructions)
    for label in (
        "现岗位或相似岗位工作年限",
        "在上海市智慧城市建设所属技术领域中的主要工作成绩和突出贡献（限4000字以内）",
        labels[-8] if code == "pioneer" else labels[-2],
        labels[-7] if code == "pioneer" else labels[-1],
    ):
        assert normalise(label) in normalise(text), label


def test_the_data_migration_renames_the_rubrics_of_an_existing_database():
    import importlib

    from django.apps import apps

    migration = importlib.import_module("scoring.migrations.0004_rubric_titles")
    migration.restore(apps, None)  # a database from before the fix
    assert Rubric.objects.get(code="pioneer-150").name == "“领军先锋”评选活动评价标准"
    migration.rename(apps, None)
    assert (
        Rubric.objects.get(code="craftsman-100").name == "上海智慧城市建设“智慧工匠”选树活动评价标准（暂行）"
    )
    assert Rubric.objects.get(code="pioneer-150").name == "“领军先锋”评选活动评价指标体系"


def test_the_craftsman_score_sheet_keeps_its_first_column_labels_whole():
    """Issue 23.7: the first column broke labels mid-word (“技术/技” / “能”, “一级维” / “度”)."""
    _reader, text = read(sheet_pdf(submitted_sheet("craftsman")))
    lines = [line.strip() for line in text.splitlines()]
    assert any("一级维度" in line for line in lines)
    assert any("技术/技能" in line for line in lines)
    assert any("精神特质" in line for line in lines)
