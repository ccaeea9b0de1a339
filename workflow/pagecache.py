"""What invalidates the page cache (config/pagecache.py): the one list of the models the cached pages read.

The cache itself is a mechanism in `config` that imports no app; the records it must follow belong to every app, so
the list lives here, in the top app layer (the import layers in pyproject.toml). `PUBLIC_MODELS` are the records the
public pages show (a save or delete bumps the campaign's version, or every version); `OFFICE_MODELS` what only the
office pages' cached parts show (docs/decisions.md 113). tests/workflow/test_pagecache_models.py renders every cached
page, reads the tables its queries touch and fails when one of them is in neither list nor in `NOT_INVALIDATING`.
`office_page` keeps the office's pages whole for each user under the same tokens (decisions 413); the same test
renders them and checks their models against these lists, `OFFICE_PAGE_NOT_INVALIDATING` and `OFFICE_PAGE_INPUTS`.
Connected once from WorkflowConfig.ready().
"""

import datetime

from django.contrib.auth.models import Group, User
from django.core.exceptions import ObjectDoesNotExist
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.utils import timezone

from awards.models import Application, AwardType, Campaign, Organization, TechDomain
from awards.permissions import roles_of
from config import clock
from config.pagecache import changed, office_changed, office_version, signed_in_page
from scoring.models import (
    Ballot,
    ConflictOfInterest,
    Panel,
    PanelAssignment,
    PanelMember,
    PanelOpinion,
    Ranking,
    Rubric,
    ScoreSheet,
    ShortlistConfirmation,
)
from workflow.models import (
    CalendarOverride,
    CommitteeDecision,
    CommitteeVote,
    EligibilityReview,
    Honor,
    Objection,
    Publicity,
    Revocation,
    UnitNotice,
)


def _on_campaign(sender, instance, **kwargs):
    changed(instance.pk)
    changed()  # the lists (home, campaign list) show every campaign's phase and links


def _on_campaign_record(sender, instance, **kwargs):
    changed(instance.campaign_id)
    if sender.__name__ == "Publicity":
        changed()  # the lists link to the publicity while it is open


def _on_application(sender, instance, **kwargs):
    # Drafts and returned forms being edited are on no public page (their submission is a transition), but the
    # office dashboard counts them.
    if instance.state not in ("draft", "returned"):
        changed(instance.campaign_id)
    else:
        office_changed(instance.campaign_id)


def _office_record(path: str):
    """A handler for a record the office pages show: bumps the office version of the campaign at `path`
    (e.g. "panel.campaign_id"); when the campaign cannot be found (a cascade delete), every version."""

    def handler(sender, instance, **kwargs):
        value = instance
        try:
            for name in path.split("."):
                value = getattr(value, name)
        except ObjectDoesNotExist:
            value = None
        if value is None:
            changed()
        else:
            office_changed(value)

    return handler


def _on_honor(sender, instance, **kwargs):
    campaign_id = Application.objects.filter(pk=instance.application_id).values_list("campaign_id", flat=True)
    changed(campaign_id.first())  # None (the application is gone too): every page


def _on_recommended(sender, instance, action, **kwargs):
    """A panel's recommended names (第十条) changed, from the opinion's side or the application's."""
    if action.startswith("post_"):
        campaign_id = getattr(instance, "campaign_id", None)  # an Application
        if campaign_id is None:
            campaign_id = instance.panel.campaign_id
        office_changed(campaign_id)


def _on_everything(sender, instance, **kwargs):
    changed()


def _on_groups(sender, instance, action, **kwargs):
    """A user joined or left a role (a group): the committee's size shown on its decision pages changes."""
    if action.startswith("post_"):
        changed()


#: The records the public pages show, and what a save or delete of one bumps.
PUBLIC_MODELS = {
    Campaign: _on_campaign,
    Publicity: _on_campaign_record,
    Application: _on_application,
    Honor: _on_honor,
    Organization: _on_everything,
    TechDomain: _on_everything,
    AwardType: _on_everything,
    Rubric: _on_everything,  # the honor's rubric, named on the call, publicity, results and candidate pages
    Ranking: _on_campaign_record,  # the results page shows the composite ranking (the office's ranking table too)
    # The working-day calendar: the deadlines and dates in working days of the office pages and the 公示.
    CalendarOverride: _on_everything,
    # The roles: the committee decision page counts the committee's members (quorum); a member joining or leaving
    # a group is followed by the m2m receiver of connect_signals.
    Group: _on_everything,
}

#: Models the cached public pages read whose changes need no invalidation, and why ("app_label.Model": reason).
NOT_INVALIDATING: dict[str, str] = {
    "scoring.RankingEntry": "written only with its Ranking, in one transaction (scoring/services/ranking.py: the "
    "Ranking row, then bulk_create of its entries); the Ranking's save bumps the version again after commit",
    "workflow.PublicityEntry": "the 公示's fixed list, written once by bulk_create in the publicity-open effect inside "
    "campaign_transition, which calls changed() after commit; never edited afterwards",
    "workflow.UnitNotice": "prefetched by the shared selector publicity_of for the office's page; the public 公示 "
    "page shows no in-unit notice (the office's cached parts follow it through OFFICE_MODELS)",
    "auth.User": "select_related of UnitNotice.confirmed_by in the same prefetch; the public pages show no account",
}

#: What only the office pages' cached parts show (office_version), with the path to the record's campaign. PublicVote
#: has no signal (a queryset delete would load every vote): its writes save the Ballot too, and comment moderation
#: calls office_changed.
OFFICE_MODELS = {
    EligibilityReview: "application.campaign_id",
    Ballot: "campaign_id",
    Panel: "campaign_id",
    PanelOpinion: "panel.campaign_id",
    PanelAssignment: "panel.campaign_id",
    CommitteeDecision: "campaign_id",
    Objection: "campaign_id",
    UnitNotice: "publicity.campaign_id",
    CommitteeVote: "decision.campaign_id",
    Revocation: "honor.application.campaign_id",
    # What the dashboard's next steps check while panels score (its phase guards): who sits on which panel, the
    # conflicts (conflicts_detect's bulk_create calls office_changed itself), the sheets submitted or reopened (a
    # draft's own saves are conditional updates: no signal, and no guard counts a draft), the panels' confirmed
    # shortlists.
    PanelMember: "panel.campaign_id",
    ConflictOfInterest: "application.campaign_id",
    ScoreSheet: "panel.campaign_id",
    ShortlistConfirmation: "panel.campaign_id",
}


#: Models the office pages kept whole (`office_page`) read whose changes need not replace the office version, and
#: why ("app_label.Model": reason).
OFFICE_PAGE_NOT_INVALIDATING: dict[str, str] = {
    "sessions.Session": "the request's own session (SessionMiddleware, in the database in tests, Redis in production): "
    "who is signed in, not what the page shows",
    "workflow.TransitionLog": "written only by the procedure's transitions (workflow/services/transitions.py), which "
    "call changed() for the campaign after commit, and with the campaign's own save when its dates change "
    "(workflow/services/campaigns.py; Campaign is in PUBLIC_MODELS)",
    "scoring.PublicVote": "written only with its Ballot's save (in OFFICE_MODELS) or by the first-ballot statement, "
    "which counts in the ranking inputs; comment moderation calls office_changed",
}

#: Read only by the pages kept under the count of ranking-input writes too (`office_page(inputs=True)`): every write
#: of these counts (scoring/services/ranking_inputs.py), so the key changes without the office version.
OFFICE_PAGE_INPUTS: dict[str, str] = {
    "scoring.RankingInputsCounter": "the count itself",
}


#: The campaign's moments at which its pages change by time alone (a window opening or closing: the dashboard's
#: next step becomes possible); every date-based rule (working days left, 公示 days) changes at midnight.
TIME_BOUNDARIES = ("opens_at", "closes_at", "public_input_opens_at", "public_input_closes_at")


def seconds_until_time_changes(campaign_id) -> float:
    """Seconds from now until the next moment the campaign's pages change by time alone: the next of its window
    boundaries still ahead, or the next midnight (Asia/Shanghai), each on the campaign's own clock (a training
    campaign's simulated date, config/clock.py). An office page is never kept past it (decisions 413)."""
    campaign = (
        Campaign.objects.filter(pk=campaign_id)
        .only("is_training", "clock_offset_days", *TIME_BOUNDARIES)
        .first()
    )
    now = clock.now(campaign)
    local = timezone.localtime(now)
    midnight = (local + datetime.timedelta(days=1)).replace(hour=0, minute=0, second=0, microsecond=0)
    ahead = (
        [t for t in (getattr(campaign, name) for name in TIME_BOUNDARIES) if t and t > now]
        if campaign
        else []
    )
    return (min([midnight, *ahead]) - now).total_seconds()


def _campaign_of_decision(pk) -> int | None:
    return CommitteeDecision.objects.filter(pk=pk).values_list("campaign_id", flat=True).first()


def office_page(view=None, *, decision: bool = False, inputs: bool = False, bypass=None):
    """Keep an office page whole for each signed-in user (config.pagecache.signed_in_page; docs/decisions.md 413)
    under the office version of its campaign: the URL's `pk` is the campaign, or with `decision` a committee
    decision of it; with `inputs` also under the count of the campaign's ranking-input writes (decisions 360: the
    score sheets and ratings, which do not change the office version); `bypass(request)`: a request answered fresh
    and not kept (config.pagecache.signed_in_page). The key names the user's roles too; a page is never kept past
    `seconds_until_time_changes`. Every model such a page reads is in the lists above or in
    `OFFICE_PAGE_NOT_INVALIDATING` (tests/workflow/test_pagecache_models.py renders each page and checks)."""

    def campaign_of(request, pk):
        """The page's campaign id; a decision's is read once per request (the key, then the lifetime on a miss)."""
        if not decision:
            return pk
        if not hasattr(request, "_office_page_campaign"):
            request._office_page_campaign = _campaign_of_decision(pk)
        return request._office_page_campaign

    def version_of(request, *args, pk, **kwargs):
        # imported here: the module connects its receivers when scoring's services load
        from scoring.selectors.ranking import inputs_version

        campaign_id = campaign_of(request, pk)
        token = office_version(campaign_id)
        return f"{token}.{inputs_version(campaign_id)}" if inputs else token

    def until(request, *args, pk, **kwargs):
        return seconds_until_time_changes(campaign_of(request, pk))

    def decorator(view):
        roles = lambda request: ",".join(sorted(roles_of(request.user)))  # noqa: E731
        wrapped = signed_in_page(version_of, vary=roles, bypass=bypass, until=until)(view)
        wrapped.signed_in_page_cache = {"decision": decision, "inputs": inputs}
        return wrapped

    return decorator(view) if view is not None else decorator


def connect_signals() -> None:
    """Connected once from WorkflowConfig.ready()."""
    for model, handler in PUBLIC_MODELS.items():
        post_save.connect(handler, sender=model, dispatch_uid=f"pagecache-save-{model.__name__}")
        post_delete.connect(handler, sender=model, dispatch_uid=f"pagecache-delete-{model.__name__}")
    for model, path in OFFICE_MODELS.items():
        handler = _office_record(path)
        post_save.connect(
            handler, sender=model, weak=False, dispatch_uid=f"officecache-save-{model.__name__}"
        )
        post_delete.connect(
            handler, sender=model, weak=False, dispatch_uid=f"officecache-delete-{model.__name__}"
        )
    m2m_changed.connect(
        _on_groups, sender=User.groups.through, weak=False, dispatch_uid="pagecache-m2m-User-groups"
    )
    m2m_changed.connect(
        _on_recommended,
        sender=PanelOpinion.recommended.through,
        weak=False,
        dispatch_uid="officecache-m2m-PanelOpinion-recommended",
    )
