"""python manage.py purge_expired_materials [--dry-run] — 第三十一条 (materials kept 5 years)."""

from django.core.management.base import BaseCommand

from workflow.services.retention import materials_purge_expired


class Command(BaseCommand):
    help = (
        "清除归档满5年的评选活动中每份申报的全部个人资料（身份证号、电话、地址、申报表文字、附件文件等），"
        "保留获荣名单和匿名化的评分、决定与日志。"
    )

    def add_arguments(self, parser):
        parser.add_argument("--dry-run", action="store_true", help="只逐项列出将被清除的内容，不作改动。")

    def handle(self, *args, dry_run=False, **options):
        report = materials_purge_expired(dry_run=dry_run)
        verb = "将清除" if dry_run else "已清除"
        for item in report.applications:
            keep = "保留获荣名单（姓名、单位、职务）" if item.honoree else "姓名、单位、职务改为化名"
            self.stdout.write(
                f"{verb} [{item.campaign}] 申报 #{item.application_id} {item.number or '—'}：{keep}"
            )
            self.stdout.write(f"    字段：{'、'.join(item.fields) or '—'}")
            for pk, name, size in item.files:
                self.stdout.write(f"    文件 #{pk} {name} ({size} B)")
            if item.rows:
                self.stdout.write(f"    教育/工作经历 {item.rows} 行")
            if item.objections:
                self.stdout.write(f"    异议人姓名和联系方式 {item.objections} 件")
        self.stdout.write(
            f"{verb} {len(report.applications)} 份申报的个人资料，{len(report.files)} 个文件，共 {report.bytes} 字节，"
            f"涉及 {len(report.campaigns)} 个活动。"
        )
