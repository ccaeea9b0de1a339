"""A self-hosted arithmetic CAPTCHA (no outside service): the question is drawn on the server and shown as an
inline SVG with jittered glyphs, the answer kept in the session; one answer per question."""

import secrets

from django.utils.html import escape
from django.utils.safestring import mark_safe

SESSION_KEY = "pv_captcha"


def new_challenge(session) -> str:
    a, b = secrets.randbelow(9) + 1, secrets.randbelow(9) + 1
    session[SESSION_KEY] = a + b
    return f"{a} + {b} = ?"


def svg(question: str) -> str:
    """The question as an SVG picture, each character slightly moved and turned."""
    glyphs = []
    for i, ch in enumerate(question):
        dy = secrets.randbelow(9) - 4
        rotate = secrets.randbelow(31) - 15
        x = 12 + i * 16
        glyphs.append(
            f'<text x="{x}" y="{30 + dy}" transform="rotate({rotate} {x} {30 + dy})">{escape(ch)}</text>'
        )
    lines = "".join(
        f'<line x1="{secrets.randbelow(40)}" y1="{secrets.randbelow(44)}" x2="{160 + secrets.randbelow(60)}" '
        f'y2="{secrets.randbelow(44)}" stroke="#999" stroke-width="1"/>'
        for _ in range(3)
    )
    return mark_safe(  # noqa: S308 — built from digits and escaped characters only
        '<svg xmlns="http://www.w3.org/2000/svg" width="220" height="44" role="img" aria-label="captcha" '
        'font-family="monospace" font-size="24" class="captcha">'
        f"{lines}{''.join(glyphs)}</svg>"
    )


def check(session, answer) -> bool:
    expected = session.pop(SESSION_KEY, None)
    try:
        return expected is not None and int(str(answer).strip()) == expected
    except ValueError:
        return False
