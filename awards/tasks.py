"""Background work of the awards app (django.tasks): a large application PDF is rendered by the task worker while
the page shows its progress (issue 21 item 7; awards/documents/pdf_cache.py keeps the job's state and the
result)."""

from django.tasks import task

from awards.documents import pdf_cache
from awards.documents.form_html import application_html
from awards.models import Application


@task()
def render_application_pdf(application_id: int, for_office: bool, language: str, reveal: bool = True) -> int:
    """Render the form into the PDF cache; returns its size in bytes (0 when the application is gone)."""
    from config.pdf import html_to_pdf

    application = Application.objects.filter(pk=application_id).select_related("campaign__award_type").first()
    if application is None:
        return 0
    html = application_html(application, for_office=for_office, language=language, reveal=reveal)
    key = pdf_cache.cache_key(application_id, for_office=for_office, language=language, reveal=reveal)
    pdf_cache.job_move(key, html, "rendering")
    try:
        pdf = pdf_cache.cached_render(key, html, html_to_pdf)
    except Exception as e:  # noqa: BLE001 - the page must show the failure instead of waiting forever
        pdf_cache.job_move(key, html, "failed", str(e))
        raise
    pdf_cache.job_move(key, html, "done")
    return len(pdf)
