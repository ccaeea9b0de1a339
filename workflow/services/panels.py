"""专家评议组 (第十条): the office's panels, their members and chair, the assignment of applications to panels and
conflicts of interest (回避). Each write checks the role and runs in one transaction. The experts' object
permissions follow these rows through the signals of `scoring/permissions.py`."""

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.utils.translation import gettext as _

from awards.models import Organization
from awards.permissions import Role, has_role
from awards.services.accounts import account_without_password
from config import pagecache
from notices.services import account_invitation_send
from scoring.models import ConflictOfInterest, ExpertProfile, Panel, PanelAssignment, PanelMember, ScoreSheet
from workflow import permissions


def panel_create(*, campaign, user, name: str, domains):
    permissions.require_office(user, _("组建专家评议组"))
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
    permissions.require_office(user, _("调整评议组成员"))

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

    permissions.require_office(user, _("邀请专家"))
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
    permissions.require_office(user, _("指定评议组组长"))
    with transaction.atomic():
        member = panel.members.get(pk=member_id)
        panel.members.filter(is_chair=True).exclude(pk=member.pk).update(is_chair=False)
        member.is_chair = True
        member.save(update_fields=["is_chair"])


def panel_member_remove(*, panel, user, member_id: int) -> None:
    permissions.require_office(user, _("调整评议组成员"))
    member = panel.members.select_related("expert").get(pk=member_id)
    if member.expert.score_sheets.filter(panel=panel).exists():
        raise ValidationError(_("该专家已有评分表，不能移出评议组。"))
    member.delete()


ASSIGNABLE_STATES = ("eligible", "shortlisted", "not_shortlisted")


def assignments_auto(*, campaign, user) -> dict:
    """Assign every unassigned eligible application to the panel of its technical domain (第十条).
    Returns {"assigned": n, "unmatched": [applications with no or several matching panels]}."""
    permissions.require_office(user, _("分配评议组"))
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
    permissions.require_office(user, _("调整评议组分配"))
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
    # bulk_create sends no signal: the office pages kept whole show the conflicts (workflow/pagecache.py)
    if new:
        pagecache.office_changed(campaign.pk)
    return len(new)


def conflict_record(*, application, expert, user, reason: str):
    """办公室认定回避: the office records a conflict it learned of."""
    permissions.require_office(user, _("认定回避"))
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
