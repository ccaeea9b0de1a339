import pytest

from awards.models import Application
from tests.factories import complete_application, user_with_role
from workflow.errors import TransitionRefused
from workflow.models import TransitionLog
from workflow.services.transitions import application_transition

pytestmark = pytest.mark.django_db


def _open(app):
    app.campaign.phase = "open"
    app.campaign.save()


def test_applicant_submits_a_complete_application_and_the_log_records_it():
    app = complete_application()
    _open(app)
    application_transition(application=app, action="submit", user=app.applicant, reason="")
    app.refresh_from_db()
    assert app.state == Application.State.SUBMITTED
    assert app.person.resident_id == app.resident_id
    log = TransitionLog.objects.get(application=app)
    assert (log.from_state, log.to_state, log.action) == ("draft", "submitted", "submit")


def test_office_cannot_declare_eligible_during_open_phase_and_nothing_changes():
    app = complete_application()
    _open(app)
    application_transition(application=app, action="submit", user=app.applicant)
    office = user_with_role("office")
    with pytest.raises(TransitionRefused) as e:
        application_transition(application=app, action="declare_eligible", user=office)
    assert "资格审查" in str(e.value)
    app.refresh_from_db()
    assert app.state == Application.State.SUBMITTED
    assert TransitionLog.objects.filter(application=app).count() == 1
