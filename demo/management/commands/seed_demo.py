"""`python manage.py seed_demo` — the complete demo (docs/architecture.md §10): both honors, every role, a
campaign in every phase. Idempotent. Refused unless DEBUG is on or `--force` is given (the accounts have a
public password)."""

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from demo.build import build_demo, build_training_demo


class Command(BaseCommand):
    help = _("载入演示数据：两项荣誉、各角色账号、处于各阶段的评选活动（可重复运行）。")

    def add_arguments(self, parser):
        parser.add_argument(
            "--force",
            action="store_true",
            help=_("在 DEBUG 关闭时也载入（演示账号使用公开密码，勿用于生产）。"),
        )

        parser.add_argument(
            "--training",
            action="store_true",
            help=_("另建一个“培训演练”活动（申报阶段，模拟日期可推进），供培训和演练使用。"),
        )

    def handle(self, *args, force=False, training=False, **options):
        if not settings.DEBUG and not force:
            raise CommandError(
                _(
                    "演示数据的账号使用公开密码，只能在 DEBUG=1 时载入；确需载入请加 --force（勿用于生产环境）。"
                )
            )
        self.stdout.write(_("正在载入演示数据……"))
        result = build_demo(stdout=self.stdout)
        # Two-factor sign-in (security/demo.py): the accounts whose role requires it get printed authenticators.
        from demo.accounts import demo_accounts
        from security.demo import seed_all_demo_accounts

        seed_all_demo_accounts(a.username for a in demo_accounts())
        self.stdout.write(
            self.style.SUCCESS(
                _("演示数据已就绪：新建评选活动 %(created)s 个，已存在 %(skipped)s 个。") % result
            )
        )
        if training:
            build_training_demo(stdout=self.stdout)
