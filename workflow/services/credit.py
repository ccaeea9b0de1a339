"""第二十九条 信用记录: cancellation records exported for the city's social credit information system, and the
date they were submitted (报送). Until then a record is “待报送” and no message says it was 报送.

Export format (documented in docs/decisions.md): CSV, UTF-8 with BOM, comma-separated, one header row, columns
记录编号, 姓名, 身份证号, 工作单位, 统一社会信用代码, 荣誉名称, 证书编号, 事由, 组委会决定文号, 主办单位同意文号,
主办单位同意日期, 记录日期 (YYYY-MM-DD)."""

import csv
import io

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from awards.documents.xlsx import is_formula_like
from workflow import permissions
from workflow.models import CreditRecord
from workflow.services.history import save_with_history

HEADER = [
    "记录编号",
    "姓名",
    "身份证号",
    "工作单位",
    "统一社会信用代码",
    "荣誉名称",
    "证书编号",
    "事由",
    "组委会决定文号",
    "主办单位同意文号",
    "主办单位同意日期",
    "记录日期",
]


def credit_records_for(campaign, *, pending_only: bool = False):
    qs = CreditRecord.objects.filter(revocation__honor__application__campaign=campaign).select_related(
        "person",
        "organization",
        "revocation__honor__application__campaign__award_type",
        "revocation__decision",
    )
    if pending_only:
        qs = qs.filter(submitted_on__isnull=True)
    return qs.order_by("recorded_on", "pk")


def _csv_text(value):
    """A text that a spreadsheet would read as a formula (=, +, -, @, tab, CR) is written with a leading
    apostrophe, the CSV form of the Excel writer's text-safety rule (issue 10, defect 3)."""
    return "'" + value if is_formula_like(value) else value


def credit_records_csv(records) -> bytes:
    """The records in the documented CSV layout (the 主办单位's Chinese column names whatever the page language)."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(HEADER)
    for r in records:
        revocation = r.revocation
        honor = revocation.honor if revocation else None
        decision = getattr(revocation, "decision", None) if revocation else None
        row = [
            f"XY-{r.recorded_on.year}-{r.pk:04d}",
            r.person.name,
            r.person.resident_id,
            r.organization.name if r.organization else "",
            (r.organization.credit_code or "") if r.organization else "",
            honor.application.campaign.award_type.name if honor else "",
            honor.certificate_number if honor else "",
            r.reason,
            decision.document_number if decision else "",
            revocation.sponsor_consent_document if revocation else "",
            revocation.sponsor_consent_on.isoformat() if revocation and revocation.sponsor_consent_on else "",
            r.recorded_on.isoformat(),
        ]
        writer.writerow([_csv_text(v) for v in row])
    return ("\ufeff" + out.getvalue()).encode("utf-8")


def credit_records_mark_submitted(*, records, user, submitted_on) -> int:
    """报送: the office records the date the export was submitted to the credit system."""
    permissions.require_office(user, _("登记报送信用记录"))
    if submitted_on is None:
        raise ValidationError({"submitted_on": _("请填写报送日期。")})
    with transaction.atomic():
        pending = [r for r in records if r.submitted_on is None]
        for r in pending:
            if submitted_on < r.recorded_on:
                raise ValidationError(
                    {"submitted_on": _("报送日期不能早于记录日期 %(d)s。") % {"d": r.recorded_on.isoformat()}}
                )
            r.submitted_on = submitted_on
            r.submitted_by = user
            save_with_history(r, user, update_fields=["submitted_on", "submitted_by"])
    return len(pending)
