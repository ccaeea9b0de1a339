"""推荐邀请 (第十五条 单位推荐): a unit invites one of its people; the account's owner accepts or declines.

Writes, like awards.services: one transaction each, checks who may act, ValidationError / PermissionDenied with
a message the user can read (docs/decisions.md, "Unit recommendation of an existing account").
"""

from django.contrib.auth.models import Group, User
from django.contrib.auth.tokens import default_token_generator
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from django.utils.translation import gettext as _

from awards.models import AccountProfile, Application, Campaign, Organization, RecommendationInvitation
from awards.permissions import EDITABLE_STATES, Role, has_role, may_act_for_organization
from awards.services.accounts import account_without_password
from awards.services.applications import prefill_identity
from awards.services.notices import tell, tell_unit
from config import clock
from config.mail import send_plain_mail

# Accounts that a unit may never recommend by email: their roles must not be mixed with an applicant's.
PROTECTED_ROLES = (Role.OFFICE, Role.EXPERT, Role.COMMITTEE)


def _is_protected_account(user: User) -> bool:
    return user.is_staff or user.is_superuser or any(has_role(user, role) for role in PROTECTED_ROLES)


def recommender_invite(
    *,
    organization: Organization,
    campaign: Campaign,
    user,
    name: str,
    email: str,
    invitation_url,
    password_url,
) -> RecommendationInvitation:
    """单位推荐: the unit invites one of its people. Nothing is attached to an account until its owner accepts
    (`invitation_accept`); an unknown email gets a new applicant account with a link to set its password.
    Office, expert and committee accounts cannot accept (their roles never change this way), but the unit is
    answered as for any account: its owner's mail says why, so the unit never learns which emails are staff."""
    if not may_act_for_organization(user, organization):
        raise PermissionDenied(_("您不是“%(org)s”的推荐机构账号。") % {"org": organization.name})
    if organization.kind == Organization.Kind.DEPARTMENT:
        # 第十一条 names 主管部门 among those who recommend; 第十五条, the procedure, names only the applicant's own
        # unit and the association it belongs to (docs/decisions.md 231).
        raise ValidationError(
            _(
                "第十五条：推荐机构只能是申报人所在单位或其所属的行业协会；主管部门不能推荐本系统其他单位的人员。"
                "主管部门推荐本部门职工时，请以“工作单位”身份推荐。"
            )
        )
    if campaign.phase != Campaign.Phase.OPEN:
        raise ValidationError(_("“%(title)s”当前不在申报阶段。") % {"title": campaign.title})
    email = email.strip().lower()
    with transaction.atomic():
        person_user = User.objects.filter(email__iexact=email).first()
        created = person_user is None
        # A staff account is invited like any other (the unit learns nothing about whose email it is: issue 21);
        # its owner is told why it cannot accept, and `invitation_accept` refuses it (docs/decisions.md 143).
        protected = not created and _is_protected_account(person_user)
        if created:
            person_user = account_without_password(
                email, name=name, role=Role.APPLICANT, fallback="applicant"
            )
            AccountProfile.objects.create(user=person_user, email_confirmed_at=None)
        invitation, fresh = RecommendationInvitation.objects.get_or_create(
            campaign=campaign,
            organization=organization,
            user=person_user,
            status=RecommendationInvitation.Status.PENDING,
            defaults={"name": name, "email": email, "invited_by": user},
        )
        if not fresh:
            raise ValidationError(_("已向 %(email)s 发出推荐邀请，正在等待申报人确认。") % {"email": email})
        link = invitation_url(invitation)
        subject = _("%(org)s 邀请您参加“%(title)s”") % {"org": organization.name, "title": campaign.title}
        tell(person_user, subject, _("请打开邀请页面，接受或谢绝由该单位推荐。"), link=link, mail=False)
        if created:
            uid = urlsafe_base64_encode(force_bytes(person_user.pk))
            reset = password_url(uid, default_token_generator.make_token(person_user))
            body = _(
                "%(name)s，您好：\n\n%(org)s 邀请您参加“%(title)s”，并为您建立了申报账号（用户名 %(username)s）。"
                "\n请先打开以下链接设置密码：\n%(reset)s\n\n登录后在以下页面接受或谢绝推荐：\n%(url)s"
            ) % {
                "name": name,
                "org": organization.name,
                "title": campaign.title,
                "username": person_user.username,
                "reset": reset,
                "url": link,
            }
        elif protected:
            body = _(
                "%(name)s，您好：\n\n%(org)s 邀请您参加“%(title)s”。您的账号是评选工作人员账号（组委会办公室、专家或"
                "组委会委员），不能作为申报人接受推荐；如您本人要申报，请该单位改用您的其他邮箱。"
                "\n请在以下页面谢绝该邀请：\n%(url)s"
            ) % {"name": name, "org": organization.name, "title": campaign.title, "url": link}
        else:
            body = _(
                "%(name)s，您好：\n\n%(org)s 邀请您参加“%(title)s”，并愿意作为您的推荐机构。"
                "\n请登录后在以下页面接受或谢绝；接受前该单位看不到您的任何申报信息：\n%(url)s"
            ) % {"name": name, "org": organization.name, "title": campaign.title, "url": link}
        # Inside the transaction: a mail that cannot be sent (MailNotSent) leaves no invitation and no new account
        # behind, and the unit's page says so (config/middleware.py) instead of a success nobody was told of.
        send_plain_mail(subject, body, [email])
    return invitation


def pending_invitation(*, user, pk: int) -> RecommendationInvitation:
    invitation = (
        RecommendationInvitation.objects.select_related("campaign__award_type", "organization")
        .filter(pk=pk, user=user)
        .first()
    )
    if invitation is None:
        raise PermissionDenied(_("该推荐邀请不是发给您的。"))
    return invitation


def _locked_pending(invitation: RecommendationInvitation) -> RecommendationInvitation:
    """The invitation, locked, while it awaits its answer (inside the caller's transaction)."""
    invitation = RecommendationInvitation.objects.select_for_update().get(pk=invitation.pk)
    if invitation.status != RecommendationInvitation.Status.PENDING:
        raise ValidationError(
            _("该推荐邀请已答复（%(status)s），无需再次答复。") % {"status": invitation.get_status_display()}
        )
    return invitation


def invitation_accept(*, invitation: RecommendationInvitation, user) -> Application:
    """接受推荐: the owner agrees; their draft for the campaign names the unit (a new draft if none), and the
    unit's invitation counts as its confirmation."""
    if invitation.user_id != user.pk:
        raise PermissionDenied(_("该推荐邀请不是发给您的。"))
    if _is_protected_account(user):
        raise ValidationError(_("评选工作人员账号不能作为申报人。"))
    organization, campaign = invitation.organization, invitation.campaign
    with transaction.atomic():
        invitation = _locked_pending(invitation)
        if campaign.phase != Campaign.Phase.OPEN or (
            campaign.closes_at and clock.now(campaign) >= campaign.closes_at
        ):
            raise ValidationError(
                _("“%(title)s”已不在申报阶段，不能再接受推荐。") % {"title": campaign.title}
            )
        route = (
            Application.Route.ASSOCIATION
            if organization.kind == Organization.Kind.ASSOCIATION
            else Application.Route.UNIT
        )
        employer = organization if organization.kind == Organization.Kind.EMPLOYER else None
        application = (
            Application.objects.select_for_update()
            .filter(campaign=campaign, applicant=user)
            .exclude(state=Application.State.RETRACTED)
            .first()
        )
        if application is not None and application.state not in EDITABLE_STATES:
            raise ValidationError(_("您本届的申报已提交，不能再更换推荐机构。"))
        if application is None:
            if not has_role(user, Role.APPLICANT):
                user.groups.add(Group.objects.get_or_create(name=Role.APPLICANT)[0])
            application = Application(
                campaign=campaign,
                applicant=user,
                name=invitation.name,
                email=user.email,
                unit_name=organization.name if employer else "",
                unit_address=organization.address,
                unit_postcode=organization.postcode,
                applied_on=clock.today(campaign),
            )
            prefill_identity(application, user)
        application.route = route
        application.recommender = organization
        application.recommender_confirmed_at = timezone.now()
        if employer is not None:
            application.employer = employer
        application._change_reason = "recommendation invitation accepted"
        application.save()
        invitation.status = RecommendationInvitation.Status.ACCEPTED
        invitation.responded_at = timezone.now()
        invitation.application = application
        invitation.save(update_fields=["status", "responded_at", "application"])
        tell_unit(
            invitation.organization,
            _("%(name)s 已接受推荐参加“%(title)s”") % {"name": invitation.name, "title": campaign.title},
        )
    return application


def invitation_decline(*, invitation: RecommendationInvitation, user) -> RecommendationInvitation:
    """谢绝推荐: nothing of the account is shared with the unit."""
    if invitation.user_id != user.pk:
        raise PermissionDenied(_("该推荐邀请不是发给您的。"))
    with transaction.atomic():
        invitation = _locked_pending(invitation)
        invitation.status = RecommendationInvitation.Status.DECLINED
        invitation.responded_at = timezone.now()
        invitation.save(update_fields=["status", "responded_at"])
        tell_unit(
            invitation.organization,
            _("%(name)s 谢绝了推荐参加“%(title)s”")
            % {"name": invitation.name, "title": invitation.campaign.title},
        )
    return invitation
