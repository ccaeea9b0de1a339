"""公众评价 pages (第十九条): public candidate pages and verified ballots (no login), the unit accounts' opinions,
and the office's page (counts, suspicious patterns, voiding, moderation, entry and import of other channels).
Views are thin: forms read input, `scoring.public.services` writes, `scoring.public.selectors` reads."""

import secrets

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from awards.models import Campaign, Organization
from awards.permissions import Role, role_required
from scoring.public import captcha, limits, selectors, services
from scoring.public.forms import BallotForm, CodeForm, ContactForm, ImportForm, OfficeEntryForm, VoidForm
from scoring.public.identity import DEVICE_COOKIE, client_ip, device_key
from scoring.public.imports import import_opinions
from workflow.views._common import report_error

PENDING, VERIFIED = "pv_pending", "pv_verified"


def _campaign(pk: int) -> Campaign:
    campaign = get_object_or_404(Campaign.objects.select_related("award_type__rubric"), pk=pk)
    if campaign.phase != Campaign.Phase.PUBLIC_INPUT or not campaign.public_input_enabled:
        raise Http404
    return campaign


def _with_device(request, response):
    """A random device cookie (its keyed hash is stored on ballots to spot many identities on one device)."""
    if DEVICE_COOKIE not in request.COOKIES:
        response.set_cookie(
            DEVICE_COOKIE, secrets.token_urlsafe(16), max_age=365 * 86400, httponly=True, samesite="Lax"
        )
    return response


def _session_voter(request, key: str, pk: int) -> str:
    return (request.session.get(key) or {}).get(str(pk), "")


def _set_session_voter(request, key: str, pk: int, voter: str | None) -> None:
    values = dict(request.session.get(key) or {})
    if voter:
        values[str(pk)] = voter
    else:
        values.pop(str(pk), None)
    request.session[key] = values


def index(request):
    return render(request, "scoring/public/index.html", {"campaigns": selectors.public_input_campaigns()})


def candidates(request, pk: int):
    campaign = _campaign(pk)
    context = {
        "campaign": campaign,
        "candidates": selectors.public_candidates(campaign),
        "is_open": services.window_open(campaign),
        "verified": bool(_session_voter(request, VERIFIED, pk)),
    }
    return _with_device(request, render(request, "scoring/public/candidates.html", context))


def candidate(request, pk: int, app_pk: int):
    campaign = _campaign(pk)
    found = [c for c in selectors.public_candidates(campaign) if c["id"] == app_pk]
    if not found:
        raise Http404
    context = {"campaign": campaign, "c": found[0], "is_open": services.window_open(campaign)}
    return _with_device(request, render(request, "scoring/public/candidate.html", context))


def verify(request, pk: int):
    campaign = _campaign(pk)
    ip = client_ip(request)
    pending = _session_voter(request, PENDING, pk)
    contact_form = ContactForm(request.POST if request.POST.get("step") == "request" else None)
    code_form = CodeForm(request.POST if request.POST.get("step") == "code" else None)
    if request.method == "POST" and services.window_open(campaign):
        if request.POST.get("step") == "request" and contact_form.is_valid():
            if limits.captcha_required(ip) and not captcha.check(
                request.session, contact_form.cleaned_data["captcha"]
            ):
                contact_form.add_error("captcha", _("算式结果不正确，请重新计算。"))
                limits.record_failure(ip)
            else:
                try:
                    voter = services.code_request(
                        campaign=campaign, contact=contact_form.cleaned_data["contact"], ip=ip
                    )
                except ValidationError as e:
                    contact_form.add_error("contact", e.messages)
                    limits.record_failure(ip)
                else:
                    _set_session_voter(request, PENDING, pk, voter)
                    messages.success(request, _("验证码已发送，请查收（10 分钟内有效）。"))
                    return redirect("public_input:verify", pk=pk)
        elif request.POST.get("step") == "code" and code_form.is_valid():
            try:
                services.code_verify(campaign=campaign, voter=pending, code=code_form.cleaned_data["code"])
            except ValidationError as e:
                code_form.add_error("code", e.messages)
                limits.record_failure(ip)
            else:
                _set_session_voter(request, VERIFIED, pk, pending)
                _set_session_voter(request, PENDING, pk, None)
                request.session.cycle_key()
                return redirect("public_input:ballot", pk=pk)
    need_captcha = limits.captcha_required(ip)
    context = {
        "campaign": campaign,
        "is_open": services.window_open(campaign),
        "contact_form": contact_form,
        "code_form": code_form,
        "pending": bool(pending),
        "captcha": captcha.svg(captcha.new_challenge(request.session)) if need_captcha else None,
    }
    status = 400 if request.method == "POST" else 200
    return _with_device(request, render(request, "scoring/public/verify.html", context, status=status))


def ballot(request, pk: int):
    campaign = _campaign(pk)
    voter = _session_voter(request, VERIFIED, pk)
    if not voter:
        messages.info(request, _("请先通过验证码核验身份，再进行评价。"))
        return redirect("public_input:verify", pk=pk)
    cands = selectors.public_candidates(campaign)
    existing = selectors.current_ballot(campaign, voter)
    form = BallotForm(request.POST or None, candidates=cands, initial=BallotForm.initial_from(existing))
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            try:
                services.ballot_submit(
                    campaign=campaign,
                    voter=voter,
                    group=form.cleaned_data["group"],
                    ratings=form.ratings(),
                    comments=form.comments(),
                    version=form.cleaned_data["version"],
                    ip=client_ip(request),
                    device=device_key(request),
                )
            except ValidationError as e:
                form.add_error(None, e.messages)
            else:
                return redirect("public_input:done", pk=pk)
    context = {
        "campaign": campaign,
        "form": form,
        "existing": existing,
        "is_open": services.window_open(campaign),
    }
    return _with_device(request, render(request, "scoring/public/ballot.html", context, status=status))


def done(request, pk: int):
    campaign = _campaign(pk)
    existing = selectors.current_ballot(campaign, _session_voter(request, VERIFIED, pk))
    if existing is None:
        return redirect("public_input:verify", pk=pk)
    names = {c["id"]: c for c in selectors.public_candidates(campaign)}
    rows = [(names.get(v.application_id), v) for v in existing.votes.all() if v.application_id in names]
    context = {
        "campaign": campaign,
        "ballot": existing,
        "rows": rows,
        "is_open": services.window_open(campaign),
    }
    return render(request, "scoring/public/done.html", context)


# --- 企事业单位 through their unit accounts ------------------------------------------------------------------------


@role_required(Role.RECOMMENDER)
def unit_ballot(request, pk: int):
    campaign = _campaign(pk)
    organization = Organization.objects.filter(staff=request.user).order_by("id").first()
    if organization is None:
        raise PermissionDenied(_("您的账户未关联单位。"))
    cands = selectors.public_candidates(campaign)
    from scoring.public.identity import keyed_hash

    existing = selectors.current_ballot(campaign, keyed_hash("organisation", str(organization.pk)))
    form = BallotForm(
        request.POST or None, candidates=cands, with_group=False, initial=BallotForm.initial_from(existing)
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.unit_ballot_submit(
                campaign=campaign,
                organization=organization,
                user=request.user,
                ratings=form.ratings(),
                comments=form.comments(),
                version=form.cleaned_data["version"],
            )
        except (ValidationError, PermissionDenied) as e:
            form.add_error(None, e.messages if isinstance(e, ValidationError) else [str(e)])
        else:
            messages.success(request, _("本单位的评价意见已提交，公众评价结束前可以修改。"))
            return redirect("public_input:unit", pk=pk)
    context = {
        "campaign": campaign,
        "form": form,
        "existing": existing,
        "organization": organization,
        "is_open": services.window_open(campaign),
    }
    return render(request, "scoring/public/unit.html", context)


# --- the office ---------------------------------------------------------------------------------------------------


@role_required(Role.OFFICE)
def office(request, pk: int):
    campaign = get_object_or_404(Campaign.objects.select_related("award_type"), pk=pk)
    cands = selectors.public_candidates(campaign)
    entry_form = OfficeEntryForm(
        request.POST if request.POST.get("op") == "enter" else None, candidates=cands
    )
    if request.method == "POST":
        op = request.POST.get("op")
        try:
            if op in ("void", "restore"):
                form = VoidForm(request.POST)
                if not form.is_valid():
                    raise ValidationError(_("请填写作废或恢复的原因。"))
                ids = [i for i in form.cleaned_data["ballots"].split(",") if i.strip().isdigit()]
                action = services.ballots_void if op == "void" else services.ballots_restore
                n = action(
                    campaign=campaign, ballot_ids=ids, reason=form.cleaned_data["reason"], user=request.user
                )
                messages.success(
                    request,
                    (_("已作废 %(n)s 张选票。") if op == "void" else _("已恢复 %(n)s 张选票。")) % {"n": n},
                )
            elif op in ("approve", "reject"):
                n = services.comment_moderate(
                    campaign=campaign,
                    vote_ids=request.POST.getlist("votes"),
                    approve=op == "approve",
                    user=request.user,
                )
                messages.success(request, _("已审核 %(n)s 条意见。") % {"n": n})
            elif op == "enter":
                if not entry_form.is_valid():
                    raise ValidationError(_("请完整填写录入内容。"))
                data = entry_form.cleaned_data
                services.office_ballot_enter(
                    campaign=campaign,
                    user=request.user,
                    group=data["group"],
                    source=data["source"],
                    reference=data["reference"],
                    ratings={data["application"]: data["rating"]},
                    comments={data["application"]: data["comment"]},
                )
                messages.success(request, _("已录入 1 条评价意见。"))
            elif op == "import":
                form = ImportForm(request.POST, request.FILES)
                if not form.is_valid():
                    raise ValidationError(_("请选择 Excel 文件（.xlsx）。"))
                n = import_opinions(campaign=campaign, user=request.user, file=form.cleaned_data["file"])
                messages.success(request, _("已导入 %(n)s 份评价意见。") % {"n": n})
            else:
                raise ValidationError(_("未知的操作。"))
        except (ValidationError, PermissionDenied) as e:
            report_error(request, e)
        else:
            return redirect("public_input:office", pk=pk)
    context = {
        "campaign": campaign,
        "counts": selectors.group_counts(campaign),
        "patterns": selectors.suspicious_patterns(campaign),
        "comments": selectors.comments_for_moderation(campaign),
        "entry_form": entry_form,
        "import_form": ImportForm(),
        "is_open": services.window_open(campaign),
        "voided": campaign.ballots.filter(voided_at__isnull=False).order_by("-voided_at")[:200],
    }
    return render(request, "scoring/public/office.html", context)
