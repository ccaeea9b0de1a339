"""Keys of markup kept in a cache under a digest of everything it shows (docs/decisions.md 400, 422).

A page part whose key names the request's language, the source of the templates it is written with and every
value it shows is never stale: a changed value, template or language is another key. The markup itself stays in
the templates (`{% cache … key %}`); only the key is computed here. Used by the application form's sections and row
tables (awards/form_markup.py, in the shared cache), the score sheet's criterion rows (scoring/selectors/sheet.py)
and the expert's work-list rows (scoring/selectors/panels.py), both in each process's memory (the `local` alias)."""

import hashlib

from django.template.loader import get_template
from django.utils.translation import get_language

#: How long a row kept in a process's memory (the sheet's and the work list's, decisions 422–424) lives: its key
#: names everything it shows, so an entry is never stale; this bounds how long the markup of values since changed
#: stays in the process.
ROW_CACHE_SECONDS = 120


def templates_token(names) -> str:
    """A digest of the templates' source (one per request, for all the keys of a page): a changed template gives
    new keys, in development too (the template loader reloads a changed template)."""
    sources = "\0".join(get_template(name).template.source for name in names)
    return hashlib.sha256(sources.encode()).hexdigest()


def markup_key(token: str, *parts) -> str:
    """The key of markup written in the request's language with the templates of `token`, showing `parts` (plain
    data whose repr names every value the markup shows)."""
    raw = repr((get_language(), token, *parts))
    return hashlib.sha256(raw.encode()).hexdigest()
