"""Writes of the office pages that are not a procedure transition (B owns workflow/services/): campaign set-up.
Each one checks the role and runs in one transaction."""

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from awards.models import Campaign
from awards.permissions import Role, require_role
from awards.services.accounts import account_without_password

EDITABLE_PHASES = (Campaign.Phase.DRAFT, Campaign.Phase.OPEN)


#: The dates of the plan, in the order they are shown; (opens, closes) pairs are windows the call promises.
PLAN_DATES = ("opens_at", "closes_at", "public_input_opens_at", "public_input_closes_at")
WINDOWS = (("opens_at", "closes_at"), ("public_input_opens_at", "public_input_closes_at"))


def promised_dates(campaign: Campaign) -> dict:
    """The dates as the call published them (the campaign as it was when the `open` transition ran); {} while
    the call is not published."""
    from workflow.models import TransitionLog

    published = (
        TransitionLog.objects.filter(
            campaign=campaign,
            subject=TransitionLog.Subject.CAMPAIGN,
            action="open",
            from_state=Campaign.Phase.DRAFT,
        )
        .order_by("created_at")
        .first()
    )
    if published is None:
        return {}
    try:
        then = campaign.history.as_of(published.created_at)
    except Campaign.DoesNotExist:
        return {}
    return {name: getattr(then, name) for name in PLAN_DATES}


def frozen_fields(campaign: Campaign, now=None) -> set[str]:
    """Fields shown read-only on the plan page: all of them once the call is closed for changes, and 申报开始
    once the call has opened (it cannot be undone). "*" with "rule:<name>" entries: everything is read-only except
    the rules (第八条（二）), which can still be put to the committee until 综合评价."""
    if not campaign.pk:
        return set()
    if campaign.phase not in EDITABLE_PHASES:
        from workflow.services.rules import RULE_FIELDS, RULE_PHASES

        if campaign.phase in RULE_PHASES:  # the rules may still be changed, by the committee's approval only
            return {"*"} | {f"rule:{name}" for name in RULE_FIELDS}
        return {"*"}
    frozen = {"award_type", "year"}
    now = now or timezone.now()
    if campaign.phase == Campaign.Phase.OPEN and campaign.opens_at and campaign.opens_at <= now:
        frozen.add("opens_at")
    return frozen


def _fmt(value) -> str:
    return timezone.localtime(value).strftime("%Y-%m-%d %H:%M") if value else "—"


def date_changes(before: dict, campaign: Campaign) -> list[tuple[str, object, object]]:
    return [
        (name, before.get(name), getattr(campaign, name))
        for name in PLAN_DATES
        if before.get(name) != getattr(campaign, name)
    ]


def _check_promises(campaign: Campaign, promised: dict) -> dict:
    """A published window may be extended, never shortened below what the call promised (第十四条 申报通知)."""
    errors: dict[str, list[str]] = {}
    for opens, closes in WINDOWS:
        p_open, p_close = promised.get(opens), promised.get(closes)
        new_open, new_close = getattr(campaign, opens), getattr(campaign, closes)
        if p_close and (new_close is None or new_close < p_close):
            errors.setdefault(closes, []).append(
                _("申报通知已公布“%(label)s”为 %(date)s，只能推后，不能提前或删除。")
                % {"label": Campaign._meta.get_field(closes).verbose_name, "date": _fmt(p_close)}
            )
        if p_open and (new_open is None or new_open > p_open):
            errors.setdefault(opens, []).append(
                _("申报通知已公布“%(label)s”为 %(date)s，只能提前，不能推后或删除。")
                % {"label": Campaign._meta.get_field(opens).verbose_name, "date": _fmt(p_open)}
            )
    return errors


def campaign_save(*, form, user, reason: str = "", ip=None) -> Campaign:
    """Create a campaign (筹备) or change its settings while it is in 筹备 or 申报 (第十四条). Once the call is
    published, a change of dates needs a reason, may only lengthen the promised windows, is written to the phase
    log and notified to everyone with an application in the campaign and to their recommending units."""
    from workflow.models import TransitionLog

    require_role(user, Role.OFFICE, _("设置评选活动"))
    campaign = form.instance
    if campaign.pk and campaign.phase not in EDITABLE_PHASES:
        raise ValidationError(
            _("评选活动已进入“%(phase)s”阶段，活动方案不能再修改。") % {"phase": campaign.get_phase_display()}
        )
    if campaign.pk and campaign.rules_approved_at:
        from workflow.services.rules import changed_rules

        changed = changed_rules(campaign, form.cleaned_data)
        if changed:
            raise ValidationError(
                _(
                    "第八条（二）：评议规则已经组委会审议通过并冻结，%(fields)s 不能直接修改；"
                    "请用“提请组委会审议规则修改”。"
                )
                % {"fields": "、".join(changed)}
            )
    before = {}
    if campaign.pk:
        stored = Campaign.objects.get(pk=campaign.pk)
        before = {name: getattr(stored, name) for name in PLAN_DATES}
    with transaction.atomic():
        campaign = form.save(commit=False)
        changes = date_changes(before, campaign) if campaign.pk else []
        published = campaign.pk and campaign.phase != Campaign.Phase.DRAFT
        if published and changes:
            reason = (reason or "").strip()
            errors = _check_promises(campaign, promised_dates(campaign))
            if not reason:
                errors.setdefault("change_reason", []).append(
                    _("申报通知公布后修改日期，须填写修改原因（将记入阶段记录并通知申报人）。")
                )
            if errors:
                raise ValidationError(errors)
        if not campaign.pk:
            campaign.created_by = user
        campaign._change_reason = "campaign_save"
        campaign._history_user = user
        campaign.save()
        if published and changes:
            summary = "；".join(
                f"{Campaign._meta.get_field(name).verbose_name}：{_fmt(old)} → {_fmt(new)}"
                for name, old, new in changes
            )
            TransitionLog.objects.create(
                subject=TransitionLog.Subject.CAMPAIGN,
                campaign=campaign,
                action="change_dates",
                from_state=campaign.phase,
                to_state=campaign.phase,
                actor=user,
                role=Role.OFFICE,
                reason=f"{reason}（{summary}）",
                ip=ip,
                article="第十四条",
            )
            from workflow.notifications import notify_dates_changed

            transaction.on_commit(
                lambda: notify_dates_changed(campaign=campaign, changes=changes, reason=reason)
            )
    return campaign


# --- 专家评议组 (第十条): panels, members, assignments, conflicts of interest ----------------------------------


def panel_create(*, campaign, user, name: str, domains):
    from scoring.models import Panel

    require_role(user, Role.OFFICE, _("组建专家评议组"))
    name = (name or "").strip()
    if not name:
        raise ValidationError({"name": _("请填写评议组名称。")})
    if campaign.panels.filter(name=name).exists():
        raise ValidationError({"name": _("本活动已有名为“%(name)s”的评议组。") % {"name": name}})
    with transaction.atomic():
        panel = Panel.objects.create(campaign=campaign, name=name)
        panel.tech_domains.set(domains)
    return panel


def panel_member_add(*, panel, user, expert, is_chair: bool = False):
    """Add an expert (an account with the expert role and an ExpertProfile) and flag conflicts at once."""
    from scoring.models import PanelMember

    require_role(user, Role.OFFICE, _("调整评议组成员"))
    from awards.permissions import has_role

    if not has_role(expert, Role.EXPERT):
        raise ValidationError({"expert": _("%(who)s 不是专家账号。") % {"who": expert.username}})
    if panel.members.filter(expert=expert).exists():
        raise ValidationError({"expert": _("%(who)s 已是该评议组成员。") % {"who": expert.username}})
    with transaction.atomic():
        if is_chair:
            panel.members.filter(is_chair=True).update(is_chair=False)
        member = PanelMember.objects.create(panel=panel, expert=expert, is_chair=is_chair)
        conflicts_detect(campaign=panel.campaign)
    return member


def expert_invite(
    *,
    panel,
    user,
    name: str,
    email: str,
    organization_name: str = "",
    title: str = "",
    is_chair: bool = False,
    password_url,
):
    """邀请专家: the office adds an expert who has no account yet — an expert account (no password), a profile with
    the organisation used for conflict checks, membership of the panel, and an email with a link to set a password."""
    from django.core.validators import validate_email

    from awards.models import Organization
    from scoring.models import ExpertProfile
    from workflow.notifications import account_invitation_send

    require_role(user, Role.OFFICE, _("邀请专家"))
    name, email = name.strip(), email.strip().lower()
    errors = {}
    if not name:
        errors["name"] = _("请填写专家姓名。")
    try:
        validate_email(email)
    except ValidationError:
        errors["email"] = _("E-mail 格式不正确，例如 name@example.cn。")
    User = get_user_model()
    if not errors.get("email") and User.objects.filter(email__iexact=email).exists():
        errors["email"] = _("%(email)s 已有账号，请从“加入专家”列表中选择。") % {"email": email}
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        account = account_without_password(email, name=name, role=Role.EXPERT, fallback="expert")
        organization = None
        if organization_name.strip():
            organization = Organization.objects.filter(name=organization_name.strip()).first()
            if organization is None:
                organization = Organization.objects.create(name=organization_name.strip())
        ExpertProfile.objects.create(user=account, organization=organization, title=title.strip())
        member = panel_member_add(panel=panel, user=user, expert=account, is_chair=is_chair)
    account_invitation_send(account, title=panel.campaign.title, password_url=password_url)
    return member


def panel_chair_set(*, panel, user, member_id: int) -> None:
    require_role(user, Role.OFFICE, _("指定评议组组长"))
    with transaction.atomic():
        member = panel.members.get(pk=member_id)
        panel.members.filter(is_chair=True).exclude(pk=member.pk).update(is_chair=False)
        member.is_chair = True
        member.save(update_fields=["is_chair"])


def panel_member_remove(*, panel, user, member_id: int) -> None:
    require_role(user, Role.OFFICE, _("调整评议组成员"))
    member = panel.members.select_related("expert").get(pk=member_id)
    if member.expert.score_sheets.filter(panel=panel).exists():
        raise ValidationError(_("该专家已有评分表，不能移出评议组。"))
    member.delete()


ASSIGNABLE_STATES = ("eligible", "shortlisted", "not_shortlisted")


def assignments_auto(*, campaign, user) -> dict:
    """Assign every unassigned eligible application to the panel of its technical domain (第十条).
    Returns {"assigned": n, "unmatched": [applications with no or several matching panels]}."""
    from scoring.models import PanelAssignment

    require_role(user, Role.OFFICE, _("分配评议组"))
    panels_by_domain: dict[int, list] = {}
    for panel in campaign.panels.prefetch_related("tech_domains"):
        for domain in panel.tech_domains.all():
            panels_by_domain.setdefault(domain.pk, []).append(panel)
    assigned, unmatched = 0, []
    with transaction.atomic():
        apps = campaign.applications.filter(state__in=ASSIGNABLE_STATES, panel_assignment__isnull=True)
        for app in apps.select_related("tech_domain"):
            panels = panels_by_domain.get(app.tech_domain_id, [])
            if len(panels) != 1:
                unmatched.append(app)
                continue
            PanelAssignment.objects.create(panel=panels[0], application=app)
            assigned += 1
        conflicts_detect(campaign=campaign)
    return {"assigned": assigned, "unmatched": unmatched}


def assignment_override(*, application, panel, user):
    """人工指定: put an application in another panel of the same campaign (before its sheets exist)."""
    from scoring.models import PanelAssignment, ScoreSheet

    require_role(user, Role.OFFICE, _("调整评议组分配"))
    if panel.campaign_id != application.campaign_id:
        raise ValidationError(_("评议组不属于该申报所在的评选活动。"))
    if ScoreSheet.objects.filter(application=application).exclude(panel=panel).exists():
        raise ValidationError(_("该申报已有专家评分，不能再调整评议组。"))
    with transaction.atomic():
        assignment, _created = PanelAssignment.objects.update_or_create(
            application=application, defaults={"panel": panel, "manual": True}
        )
        conflicts_detect(campaign=application.campaign)
    return assignment


def conflicts_detect(*, campaign) -> int:
    """回避 (auto): an expert employed by, or recorded as related to (`ExpertProfile.related_organizations`), the
    applicant's employer or recommender must not score the application. Creates the missing ConflictOfInterest
    rows of the campaign's assignments; returns how many."""
    from awards.models import Organization
    from scoring.models import ConflictOfInterest, ExpertProfile, PanelAssignment, PanelMember

    members: dict[int, list[int]] = {}
    for panel_id, expert_id in PanelMember.objects.filter(panel__campaign=campaign).values_list(
        "panel_id", "expert_id"
    ):
        members.setdefault(panel_id, []).append(expert_id)
    expert_ids = {e for ids in members.values() for e in ids}
    employed: dict[int, int] = {}
    related: dict[int, set[int]] = {}
    for profile in ExpertProfile.objects.filter(user_id__in=expert_ids).prefetch_related(
        "related_organizations"
    ):
        if profile.organization_id:
            employed[profile.user_id] = profile.organization_id
        related[profile.user_id] = {o.pk for o in profile.related_organizations.all()}
    existing = set(
        ConflictOfInterest.objects.filter(application__campaign=campaign).values_list(
            "expert_id", "application_id"
        )
    )
    rows = list(
        PanelAssignment.objects.filter(application__campaign=campaign).values_list(
            "panel_id", "application_id", "application__employer_id", "application__recommender_id"
        )
    )
    names = dict(
        Organization.objects.filter(pk__in={o for row in rows for o in row[2:] if o}).values_list(
            "pk", "name"
        )
    )
    new = []
    for panel_id, app_id, employer_id, recommender_id in rows:
        for expert_id in members.get(panel_id, []):
            if (expert_id, app_id) in existing:
                continue
            own, linked = employed.get(expert_id), related.get(expert_id, set())
            reason = None
            for org_id, role in ((employer_id, "employer"), (recommender_id, "recommender")):
                if not org_id:
                    continue
                if org_id == own:
                    reason = (
                        _("专家所在单位“%(org)s”是申报人所在单位。")
                        if role == "employer"
                        else _("专家所在单位“%(org)s”是申报人的推荐机构。")
                    ) % {"org": names[org_id]}
                elif org_id in linked:
                    reason = (
                        _("专家与申报人所在单位“%(org)s”有利害关系（已登记）。")
                        if role == "employer"
                        else _("专家与申报人的推荐机构“%(org)s”有利害关系（已登记）。")
                    ) % {"org": names[org_id]}
                if reason:
                    break
            if reason is None:
                continue
            new.append(
                ConflictOfInterest(
                    expert_id=expert_id,
                    application_id=app_id,
                    source=ConflictOfInterest.Source.AUTO,
                    reason=reason,
                )
            )
            existing.add((expert_id, app_id))
    ConflictOfInterest.objects.bulk_create(new)
    return len(new)


def conflict_record(*, application, expert, user, reason: str):
    """办公室认定回避: the office records a conflict it learned of."""
    from scoring.models import ConflictOfInterest, ScoreSheet

    require_role(user, Role.OFFICE, _("认定回避"))
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("请说明回避原因。")})
    if ConflictOfInterest.objects.filter(application=application, expert=expert).exists():
        raise ValidationError(_("该专家已对该申报回避。"))
    with transaction.atomic():
        ScoreSheet.objects.filter(
            expert=expert, application=application, state=ScoreSheet.State.DRAFT
        ).delete()
        return ConflictOfInterest.objects.create(
            application=application,
            expert=expert,
            source=ConflictOfInterest.Source.OFFICE,
            reason=reason[:300],
        )
