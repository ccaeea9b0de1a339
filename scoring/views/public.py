"""公众评价 pages (第十九条): public candidate pages and verified ballots (no login), the unit accounts' opinions,
and the office's page (counts, suspicious patterns, voiding, moderation, entry and import of other channels).
Views are thin: forms read input, `scoring.services.ballots` writes, `scoring.selectors.public` reads. The office's
page is `scoring.views.public_office`."""

import secrets
import time

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from awards.permissions import Role, role_required
from awards.selectors.campaigns import public_input_campaigns
from config.actions import REFUSED, attempt
from scoring.forms import BallotForm, CodeForm, ContactForm, VerifyStepForm
from scoring.selectors import public as selectors
from scoring.services import ballots as services
from scoring.services import captcha
from scoring.services.code_senders import channels
from scoring.services.voter_identity import (
    DEVICE_COOKIE,
    PHONE,
    client_ip,
    device_key,
    masked,
    organisation_voter,
)

PENDING, VERIFIED = "pv_pending", "pv_verified"
DOMAIN = "pv_domain"  # the verified identity's mail domain, stored with the ballot (decisions 242)


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
    return render(request, "scoring/public/index.html", {"campaigns": public_input_campaigns()})


def candidates(request, pk: int):
    campaign = selectors.open_campaign_or_404(pk)
    context = {
        "campaign": campaign,
        "candidates": selectors.public_candidates(campaign),
        "is_open": services.window_open(campaign),
        "verified": bool(_session_voter(request, VERIFIED, pk)),
    }
    return _with_device(request, render(request, "scoring/public/candidates.html", context))


def candidate(request, pk: int, app_pk: int):
    campaign = selectors.open_campaign_or_404(pk)
    found = [c for c in selectors.public_candidates(campaign) if c["id"] == app_pk]
    if not found:
        raise Http404
    context = {"campaign": campaign, "c": found[0], "is_open": services.window_open(campaign)}
    return _with_device(request, render(request, "scoring/public/candidate.html", context))


#: Seconds before "重新发送" may ask again (the page counts them down; the server refuses earlier asks).
RESEND_SECONDS = 60
SENT = "pv_sent"
CONTACT_COOKIE = "pv_contact"


def _resend_wait(request, pk: int) -> int:
    sent = (request.session.get(SENT) or {}).get(str(pk))
    if not sent:
        return 0
    return max(0, int(sent + RESEND_SECONDS - time.time()))


def verify(request, pk: int):
    campaign = selectors.open_campaign_or_404(pk)
    if request.method != "POST" and _session_voter(request, VERIFIED, pk):
        return redirect("public_input:ballot", pk=pk)  # 参加评价 again: straight to one's ballot
    pending = _session_voter(request, PENDING, pk)
    chosen = VerifyStepForm(request.POST or None)
    step = chosen.cleaned_data.get("step") if chosen.is_valid() else ""
    challenge = captcha.level(request)
    offered = channels()
    remembered = request.get_signed_cookie(CONTACT_COOKIE, default="", salt=CONTACT_COOKIE) if pending else ""
    contact_form = ContactForm(
        request.POST if step == "request" else None,
        initial={"contact": remembered},
        channels=offered,
        challenge=bool(challenge),
        request=request,
    )
    code_form = CodeForm(request.POST if step == "code" else None)
    if request.method == "POST" and services.window_open(campaign):
        if step == "request" and contact_form.is_valid():
            solved = contact_form.cleaned_data.get("captcha")
            wait = _resend_wait(request, pk)
            if wait:
                contact_form.add_error(None, _("验证码刚刚发送过，请 %(n)s 秒后再重新发送。") % {"n": wait})
            elif challenge and not solved and not captcha.unsolved_allowed(request, challenge):
                contact_form.add_error(
                    None,
                    _(
                        "请先完成“人机验证”；浏览器未启用 JavaScript 时，每 %(n)s 秒可以请求一次验证码，请稍后再试。"
                    )
                    % {"n": captcha.unsolved_wait()},
                )
            else:
                contact = contact_form.cleaned_data["contact"]
                try:
                    voter = services.code_request(
                        campaign=campaign, contact=contact, ip=client_ip(request), channels=offered
                    )
                except ValidationError as e:
                    contact_form.add_error("contact", e.messages)
                else:
                    _set_session_voter(request, PENDING, pk, voter)
                    request.session[SENT] = {**(request.session.get(SENT) or {}), str(pk): int(time.time())}
                    messages.success(
                        request,
                        _("验证码已发送至 %(to)s，请查收（%(m)s 分钟内有效）。")
                        % {"to": masked(contact), "m": services.CODE_MINUTES},
                    )
                    # no #fragment: a page opened at a fragment does not autofocus the code field
                    response = redirect("public_input:verify", pk=pk)
                    # The contact stays in the citizen's own browser (signed, for the resend), never on the server.
                    response.set_signed_cookie(
                        CONTACT_COOKIE,
                        contact,
                        salt=CONTACT_COOKIE,
                        max_age=services.CODE_MINUTES * 60,
                        httponly=True,
                        samesite="Lax",
                        secure=settings.SESSION_COOKIE_SECURE,
                    )
                    return response
        elif step == "request" and "captcha" in contact_form.errors:
            captcha.record_failure(request)
        elif step == "code" and code_form.is_valid():
            try:
                domain = services.code_verify(
                    campaign=campaign, voter=pending, code=code_form.cleaned_data["code"]
                )
            except ValidationError as e:
                code_form.add_error("code", e.messages)
                captcha.record_failure(request)
            else:
                _set_session_voter(request, VERIFIED, pk, pending)
                _set_session_voter(request, DOMAIN, pk, domain)
                _set_session_voter(request, PENDING, pk, None)
                request.session.cycle_key()
                response = redirect("public_input:ballot", pk=pk)
                response.delete_cookie(CONTACT_COOKIE)
                return response
    challenge = captcha.level(request)
    if challenge and "captcha" not in contact_form.fields:
        contact_form = ContactForm(
            initial={"contact": remembered},
            channels=offered,
            challenge=True,
            request=request,
        )
    context = {
        "campaign": campaign,
        "is_open": services.window_open(campaign),
        "contact_form": contact_form,
        "code_form": code_form,
        "pending": bool(pending),
        "sms": PHONE in offered,
        "challenge": bool(challenge),
        "resend_wait": _resend_wait(request, pk),
        "unsolved_wait": captcha.unsolved_wait(),
    }
    if pending:
        code_form.fields["code"].widget.attrs["autofocus"] = True
    status = 400 if request.method == "POST" else 200
    return _with_device(request, render(request, "scoring/public/verify.html", context, status=status))


def ballot(request, pk: int):
    campaign = selectors.open_campaign_or_404(pk, light=request.method == "POST")
    voter = _session_voter(request, VERIFIED, pk)
    if not voter:
        messages.info(request, _("请先通过验证码核验身份，再进行评价。"))
        return redirect("public_input:verify", pk=pk)
    status, errors = 200, []
    if request.method == "POST":
        # Validated over the rated candidates only; the page over every candidate is built only to show errors.
        status = 400
        allowed = services.candidate_ids(campaign)
        posted = BallotForm(request.POST, candidate_ids=allowed)
        if posted.is_valid():
            try:
                services.ballot_submit(
                    campaign=campaign,
                    voter=voter,
                    group=posted.cleaned_data["group"],
                    ratings=posted.ratings(),
                    comments=posted.comments(),
                    version=posted.cleaned_data["version"],
                    ip=client_ip(request),
                    device=device_key(request),
                    allowed=allowed,
                    domain=_session_voter(request, DOMAIN, pk),
                )
            except ValidationError as e:
                errors = e.messages
            else:
                return redirect("public_input:done", pk=pk)
    existing = selectors.current_ballot(campaign, voter)
    form = BallotForm(
        request.POST or None,
        candidates=selectors.public_candidates(campaign),
        initial=BallotForm.initial_from(existing),
    )
    if errors and form.is_valid():
        form.add_error(None, errors)
    context = {
        "campaign": campaign,
        "form": form,
        "existing": existing,
        "voided": services.voided_message(existing) if existing and not existing.counts else "",
        "is_open": services.window_open(campaign),
    }
    return _with_device(request, render(request, "scoring/public/ballot.html", context, status=status))


def done(request, pk: int):
    campaign = selectors.open_campaign_or_404(pk)
    existing = selectors.current_ballot(campaign, _session_voter(request, VERIFIED, pk))
    if existing is None:
        return redirect("public_input:verify", pk=pk)
    names = {c["id"]: c for c in selectors.public_candidates(campaign)}
    rows = [(names.get(v.application_id), v) for v in existing.votes.all() if v.application_id in names]
    context = {
        "campaign": campaign,
        "ballot": existing,
        "rows": rows,
        "voided": services.voided_message(existing) if not existing.counts else "",
        "is_open": services.window_open(campaign),
    }
    return render(request, "scoring/public/done.html", context)


# --- 企事业单位 through their unit accounts ------------------------------------------------------------------------


@role_required(Role.RECOMMENDER)
def unit_ballot(request, pk: int):
    campaign = selectors.open_campaign_or_404(pk)
    organization = selectors.unit_of(request.user)
    if organization is None:
        raise PermissionDenied(_("您的账户未关联单位。"))
    cands = selectors.public_candidates(campaign)
    existing = selectors.current_ballot(campaign, organisation_voter(organization))
    form = BallotForm(
        request.POST or None, candidates=cands, with_group=False, initial=BallotForm.initial_from(existing)
    )
    if request.method == "POST" and form.is_valid():
        stored = attempt(
            request,
            services.unit_ballot_submit,
            campaign=campaign,
            organization=organization,
            user=request.user,
            ratings=form.ratings(),
            comments=form.comments(),
            version=form.cleaned_data["version"],
            on_form=form,
        )
        if stored is not REFUSED:
            if stored.refused:
                messages.warning(request, services.own_candidate_message(stored.refused))
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


def rules(request, pk: int):
    """评价规则与个人信息说明 (decisions 244): how a rating counts, what is stored and for how long, whom to ask;
    after the window the counted and voided ratings per candidate and group. Linked from every vote page."""
    campaign = selectors.rules_campaign_or_404(pk)
    window = services.window_state(campaign)
    context = {
        "campaign": campaign,
        "window": window,
        "is_open": window == "open",
        "contact": settings.PUBLIC_INPUT_CONTACT,
        **selectors.rules_page(campaign, window),
    }
    return render(request, "scoring/public/rules.html", context)
