"""行业协会 (第十五条 “委托所在单位或单位所属行业协会进行推荐”): the office registers an association, invites its account
and records which units belong to it — on its own pages, never the admin (issue 22 item 9, docs/decisions.md 232)."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from awards.models import Application, Organization
from awards.permissions import Role, has_role
from awards.services.employers import unit_invite
from awards.validators import validate_credit_code
from config.text import series

A = Organization.Kind.ASSOCIATION
#: Applications still on their way: an association that recommends one of them keeps the member unit.
OPEN_STATES = (
    Application.State.DRAFT,
    Application.State.SUBMITTED,
    Application.State.RETURNED,
    Application.State.ELIGIBLE,
    Application.State.SHORTLISTED,
    Application.State.RECOMMENDED,
    Application.State.NOMINATED,
)


def _office(user, action) -> None:
    if not has_role(user, Role.OFFICE):
        raise PermissionDenied(_("只有组委会办公室可以%(action)s。") % {"action": action})


def association_create(
    *,
    user,
    name: str,
    credit_code: str = "",
    contact_name: str = "",
    contact_phone: str = "",
    contact_email: str = "",
    password_url=None,
) -> Organization:
    """Register an industry association; with an email, its account is invited as a unit's is (a link to set the
    password)."""
    _office(user, _("登记行业协会"))
    name, credit_code = (name or "").strip(), (credit_code or "").strip().upper()
    errors = {}
    if not name:
        errors["name"] = _("请填写行业协会名称。")
    elif Organization.objects.filter(name=name, kind=A).exists():
        errors["name"] = _("行业协会“%(name)s”已登记。") % {"name": name}
    if credit_code:
        try:
            validate_credit_code(credit_code)
        except ValidationError as e:
            errors["credit_code"] = e.messages[0]
        else:
            clash = Organization.objects.filter(credit_code=credit_code).first()
            if clash is not None:
                errors["credit_code"] = _("统一社会信用代码 %(code)s 已属于“%(org)s”。") % {
                    "code": credit_code,
                    "org": clash.name,
                }
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        association = Organization(
            name=name,
            kind=A,
            credit_code=credit_code or None,
            contact_name=(contact_name or "").strip(),
            contact_phone=(contact_phone or "").strip(),
            contact_email=(contact_email or "").strip().lower(),
        )
        association.full_clean(exclude=["staff", "member_of"])
        association._change_reason = "association registered by office"
        association._history_user = user
        association.save()
        if association.contact_email and password_url is not None:
            unit_invite(organization=association, email=association.contact_email, password_url=password_url)
    return association


def association_account_invite(*, association: Organization, user, email: str, password_url) -> None:
    """The association's account (推荐机构账号): invited by mail with a link to set its password."""
    _office(user, _("邀请行业协会账号"))
    _check_association(association)
    email = (email or "").strip().lower()
    if not email:
        raise ValidationError({"email": _("请填写行业协会账号的邮箱。")})
    if association.staff.exists():
        raise ValidationError(
            _("“%(org)s”已有账号（%(who)s），无需再次邀请。")
            % {"org": association.name, "who": series(u.email for u in association.staff.all())}
        )
    with transaction.atomic():
        unit_invite(organization=association, email=email, password_url=password_url)


def association_member_add(*, association: Organization, user, unit: Organization) -> None:
    """第十五条 “单位所属行业协会”: record that `unit` belongs to the association."""
    _office(user, _("登记协会会员单位"))
    _check_association(association)
    if unit.kind != Organization.Kind.EMPLOYER or unit.needs_confirmation:
        raise ValidationError(_("只能把已登记的工作单位加入行业协会（“%(org)s”不是）。") % {"org": unit.name})
    if unit.member_of.filter(pk=association.pk).exists():
        raise ValidationError(_("“%(org)s”已是该协会的会员单位。") % {"org": unit.name})
    unit._history_user = user
    unit.member_of.add(association)


def association_member_remove(*, association: Organization, user, unit: Organization) -> None:
    """Remove a member unit — refused while the association recommends one of that unit's people in a campaign
    still under way (the recommendation rests on the membership, 第十五条)."""
    _office(user, _("移除协会会员单位"))
    _check_association(association)
    busy = Application.objects.filter(recommender=association, employer=unit, state__in=OPEN_STATES)
    if busy.exists():
        raise ValidationError(
            _("第十五条：该协会正在推荐“%(org)s”的 %(n)s 份申报，推荐依据会员关系，不能移除。")
            % {"org": unit.name, "n": busy.count()}
        )
    unit._history_user = user
    unit.member_of.remove(association)


def _check_association(association: Organization) -> None:
    if association.kind != A:
        raise ValidationError(_("“%(org)s”不是行业协会。") % {"org": association.name})
