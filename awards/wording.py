"""An honor's own wording, read from `AwardType.wording` (fixtures/award_types.json) — never from a branch on the
honor's code (docs/architecture.md §11 “Add an honor type”).

`wording` maps a key below to `{"zh": …, "en": …}` (a list of them for `sheet_footnotes`). A key the honor does
not give falls back to the default here: the 管理办法's own article for a rule (an honor without its own 办法
cites the 管理办法), a neutral phrase for the annex wording."""

from django.utils.translation import get_language

from awards.articles import article_label

ART_12 = {"zh": "第十二条", "en": "Art. 12"}

#: key → (what it is, default). A default is what an honor without its own 办法 cites, or a neutral phrase.
KEYS = {
    # annex wording (申报表 附件2 / 领军先锋附件1, 评分表 附件3 / 领军先锋附件2)
    "activity": ("活动名称：选树活动 / 评选活动", {"zh": "评选活动", "en": "Selection"}),
    "representative_label": (
        "代表性成果一栏的标题",
        {"zh": "本次申报代表性成果情况说明", "en": "Representative results of this application"},
    ),
    "representative_hint": (
        "代表性成果一栏的说明",
        {"zh": "说明个人的代表性成果、成果水平、特色特点等", "en": "Describe your representative results"},
    ),
    "sheet_focus_heading": ("评分表指标说明一列的标题", {"zh": "指标含义及分值", "en": "Meaning and points"}),
    "sheet_footnotes": ("评分表脚注（列表）", []),
    # the rules a message or a refusal cites
    "rule_eligibility": ("资格条件的条款", ART_12),
    "rule_industry_years": ("行业工作年限的条款", ART_12),
    "rule_post_years": ("现岗位年限的条款", ART_12),
    "rule_management_years": ("管理类工作年限的条款", ART_12),
    "rule_direct_technical_work": ("直接从事技术工作的条款", ART_12),
    "rule_integrity": ("守法诚信承诺的条款", ART_12),
    "rule_procedure": ("本荣誉自己的办法中接管程序的条款（无则引用管理办法条款本身）", ""),
    "procedure_reference": ("引用管理办法条款的写法，含 %(article)s（无则直接写条款）", ""),
}


def _lang(language: str | None) -> str:
    return language or get_language() or "zh-hans"


def _pick(entry, language: str | None) -> str:
    if isinstance(entry, str):
        return entry
    if _lang(language).startswith("en") and entry.get("en"):
        return entry["en"]
    return entry.get("zh", "")


def text(award_type, key: str, language: str | None = None) -> str:
    """The honor's wording for `key` in the reader's language, or the default."""
    if key not in KEYS:
        raise KeyError(key)
    return _pick((award_type.wording or {}).get(key) or KEYS[key][1], language)


def texts(award_type, key: str, language: str | None = None) -> list[str]:
    """A list entry of the wording (e.g. `sheet_footnotes`), each item in the reader's language."""
    return [_pick(item, language) for item in (award_type.wording or {}).get(key) or KEYS[key][1]]


def procedure_rule(award_type, article: str) -> str:
    """The rule a procedure refusal names: the honor's own procedure section when its 办法 takes the procedure
    over (领军先锋办法七 “基本流程参照”), else the 管理办法 article."""
    return text(award_type, "rule_procedure", "zh-hans") or article


def cite(award_type, article: str, language: str | None = None) -> str:
    """A 管理办法 article as a message of this honor cites it, in the reader's language: “领军先锋办法七（参照管理办法
    第三条）” for an honor whose own 办法 refers to the 管理办法, the article itself otherwise (“Art. 3” in English)."""
    reference = text(award_type, "procedure_reference", language)
    return article_label(reference % {"article": article} if reference else article, language)


def section_labels(award_type, language: str | None = None) -> list[tuple[str, str]]:
    """The three parts of 主要成绩 as the honor titles them (`AwardType.section_labels`): (title, hint) of each in
    the reader's language, the Chinese where the honor gives no English, and ("", "") for a part it does not
    title. The form, the expert's reading page and the application's PDF and Word document all take them here."""
    labels = list(award_type.section_labels or [])
    parts = []
    for i in range(3):
        entry = labels[i] if i < len(labels) and isinstance(labels[i], dict) else {}
        parts.append(
            (
                _pick({"zh": entry.get("zh", ""), "en": entry.get("en", "")}, language),
                _pick({"zh": entry.get("hint", ""), "en": entry.get("hint_en", "")}, language),
            )
        )
    return parts
