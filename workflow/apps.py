from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WorkflowConfig(AppConfig):
    name = "workflow"
    verbose_name = _("评选程序")

    def ready(self):
        from config.pagecache import connect_signals

        connect_signals()
