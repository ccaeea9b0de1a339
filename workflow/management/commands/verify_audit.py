"""python manage.py verify_audit [--campaign ID] — verify the audit evidence (workflow/audit_verify.py): the keyed
chains, the sealed records, the ballots' MACs, the signed checkpoints and the stored rankings. Prints what it
checked (per kind: rows, OK or mismatch) and what it cannot detect; exits 1 on any mismatch."""

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from awards.models import Campaign
from workflow.audit_verify import LIMITS, coverage, verify_audit
from workflow.rules_verify import FROZEN_CHECKS, verify_frozen


class Command(BaseCommand):
    help = _(
        "核验审计证据：带密钥的审计链（流转记录、委员表决、评分表提交、记录封存）、决定结果的各类记录、"
        "公众评价选票、库外签名检查点，并按记录的输入重新计算每一次综合排名；发现不符时以非零状态退出。"
    )

    def add_arguments(self, parser):
        parser.add_argument("--campaign", type=int, action="append", help=_("只核验该评选活动（可重复）。"))

    def handle(self, *args, campaign=None, **options):
        if campaign:
            missing = set(campaign) - set(
                Campaign.objects.filter(pk__in=campaign).values_list("pk", flat=True)
            )
            if missing:
                raise CommandError(
                    _("没有编号为 %(ids)s 的评选活动。") % {"ids": ", ".join(map(str, sorted(missing)))}
                )
        problems = [*verify_audit(campaign), *verify_frozen(campaign)]  # frozen fields: decisions 121
        failed = {p.check for p in problems}
        report = self.stderr if problems else self.stdout
        report.write(_("已核验："))
        for check, what, rows in coverage(campaign):
            verdict = _("不符") if check in failed else _("一致")
            report.write(
                _("  %(what)s [%(check)s]：%(rows)s 条，%(verdict)s")
                % {"what": what, "check": check, "rows": rows, "verdict": verdict}
            )
        frozen_rows = (
            Campaign.objects.filter(pk__in=campaign).count() if campaign else Campaign.objects.count()
        )
        report.write(
            _("  %(what)s [%(check)s]：%(rows)s 条，%(verdict)s")
            % {
                "what": _("评议规则与冻结字段（活动）"),
                "check": "frozen",
                "rows": frozen_rows,
                "verdict": _("不符") if failed.intersection(FROZEN_CHECKS) else _("一致"),
            }
        )
        report.write(_("无法发现："))
        for limit in LIMITS:
            report.write(f"  - {_(limit)}")
        for problem in problems:
            self.stderr.write(str(problem))
        if problems:
            raise CommandError(
                _("审计核验未通过：%(n)s 处不符（每项核验只报告第一处）。") % {"n": len(problems)},
                returncode=1,
            )
        checked = Campaign.objects.filter(pk__in=campaign).count() if campaign else Campaign.objects.count()
        self.stdout.write(_("审计核验通过：%(n)s 个评选活动的审计链与综合排名均一致。") % {"n": checked})
