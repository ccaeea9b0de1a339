"""python manage.py rotate_keys (in the security app: it writes the security event log, which sits above awards) — re-encrypt every encrypted column under FIELD_ENCRYPTION_KEY_ID.

Procedure (docs/deployment.md "字段加密密钥"): add the new key to FIELD_ENCRYPTION_KEYS, make it
FIELD_ENCRYPTION_KEY_ID, restart, run this command; remove the old key only when `--check` reports 0 rows left.
Each batch is one transaction, re-read and decrypted before it commits; a run that stops is run again and
continues with the rows still under an old key (the key id in each stored value is the marker). `--reindex`
recomputes every blind index after BLIND_INDEX_KEY changed.
"""

from django.apps import apps
from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from awards import crypto, crypto_rows
from security.events import record_security_event
from security.models import SecurityEvent


class Command(BaseCommand):
    help = _("用当前密钥重新加密身份证号、手机号等加密字段（分批提交，中断后重新运行即可继续）。")

    def add_arguments(self, parser):
        parser.add_argument("--batch-size", type=int, default=500, help=_("每批行数（每批一个事务）"))
        parser.add_argument(
            "--reindex", action="store_true", help=_("同时重算全部盲索引（更换 BLIND_INDEX_KEY 后使用）")
        )
        parser.add_argument("--check", action="store_true", help=_("只统计尚未使用当前密钥的行数，不做修改"))

    def handle(self, *args, batch_size, reindex, check, **options):
        if batch_size < 1:
            raise CommandError(_("每批行数至少为 1。"))
        try:
            key_id = crypto.current_key_id()
        except crypto.KeyConfigError as e:
            raise CommandError(str(e)) from None
        if check:
            left = crypto_rows.remaining(apps)
            for label, n in left.items():
                self.stdout.write(f"{label}: {n}")
            self.stdout.write(
                _("当前密钥 %(key)s；尚未重新加密的行：%(n)s。") % {"key": key_id, "n": sum(left.values())}
            )
            return

        def report(spec, batches):
            self.stdout.write(_("%(table)s：已提交第 %(n)s 批。") % {"table": spec.label, "n": batches})

        try:
            progress = crypto_rows.encrypt_all(apps, batch_size=batch_size, reindex=reindex, on_batch=report)
        except (crypto.DecryptionError, crypto_rows.VerificationError) as e:
            raise CommandError(
                _("重新加密中止（已提交的批次保留，修正后重新运行即可继续）：%(error)s") % {"error": e}
            ) from None
        # The security event log keeps every key rotation (issue 25 item 6; docs/security.md §12).
        record_security_event(
            SecurityEvent.Kind.KEY_ROTATION,
            what="field_encryption",
            key_id=key_id,
            rows=progress.rows,
            batches=progress.batches,
            reindex=bool(reindex),
        )
        self.stdout.write(
            _("已用密钥 %(key)s 重新加密 %(rows)s 行（%(batches)s 批）。")
            % {"key": key_id, "rows": progress.rows, "batches": progress.batches}
        )
