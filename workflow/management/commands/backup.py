"""python manage.py backup DIR — the database and every uploaded file, with a checksum manifest."""

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from workflow.services.backups import backup


class Command(BaseCommand):
    help = _("备份数据库（SQLite 在线复制或 pg_dump）与上传文件（tar），并写入 SHA-256 校验清单。")

    def add_arguments(self, parser):
        parser.add_argument("directory", help=_("备份目录（不存在或为空）"))

    def handle(self, *args, directory, **options):
        try:
            report = backup(directory)
        except ValidationError as e:
            raise CommandError(" ".join(e.messages))
        self.stdout.write(
            _("已备份到 %(dir)s：数据库 %(db)s，上传文件 %(n)s 个。")
            % {"dir": report.directory, "db": report.database_file, "n": report.media_files}
        )
