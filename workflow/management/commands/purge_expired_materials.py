"""python manage.py purge_expired_materials [--dry-run] — 第三十一条 (materials kept 5 years)."""

from django.core.management.base import BaseCommand

from workflow.services.retention import materials_purge_expired


class Command(BaseCommand):
    help = "删除归档满5年的评选活动的申报附件文件（保留记录、评分、决定和日志）。"

    def add_arguments(self, parser):
        parser.add_argument("--dry-run", action="store_true", help="只列出将被删除的文件，不删除。")

    def handle(self, *args, dry_run=False, **options):
        report = materials_purge_expired(dry_run=dry_run)
        verb = "将删除" if dry_run else "已删除"
        for title, pk, name, size in report.files:
            self.stdout.write(f"{verb} [{title}] #{pk} {name} ({size} B)")
        self.stdout.write(
            f"{verb} {len(report.files)} 个文件，共 {report.bytes} 字节，涉及 {len(report.campaigns)} 个活动。"
        )
