"""组委会办公室: industry associations (行业协会, 第十五条) — registration, account invitation and member units, on
the office's pages (issue 22 item 9, docs/decisions.md 232)."""

from django.core.exceptions import ValidationError
from django.db.models import Count
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from awards.models import Organization
from awards.permissions import office_required
from awards.services.associations import (
    association_account_invite,
    association_create,
    association_member_add,
    association_member_remove,
)
from config.actions import REFUSED, attempt
from workflow.forms import AssociationForm, AssociationInviteForm, AssociationMemberForm
from workflow.views._common import report_form

A = Organization.Kind.ASSOCIATION


def _password_url(request):
    return lambda uid, token: request.build_absolute_uri(reverse("password_reset_confirm", args=[uid, token]))


@office_required
def associations(request):
    form = AssociationForm(request.POST or None)
    if request.method == "POST":
        if form.is_valid():
            created = attempt(
                request,
                association_create,
                success=lambda a: _("已登记行业协会“%(org)s”。") % {"org": a.name},
                user=request.user,
                password_url=_password_url(request),
                **form.cleaned_data,
            )
            if created is not REFUSED:
                return redirect("workflow:association", pk=created.pk)
        else:
            report_form(request, form)
    rows = Organization.objects.filter(kind=A).annotate(n_members=Count("members")).prefetch_related("staff")
    return render(request, "workflow/office/associations.html", {"form": form, "associations": rows})


def _association(pk):
    return get_object_or_404(Organization.objects.prefetch_related("staff"), pk=pk, kind=A)


@office_required
def association(request, pk: int):
    assoc = _association(pk)
    return render(
        request,
        "workflow/office/association.html",
        {
            "association": assoc,
            "members": assoc.members.order_by("name"),
            "invite_form": AssociationInviteForm(),
            "member_form": AssociationMemberForm(),
        },
    )


@office_required
@require_POST
def association_invite(request, pk: int):
    assoc = _association(pk)
    form = AssociationInviteForm(request.POST)
    if form.is_valid():
        attempt(
            request,
            association_account_invite,
            success=_("已发送账号邀请。"),
            association=assoc,
            user=request.user,
            email=form.cleaned_data["email"],
            password_url=_password_url(request),
        )
    else:
        report_form(request, form)
    return redirect("workflow:association", pk=assoc.pk)


def _unit(text: str) -> Organization:
    text = (text or "").strip()
    if not text:
        raise ValidationError({"unit": _("请填写会员单位的统一社会信用代码或完整名称。")})
    employers = Organization.objects.filter(kind=Organization.Kind.EMPLOYER, needs_confirmation=False)
    found = employers.filter(credit_code=text.upper()).first() or employers.filter(name=text).first()
    if found is None:
        raise ValidationError(
            {
                "unit": _("没有找到已登记的工作单位“%(text)s”；请核对统一社会信用代码或完整名称。")
                % {"text": text}
            }
        )
    return found


@office_required
@require_POST
def association_member(request, pk: int):
    """Add (`action=add`, by credit code or name) or remove (`action=remove`, by id) one member unit."""
    assoc = _association(pk)
    form = AssociationMemberForm(request.POST)
    form.is_valid()
    if request.POST.get("action") == "remove":
        unit = get_object_or_404(Organization, pk=request.POST.get("unit_id") or 0)
        write, success = association_member_remove, _("已移除会员单位“%(org)s”。")
    else:
        unit = attempt(request, _unit, form.cleaned_data.get("unit", ""))
        if unit is REFUSED:
            return redirect("workflow:association", pk=assoc.pk)
        write, success = association_member_add, _("已登记会员单位“%(org)s”。")
    attempt(
        request, write, success=success % {"org": unit.name}, association=assoc, user=request.user, unit=unit
    )
    return redirect("workflow:association", pk=assoc.pk)
