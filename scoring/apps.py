from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ScoringConfig(AppConfig):
    name = "scoring"
    verbose_name = _("评分与排名")

    def ready(self):
        # the receivers read the models, which are loaded only once the registry is ready
        from scoring.services import ranking_inputs

        ranking_inputs.connect_signals()

        from scoring.selectors import kept_rubrics

        kept_rubrics.connect_signals()

        from django.core import checks

        from scoring.services.code_senders import check_sms

        checks.register(check_sms)
