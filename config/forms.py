"""The form renderer (settings.FORM_RENDERER, issue 15): Django's own widget templates, except input, textarea and
select, whose copies in config/form_templates/ inline `attrs.html` and `select_option.html`. Django renders a
select by including two templates per option; the application form has a few hundred options and a hundred
fields, and those includes were about half of its rendering time. The HTML is the same."""

from pathlib import Path

import django.forms
from django.forms.renderers import DjangoTemplates
from django.utils.functional import cached_property


class InlinedWidgetsRenderer(DjangoTemplates):
    @cached_property
    def engine(self):
        return self.backend(
            {
                "APP_DIRS": True,
                "DIRS": [
                    Path(__file__).resolve().parent / "form_templates",
                    Path(django.forms.__file__).resolve().parent / self.backend.app_dirname,
                ],
                "NAME": "djangoforms",
                "OPTIONS": {},
            }
        )
