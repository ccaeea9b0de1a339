"""Recommender pages (推荐机构, 第十五条, /unit/): the queue, confirming, the unit opinion, inviting a person."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from awards.forms import StartForPersonForm, StartTargetForm, UnitOpinionForm
from awards.permissions import may_act_as_unit, unit_ids
from awards.selectors import applications as application_selectors
from awards.selectors import campaigns as campaign_selectors
from awards.selectors import units as selectors
from awards.services import invitations as invitation_services
from awards.services import recommenders as services
from config.actions import REFUSED, attempt


def _require_unit(request):
    if not may_act_as_unit(request.user):
        raise PermissionDenied(_("本页面仅供推荐机构账号使用。"))


@login_required
def recommender_home(request):
    _require_unit(request)
    return render(
        request,
        "awards/recommender_home.html",
        {
            "applications": selectors.recommender_applications(request.user),
            "organizations": selectors.organizations_of(request.user),
            "org_ids": unit_ids(request.user),
            "campaigns": campaign_selectors.open_campaigns(),
            "start_form": StartForPersonForm(),
            "notifications": application_selectors.notifications_of(request.user),
            "invitations": selectors.invitations_sent_by_units_of(request.user),
        },
    )


@login_required
@require_POST
def recommender_confirm(request, pk: int):
    _require_unit(request)
    application = selectors.unit_application_or_404(request.user, pk)
    attempt(
        request,
        services.recommender_confirm,
        application=application,
        user=request.user,
        success=_("已确认推荐 %(name)s。") % {"name": application.name},
    )
    return redirect("awards:recommender_home")


@login_required
def unit_opinion(request, pk: int):
    _require_unit(request)
    application = selectors.unit_application_or_404(request.user, pk)
    if not application.campaign.award_type.requires_unit_opinion:
        raise Http404  # only the 领军先锋 form has 二、所在单位推荐意见
    form = UnitOpinionForm(request.POST or None, instance=application_selectors.fresh_application(pk))
    if request.method == "POST" and form.is_valid():
        saved = attempt(
            request,
            services.unit_opinion_save,
            application=application,
            user=request.user,
            data={k: form.cleaned_data[k] for k in UnitOpinionForm.Meta.fields},
            success=_("推荐意见已保存。"),
        )
        if saved is not REFUSED:
            return redirect("awards:recommender_home")
    return render(request, "awards/unit_opinion.html", {"application": application, "form": form})


@login_required
@require_POST
def recommender_start(request):
    _require_unit(request)
    form = StartForPersonForm(request.POST)
    target = StartTargetForm(request.POST)
    target.is_valid()
    campaign = campaign_selectors.campaign_or_404(target.cleaned_data.get("campaign"))
    organization = selectors.organization_or_404(target.cleaned_data.get("organization"))
    if not form.is_valid():
        for errors in form.errors.values():
            for message in errors:
                messages.error(request, message)
        return redirect("awards:recommender_home")
    attempt(
        request,
        invitation_services.recommender_invite,
        organization=organization,
        campaign=campaign,
        user=request.user,
        name=form.cleaned_data["name"],
        email=form.cleaned_data["email"],
        invitation_url=lambda inv: request.build_absolute_uri(reverse("awards:invitation", args=[inv.pk])),
        password_url=lambda uid, token: request.build_absolute_uri(
            reverse("password_reset_confirm", args=[uid, token])
        ),
        success=lambda invitation: (
            _("已向 %(name)s（%(email)s）发出推荐邀请；申报人接受后，申报表才会出现在您的列表中。")
            % {"name": invitation.name, "email": invitation.email}
        ),
    )
    return redirect("awards:recommender_home")
