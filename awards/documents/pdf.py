"""申报表 PDF: A4, the regulation's layout (cover page with the number, then the tables), Noto Sans CJK SC
embedded (named on @page as well, so page numbers do not fall back to missing glyphs)."""

from django.template.loader import render_to_string
from django.utils import translation

from awards.documents.content import form_content
from awards.models import Application

MAX_FORM_PAGES = 20  # 填报说明 3: 申报表页数不超过 20 页


def application_html(application: Application, *, for_office: bool, language: str = "zh-hans") -> str:
    """The form in Chinese (the regulation's official form) unless `language` asks for the English translation."""
    with translation.override(language):
        return render_to_string(
            "documents/application.html", {"c": form_content(application, for_office=for_office)}
        )


def application_pdf(application: Application, *, for_office: bool, language: str = "zh-hans") -> bytes:
    from weasyprint import HTML

    html = application_html(application, for_office=for_office, language=language)
    return HTML(string=html).write_pdf()
