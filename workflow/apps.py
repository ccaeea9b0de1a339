from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WorkflowConfig(AppConfig):
    name = "workflow"
    verbose_name = _("评选程序")

    def ready(self):
        from workflow.pagecache import connect_signals

        connect_signals()

        import audit.keys  # noqa: F401 — registers the audit key check
        from workflow import seals  # registers the seal signals

        seals.connect()

        from workflow.documents import qr  # noqa: F401 — registers the SITE_URL check (verify.W001)
