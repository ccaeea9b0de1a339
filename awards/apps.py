from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AwardsConfig(AppConfig):
    name = "awards"
    verbose_name = _("申报与荣誉")

    def ready(self):
        # The receivers that grant and take back object permissions (docs/architecture.md §6).
        from awards import permissions  # noqa: F401 — cycle: permissions imports the models, loaded after ready
        from awards.documents import pdf_cache  # noqa: F401 — drops the cached application PDFs on every save
