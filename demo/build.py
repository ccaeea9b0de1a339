"""seed_demo's entry point: build the demo world idempotently (an existing campaign of a plan is left alone)."""

from dataclasses import replace

from django.db import transaction
from django.test.utils import override_settings
from django.utils import timezone

from awards.models import Application, Campaign
from demo.accounts import ensure_accounts
from demo.campaigns import PLANS, CampaignPlan, create_campaign
from demo.progress import build_campaign
from demo.world import ensure_experts, ensure_organisations, grant_office_permissions

P = Campaign.Phase


def build_demo(*, stdout=None) -> dict[str, int]:
    """Create what is missing; return how many campaigns were created and skipped. The procedure's in-page
    notifications are recorded; the e-mails to the fictional people are not sent."""
    with override_settings(MAILERS={"default": {"BACKEND": "django.core.mail.backends.dummy.EmailBackend"}}):
        return _build(stdout)


#: The training campaign of `seed_demo --training` (decisions 260): the call open, three applications submitted
#: (one returned for supplement) and one drafting, so a trainer advances the clock (办公室 → 模拟日期) past the
#: deadline and walks the phases from there.
TRAINING_PLAN = CampaignPlan("craftsman", 0, P.OPEN, (25, 26, 27, 28), routes={26: Application.Route.UNIT})


def build_training_demo(*, stdout=None) -> Campaign:
    """The demo's 培训演练 campaign (created once; the accounts and units of the demo are made if missing)."""
    with override_settings(MAILERS={"default": {"BACKEND": "django.core.mail.backends.dummy.EmailBackend"}}):
        now = timezone.now()
        existing = Campaign.objects.filter(is_training=True, title__startswith="【培训演练】").first()
        if existing is not None:
            return existing
        with transaction.atomic():
            users = ensure_accounts()
            orgs = ensure_organisations(users)
            ensure_experts(users, orgs)
            grant_office_permissions(users["office"])
        plan = replace(TRAINING_PLAN, year=timezone.localdate(now).year)
        with transaction.atomic():
            campaign = create_campaign(plan, users["office"], now, training=True)
            build_campaign(campaign, plan, len(PLANS), users, orgs, now)
        campaign.refresh_from_db()
        if stdout is not None:
            stdout.write(f"  {campaign.title}: {campaign.get_phase_display()}")
        return campaign


def _build(stdout) -> dict[str, int]:
    now = timezone.now()
    with transaction.atomic():
        users = ensure_accounts()
        orgs = ensure_organisations(users)
        ensure_experts(users, orgs)
        grant_office_permissions(users["office"])
    created = skipped = 0
    for index, plan in enumerate(PLANS):
        if Campaign.objects.filter(award_type__code=plan.award, year=plan.year, is_training=False).exists():
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
