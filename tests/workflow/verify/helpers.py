"""Honors made through the services (create_honor_for), and the committee's approval of a revocation."""

from django.utils import timezone

from awards.models import Application, Campaign
from tests.workflow.builders import application_in, campaign_in
from workflow.models import CommitteeDecision
from workflow.services.committee import decision_close, decision_vote
from workflow.services.honors import create_honor_for
from workflow.services.revocation import revocation_propose, revocation_record_consent


def honor(year=2030, phase=Campaign.Phase.AWARDED, state=Application.State.AWARDED, name=None):
    campaign = Campaign.objects.filter(year=year, award_type__code="craftsman").first() or campaign_in(
        phase, year=year
    )
    app = application_in(campaign, state)
    if name:
        app.name = name
        app.save(update_fields=["name"])
    return create_honor_for(app, awarded_on=timezone.localdate(), document_number="沪智组8号")


def recall(honor, kind, office, committee):
    """Propose 撤销 (第三十条) or 取消 (第二十九条) and have the committee approve it: the real procedure."""
    extra = {"misconduct_on": timezone.localdate()} if kind == "revoke" else {}
    revocation = revocation_propose(honor=honor, user=office, kind=kind, reason="经核实的事由", **extra)
    revocation_record_consent(
        revocation=revocation,
        user=office,
        document_number="沪总工〔2030〕3号",
        consent_on=timezone.localdate(),
    )
    decision = CommitteeDecision.objects.get(revocation=revocation)
    for member in committee[:3]:
        decision_vote(decision=decision, user=member, choice="approve")
    decision_close(decision=decision, user=office, document_number="沪智组9号")
    revocation.refresh_from_db()
    return revocation
