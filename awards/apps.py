from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AwardsConfig(AppConfig):
    name = "awards"
    verbose_name = _("申报与荣誉")

    def ready(self):
        # The receivers that grant and take back object permissions (docs/architecture.md §6).
        # The mailer must be buildable from its settings before the first mail is due (config/mailers.py).
        from django.contrib.auth.signals import user_login_failed
        from django.core import checks
        from django.db.models.signals import pre_migrate

        from awards import permissions  # noqa: F401 — cycle: permissions imports the models, loaded after ready
        from awards.documents import pdf_cache  # noqa: F401 — drops the cached application PDFs on every save
        from awards.login_backend import count_failure
        from config.mailers import check_mailers
        from config.squashed_migrations import refuse_partly_applied

        checks.register(check_mailers, checks.Tags.compatibility)
        # A database that applied only part of what a squashed migration replaces is refused (decisions 408).
        pre_migrate.connect(refuse_partly_applied, dispatch_uid="config.squashed_migrations")
        from awards import crypto  # noqa: F401 — registers the field-key check crypt.E001

        # The per-account login limit counts every wrong password (awards/login_backend.py).
        user_login_failed.connect(count_failure, dispatch_uid="awards.login_account_limit")
