"""Excel imports (openpyxl): the experts roster with panel membership, and the pre-registration of applicants by
a unit. A file with any error is refused whole and every bad row and cell is listed; a good file reports what it
created or changed."""

from dataclasses import dataclass, field

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.utils.translation import gettext as _
from openpyxl import load_workbook
from openpyxl.utils import get_column_letter

from awards.models import Application, Organization
from awards.permissions import Role
from awards.validators import validate_phone, validate_resident_id
from config.text import clauses, labelled, series
from notices.services import account_invitation_send
from scoring.models import ExpertProfile, Panel, PanelMember
from workflow import permissions
from workflow.services.panels import conflicts_detect

EXPERT_HEADER = [
    "用户名",
    "姓名",
    "邮箱",
    "所在单位",
    "职称/职务",
    "专业领域",
    "联系电话",
    "评议组",
    "技术领域",
    "组长",
]
APPLICANT_HEADER = ["姓名", "身份证号", "手机", "邮箱", "技术领域"]
YES = {"是", "Y", "y", "yes", "1", "TRUE", "True", "true"}
NO = {"", "否", "N", "n", "no", "0", "FALSE", "False", "false"}


@dataclass
class CellError:
    row: int
    column: str
    message: str


@dataclass
class ImportReport:
    errors: list[CellError] = field(default_factory=list)
    created: list[str] = field(default_factory=list)
    changed: list[str] = field(default_factory=list)
    new_accounts: list = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors


def _col(index: int) -> str:
    return get_column_letter(index + 1)


def _rows(upload, header: list[str], report: ImportReport) -> list[tuple[int, dict]]:
    """Read the first sheet; check the header exactly; return (row number, {header: text})."""
    try:
        wb = load_workbook(upload, read_only=True, data_only=True)
    except Exception:  # noqa: BLE001 - any unreadable file gets the same plain message
        report.errors.append(CellError(0, "", _("无法读取文件，请上传 .xlsx 格式的 Excel 文件。")))
        return []
    ws = wb.worksheets[0]
    rows = list(ws.iter_rows(values_only=True))
    if not rows:
        report.errors.append(CellError(1, "", _("文件是空的。")))
        return []
    found = [str(v).strip() if v is not None else "" for v in rows[0]]
    while found and not found[-1]:
        found.pop()
    if found != header:
        for i, expected in enumerate(header):
            got = found[i] if i < len(found) else ""
            if got != expected:
                report.errors.append(
                    CellError(
                        1,
                        _col(i),
                        _("表头应为“%(expected)s”，实际为“%(got)s”。")
                        % {"expected": expected, "got": got or "（空）"},
                    )
                )
        for i in range(len(header), len(found)):
            report.errors.append(CellError(1, _col(i), _("多余的列“%(got)s”。") % {"got": found[i]}))
        return []
    result = []
    for number, values in enumerate(rows[1:], start=2):
        texts = ["" if v is None else str(v).strip() for v in values[: len(header)]]
        texts += [""] * (len(header) - len(texts))
        if not any(texts):
            continue
        result.append((number, dict(zip(header, texts, strict=True))))
    if not result:
        report.errors.append(CellError(2, "", _("文件中没有数据行。")))
    return result


def _error(report, header, row, name, message):
    report.errors.append(CellError(row, _col(header.index(name)), labelled(name, message)))


def experts_import(*, campaign, upload, user) -> ImportReport:
    """专家名册: creates or updates expert accounts and their profile, forms the campaign's panels by name with
    their technical domain, adds the members and the chair."""
    permissions.require_office(user, _("导入专家名册"))
    report = ImportReport()
    rows = _rows(upload, EXPERT_HEADER, report)
    if report.errors:
        return report
    h = EXPERT_HEADER
    domains = {d.name: d for d in campaign.award_type.tech_domains.all()}
    seen, chairs = {}, {}
    for row, r in rows:
        username = r["用户名"]
        if not username:
            _error(report, h, row, "用户名", _("不能为空。"))
        elif username in seen:
            _error(
                report,
                h,
                row,
                "用户名",
                _("与第 %(n)s 行重复（同一专家只能出现一次）。") % {"n": seen[username]},
            )
        else:
            seen[username] = row
        if not r["姓名"]:
            _error(report, h, row, "姓名", _("不能为空。"))
        try:
            validate_email(r["邮箱"])
        except ValidationError:
            _error(report, h, row, "邮箱", _("“%(v)s”不是有效的邮箱地址。") % {"v": r["邮箱"]})
        if r["评议组"] and r["技术领域"] and r["技术领域"] not in domains:
            _error(
                report,
                h,
                row,
                "技术领域",
                _("“%(v)s”不是本荣誉的技术领域（可选：%(all)s）。")
                % {"v": r["技术领域"], "all": series(domains)},
            )
        if r["组长"] not in YES | NO:
            _error(report, h, row, "组长", _("请填写“是”或“否”。"))
        elif r["组长"] in YES:
            if not r["评议组"]:
                _error(report, h, row, "组长", _("未填写评议组，不能任组长。"))
            elif r["评议组"] in chairs:
                _error(
                    report,
                    h,
                    row,
                    "组长",
                    _("评议组“%(p)s”已在第 %(n)s 行指定组长。")
                    % {"p": r["评议组"], "n": chairs[r["评议组"]]},
                )
            else:
                chairs[r["评议组"]] = row
        existing = get_user_model().objects.filter(username=username).first() if username else None
        if existing is not None and not existing.groups.filter(name=Role.EXPERT).exists():
            _error(report, h, row, "用户名", _("账号“%(v)s”已存在且不是专家账号。") % {"v": username})
    if report.errors:
        return report
    expert_group, _c = Group.objects.get_or_create(name=Role.EXPERT)
    with transaction.atomic():
        for _row, r in rows:
            account, created = get_user_model().objects.get_or_create(
                username=r["用户名"], defaults={"email": r["邮箱"], "first_name": r["姓名"]}
            )
            if created:
                account.set_unusable_password()
                report.new_accounts.append(account)
                report.created.append(_("专家账号 %(u)s（%(n)s）") % {"u": account.username, "n": r["姓名"]})
            elif (account.email, account.first_name) != (r["邮箱"], r["姓名"]):
                report.changed.append(_("专家账号 %(u)s 的姓名/邮箱") % {"u": account.username})
            account.email, account.first_name = r["邮箱"], r["姓名"]
            account.save()
            account.groups.add(expert_group)
            org = None
            if r["所在单位"]:
                org = Organization.objects.filter(name=r["所在单位"]).first()
                if org is None:
                    org = Organization.objects.create(name=r["所在单位"])
                    report.created.append(_("单位 %(n)s") % {"n": org.name})
            ExpertProfile.objects.update_or_create(
                user=account,
                defaults={
                    "organization": org,
                    "title": r["职称/职务"],
                    "expertise": r["专业领域"],
                    "phone": r["联系电话"],
                },
            )
            if r["评议组"]:
                panel, p_created = Panel.objects.get_or_create(campaign=campaign, name=r["评议组"])
                if p_created:
                    report.created.append(_("评议组 %(n)s") % {"n": panel.name})
                if r["技术领域"]:
                    panel.tech_domains.add(domains[r["技术领域"]])
                is_chair = r["组长"] in YES
                if is_chair:
                    panel.members.filter(is_chair=True).exclude(expert=account).update(is_chair=False)
                member, m_created = PanelMember.objects.get_or_create(
                    panel=panel, expert=account, defaults={"is_chair": is_chair}
                )
                if m_created:
                    report.created.append(_("%(u)s 加入 %(p)s") % {"u": account.username, "p": panel.name})
                elif member.is_chair != is_chair:
                    member.is_chair = is_chair
                    member.save(update_fields=["is_chair"])
                    report.changed.append(_("%(p)s 的组长") % {"p": panel.name})
        conflicts_detect(campaign=campaign)
    return report


def applicants_preregister(*, campaign, unit: Organization, upload, user) -> ImportReport:
    """单位预登记: a unit's candidates get an applicant account and a draft application (单位推荐) that they
    complete and submit themselves."""
    permissions.require_office(user, _("导入单位预登记名单"))
    report = ImportReport()
    rows = _rows(upload, APPLICANT_HEADER, report)
    if report.errors:
        return report
    h = APPLICANT_HEADER
    domains = {d.name: d for d in campaign.award_type.tech_domains.all()}
    seen = {}
    existing_ids = set(
        campaign.applications.exclude(state=Application.State.RETRACTED).values_list("resident_id", flat=True)
    )
    for row, r in rows:
        if not r["姓名"]:
            _error(report, h, row, "姓名", _("不能为空。"))
        rid = r["身份证号"].upper()
        try:
            validate_resident_id(rid)
        except ValidationError as e:
            _error(report, h, row, "身份证号", clauses(e.messages))
        else:
            if rid in seen:
                _error(report, h, row, "身份证号", _("与第 %(n)s 行重复。") % {"n": seen[rid]})
            elif rid in existing_ids:
                _error(report, h, row, "身份证号", _("此人已在本活动中申报。"))
            seen.setdefault(rid, row)
        try:
            validate_email(r["邮箱"])
        except ValidationError:
            _error(report, h, row, "邮箱", _("“%(v)s”不是有效的邮箱地址。") % {"v": r["邮箱"]})
        try:
            validate_phone(r["手机"])
        except ValidationError as e:
            _error(report, h, row, "手机", clauses(e.messages))
        if r["技术领域"] not in domains:
            _error(
                report,
                h,
                row,
                "技术领域",
                _("“%(v)s”不是本荣誉的技术领域（可选：%(all)s）。")
                % {"v": r["技术领域"], "all": series(domains)},
            )
    if report.errors:
        return report
    group, _c = Group.objects.get_or_create(name=Role.APPLICANT)
    with transaction.atomic():
        for _row, r in rows:
            rid = r["身份证号"].upper()
            account, created = get_user_model().objects.get_or_create(
                username=rid, defaults={"email": r["邮箱"], "first_name": r["姓名"]}
            )
            if created:
                account.set_unusable_password()
                account.save()
                report.new_accounts.append(account)
            account.groups.add(group)
            Application.objects.create(
                campaign=campaign,
                applicant=account,
                route=Application.Route.UNIT,
                recommender=unit,
                employer=unit,
                unit_name=unit.name,
                name=r["姓名"],
                resident_id=rid,
                phone=r["手机"],
                email=r["邮箱"],
                tech_domain=domains[r["技术领域"]],
            )
            report.created.append(
                _("%(n)s 的申报草稿（账号 %(u)s）") % {"n": r["姓名"], "u": account.username}
            )
    return report


def invite_new_accounts(report: ImportReport, *, campaign, password_url) -> int:
    """Imported accounts have no password yet: each gets an email with a link to set one."""
    return sum(
        account_invitation_send(account, title=campaign.title, password_url=password_url)
        for account in report.new_accounts
    )
