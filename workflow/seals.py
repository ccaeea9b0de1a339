"""Record seals: every record that decides an outcome is chained as written (docs/security.md §3).

Committee decisions (their result, counts, listed names and approved rules — the rule approvals are decisions of
kind `rules`), honors, revocations, eligibility reviews, objections, panel results and the voiding/restoring of
public ballots are not chained rows themselves; instead, each write through the application appends a
`RecordSeal` to the campaign's "seal" chain with the record's decisive content (the fields named in `SEALED`, as
read back from the database). `verify_audit` compares every such record with its last seal: a record edited,
deleted or inserted behind the application's back no longer matches, and the seal chain is keyed (HMAC) and
anchored like the others.

Writes through `Model.save()` / `create()` / `update_or_create()` are sealed by the post_save/post_delete
signals connected here; service code that writes with `QuerySet.update()` or `bulk_create()` on one of these
models calls `seal_record` itself (scoring/services/ballots.py for ballot logs). Fields that the application
legitimately changes without deciding anything (objectors' contacts purged under 第三十一条, notification times,
accounts that are deleted: SET_NULL) are left out of the seal.
"""

import json
from dataclasses import dataclass

from django.apps import apps
from django.db.models.signals import post_delete, post_save

from audit.chain import _plain


@dataclass(frozen=True)
class Sealed:
    kind: str
    model: str
    campaign_path: str  # lookup from the record to its campaign id (for queries)
    fields: tuple[str, ...]


SEALED = {
    s.kind: s
    for s in (
        Sealed(
            "decision",
            "workflow.CommitteeDecision",
            "campaign_id",
            (
                "campaign_id",
                "kind",
                "revocation_id",
                "summary",
                "listed",
                "withdrawn",
                "rules",
                "result",
                "document_number",
                "decided_on",
                "created_at",
                "closed_at",
                "members_count",
                "quorum",
                "approvals",
                "rejections",
                "abstentions",
            ),
        ),
        Sealed(
            "honor",
            "workflow.Honor",
            "application__campaign_id",
            (
                "application_id",
                "kind",
                "certificate_number",
                "awarded_on",
                "document_number",
                "may_day_medal_list",
                "may_day_conditions_ok",
                "may_day_note",
                "shanghai_craftsman_priority",
                "certificate_recalled_at",
            ),
        ),
        Sealed(
            "revocation",
            "workflow.Revocation",
            "honor__application__campaign_id",
            (
                "honor_id",
                "kind",
                "reason",
                "misconduct_on",
                "evidence",
                "sponsor_consent_document",
                "sponsor_consent_on",
                "next_committee_document",
                "next_committee_confirmed_on",
                "proposed_at",
                "status",
                "executed_at",
            ),
        ),
        Sealed(
            "review",
            "workflow.EligibilityReview",
            "application__campaign_id",
            (
                "application_id",
                "basic_conditions_ok",
                "complete_ok",
                "authentic_ok",
                "person_credit_ok",
                "unit_credit_ok",
                "notes",
                "department_consulted",
                "department_requested_on",
                "department_opinion",
                "department_opinion_on",
            ),
        ),
        Sealed(
            "objection",
            "workflow.Objection",
            "campaign_id",
            ("campaign_id", "application_id", "content", "status", "investigation", "outcome", "decided_at"),
        ),
        Sealed(
            "panel_result",
            "scoring.PanelResult",
            "application__campaign_id",
            ("panel_id", "application_id", "stage", "score", "expert_totals", "trimmed"),
        ),
        Sealed(
            "ballot_log", "scoring.BallotLog", "ballot__campaign_id", ("ballot_id", "action", "reason", "at")
        ),
    )
}

SEALED_OF_MODEL = {s.model: s for s in SEALED.values()}


def sealed_content(sealed: Sealed, record) -> dict:
    """The decisive content of `record` in its JSON form (as stored in `RecordSeal.content`)."""
    values = {}
    for name in sealed.fields:
        value = getattr(record, name)
        if hasattr(value, "name") and not isinstance(value, str):  # a FieldFile: its stored name
            value = value.name or ""
        values[name] = _plain(value)
    return json.loads(json.dumps(values, ensure_ascii=False))


def campaign_of(sealed: Sealed, record) -> int:
    value = record
    for part in sealed.campaign_path.split("__"):
        value = getattr(value, part)
    return value


def seal_record(record, *, deleted: bool = False):
    """Append the seal of `record` (re-read from the database, so that the seal holds what was stored)."""
    from workflow.models import RecordSeal
    from workflow.services.audit import chain_append

    sealed = SEALED_OF_MODEL[record._meta.label]
    model = type(record)
    stored = record if deleted else model._base_manager.get(pk=record.pk)
    return chain_append(
        RecordSeal(
            campaign_id=campaign_of(sealed, stored),
            kind=sealed.kind,
            object_id=record.pk,
            content=sealed_content(sealed, stored),
            deleted=deleted,
        ),
        campaign_id=campaign_of(sealed, stored),
    )


def _saved(sender, instance, raw=False, **kwargs):
    if not raw:
        seal_record(instance)


def _deleted(sender, instance, origin=None, **kwargs):
    """A deletion of the record itself (or of a queryset of its model) is sealed; one cascading from a deleted
    application or campaign is not (the campaign's chain goes with it; the signed checkpoints still name it)."""
    if isinstance(origin, sender) or getattr(origin, "model", None) is sender:
        seal_record(instance, deleted=True)


def connect():
    for sealed in SEALED.values():
        model = apps.get_model(sealed.model)
        post_save.connect(_saved, sender=model, dispatch_uid=f"seal-save-{sealed.kind}")
        post_delete.connect(_deleted, sender=model, dispatch_uid=f"seal-delete-{sealed.kind}")
