"""The office's 公众评价 page (第十九条): counts, suspicious patterns, voided ballots, moderation, entry and import of
opinions from other channels. One view shows the page; each action has its own URL and view."""

from django.core.exceptions import ValidationError
from django.http import QueryDict
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from awards.permissions import Role, role_required
from awards.selectors.campaigns import campaign_or_404
from config.actions import REFUSED, attempt
from scoring.forms import BallotFilterForm, ImportForm, ModerateForm, OfficeEntryForm, VoidForm
from scoring.selectors import public as selectors
from scoring.services import ballots as services
from scoring.services.opinion_imports import import_opinions


def _page(request, campaign, *, entry_form=None, status=200):
    cands = selectors.public_candidates(campaign)
    context = {
        "campaign": campaign,
        "counts": selectors.group_counts(campaign),
        "patterns": selectors.suspicious_patterns(campaign),
        "comments": selectors.comments_for_moderation(campaign),
        "entry_form": entry_form or OfficeEntryForm(candidates=cands),
        "import_form": ImportForm(),
        "is_open": services.window_open(campaign),
        "voided": selectors.voided_ballots(campaign),
        "sources": selectors.identity_sources(campaign),
    }
    return render(request, "scoring/public/office.html", context, status=status)


@role_required(Role.OFFICE)
@require_GET
def office(request, pk: int):
    return _page(request, campaign_or_404(pk))


def _act(request, pk: int, form, run, done) -> object:
    """Run one action of the page with its form's data; report the refusal or `done` (with the count)."""
    attempt(request, run, campaign_or_404(pk), form, success=lambda n: done % {"n": n})
    if request.POST.get("back") == "ballots":  # from the ballot list: back to it with its filters
        query = QueryDict(request.POST.get("query", "")).urlencode()  # re-encoded: only a query string
        url = reverse("public_input:office_ballots", args=[pk])
        return redirect(f"{url}?{query}" if query else url)
    return redirect("public_input:office", pk=pk)


def _void_or_restore(request, pk: int, *, void: bool):
    def run(campaign, form):
        if not form.is_valid():
            raise ValidationError(_("请填写作废或恢复的原因。"))
        action = services.ballots_void if void else services.ballots_restore
        return action(
            campaign=campaign, ballot_ids=form.ids(), reason=form.cleaned_data["reason"], user=request.user
        )

    done = _("已作废 %(n)s 张选票。") if void else _("已恢复 %(n)s 张选票。")
    return _act(request, pk, VoidForm(request.POST), run, done)


@role_required(Role.OFFICE)
@require_POST
def ballots_void(request, pk: int):
    return _void_or_restore(request, pk, void=True)


@role_required(Role.OFFICE)
@require_POST
def ballots_restore(request, pk: int):
    return _void_or_restore(request, pk, void=False)


def _moderate(request, pk: int, *, approve: bool):
    def run(campaign, form):
        form.is_valid()  # ticked ids only
        votes = form.cleaned_data.get("votes", [])
        return services.comment_moderate(
            campaign=campaign, vote_ids=votes, approve=approve, user=request.user
        )

    return _act(request, pk, ModerateForm(request.POST), run, _("已审核 %(n)s 条意见。"))


@role_required(Role.OFFICE)
@require_POST
def comments_approve(request, pk: int):
    return _moderate(request, pk, approve=True)


@role_required(Role.OFFICE)
@require_POST
def comments_reject(request, pk: int):
    return _moderate(request, pk, approve=False)


@role_required(Role.OFFICE)
@require_POST
def opinion_enter(request, pk: int):
    """录入 one opinion gathered through another channel (纸质问卷、协会调查); an incomplete form is shown again."""
    campaign = campaign_or_404(pk)
    form = OfficeEntryForm(request.POST, candidates=selectors.public_candidates(campaign))

    def enter():
        if not form.is_valid():
            raise ValidationError(_("请完整填写录入内容。"))
        data = form.cleaned_data
        return services.office_ballot_enter(
            campaign=campaign,
            user=request.user,
            group=data["group"],
            source=data["source"],
            reference=data["reference"],
            ratings={data["application"]: data["rating"]},
            comments={data["application"]: data["comment"]},
        )

    if attempt(request, enter, success=_("已录入 1 条评价意见。")) is REFUSED:
        return _page(request, campaign, entry_form=form)
    return redirect("public_input:office", pk=pk)


@role_required(Role.OFFICE)
@require_POST
def opinions_import(request, pk: int):
    def run(campaign, form):
        if not form.is_valid():
            raise ValidationError(_("请选择 Excel 文件（.xlsx）。"))
        return import_opinions(campaign=campaign, user=request.user, file=form.cleaned_data["file"])

    return _act(request, pk, ImportForm(request.POST, request.FILES), run, _("已导入 %(n)s 份评价意见。"))


@role_required(Role.OFFICE)
@require_GET
def ballots(request, pk: int):
    """The individual ballots (decisions 243), filtered, each with its ratings and void/restore history."""
    campaign = campaign_or_404(pk)
    form = BallotFilterForm(request.GET or None)
    page = form.cleaned_data.get("page") if form.is_valid() else None
    query = request.GET.copy()
    query.pop("page", None)
    context = {
        "campaign": campaign,
        "form": form,
        "query": query.urlencode(),
        "listing": selectors.ballot_list(campaign, form.filters() if form.is_bound else {}, page or 1),
    }
    return render(request, "scoring/public/office_ballots.html", context, status=400 if form.errors else 200)
