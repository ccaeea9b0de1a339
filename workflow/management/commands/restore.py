"""python manage.py restore DIR [--force] — restore a backup made by `manage.py backup`."""

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from workflow.services.backups import restore


class Command(BaseCommand):
    help = _("校验并恢复 manage.py backup 生成的备份（数据库与上传文件）；默认只恢复到空的数据库。")

    def add_arguments(self, parser):
        parser.add_argument("directory", help=_("备份目录"))
        parser.add_argument("--force", action="store_true", help=_("覆盖已有数据的数据库和上传文件目录。"))
        parser.add_argument(
            "--unsigned",
            action="store_true",
            help=_("不核验校验清单的签名（仅用于签名功能之前的旧备份）。"),
        )

    def handle(self, *args, directory, force=False, unsigned=False, **options):
        if unsigned:
            self.stderr.write(
                _(
                    "注意：已跳过校验清单签名的核验（--unsigned）。各文件仍按清单核对校验值，"
                    "但无法发现连同清单一起被改写的备份。"
                )
            )
        try:
            report = restore(directory, force=force, unsigned=unsigned)
        except ValidationError as e:
            raise CommandError(" ".join(e.messages))
        self.stdout.write(
            _(
                "已从 %(dir)s 恢复：数据库 %(db)s，上传文件 %(n)s 个（校验值一致）。请运行 manage.py verify_audit 核验。"
            )
            % {"dir": report.directory, "db": report.database_file, "n": report.media_files}
        )
