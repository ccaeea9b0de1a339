"""`manage.py verify_security_log` — checks the security event log's chain; exits 1 with the first problem."""

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from security.events import verify_security_log


class Command(BaseCommand):
    help = _("校验安全事件日志的防篡改链。")

    def handle(self, *args, **options):
        problems = verify_security_log()
        if problems:
            raise CommandError(_("安全事件日志校验未通过：") + "; ".join(problems))
        self.stdout.write(_("安全事件日志完整。"))
