"""评分表 — draft, submit with an electronic signature, reopen (附件3 / 领军先锋 附件2).

The same rules hold whatever the browser sends: a score must be an integer inside the band that the rubric
allows (craftsman: by the aspects shown and 显著/一般 via `scoring.rubrics.allowed_band`; pioneer: by the
level), every criterion must be scored before submitting, only an assigned expert scores, only while the stage
is open, and a submitted sheet is locked until the office reopens it.
"""

import datetime

from django.contrib.auth import authenticate
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from awards.services import login_limits
from config import clock
from config.states import StateTable, Step
from config.text import series
from notices.services import notify
from scoring import rubrics
from scoring.models import Criterion, PanelResult, Rubric, ScoreEntry, ScoreSheet, ScoreSheetLog, Stage
from scoring.permissions import STAGE_STATES, expert_assignment, is_office, stage_is_open
from scoring.rubrics import EntryInput
from scoring.selectors.panels import rubric_criteria
from workflow.services.audit import chain_append

#: 评分表 states (docs/architecture.md §4): a draft is submitted with the expert's signature; the office reopens a
#: submitted sheet (it becomes a draft again). Services change the state only through this table.
SHEET_STATES = StateTable(
    "state",
    [
        Step("submit", (ScoreSheet.State.DRAFT,), ScoreSheet.State.SUBMITTED, gettext_lazy("提交并签名")),
        Step("reopen", (ScoreSheet.State.SUBMITTED,), ScoreSheet.State.DRAFT, gettext_lazy("退回修改")),
    ],
)


def _band_for(criterion: Criterion, method: str, entry: EntryInput) -> tuple[int, int] | None:
    if method == Rubric.Method.ASPECTS:
        if entry.significant is None:
            return None
        return rubrics.allowed_band(criterion.code, len(entry.aspects), entry.significant)
    if entry.level is None:
        return None
    for band in criterion.bands.all():
        if band.order == entry.level:
            return band.min_points, band.max_points
    raise ValidationError(
        _("指标“%(name)s”没有第 %(level)s 档。") % {"name": criterion.label(), "level": entry.level}
    )


def validate_entries(
    criteria: list[Criterion], method: str, entries: dict[str, EntryInput], *, complete: bool
) -> dict[str, list[str]]:
    """Errors per criterion code (empty when all is well). `complete` requires every criterion fully scored."""
    errors: dict[str, list[str]] = {}
    known = {c.code for c in criteria}
    unknown = sorted(set(entries) - known)
    if unknown:
        errors["__all__"] = [_("评分表中没有这些指标：%(codes)s") % {"codes": series(unknown)}]
    for c in criteria:
        entry = entries.get(c.code) or EntryInput()
        problems = []
        if method == Rubric.Method.ASPECTS:
            valid_orders = {a.order for a in c.aspects.all()}
            if not set(entry.aspects) <= valid_orders or len(set(entry.aspects)) != len(entry.aspects):
                problems.append(_("“%(name)s”的评估方面选择无效。") % {"name": c.label()})
            if complete and entry.significant is None:
                problems.append(_("请为“%(name)s”选择“显著”或“一般”。") % {"name": c.label()})
        elif complete and entry.level is None:
            problems.append(_("请为“%(name)s”选择档次（一般/良好/优秀/卓越）。") % {"name": c.label()})
        if entry.points is None:
            if complete:
                problems.append(_("请填写“%(name)s”的得分。") % {"name": c.label()})
        elif not problems:
            try:
                band = _band_for(c, method, entry)
            except ValidationError as exc:
                problems.extend(exc.messages)
                band = None
            low, high = band or (1, c.max_points)
            if not low <= entry.points <= high:
                problems.append(
                    _("“%(name)s”的得分 %(points)s 不在允许的分数段 %(low)s~%(high)s 内。")
                    % {"name": c.label(), "points": entry.points, "low": low, "high": high}
                )
        if len(entry.comment) > 1000:
            problems.append(_("“%(name)s”的意见不能超过 1000 字。") % {"name": c.label()})
        if problems:
            errors[c.code] = problems
    return errors


def onsite_opens_on(assignment, campaign) -> datetime.date | None:
    """The day an on-site (现场展示) sheet opens when that day is still ahead on the campaign's clock, else None.
    第十七条 scores what the panel saw at the presentation: the sheet opens on the candidate's scheduled day
    (PanelAssignment.onsite_date) and stays open after it; without a scheduled day the phase alone decides
    (decisions 263)."""
    if assignment is None or assignment.onsite_date is None:
        return None
    if clock.today(campaign) >= assignment.onsite_date:
        return None
    return assignment.onsite_date


def _locked_sheet(*, expert, application, stage: str) -> ScoreSheet:
    """Check assignment and stage, then return the expert's sheet locked for update (created if missing)."""
    if stage not in Stage.values:
        raise ValidationError(_("未知的评分类别：%(stage)s") % {"stage": stage})
    assignment = expert_assignment(expert, application.pk, stage)
    if assignment is None:
        raise PermissionDenied(_("该申报未分配给您评议，或您已申报回避。"))
    campaign = assignment.panel.campaign
    if campaign.pk == application.campaign_id:
        # the application's campaign, honor and rubric, read here: the callers' `application.campaign.award_type
        # .rubric` and `clock.today(application.campaign)` ask no further query (docs/decisions.md 426)
        application.campaign = campaign
    if not stage_is_open(campaign, stage):
        raise ValidationError(
            _("%(stage)s评分未开放：活动当前处于“%(phase)s”阶段。")
            % {"stage": Stage(stage).label, "phase": campaign.get_phase_display()},
            code="stage_closed",
        )
    opens_on = onsite_opens_on(assignment, campaign) if stage == Stage.ONSITE else None
    if opens_on is not None:
        raise ValidationError(
            _("现场展示评分表在该申报人现场陈述当天（%(date)s）开放，届时才能填写和提交。")
            % {"date": opens_on.isoformat()},
            code="onsite_not_yet",
        )
    sheet, _created = ScoreSheet.objects.get_or_create(
        application=application, expert=expert, stage=stage, defaults={"panel": assignment.panel}
    )
    sheet = ScoreSheet.objects.select_for_update().get(pk=sheet.pk)
    if sheet.state == ScoreSheet.State.SUBMITTED:
        raise ValidationError(
            _("该评分表已于 %(date)s 提交并签名，不能再修改；如需更正请联系组委会办公室。")
            % {"date": sheet.signed_on},
            code="locked",
        )
    return sheet


def _store(sheet: ScoreSheet, criteria: list[Criterion], entries: dict[str, EntryInput]) -> None:
    existing = {e.criterion_id: e for e in sheet.entries.all()}
    for c in criteria:
        if c.code not in entries and c.id in existing:
            continue  # a criterion the caller did not send keeps what is stored
        data = entries.get(c.code) or EntryInput()
        values = {
            "points": data.points,
            "aspects": sorted(data.aspects),
            "significant": data.significant,
            "level": data.level,
            "comment": data.comment,
        }
        entry = existing.get(c.id)
        if entry is None:
            ScoreEntry.objects.create(sheet=sheet, criterion=c, **values)
        elif any(getattr(entry, k) != v for k, v in values.items()):
            for k, v in values.items():
                setattr(entry, k, v)
            entry.save()


def _raise(errors: dict[str, list[str]]) -> None:
    if errors:
        raise ValidationError({k: v for k, v in errors.items()})


@transaction.atomic
def sheet_save_draft(*, expert, application, stage: str, entries: dict[str, EntryInput]) -> ScoreSheet:
    """Autosave: keep what the expert entered so far; anything entered must already respect its band. Criteria
    missing from `entries` keep their stored values (an autosave of one field clears nothing else)."""
    sheet = _locked_sheet(expert=expert, application=application, stage=stage)
    rubric = application.campaign.award_type.rubric
    criteria = rubric_criteria(rubric)
    _raise(validate_entries(criteria, rubric.method, entries, complete=False))
    _store(sheet, criteria, entries)
    given = [p for p in sheet.entries.values_list("points", flat=True) if p is not None]
    sheet.total = sum(given) if given else None
    # Compare-and-set on the state as well as the row lock: a draft save never overwrites a submitted sheet,
    # even on a database without SELECT … FOR UPDATE (SQLite).
    if not ScoreSheet.objects.filter(pk=sheet.pk, state=ScoreSheet.State.DRAFT).update(
        total=sheet.total, updated_at=timezone.now()
    ):
        raise ValidationError(_("该评分表已提交并签名，不能再修改。"), code="locked")
    return sheet


def check_signature_password(*, expert, password: str, request=None) -> None:
    """The signature's password counts toward the same login limits as the login page (django-axes, per user
    name + client IP): with the request it goes through `authenticate`, so a wrong password is a recorded
    failure and a locked-out expert cannot sign. Called outside any transaction, so the failure is kept."""
    if not password:
        raise ValidationError({"password": [_("请输入登录密码以确认电子签名。")]})
    if request is None:
        if not expert.check_password(password):
            raise ValidationError({"password": [_("密码不正确，评分表未提交。")]})
        return
    try:
        login_limits.check_not_paused(
            expert.get_username(), request
        )  # the per-account pause, before the password
    except ValidationError as paused:
        raise ValidationError({"password": paused.messages}, code="account_paused") from None
    user = authenticate(request, username=expert.get_username(), password=password)
    if getattr(request, "axes_locked_out", False):
        raise ValidationError(
            {
                "password": [
                    _("登录失败次数过多，账号已暂时锁定，评分表未提交。请稍后再试或联系组委会办公室。")
                ]
            },
            code="locked_out",
        )
    if user is None or user.pk != expert.pk:
        raise ValidationError({"password": [_("密码不正确，评分表未提交。")]})


def sheet_submit(
    *,
    expert,
    application,
    stage: str,
    entries: dict[str, EntryInput],
    password: str,
    signature_name: str,
    request=None,
) -> ScoreSheet:
    """Submit and sign (电子签名: the expert re-enters the password and writes the name; the date is today).
    Two submissions at the same moment produce one submitted sheet: the second finds it locked."""
    check_signature_password(expert=expert, password=password, request=request)
    name = (signature_name or "").strip()
    expected = expert.get_full_name().strip()
    if not name:
        raise ValidationError({"signature_name": [_("请填写签名（专家姓名）。")]})
    if expected and name != expected:
        raise ValidationError(
            {"signature_name": [_("签名须与您的姓名“%(name)s”一致。") % {"name": expected}]}
        )
    with transaction.atomic():
        return _sign(expert=expert, application=application, stage=stage, entries=entries, name=name)


def _sign(*, expert, application, stage: str, entries: dict[str, EntryInput], name: str) -> ScoreSheet:
    sheet = _locked_sheet(expert=expert, application=application, stage=stage)
    rubric = application.campaign.award_type.rubric
    criteria = rubric_criteria(rubric)
    _raise(validate_entries(criteria, rubric.method, entries, complete=True))
    _store(sheet, criteria, entries)
    values = {
        "total": rubrics.total(rubric.code, {code: e.points for code, e in entries.items()}),
        "signature_name": name,
        "signed_on": clock.today(application.campaign),
        "submitted_at": timezone.now(),
    }
    before = sheet.state
    SHEET_STATES.apply(sheet, "submit")
    # compare-and-set on the state as well as the row lock (SQLite has no SELECT … FOR UPDATE)
    if not ScoreSheet.objects.filter(pk=sheet.pk, state=before).update(state=sheet.state, **values):
        raise ValidationError(_("该评分表已提交并签名，不能再修改。"), code="locked")
    for key, value in values.items():
        setattr(sheet, key, value)
    sheet._change_reason = "submitted and signed"
    sheet.save()  # the history entry of the submission
    sheet_record(sheet, event=ScoreSheetLog.Event.SUBMITTED, actor=expert)
    return sheet


def sheet_signed_content(sheet: ScoreSheet) -> dict:
    """What a submission signs: the total, the points per criterion code, the signature and its date."""
    return {
        "total": sheet.total,
        "entries": {
            code: points
            for code, points in sheet.entries.order_by("criterion__code").values_list(
                "criterion__code", "points"
            )
        },
        "signature_name": sheet.signature_name,
        "signed_on": sheet.signed_on,
    }


def sheet_record(sheet: ScoreSheet, *, event: str, actor, reason: str = "") -> ScoreSheetLog:
    """Append a submission (with the signed content) or a reopening to the campaign's sheet chain."""
    campaign_id = sheet.application.campaign_id
    content = sheet_signed_content(sheet) if event == ScoreSheetLog.Event.SUBMITTED else {}
    return chain_append(
        ScoreSheetLog(
            campaign_id=campaign_id,
            sheet=sheet,
            event=event,
            actor=actor if getattr(actor, "pk", None) else None,
            application_id=sheet.application_id,
            expert_id=sheet.expert_id,
            stage=sheet.stage,
            reason=reason,
            **content,
        ),
        campaign_id=campaign_id,
    )


@transaction.atomic
def sheet_reopen(*, sheet: ScoreSheet, user, reason: str) -> ScoreSheet:
    """The office reopens a submitted sheet (logged with the reason; the expert is notified). Not an
    application transition; the stage's panel result for the application is dropped until recomputed."""
    if not is_office(user):
        raise PermissionDenied(_("只有组委会办公室可以退回评分表。"))
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": [_("请填写退回评分表的原因。")]})
    sheet = (
        ScoreSheet.objects.select_for_update()
        .select_related("application__campaign", "expert")
        .get(pk=sheet.pk)
    )
    if not SHEET_STATES.can(sheet, "reopen"):
        raise ValidationError(_("该评分表尚未提交，无需退回。"))
    if not stage_is_open(sheet.application.campaign, sheet.stage):
        raise ValidationError(_("该评分阶段已结束，不能再退回评分表。"))
    if sheet.application.state not in STAGE_STATES[sheet.stage]:
        raise ValidationError(_("该申报当前状态不在本阶段评分范围内。"))
    SHEET_STATES.apply(sheet, "reopen")
    sheet.submitted_at = None
    sheet.signature_name = ""
    sheet.signed_on = None
    sheet._change_reason = reason
    sheet.save()
    sheet_record(sheet, event=ScoreSheetLog.Event.REOPENED, actor=user, reason=reason)
    PanelResult.objects.filter(application=sheet.application, stage=sheet.stage).delete()
    link = reverse("scoring:sheet", args=[sheet.application_id, sheet.stage])
    notify(
        [sheet.expert],
        subject=_("评分表已被退回修改：%(number)s") % {"number": sheet.application.number},
        body=_(
            "组委会办公室退回了您对“%(name)s”的%(stage)s评分表，原因：%(reason)s。请修改后重新提交并签名。"
        )
        % {"name": sheet.application.name, "stage": sheet.get_stage_display(), "reason": reason},
        link=link,
    )
    return sheet
