"""Recommender pages (推荐机构, 第十五条): the queue, confirming, the unit opinion, starting an application."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from awards import selectors, services, services_invitations
from awards.forms import StartForPersonForm, UnitOpinionForm
from awards.models import Application, Campaign, Organization
from awards.permissions import Role, has_role


def _require_recommender(request):
    if not has_role(request.user, Role.RECOMMENDER) or not request.user.organizations.exists():
        raise PermissionDenied(_("本页面仅供推荐机构账号使用。"))


def _queued_application(request, pk: int) -> Application:
    application = selectors.recommender_applications(request.user).filter(pk=pk).first()
    if application is None:
        raise Http404
    return application


@login_required
def recommender_home(request):
    _require_recommender(request)
    return render(
        request,
        "awards/recommender_home.html",
        {
            "applications": selectors.recommender_applications(request.user),
            "organizations": request.user.organizations.order_by("name"),
            "org_ids": selectors.user_org_ids(request.user),
            "campaigns": selectors.open_campaigns(),
            "start_form": StartForPersonForm(),
            "notifications": selectors.notifications_of(request.user),
            "invitations": selectors.invitations_sent_by_units_of(request.user),
        },
    )


@login_required
@require_POST
def recommender_confirm(request, pk: int):
    _require_recommender(request)
    application = _queued_application(request, pk)
    try:
        services.recommender_confirm(application=application, user=request.user)
    except (ValidationError, PermissionDenied) as e:
        messages.error(request, " ".join(getattr(e, "messages", [str(e)])))
    else:
        messages.success(request, _("已确认推荐 %(name)s。") % {"name": application.name})
    return redirect("awards:recommender_home")


@login_required
def unit_opinion(request, pk: int):
    _require_recommender(request)
    application = _queued_application(request, pk)
    if not application.campaign.award_type.requires_unit_opinion:
        raise Http404  # only the 领军先锋 form has 二、所在单位推荐意见
    form = UnitOpinionForm(request.POST or None, instance=Application.objects.get(pk=pk))
    if request.method == "POST" and form.is_valid():
        try:
            services.unit_opinion_save(
                application=application,
                user=request.user,
                data={k: form.cleaned_data[k] for k in UnitOpinionForm.Meta.fields},
            )
        except (ValidationError, PermissionDenied) as e:
            messages.error(request, " ".join(getattr(e, "messages", [str(e)])))
        else:
            messages.success(request, _("推荐意见已保存。"))
            return redirect("awards:recommender_home")
    return render(request, "awards/unit_opinion.html", {"application": application, "form": form})


@login_required
@require_POST
def recommender_start(request):
    _require_recommender(request)
    form = StartForPersonForm(request.POST)
    campaign = get_object_or_404(Campaign, pk=request.POST.get("campaign") or 0)
    organization = get_object_or_404(Organization, pk=request.POST.get("organization") or 0)
    if not form.is_valid():
        for errors in form.errors.values():
            for message in errors:
                messages.error(request, message)
        return redirect("awards:recommender_home")
    try:
        invitation = services_invitations.recommender_invite(
            organization=organization,
            campaign=campaign,
            user=request.user,
            name=form.cleaned_data["name"],
            email=form.cleaned_data["email"],
            invitation_url=lambda inv: request.build_absolute_uri(
                reverse("awards:invitation", args=[inv.pk])
            ),
            password_url=lambda uid, token: request.build_absolute_uri(
                reverse("password_reset_confirm", args=[uid, token])
            ),
        )
    except (ValidationError, PermissionDenied) as e:
        messages.error(request, " ".join(getattr(e, "messages", [str(e)])))
    else:
        messages.success(
            request,
            _("已向 %(name)s（%(email)s）发出推荐邀请；申报人接受后，申报表才会出现在您的列表中。")
            % {"name": invitation.name, "email": invitation.email},
        )
    return redirect("awards:recommender_home")
