"""HTML → PDF through WeasyPrint with one font configuration per process (and thread).

Without `font_config`, WeasyPrint builds a new `FontConfiguration` for every document, and with it a new
Fontconfig configuration that loads and scans every installed font (the Noto CJK collections are large): that was
most of the ~1 s of each application PDF and the ~10 s of the first one (issue 15). One configuration is built
on first use and kept; Pango's font map, and with it its glyph and layout caches, stays warm between documents.
A thread-local keeps it safe where documents are rendered from several threads."""

import threading

_local = threading.local()


def font_config():
    """The process's (thread's) WeasyPrint font configuration, created on first use."""
    config = getattr(_local, "font_config", None)
    if config is None:
        from weasyprint.text.fonts import FontConfiguration

        config = _local.font_config = FontConfiguration()
    return config


def html_to_pdf(html: str, *, base_url: str | None = None) -> bytes:
    from weasyprint import HTML

    return HTML(string=html, base_url=base_url).write_pdf(font_config=font_config())
