"""填报说明 of the application form (附件1 and the pioneer's annex, after the cover): one text for the PDF and the
Word form. The two honors' texts differ only in the activity's name, so it is a placeholder."""

from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

TITLE = pgettext_lazy("application form", "填报说明")

PARAGRAPHS = (
    _(
        "1. %(activity)s申报材料由申报表和证实性材料两部分组成，所填数据及提供资料务必真实、准确，数字及各类符号"
        "应填写正确、清楚、完整。本表封面编号由%(activity)s组织委员会统一填写。"
    ),
    _(
        "2. 证实性材料包括个人技术资格证书、个人从事重要技术工作（活动）取得实效的证明性材料、相关技术研究成果、"
        "个人获得国家及省部级以上荣誉等，以复印件形式附在申报表后。"
    ),
    _(
        "3. 申报表、证实性材料需提供一式三份的书面材料及申报人 1 寸证件照 3 张。申报表用 A4 规格的纸张正反面打印"
        "装订成册，页数不超过 20 页；证实性材料用 A4 规格的纸张正反面装订成册，页数不超过 10 页。"
    ),
    _(
        "4. 申报个人及其单位应提供申报表电子版一份，以及申报人照片电子版一份。申报表电子版材料需为 word 文件格式，"
        "申报人照片需为 jpg 格式。"
    ),
)


def activity_name(award_type) -> str:
    """“上海智慧工匠”选树活动 / “上海领军先锋”评选活动, as the annexes name them."""
    if award_type.code == "craftsman":
        return str(_("“上海智慧工匠”选树活动"))
    return str(_("“上海领军先锋”评选活动"))


def filing_instructions(award_type) -> list[str]:
    """The 填报说明 paragraphs for this honor, in the active language."""
    activity = activity_name(award_type)
    return [str(p) % {"activity": activity} for p in PARAGRAPHS]
