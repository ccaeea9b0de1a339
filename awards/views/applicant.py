"""Applicant pages: my applications, the form (with autosave), review-and-submit, status, retract."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from awards.completeness import missing_items
from awards.eligibility import threshold_problems
from awards.forms import (
    INCOMPLETE_MESSAGE,
    IncompletePost,
    RetractForm,
    multipart_is_whole,
    posted_shape,
)
from awards.permissions import Role, has_role, may_edit_application, owns_application
from awards.selectors import applications as selectors
from awards.selectors.campaigns import campaign_or_404
from awards.services import applications as services
from awards.services import invitations as invitation_services
from awards.views.application_form import ANCHORS, bind_blank, render_form, save_from_request
from config.actions import REFUSALS, REFUSED, attempt, refusal_messages
from config.client_ip import client_ip
from config.middleware import keeps_raw_body
from notices.services import notification_mark_read


@login_required
def my_applications(request):
    applications = selectors.applications_of_applicant(request.user)
    return render(
        request,
        "awards/my_applications.html",
        {
            "applications": applications,
            "campaigns": selectors.open_campaigns_for(request.user, applications),
            "notifications": selectors.notifications_of(request.user),
            "invitations": selectors.pending_invitations_of(request.user),
        },
    )


def _pending_invitation(request, pk: int):
    try:
        return invitation_services.pending_invitation(user=request.user, pk=pk)
    except PermissionDenied:
        raise Http404


@login_required
@require_GET
def invitation(request, pk: int):
    """推荐邀请: the account's owner reads what accepting means, then accepts or declines."""
    return render(request, "awards/invitation.html", {"invitation": _pending_invitation(request, pk)})


@login_required
@require_POST
def invitation_accept(request, pk: int):
    invitation = _pending_invitation(request, pk)
    application = attempt(
        request,
        invitation_services.invitation_accept,
        invitation=invitation,
        user=request.user,
        success=_("已接受%(org)s的推荐，请继续填写申报表。") % {"org": invitation.organization.name},
    )
    if application is REFUSED:
        return redirect("awards:invitation", pk=pk)
    return redirect("awards:application_edit", pk=application.pk)


@login_required
@require_POST
def invitation_decline(request, pk: int):
    invitation = _pending_invitation(request, pk)
    declined = attempt(
        request,
        invitation_services.invitation_decline,
        invitation=invitation,
        user=request.user,
        success=_("已谢绝推荐，该单位看不到您的任何申报信息。"),
    )
    if declined is REFUSED:
        return redirect("awards:invitation", pk=pk)
    return redirect("awards:my_applications")


@login_required
@require_POST
def application_start(request, pk: int):
    campaign = campaign_or_404(pk)
    application = attempt(
        request, services.application_start, campaign=campaign, user=request.user, denied=_("无权开始申报。")
    )
    if application is REFUSED:
        return redirect("awards:my_applications")
    return redirect("awards:application_edit", pk=application.pk)


@login_required
def application_edit(request, pk: int):
    # a GET checks the resident ID against the returning applicant's (the progress indicator): read with it; it
    # shows the row tables and the files, which a save does not (it redirects, or reads the page again)
    shown = request.method == "GET"
    application = selectors.own_application(request.user, pk, with_person=shown, with_rows=shown)
    if not may_edit_application(request.user, application):
        messages.info(request, _("申报已提交，不能再修改。"))
        return redirect("awards:application_detail", pk=pk)
    if request.method == "POST":
        try:
            posted_shape(request.POST, whole_form=True)
            saved, form, edu, work, problems = save_from_request(request, application, with_files=True)
        except IncompletePost as e:
            form, edu, work = bind_blank(application)
            problems = [{"anchor": "application-form", "message": str(e)}]
            return render_form(
                request, application, form, edu, work, problems, status=400, refused=True, as_stored=True
            )
        if not problems:
            messages.success(
                request,
                _("已保存（%(time)s）。")
                % {"time": timezone.localtime(saved.updated_at).strftime("%H:%M:%S")},
            )
            if "review" in request.POST:
                return redirect("awards:application_review", pk=pk)
            return redirect(reverse("awards:application_edit", args=[pk]) + "#saved")
        return render_form(request, saved, form, edu, work, problems)
    form, edu, work = bind_blank(application)
    return render_form(request, application, form, edu, work, [], as_stored=True)


@keeps_raw_body
@require_POST
def application_autosave(request, pk: int):
    """自动保存 (JS): the same form without files; answers JSON; 401 when the session has expired.
    A whole form (ending in FORM_END) saves every field; a post of some fields saves only those; a multipart
    body without its closing boundary was cut short and is refused (400), like a malformed row count."""
    if not request.user.is_authenticated:
        return JsonResponse(
            {
                "error": _("登录已过期，内容已暂存在本机浏览器中。请重新登录，登录后将自动恢复。"),
                "login_url": reverse("login"),
            },
            status=401,
        )
    application = selectors.own_application(request.user, pk, with_rows=False)  # the answer shows no rows
    if not may_edit_application(request.user, application):
        return JsonResponse({"error": _("申报已提交，不能再修改。")}, status=409)
    try:
        if not multipart_is_whole(request):
            raise IncompletePost(INCOMPLETE_MESSAGE)
        partial = posted_shape(request.POST, whole_form=False)
        saved, _form, _edu, _work, problems = save_from_request(
            request, application, with_files=False, partial=partial
        )
    except IncompletePost as e:
        return JsonResponse({"error": str(e)}, status=400)
    return JsonResponse(
        {
            "saved_at": int(saved.updated_at.timestamp() * 1000),
            "saved_label": timezone.localtime(saved.updated_at).strftime("%H:%M:%S"),
            "problems": problems,
            "achievements_length": saved.achievements_length,
        }
    )


@login_required
def application_review(request, pk: int):
    """检查并提交: every missing or invalid item with a link to it, threshold warnings, then submit."""
    # a GET checks the resident ID against the returning applicant's: read with it (a submission reads its own)
    application = selectors.own_application(request.user, pk, with_person=request.method == "GET")
    refused = []
    if request.method == "POST":
        try:
            services.application_submit(application=application, user=request.user, ip=client_ip(request))
        except REFUSALS as e:  # shown on the page itself, next to what is missing, not as a message
            refused = refusal_messages(e, denied="")
        else:
            messages.success(request, _("申报已提交。请留意站内通知与邮件。"))
            return redirect("awards:application_detail", pk=pk)
        application = selectors.application_detail(pk)
    edit_url = reverse("awards:application_edit", args=[pk])
    missing = [
        {"href": f"{edit_url}#{ANCHORS.get(m.field, 'id_' + m.field)}", "message": m.message}
        for m in missing_items(application)
    ]
    return render(
        request,
        "awards/application_review.html",
        {
            "application": application,
            "missing": missing,
            "warnings": threshold_problems(application),
            "refused": refused,
            "editable": may_edit_application(request.user, application),
            "supplement": selectors.open_supplement_request(application),
        },
        status=422 if refused else 200,
    )


@login_required
def application_detail(request, pk: int):
    # upward: which procedure actions the applicant may take is the procedure's answer (workflow)
    from workflow.selectors.procedure import allowed_actions

    application = selectors.viewable_application(request.user, pk)
    own = owns_application(request.user, application)
    can_retract = own and any(
        row.action == "retract" and why is None
        for row, why in allowed_actions("application", application, request.user)
    )
    return render(
        request,
        "awards/application_detail.html",
        {
            "application": application,
            "own": own,
            "state_words": selectors.state_in_words(application),
            "timeline": selectors.application_timeline(application),
            "supplement": selectors.open_supplement_request(application),
            "editable": may_edit_application(request.user, application),
            "can_retract": can_retract,
            "onsite": selectors.onsite_schedule(application),
        },
    )


@login_required
@require_POST
def application_retract(request, pk: int):
    application = selectors.own_application(request.user, pk)
    form = RetractForm(request.POST)
    form.is_valid()
    attempt(
        request,
        services.application_retract,
        application=application,
        user=request.user,
        reason=form.cleaned_data.get("reason", ""),
        ip=client_ip(request),
        success=_("申报已撤回。截止前可重新开始申报。"),
    )
    return redirect("awards:application_detail", pk=pk)


@login_required
@require_POST
def notification_read(request, pk: int):
    notification_mark_read(user=request.user, notification_id=pk)
    if has_role(request.user, Role.RECOMMENDER) and not has_role(request.user, Role.APPLICANT):
        return redirect("awards:recommender_home")
    return redirect("awards:my_applications")
