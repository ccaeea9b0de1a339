"""Effects of the procedure table's rows: what happens inside the same transaction after a transition."""

from django.db.models import F
from django.utils import timezone

from awards.models import Campaign, Person


def stamp_submitted_at(ctx, campaign, application):
    application.submitted_at = ctx.now
    application.save(update_fields=["submitted_at"])


def link_person(ctx, campaign, application):
    """One person across campaigns, keyed by resident ID (第十三条)."""
    person, _ = Person.objects.get_or_create(
        resident_id=application.resident_id.upper(), defaults={"name": application.name}
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
    from workflow.services.honors import create_honor_for

    create_honor_for(
        application,
        awarded_on=timezone.localdate(ctx.now),
        document_number=ctx.extra.get("document_number", ""),
    )


def recall_certificate(ctx, campaign, application):
    honor = getattr(application, "honor", None)
    if honor is not None and honor.certificate_recalled_at is None:
        honor.certificate_recalled_at = ctx.now
        honor._change_reason = ctx.reason[:500]
        honor.save(update_fields=["certificate_recalled_at"])


def write_credit_record(ctx, campaign, application):
    from workflow.models import CreditRecord

    CreditRecord.objects.create(
        person=application.person,
        organization=application.employer,
        reason=ctx.reason,
        recorded_on=timezone.localdate(ctx.now),
        revocation=ctx.extra.get("revocation"),
    )


EFFECTS = {
    f.__name__: f
    for f in (
        stamp_submitted_at,
        link_person,
        answer_supplement_request,
        assign_number,
        stamp_archived_at,
        create_honor,
        recall_certificate,
        write_credit_record,
    )
}
