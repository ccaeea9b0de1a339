"""申报表 PDF: A4, the regulation's layout (cover page with the number, then the tables), Noto Sans CJK SC
embedded (named on @page as well, so page numbers do not fall back to missing glyphs)."""

import io
import time

from django.conf import settings
from pypdf import PdfReader

from awards.documents import pdf_cache
from awards.documents.form_html import application_html
from awards.documents.pdf_cache import cache_key, cached_render
from awards.models import Application
from awards.tasks import render_application_pdf

MAX_FORM_PAGES = 20  # 填报说明 3: 申报表页数不超过 20 页 (settings.APPLICATION_FORM_MAX_PAGES overrides)
LINE_CHARS = 36  # fewer characters than fit on one line of the form's text column
PAGE_LINES = 40  # fewer lines than fit on one page


def application_pdf(
    application: Application, *, for_office: bool, language: str = "zh-hans", reveal: bool = True
) -> bytes:
    """The form as PDF. Bounded by what is printed (every text field cut at its character and line caps,
    `content.capped`), and rendered once per version of the form (`pdf_cache`)."""
    from config.pdf import html_to_pdf

    html = application_html(application, for_office=for_office, language=language, reveal=reveal)
    key = cache_key(application.pk, for_office=for_office, language=language, reveal=reveal)
    return cached_render(key, html, html_to_pdf)


def application_pdf_full(
    application: Application, *, for_office: bool, language: str, watermark: str
) -> bytes:
    """A full copy for a stated purpose (issue 25 item 4): rendered for this request only (never cached, the
    watermark names who asked and when) with the watermark at the foot of every page."""
    from config.pdf import html_to_pdf

    html = application_html(
        application, for_office=for_office, language=language, reveal=True, watermark=watermark
    )
    return html_to_pdf(html)


def application_pdf_or_job(
    application: Application, *, for_office: bool, language: str = "zh-hans", reveal: bool = True
) -> tuple[bytes | None, dict | None]:
    """For a download: (the PDF, None) when it is cached or small enough to render now; (None, the job) while a
    large form (estimated above settings.APPLICATION_PDF_BACKGROUND_PAGES) is rendered by the task worker —
    the page shows the job's progress and asks again."""
    html = application_html(application, for_office=for_office, language=language, reveal=reveal)
    key = cache_key(application.pk, for_office=for_office, language=language, reveal=reveal)
    cached = pdf_cache.cached_only(key, html)
    if cached is not None:
        return cached, None
    limit = settings.APPLICATION_PDF_BACKGROUND_PAGES
    pages = _estimated_pages(application) if limit and settings.APPLICATION_PDF_CACHE_SECONDS else 0
    if pages <= limit:
        from config.pdf import html_to_pdf

        return cached_render(key, html, html_to_pdf), None
    job = pdf_cache.job_state(key, html)
    if job is not None and job["state"] == "failed":
        pdf_cache.job_forget(key)  # shown once; the next request tries again
        return None, job
    if job is None and pdf_cache.job_claim(key, html, pages):
        render_application_pdf.enqueue(application.pk, for_office, language, reveal)
    cached = pdf_cache.cached_only(key, html)  # a worker that runs tasks at once (development) has it now
    if cached is not None:
        return cached, None
    return None, pdf_cache.job_state(key, html) or {"state": "queued", "since": time.time(), "pages": pages}


def form_page_count(application: Application) -> int:
    """How many A4 pages the printed form has (the Chinese form, as the office prints it)."""
    return len(PdfReader(io.BytesIO(application_pdf(application, for_office=True))).pages)


def _estimated_pages(application: Application) -> int:
    """A generous upper bound of the form's length without rendering it: cover, 填报说明, the personal table and
    every text line (each paragraph rounded up to whole lines)."""
    a = application
    texts = [
        a.social_posts,
        a.awards_received,
        a.punishments,
        a.section_basic,
        a.section_second,
        a.section_third,
        a.representative_achievements,
        a.unit_opinion,
    ]
    lines = sum(-(-len(p) // LINE_CHARS) + 1 for t in texts for p in (t or "").splitlines() or [""])
    lines += 3 * (a.education_entries.count() + a.work_entries.count())
    return 4 + -(-lines // PAGE_LINES) * 2


def form_too_long(application: Application, limit: int) -> int | None:
    """The page count when the form exceeds `limit` pages, else None. Renders the PDF only when the estimate
    cannot rule it out."""
    if _estimated_pages(application) <= limit:
        return None
    pages = form_page_count(application)
    return pages if pages > limit else None
