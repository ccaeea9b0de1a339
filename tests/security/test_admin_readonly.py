"""The admin never rewrites history: votes, score sheets and entries, panel results and opinions, committee
decisions, rankings, honors, revocations, credit records, eligibility reviews, objections, declared conflicts and
transition logs are view-only for everyone, the superuser included. A POST to the change, delete or add page —
or simple_history's "revert to this version" — changes nothing."""

import pytest
from django.apps import apps
from django.contrib.auth.models import User
from django.forms.models import model_to_dict
from django.test import Client
from django.urls import reverse

#: model label → a field change the attacker posts (refused whatever it is)
READ_ONLY = {
    "workflow.CommitteeVote": {"choice": "against"},
    "workflow.CommitteeDecision": {"result": "rejected", "document_number": "forged"},
    "workflow.Honor": {"certificate_number": "FORGED-1"},
    "workflow.TransitionLog": {"reason": "rewritten"},
    "workflow.EligibilityReview": {"notes": "rewritten"},
    "workflow.Objection": {"status": "rejected"},
    "workflow.PublicityEntry": {"position": "99", "kind": "nomination"},
    "scoring.ScoreSheet": {"total": "100", "state": "submitted"},
    "scoring.ScoreEntry": {"points": "30"},
    "scoring.PanelResult": {"score": "99.9"},
    "scoring.PanelOpinion": {"text": "rewritten"},
    "scoring.Ranking": {"is_current": "on"},
    "scoring.RankingEntry": {"rank": "1", "outcome": "recommended"},
    "scoring.PublicVote": {},
}
#: read-only too, but the demo has no row of them
READ_ONLY_EMPTY_IN_DEMO = ["workflow.Revocation", "workflow.CreditRecord", "scoring.ConflictOfInterest"]


@pytest.fixture
def demo(demo_world):
    """The demo world, seeded once for every test that reads it (tests/conftest.py)."""
    return demo_world


@pytest.fixture
def root(demo):
    """A superuser on top of the demo, created in the test's own transaction (it goes with the test)."""
    User.objects.create_superuser("root", "root@example.cn", "root-pass-2026")
    client = Client()
    client.force_login(User.objects.get(username="root"))
    return client


pytestmark = pytest.mark.django_db


def _url(model, view: str, *args) -> str:
    return reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_{view}", args=args)


def _snapshot(obj) -> dict:
    obj.refresh_from_db()
    return model_to_dict(obj)


@pytest.mark.parametrize("label", sorted(READ_ONLY))
def test_a_post_to_the_change_page_changes_nothing(root, label):
    model = apps.get_model(label)
    obj = model._default_manager.order_by("pk").first()
    assert obj is not None, f"the demo has no {label}"
    before = _snapshot(obj)
    assert root.get(_url(model, "change", obj.pk)).status_code == 200  # it can still be read
    response = root.post(_url(model, "change", obj.pk), READ_ONLY[label])
    assert response.status_code == 403
    assert _snapshot(obj) == before


@pytest.mark.parametrize("label", sorted(READ_ONLY))
def test_delete_and_add_are_refused(root, label):
    model = apps.get_model(label)
    obj = model._default_manager.order_by("pk").first()
    count = model._default_manager.count()
    assert root.post(_url(model, "delete", obj.pk), {"post": "yes"}).status_code == 403
    assert root.post(_url(model, "add"), READ_ONLY[label]).status_code == 403
    bulk = root.post(
        _url(model, "changelist"), {"action": "delete_selected", "_selected_action": [obj.pk], "post": "yes"}
    )
    assert bulk.status_code in (200, 302)
    assert model._default_manager.count() == count


@pytest.mark.parametrize("label", ["scoring.ScoreSheet", "workflow.CommitteeDecision", "workflow.Honor"])
def test_reverting_to_an_earlier_version_is_refused(root, label):
    model = apps.get_model(label)
    obj = model.history.order_by("history_id").first().instance
    obj = model._default_manager.get(pk=obj.pk)
    version = obj.history.order_by("history_id").first()
    before = _snapshot(obj)
    response = root.post(
        reverse(
            f"admin:{model._meta.app_label}_{model._meta.model_name}_simple_history",
            args=[obj.pk, version.history_id],
        ),
        {**{k: v for k, v in model_to_dict(version.instance).items() if v is not None}, **READ_ONLY[label]},
    )
    assert response.status_code == 403
    assert _snapshot(obj) == before


@pytest.mark.parametrize("label", sorted(READ_ONLY) + READ_ONLY_EMPTY_IN_DEMO)
def test_no_permission_to_add_change_or_delete_even_for_the_superuser(root, label):
    from django.contrib import admin
    from django.test import RequestFactory

    model = apps.get_model(label)
    model_admin = admin.site._registry[model]
    request = RequestFactory().get("/")
    request.user = User.objects.get(username="root")
    assert not model_admin.has_add_permission(request)
    assert not model_admin.has_change_permission(request)
    assert not model_admin.has_delete_permission(request)
    for inline in model_admin.get_inline_instances(request):
        assert not inline.has_add_permission(request, None)
        assert not inline.has_change_permission(request)
        assert not inline.has_delete_permission(request)


def test_every_editable_admin_registration_has_a_row_saying_why():
    """Issue 21: a new editable admin registration fails here until `EDITABLE_IN_ADMIN` says why. Everything
    else — every model deciding an outcome — is view-only, its inlines too."""
    from django.contrib import admin
    from django.test import RequestFactory

    from tests.security.matrix import EDITABLE_IN_ADMIN

    request = RequestFactory().get("/")
    request.user = User(username="probe", is_superuser=True, is_staff=True, is_active=True)
    editable = {}
    for model, model_admin in admin.site._registry.items():
        parts = [model_admin, *model_admin.get_inline_instances(request)]
        for part in parts:
            inline = part is not model_admin
            if (
                (part.has_add_permission(request, None) if inline else part.has_add_permission(request))
                or part.has_change_permission(request)
                or part.has_delete_permission(request)
            ):
                editable.setdefault(model._meta.label, []).append(part.model._meta.label)
    unexplained = sorted(set(editable) - set(EDITABLE_IN_ADMIN))
    assert unexplained == [], f"editable in the admin without a row in EDITABLE_IN_ADMIN: {unexplained}"
    stale = sorted(set(EDITABLE_IN_ADMIN) - set(editable))
    assert stale == [], f"rows of EDITABLE_IN_ADMIN for registrations that are view-only now: {stale}"


@pytest.mark.parametrize(
    "label",
    [
        "workflow.Publicity",
        "workflow.UnitNotice",
        "workflow.SupplementRequest",
        "notices.Notification",
        "scoring.Panel",
        "scoring.PanelMember",
        "scoring.PanelAssignment",
        "scoring.ShortlistConfirmation",
        "scoring.Rubric",
        "scoring.Criterion",
        "awards.AwardType",
    ],
)
def test_records_deciding_an_outcome_are_view_only(label):
    """The models issue 21 found editable although they decide an outcome (the publicity's dates, who scores,
    the rubric, an honor's thresholds): view-only now, for the superuser too."""
    from django.contrib import admin
    from django.test import RequestFactory

    from tests.security.matrix import EDITABLE_IN_ADMIN

    assert label not in EDITABLE_IN_ADMIN
    model_admin = admin.site._registry[apps.get_model(label)]
    request = RequestFactory().get("/")
    request.user = User(username="probe", is_superuser=True, is_staff=True, is_active=True)
    assert not model_admin.has_add_permission(request)
    assert not model_admin.has_change_permission(request)
    assert not model_admin.has_delete_permission(request)
