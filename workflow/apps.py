from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WorkflowConfig(AppConfig):
    name = "workflow"
    verbose_name = _("评选程序")

    def ready(self):
        from config.pagecache import connect_signals

        connect_signals()

        from workflow import audit_keys, seals  # noqa: F401 — registers the key check and the seal signals

        seals.connect()

        from workflow.documents import qr  # noqa: F401 — registers the SITE_URL check (verify.W001)
