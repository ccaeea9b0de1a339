"""排名输入的写入计数 (decisions 360): whether a stored composite ranking is still current, in one query.

`inputs_digest` (scoring/selectors/ranking.py) reads, for the campaign's ranked candidates, and every writer of it
adds one to the campaign's counter (`inputs_changed`) inside its own transaction:

| what the digest reads | who writes it | how the counter follows |
|---|---|---|
| who is ranked: `Application.state` in `RANKED_STATES` | `application_transition` (save with `update_fields` state) | pre_save / post_save of Application: only a move into or out of the ranked states (applying the lists moves between them) |
| a ranked candidate's employer / recommender (a unit's own rating is not counted) | the application's services | post_save of Application in a ranked state, of all fields or naming one of these |
| the submitted score sheets (id, expert, stage, total) | `sheet_submit`, `sheet_reopen` (a save after the conditional update) | post_save / post_delete of ScoreSheet (a new draft excepted) |
| the panel results (score) | the aggregation at a stage's close, `sheet_reopen` (delete) | post_save / post_delete of PanelResult |
| the counted public ratings: PublicVote rows, `Ballot.voided_at` (void, restore, the stuffing review's void), the ballot's group and unit | `ballots._store` (web, unit, office entry: saves the Ballot in the transaction that writes its votes), `_set_void` (saves each ballot), the PostgreSQL first-ballot statement | post_save / post_delete of Ballot; the first-ballot statement bumps in the same statement |
| the campaign's rules: quota, nomination quota, minimum, weights, trimmed mean, public rules, tie-break order, normalisation, public input on/off | the campaign form, the committee's rules | post_save of Campaign (a save naming none of these fields — the phase, the clock — does not count) |
| the regulation's quota ceiling (`AwardType.default_quota`), the rubric (code, maximum, tie-break dimension) | fixtures, the rubric loader | post_save of AwardType and Rubric: every campaign of them |

PublicVote itself has no receiver: its rows are written only with their Ballot's save (above) or in the
first-ballot statement, and a receiver on it would make every cascade delete load each vote. A queryset
`update()` or raw SQL past these services is not seen; `verify_ranking` (the auditor's full recomputation) is.

The counter is `SHARDS` rows per campaign (`RankingInputsCounter`) and its value the sum; each write adds one to a
random row with an upsert that works on PostgreSQL and SQLite, so two writes never lose one another's increment
(the row is locked by the writer's transaction until it commits) and parallel ballots rarely wait on the same row.
The value is read by `inputs_version` (scoring/selectors/ranking.py, with `RANKED_STATES`: the read side).
`compute_ranking` reads the value before it reads any input: a write committed before that is in the ranking, one
committed after makes the value differ.
"""

import random

from django.db import connection
from django.db.models.signals import post_delete, post_save, pre_save

from awards.models import Application, AwardType, Campaign
from scoring.models import Ballot, PanelResult, RankingInputsCounter, Rubric, ScoreSheet
from scoring.selectors.ranking import RANKED_STATES

#: Rows per campaign; the value is their sum.
SHARDS = 8


def upsert_sql(source: str = "") -> str:
    """The statement adding one to a shard row of the campaign (the row created when missing); parameters: the
    campaign id, the shard. `source`: a FROM clause that must return a row for the increment to happen (the
    PostgreSQL first-ballot statement's `FROM b LIMIT 1`); empty: always."""
    q = connection.ops.quote_name
    table = q(RankingInputsCounter._meta.db_table)
    campaign = q(RankingInputsCounter._meta.get_field("campaign").column)
    values = f"SELECT %s, %s, 1 {source}" if source else "VALUES (%s, %s, 1)"
    return (
        f"INSERT INTO {table} ({campaign}, {q('shard')}, {q('writes')}) {values} "
        f"ON CONFLICT ({campaign}, {q('shard')}) DO UPDATE SET {q('writes')} = {table}.{q('writes')} + 1"
    )


def random_shard() -> int:
    return random.randrange(SHARDS)  # noqa: S311 — spreads the lock, nothing secret


def inputs_changed(campaign_id: int | None) -> None:
    """One write of the inputs of `campaign_id`'s ranking: the counter grows by one, in the caller's transaction."""
    if campaign_id is None:
        return
    with connection.cursor() as cursor:
        cursor.execute(upsert_sql(), [campaign_id, random_shard()])


# --- the receivers ------------------------------------------------------------------------------------------------


def _campaign_of_application(application_id) -> int | None:
    return Application.objects.filter(pk=application_id).values_list("campaign_id", flat=True).first()


def _campaign_going(origin) -> bool:
    """A delete that cascades from a campaign's own deletion: nothing to count (and no counter row may be added
    for a campaign about to go)."""
    model = getattr(origin, "model", None) or type(origin)
    return issubclass(model, Campaign)


#: The application's fields the ranking reads besides its state (the state is looked at on its own: a move between
#: two ranked states, e.g. the lists applied from the ranking, changes nothing). A save naming none of them (a
#: consent, a confirmation date) leaves the ranking current; a save of every field of a ranked candidate counts.
_APPLICATION_INPUTS = {"employer", "employer_id", "recommender", "recommender_id", "campaign", "campaign_id"}

#: The campaign's fields `ranking_inputs` reads: a save naming none of them (the phase, the clock, the archive
#: date) leaves the ranking current; a save of every field (the campaign form, the approved rules) counts.
_CAMPAIGN_INPUTS = {
    "award_type",
    "award_type_id",
    "quota",
    "nomination_quota",
    "min_composite_score",
    "weight_material",
    "weight_onsite",
    "weight_public",
    "public_weight_general",
    "public_weight_practitioner",
    "public_weight_organisation",
    "public_input_enabled",
    "use_trimmed_mean",
    "public_unrated_rule",
    "public_min_ratings",
    "public_prior_weight",
    "tiebreak_order",
    "score_normalisation",
}


def _writes(update_fields, inputs: set) -> bool:
    return update_fields is None or bool(set(update_fields) & inputs)


def _before_application_saved(sender, instance, update_fields=None, **kwargs):
    """A state written (a transition): whether the candidate was ranked before, read from its row (locked by the
    transition)."""
    if update_fields is not None and "state" in update_fields and instance.pk:
        before = Application.objects.filter(pk=instance.pk).values_list("state", flat=True).first()
        instance._ranked_before = before in RANKED_STATES


def _on_application_saved(sender, instance, update_fields=None, **kwargs):
    ranked = instance.state in RANKED_STATES
    before = instance.__dict__.pop("_ranked_before", None)
    if before is not None and before != ranked:
        inputs_changed(instance.campaign_id)  # enters or leaves the ranking
    elif ranked and _writes(update_fields, _APPLICATION_INPUTS):
        inputs_changed(instance.campaign_id)  # a ranked candidate's data (its employer, its recommender …)


def _on_application_deleted(sender, instance, origin=None, **kwargs):
    if instance.state in RANKED_STATES and not _campaign_going(origin):
        inputs_changed(instance.campaign_id)


def _on_sheet_saved(sender, instance, created=False, **kwargs):
    if created and instance.state == ScoreSheet.State.DRAFT:
        return  # a new draft: no submitted total yet (drafts are saved by a conditional update, no signal)
    inputs_changed(_campaign_of_application(instance.application_id))


def _on_application_record_deleted(sender, instance, origin=None, **kwargs):
    if not _campaign_going(origin):
        inputs_changed(_campaign_of_application(instance.application_id))


def _on_panel_result_saved(sender, instance, **kwargs):
    inputs_changed(_campaign_of_application(instance.application_id))


def _on_ballot_saved(sender, instance, **kwargs):
    inputs_changed(instance.campaign_id)


def _on_ballot_deleted(sender, instance, origin=None, **kwargs):
    if not _campaign_going(origin):
        inputs_changed(instance.campaign_id)


def _on_campaign_saved(sender, instance, created=False, update_fields=None, **kwargs):
    if not created and _writes(update_fields, _CAMPAIGN_INPUTS):
        inputs_changed(instance.pk)


def _on_award_type_saved(sender, instance, **kwargs):
    for campaign_id in Campaign.objects.filter(award_type=instance).values_list("pk", flat=True):
        inputs_changed(campaign_id)


def _on_rubric_saved(sender, instance, **kwargs):
    for campaign_id in Campaign.objects.filter(award_type__rubric=instance).values_list("pk", flat=True):
        inputs_changed(campaign_id)


#: (model, receiver of post_save, receiver of post_delete or None). A campaign, an honor type or a rubric that is
#: deleted takes its rankings with it (or cannot be deleted while campaigns use it).
RECEIVERS = (
    (Application, _on_application_saved, _on_application_deleted),
    (ScoreSheet, _on_sheet_saved, _on_application_record_deleted),
    (PanelResult, _on_panel_result_saved, _on_application_record_deleted),
    (Ballot, _on_ballot_saved, _on_ballot_deleted),
    (Campaign, _on_campaign_saved, None),
    (AwardType, _on_award_type_saved, None),
    (Rubric, _on_rubric_saved, None),
)


def connect_signals() -> None:
    """Called once from `ScoringConfig.ready`."""
    for model, saved, deleted in RECEIVERS:
        uid = f"scoring.ranking_inputs.{model.__name__}"
        post_save.connect(saved, sender=model, dispatch_uid=uid + ".save")
        if model is Application:
            pre_save.connect(_before_application_saved, sender=model, dispatch_uid=uid + ".pre_save")
        if deleted is not None:
            post_delete.connect(deleted, sender=model, dispatch_uid=uid + ".delete")
