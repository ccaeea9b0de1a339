"""Article references of the regulation (第十七条 …) in the reader's language: the procedure table and an honor's
wording keep them in Chinese, as the regulation writes them; an English page shows "Art. 17". Here, below the
procedure, so that an honor's citation (awards/wording.py `cite`) is written in the reader's language too."""

import re

from django.utils.translation import get_language

NUMERALS = {"一": 1, "二": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
ARTICLE = re.compile(r"第([一二三四五六七八九十]+)条")


def chinese_number(text: str) -> int:
    """一 … 九十九 as an integer (enough for the regulation's 32 articles)."""
    if "十" not in text:
        return NUMERALS[text]
    tens, _, units = text.partition("十")
    return (NUMERALS[tens] if tens else 1) * 10 + (NUMERALS[units] if units else 0)


def article_label(text: str, language: str | None = None) -> str:
    lang = language or get_language() or "zh-hans"
    if not lang.startswith("en"):
        return text
    text = ARTICLE.sub(lambda m: f"Art. {chinese_number(m.group(1))}", str(text))
    return text.replace("、", ", ")
