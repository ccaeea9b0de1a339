"""Messages put together from parts, punctuated in the reader's language (docs/decisions.md 466).

Chinese joins the items of a list with 、, clauses with ；, puts a label before its text with ：and an aside in （）;
English writes "a, b", "a; b", "Label: text" and " (aside)". A message that names several things, or prefixes a
field's label, is built with these, so that its punctuation follows the page as its words do. The marks are the
catalog's own one-mark messages, the ones the templates write as {% translate "：" %}, looked up in the language
active when the message is written.
"""

from django.utils.translation import gettext


def series(items) -> str:
    """甲、乙、丙 — "a, b, c"."""
    return gettext("、").join(str(item) for item in items)


def clauses(items) -> str:
    """甲；乙 — "a; b"."""
    return gettext("；").join(str(item) for item in items)


def labelled(label, text) -> str:
    """标签：内容 — "Label: text"."""
    return f"{label}{gettext('：')}{text}"


def aside(text) -> str:
    """（说明） — " (note)"."""
    return f"{gettext('（')}{text}{gettext('）')}"
