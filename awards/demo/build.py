"""seed_demo's entry point: build the demo world idempotently (an existing campaign of a plan is left alone)."""

from django.db import transaction
from django.test.utils import override_settings
from django.utils import timezone

from awards.demo.accounts import ensure_accounts
from awards.demo.campaigns import PLANS, create_campaign
from awards.demo.progress import build_campaign
from awards.demo.world import ensure_experts, ensure_organisations, grant_office_permissions
from awards.models import Campaign


def build_demo(*, stdout=None) -> dict[str, int]:
    """Create what is missing; return how many campaigns were created and skipped. The procedure's in-page
    notifications are recorded; the e-mails to the fictional people are not sent."""
    with override_settings(MAILERS={"default": {"BACKEND": "django.core.mail.backends.dummy.EmailBackend"}}):
        return _build(stdout)


def _build(stdout) -> dict[str, int]:
    now = timezone.now()
    with transaction.atomic():
        users = ensure_accounts()
        orgs = ensure_organisations(users)
        ensure_experts(users, orgs)
        grant_office_permissions(users["office"])
    created = skipped = 0
    for index, plan in enumerate(PLANS):
        if Campaign.objects.filter(award_type__code=plan.award, year=plan.year).exists():
            skipped += 1
            continue
        with transaction.atomic():
            campaign = create_campaign(plan, users["office"], now)
            build_campaign(campaign, plan, index, users, orgs, now)
        created += 1
        if stdout is not None:
            campaign.refresh_from_db()
            stdout.write(f"  {campaign.title}: {campaign.get_phase_display()}")
    return {"created": created, "skipped": skipped}
