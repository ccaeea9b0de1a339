"""Writes of the office pages that are not a procedure transition (B owns workflow/services/): campaign set-up.
Each one checks the role and runs in one transaction."""

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from awards.models import Campaign
from awards.roles import Role
from workflow.services._common import require_role

EDITABLE_PHASES = (Campaign.Phase.DRAFT, Campaign.Phase.OPEN)


def campaign_save(*, form, user) -> Campaign:
    """Create a campaign (筹备) or change its settings while it is in 筹备 or 申报 (第十四条)."""
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
    with transaction.atomic():
        campaign = form.save(commit=False)
        if not campaign.pk:
            campaign.created_by = user
        campaign._change_reason = "campaign_save"
        campaign._history_user = user
        campaign.save()
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
    from awards.roles import has_role

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
    from django.contrib.auth.models import Group
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
        base = email.split("@")[0][:30] or "expert"
        username, n = base, 1
        while User.objects.filter(username=username).exists():
            n += 1
            username = f"{base}{n}"
        account = User.objects.create_user(username=username, email=email, first_name=name)
        account.set_unusable_password()
        account.save()
        account.groups.add(Group.objects.get_or_create(name=Role.EXPERT)[0])
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
    """回避 (auto): an expert whose organisation is the applicant's employer or recommender must not score the
    application. Creates the missing ConflictOfInterest rows of the campaign's assignments; returns how many."""
    from scoring.models import ConflictOfInterest, PanelAssignment, PanelMember

    orgs = dict(
        PanelMember.objects.filter(
            panel__campaign=campaign, expert__expert_profile__organization__isnull=False
        )
        .values_list("expert_id", "expert__expert_profile__organization_id")
        .distinct()
    )
    org_names = dict(
        PanelMember.objects.filter(
            panel__campaign=campaign, expert__expert_profile__organization__isnull=False
        )
        .values_list("expert_id", "expert__expert_profile__organization__name")
        .distinct()
    )
    members: dict[int, list[int]] = {}
    for panel_id, expert_id in PanelMember.objects.filter(panel__campaign=campaign).values_list(
        "panel_id", "expert_id"
    ):
        members.setdefault(panel_id, []).append(expert_id)
    existing = set(
        ConflictOfInterest.objects.filter(application__campaign=campaign).values_list(
            "expert_id", "application_id"
        )
    )
    new = []
    for panel_id, app_id, employer_id, recommender_id in PanelAssignment.objects.filter(
        application__campaign=campaign
    ).values_list("panel_id", "application_id", "application__employer_id", "application__recommender_id"):
        for expert_id in members.get(panel_id, []):
            org = orgs.get(expert_id)
            if org is None or (expert_id, app_id) in existing:
                continue
            if org == employer_id:
                reason = _("专家所在单位“%(org)s”是申报人所在单位。") % {"org": org_names[expert_id]}
            elif org == recommender_id:
                reason = _("专家所在单位“%(org)s”是申报人的推荐机构。") % {"org": org_names[expert_id]}
            else:
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
