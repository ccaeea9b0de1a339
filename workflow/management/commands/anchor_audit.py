"""python manage.py anchor_audit — append signed checkpoints of the audit chain heads (workflow/anchors.py)."""

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from workflow.anchors import anchor_path, write_checkpoints


class Command(BaseCommand):
    help = _("把各审计链的链头（长度与摘要）写成签名检查点，追加到数据库之外的文件（AUDIT_ANCHOR_DIR）。")

    def handle(self, *args, **options):
        try:
            written = write_checkpoints()
        except OSError as e:
            raise CommandError(
                _("无法写入审计检查点文件 %(path)s：%(error)s（请检查 AUDIT_ANCHOR_DIR 及其权限）。")
                % {"path": anchor_path(), "error": e.strerror or e}
            ) from e
        self.stdout.write(_("已追加 %(n)s 个审计检查点到 %(path)s。") % {"n": written, "path": anchor_path()})
