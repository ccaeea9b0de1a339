"""The fixed wording of the regulation's annexes, in one place: the application forms (智慧工匠 附件2, 领军先锋
附件1) and the score sheets (智慧工匠 附件3, 领军先锋 附件2). The PDF, the Word document and the pages read it
from here, so the 填报说明 and the row labels cannot drift apart between them."""

from dataclasses import dataclass

from django.utils.translation import gettext as _

from awards.wording import text, texts


def _honor(award_type) -> str:
    return award_type.label()


def _activity(award_type) -> str:
    """选树活动 (智慧工匠) / 评选活动 (领军先锋): the honor's `wording["activity"]`."""
    return text(award_type, "activity")


def form_title(award_type) -> str:
    """附件2 / 领军先锋附件1 title: 上海智慧城市建设“智慧工匠”选树活动申报表."""
    return _("上海智慧城市建设“%(honor)s”%(activity)s申报表") % {
        "honor": _honor(award_type),
        "activity": _activity(award_type),
    }


def sheet_title(award_type) -> str:
    """附件3 / 领军先锋附件2 title: 上海智慧城市建设“智慧工匠”选树活动评分表."""
    return _("上海智慧城市建设“%(honor)s”%(activity)s评分表") % {
        "honor": _honor(award_type),
        "activity": _activity(award_type),
    }


def instructions(award_type) -> list[str]:
    """填报说明 1–4, word for word from the annex (the honor's name and activity filled in)."""
    names = {"honor": _honor(award_type), "activity": _activity(award_type)}
    return [
        _(
            "“上海%(honor)s”%(activity)s申报材料由申报表和证实性材料两部分组成，所填数据及提供资料务必真实、"
            "准确，数字及各类符号应填写正确、清楚、完整。本表封面编号由“上海%(honor)s”%(activity)s组织委员会"
            "统一填写。"
        )
        % names,
        _(
            "证实性材料包括个人技术资格证书、个人从事重要技术工作（活动）取得实效的证明性材料、相关技术研究成果、"
            "个人获得国家及省部级以上荣誉等，以复印件形式附在申报表后。"
        ),
        _(
            "申报表、证实性材料需提供一式三份的书面材料及申报人 1 寸证件照 3 张。申报表用 A4 规格的纸张正反面"
            "打印装订成册，页数不超过 20 页；证实性材料用 A4 规格的纸张正反面装订成册，页数不超过 10 页。"
        ),
        _(
            "申报个人及其单位应提供申报表电子版一份，以及申报人照片电子版一份。申报表电子版材料需为 word "
            "文件格式，申报人照片需为 jpg 格式。"
        ),
    ]


def achievements_label() -> str:
    """The row label of the three-part account, as printed on both forms."""
    return _("在上海市智慧城市建设所属技术领域中的主要工作成绩和突出贡献（限4000字以内）")


def representative(award_type) -> tuple[str, str]:
    """(label, hint) of the 代表性成果 row: each form has its own wording (the honor's data)."""
    return text(award_type, "representative_label"), text(award_type, "representative_hint")


@dataclass(frozen=True)
class SheetText:
    """What a score sheet prints around the criteria (附件3 / 领军先锋附件2)."""

    title: str
    focus_heading: str  # 关注重点 (craftsman) / 指标含义及分值 (pioneer)
    total_heading: str  # 评分（总计 100 分）
    has_level_column: bool  # 评分级别 (craftsman only)
    footnotes: list[str]


def sheet_text(award_type, max_total: int) -> SheetText:
    """The score sheet's frame from the honor's data: the 关注重点 / 指标含义及分值 heading, whether the sheet
    lists the 评分级别 per dimension (`sheet_level_column`) and the footnotes."""
    return SheetText(
        title=sheet_title(award_type),
        focus_heading=text(award_type, "sheet_focus_heading"),
        total_heading=_("评分（总计 %(n)s 分）") % {"n": max_total},
        has_level_column=award_type.sheet_level_column,
        footnotes=texts(award_type, "sheet_footnotes"),
    )
