"""What invalidates the page cache (config/pagecache.py): the one list of the models the cached pages read.

The cache itself is a mechanism in `config` that imports no app; the records it must follow belong to every app, so
the list lives here, in the top app layer (the import layers in pyproject.toml). `PUBLIC_MODELS` are the records the
public pages show (a save or delete bumps the campaign's version, or every version); `OFFICE_MODELS` what only the
office pages' cached parts show (docs/decisions.md 113). tests/workflow/test_pagecache_models.py renders every cached
page, reads the tables its queries touch and fails when one of them is in neither list nor in `NOT_INVALIDATING`.
Connected once from WorkflowConfig.ready().
"""

from django.core.exceptions import ObjectDoesNotExist
from django.db.models.signals import m2m_changed, post_delete, post_save

from awards.models import Application, AwardType, Campaign, Organization, TechDomain
from config.pagecache import changed, office_changed
from scoring.models import Ballot, Panel, PanelAssignment, PanelOpinion, Ranking, Rubric
from workflow.models import CommitteeDecision, EligibilityReview, Honor, Objection, Publicity, UnitNotice


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
}


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
        _on_recommended,
        sender=PanelOpinion.recommended.through,
        weak=False,
        dispatch_uid="officecache-m2m-PanelOpinion-recommended",
    )
