"""`manage.py purge_security_log --before 2026-01-01` — delete security events older than that date; refused when
the date is within SECURITY_LOG_RETENTION_DAYS (≥ 180 days, 网络安全法 第二十一条). The purge is logged."""

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from security.events import purge_before
from security.management.commands.export_security_log import parse_when


class Command(BaseCommand):
    help = _("清理保存期满的安全事件日志（保存期不少于180天）。")

    def add_arguments(self, parser):
        parser.add_argument("--before", required=True, help=_("删除此时间之前的事件"))

    def handle(self, *args, before, **options):
        days = settings.SECURITY_LOG_RETENTION_DAYS
        try:
            count = purge_before(
                parse_when(before), retention_days=days, actor="manage.py purge_security_log"
            )
        except ValueError:
            raise CommandError(
                _(
                    "拒绝清理：安全事件日志须保存至少%(days)d天（网络安全法第二十一条），%(before)s 在保存期内。"
                )
                % {"days": days, "before": before}
            ) from None
        self.stdout.write(_("已删除 %(n)d 条保存期满的安全事件。") % {"n": count})
