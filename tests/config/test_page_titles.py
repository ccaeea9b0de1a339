"""A page's <title> is words only: markup inside `{% block title %}` is shown by the browser as text in the tab and
read out by screen readers (the committee's home once carried its standing-rules list there)."""

import re
from pathlib import Path

TITLE_BLOCK = re.compile(r"{%\s*block title\s*%}(.*?){%\s*endblock", re.S)


def test_no_template_puts_markup_in_the_page_title():
    root = Path(__file__).resolve().parents[2]
    offenders = []
    for path in sorted(root.glob("templates/**/*.html")):
        for body in TITLE_BLOCK.findall(path.read_text(encoding="utf-8")):
            if "<" in body:
                offenders.append(f"{path.relative_to(root)}: {body.strip()[:60]}")
    assert offenders == []
