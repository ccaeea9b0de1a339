"""`manage.py export_security_log --since 2026-06-01 [--until …] [--output file]` — the security event log as JSON
lines (one event a line, UTC times, with the chain's hashes) for the city's log platform."""

import datetime
import sys

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone
from django.utils.translation import gettext as _

from security.events import as_json_line
from security.models import SecurityEvent


def parse_when(text: str) -> datetime.datetime:
    try:
        value = datetime.datetime.fromisoformat(text)
    except ValueError:
        raise CommandError(
            _("无法识别的时间 %(t)s：请写成 2026-06-01 或 2026-06-01T08:00。") % {"t": text}
        ) from None
    return value if timezone.is_aware(value) else timezone.make_aware(value)


class Command(BaseCommand):
    help = _("以 JSON Lines 格式导出安全事件日志。")

    def add_arguments(self, parser):
        parser.add_argument("--since", required=True, help=_("起始时间（含），如 2026-06-01"))
        parser.add_argument("--until", help=_("截止时间（不含）"))
        parser.add_argument("--output", help=_("写入的文件（默认标准输出）"))

    def handle(self, *args, since, until=None, output=None, **options):
        rows = SecurityEvent.objects.filter(created_at__gte=parse_when(since))
        if until:
            rows = rows.filter(created_at__lt=parse_when(until))
        out = open(output, "w", encoding="utf-8") if output else sys.stdout  # noqa: SIM115
        count = 0
        try:
            for row in rows.order_by("chain_seq").iterator(2000):
                out.write(as_json_line(row) + "\n")
                count += 1
        finally:
            if output:
                out.close()
        self.stderr.write(_("已导出 %(n)d 条安全事件。") % {"n": count})
