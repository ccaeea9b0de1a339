"""Effects of the procedure table's rows: what happens inside the same transaction after a transition."""

from django.core.exceptions import ValidationError
from django.db.models import F
from django.utils import timezone

from awards.completeness import identity_mismatch
from awards.crypto import blind_index
from awards.models import Campaign, Person
from workflow.calendar import publicity_end
from workflow.models import CreditRecord, Publicity, PublicityEntry, SupplementRequest, UnitNotice
from workflow.selectors.publicity import listed_applications
from workflow.services.history import save_with_history
from workflow.services.honors import create_honor_for


def stamp_submitted_at(ctx, campaign, application):
    application.submitted_at = ctx.now
    application.save(update_fields=["submitted_at"])


def link_person(ctx, campaign, application):
    """One person across campaigns, keyed by resident ID (第十三条). An account already tied to another person
    is refused with the applicant's message (the submit guard lists it first; this keeps any other path from
    an IntegrityError)."""

    mismatch = identity_mismatch(application.applicant, application.resident_id)
    if mismatch:
        raise ValidationError(mismatch)
    # Looked up by the blind index: the ID itself is encrypted at rest (awards/crypto.py).
    person, _ = Person.objects.get_or_create(
        resident_id_bidx=blind_index(application.resident_id, "resident_id"),
        defaults={"name": application.name, "resident_id": application.resident_id.upper()},
    )
    for field in (
        "name",
        "gender",
        "political_status",
        "title_level",
        "education",
        "degree",
        "phone",
        "email",
    ):
        setattr(person, field, getattr(application, field))
    person.union_member = bool(application.union_member)
    if person.user_id is None:
        person.user = application.applicant
    person.save()
    application.person = person
    application.save(update_fields=["person"])


def create_supplement_request(ctx, campaign, application):
    """补正通知: the office's written request is the transition's reason (第十六条)."""

    SupplementRequest.objects.create(
        application=application,
        message=ctx.reason,
        deadline=ctx.extra.get("deadline"),
        requested_by=ctx.user,
    )


def create_publicity(ctx, campaign, application):
    """公示 (第二十一条): the period ends after N working days; one in-unit notice per applicant unit."""

    starts_on = ctx.extra["starts_on"]
    publicity = Publicity.objects.create(
        campaign=campaign,
        starts_on=starts_on,
        ends_on=publicity_end(starts_on, campaign.publicity_working_days),
        notice_text=ctx.extra.get("notice_text", ""),
        opened_by=ctx.user,
    )
    # The list as publicised, fixed from now on (PublicityEntry): titles first, then nominations, by number.
    listed = list(listed_applications(campaign).select_related(None).only("id", "state", "employer_id"))
    PublicityEntry.objects.bulk_create(
        [
            PublicityEntry(publicity=publicity, application=a, position=i, kind=a.publicity_kind)
            for i, a in enumerate(listed, start=1)
        ]
    )
    org_ids = [a.employer_id for a in listed if a.employer_id is not None]
    UnitNotice.objects.bulk_create(
        [UnitNotice(publicity=publicity, organization_id=org_id) for org_id in sorted(set(org_ids))]
    )


def close_publicity(ctx, campaign, application):
    publicity = campaign.publicity
    publicity.closed_at = ctx.now
    save_with_history(publicity, ctx.user, update_fields=["closed_at"])


def answer_supplement_request(ctx, campaign, application):
    application.supplement_requests.filter(answered_at__isnull=True).update(answered_at=ctx.now)


def assign_number(ctx, campaign, application):
    """编号 — a campaign-wide sequence such as ZHGJ-2026-001, assigned by the office."""
    if application.number:
        return
    Campaign.objects.filter(pk=campaign.pk).update(next_number=F("next_number") + 1)
    seq = Campaign.objects.values_list("next_number", flat=True).get(pk=campaign.pk) - 1
    application.number = f"{campaign.award_type.number_prefix}-{campaign.year}-{seq:03d}"
    application.save(update_fields=["number"])


def stamp_archived_at(ctx, campaign, application):
    campaign.archived_at = ctx.now
    campaign.save(update_fields=["archived_at"])


def create_honor(ctx, campaign, application):
    create_honor_for(
        application,
        awarded_on=ctx.extra.get("awarded_on") or timezone.localdate(ctx.now),
        document_number=ctx.extra.get("document_number", ""),
    )


def recall_certificate(ctx, campaign, application):
    honor = getattr(application, "honor", None)
    if honor is not None and honor.certificate_recalled_at is None:
        honor.certificate_recalled_at = ctx.now
        save_with_history(honor, None, ctx.reason[:500], update_fields=["certificate_recalled_at"])


def write_credit_record(ctx, campaign, application):
    if application.person_id is None:
        link_person(ctx, campaign, application)
    CreditRecord.objects.create(
        person=application.person,
        organization=application.employer,
        reason=ctx.reason,
        recorded_on=timezone.localdate(ctx.now),
        revocation=ctx.extra.get("revocation"),
    )


def mark_revocation_executed(ctx, campaign, application):
    revocation = ctx.extra.get("revocation")
    if revocation is not None:
        revocation.executed_at = ctx.now
        save_with_history(revocation, ctx.user, update_fields=["executed_at"])


EFFECTS = {
    f.__name__: f
    for f in (
        stamp_submitted_at,
        link_person,
        answer_supplement_request,
        create_supplement_request,
        create_publicity,
        close_publicity,
        mark_revocation_executed,
        assign_number,
        stamp_archived_at,
        create_honor,
        recall_certificate,
        write_credit_record,
    )
}
