"""Import of opinions gathered through other channels (纸质问卷、协会调查) from Excel, all or nothing.

Columns (first row is the header): 来源 | 意见编号 | 类别 | 候选人编号 | 评分 | 意见 (or in English: Source | Reference |
Group | Candidate number | Rating | Comment). Rows with the same 来源 and 意见编号 are one ballot. 类别 is 社会公众,
从业人员 or 企事业单位 (or public, practitioner, organisation)."""

from collections import OrderedDict

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from openpyxl import load_workbook

from awards.models import Application
from scoring.models import VoterGroup
from scoring.services.ballots import office_ballot_enter

HEADER = ("来源", "意见编号", "类别", "候选人编号", "评分", "意见")
HEADER_EN = ("Source", "Reference", "Group", "Candidate number", "Rating", "Comment")


def import_opinions(*, campaign, user, file) -> int:
    try:
        sheet = load_workbook(file, read_only=True, data_only=True).active
    except Exception:  # noqa: BLE001 — any unreadable upload gets the same message
        raise ValidationError(_("无法读取该文件，请上传 Excel（.xlsx）文件。")) from None
    rows = list(sheet.iter_rows(values_only=True))
    if not rows or tuple(str(c or "").strip() for c in rows[0][: len(HEADER)]) not in (HEADER, HEADER_EN):
        header = HEADER_EN if (get_language() or "").startswith("en") else HEADER
        raise ValidationError(_("表头须为：%(h)s。") % {"h": " | ".join(header)})
    groups = {str(label): value for value, label in VoterGroup.choices} | {v: v for v in VoterGroup.values}
    numbers = dict(
        campaign.applications.filter(state=Application.State.SHORTLISTED).values_list("number", "id")
    )
    ballots: OrderedDict = OrderedDict()
    errors = []
    for line, row in enumerate(rows[1:], start=2):
        cells = [("" if c is None else str(c).strip()) for c in (list(row) + [None] * 6)[:6]]
        if not any(cells):
            continue
        source, reference, group_label, number, rating, comment = cells
        group = groups.get(group_label)
        if group is None:
            errors.append(_("第 %(l)s 行：类别须为社会公众、从业人员或企事业单位。") % {"l": line})
            continue
        if number not in numbers:
            errors.append(
                _("第 %(l)s 行：候选人编号 %(n)s 不在本次公众评价名单中。") % {"l": line, "n": number}
            )
            continue
        try:
            rating_value = int(float(rating))
        except ValueError:
            rating_value = 0
        if rating_value not in range(1, 6) or str(rating_value) != rating.split(".")[0]:
            errors.append(_("第 %(l)s 行：评分须为 1–5 的整数。") % {"l": line})
            continue
        entry = ballots.setdefault(
            (source, reference), {"group": group, "ratings": {}, "comments": {}, "line": line}
        )
        entry["ratings"][numbers[number]] = rating_value
        if comment:
            entry["comments"][numbers[number]] = comment
    if errors:
        raise ValidationError(errors)
    if not ballots:
        raise ValidationError(_("文件中没有评价意见。"))
    with transaction.atomic():
        for (source, reference), entry in ballots.items():
            try:
                office_ballot_enter(
                    campaign=campaign,
                    user=user,
                    group=entry["group"],
                    source=source,
                    reference=reference,
                    ratings=entry["ratings"],
                    comments=entry["comments"],
                )
            except ValidationError as e:
                raise ValidationError(
                    [_("第 %(l)s 行：") % {"l": entry["line"]} + m for m in e.messages]
                ) from None
    return len(ballots)
