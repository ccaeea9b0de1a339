"""The application form as the HTML that every PDF of it is rendered from (awards/documents/pdf.py renders it at
once, awards/tasks.py in the task worker): one module both import, so neither imports the other for it."""

from django.template.loader import render_to_string
from django.utils import translation

from awards.documents.content import form_content
from awards.models import Application


def css_string(value: str) -> str:
    """`value` as the inside of a CSS string (the page footer's `content`): every ASCII character other than a
    letter, digit, space or colon as a CSS escape, so nothing in a user's name can end the string or the rule."""
    return "".join(ch if ord(ch) > 127 or ch.isalnum() or ch in " :" else f"\\{ord(ch):x} " for ch in value)


def application_html(
    application: Application,
    *,
    for_office: bool,
    language: str = "zh-hans",
    reveal: bool = True,
    watermark: str = "",
) -> str:
    """The form in Chinese (the regulation's official form) unless `language` asks for the English translation.
    `reveal`: ID number and phone in full, else masked; `watermark`: a line at the foot of every page."""
    with translation.override(language):
        c = form_content(application, for_office=for_office, reveal=reveal)
        c.watermark = css_string(watermark)
        return render_to_string("documents/application.html", {"c": c})
