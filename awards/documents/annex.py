"""The fixed wording of the regulation's annexes, in one place: the application forms (智慧工匠 附件2, 领军先锋
附件1) and the score sheets (智慧工匠 附件3, 领军先锋 附件2). The PDF, the Word document and the pages read it
from here, so the 填报说明 and the row labels cannot drift apart between them."""

from dataclasses import dataclass

from django.utils.translation import gettext as _
from django.utils.translation import pgettext

CRAFTSMAN = "craftsman"


def _honor(award_type) -> str:
    return award_type.get_code_display()


def _activity(award_type) -> str:
    return _("选树活动") if award_type.code == CRAFTSMAN else pgettext("application form title", "评选活动")


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
    """(label, hint) of the 代表性成果 row: each form has its own wording."""
    if award_type.code == CRAFTSMAN:
        return (
            _("本次申报代表性成果的情况说明"),
            _("说明个人的代表性成果，如所发表论文、取得专利、成果水平、特点特色等"),
        )
    return (
        _("本次申报代表性成果情况说明"),
        _("说明个人带领团队取得的成果，如取得专利、攻克难题、获得团队荣誉、成果水平、特色特点等"),
    )


@dataclass(frozen=True)
class SheetText:
    """What a score sheet prints around the criteria (附件3 / 领军先锋附件2)."""

    title: str
    focus_heading: str  # 关注重点 (craftsman) / 指标含义及分值 (pioneer)
    total_heading: str  # 评分（总计 100 分）
    has_level_column: bool  # 评分级别 (craftsman only)
    footnotes: list[str]


def sheet_text(award_type, max_total: int) -> SheetText:
    total = _("评分（总计 %(n)s 分）") % {"n": max_total}
    if award_type.code == CRAFTSMAN:
        standard = _("《上海智慧城市建设领域“智慧工匠”选树活动评价标准》")
        return SheetText(
            title=sheet_title(award_type),
            focus_heading=_("关注重点"),
            total_heading=total,
            has_level_column=True,
            footnotes=[
                _("1：详细关注重点参照%(standard)s“三 评价指标”") % {"standard": standard},
                _("2：具体评分细则参照%(standard)s“四 评价方法”") % {"standard": standard},
            ],
        )
    return SheetText(
        title=sheet_title(award_type),
        focus_heading=_("指标含义及分值"),
        total_heading=total,
        has_level_column=False,
        footnotes=[_("1：分值区间：")],
    )
