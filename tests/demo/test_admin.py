"""Admin: every model of our four apps is registered; for each registered model the changelist and the add
page open (200, or 403 where adding is deliberately disabled), and the history page of an object opens."""

import pytest
from django.apps import apps
from django.contrib import admin
from django.contrib.auth.models import User
from django.test import Client, RequestFactory
from django.urls import reverse
from simple_history.admin import SimpleHistoryAdmin

OUR_APPS = ("notices", "awards", "scoring", "workflow")
REGISTERED = sorted(admin.site._registry.items(), key=lambda item: item[0]._meta.label)
HISTORY_MODELS = [(m, ma) for m, ma in REGISTERED if isinstance(ma, SimpleHistoryAdmin)]
# Models with history that the demo does not populate (no revocation, credit record or declared conflict yet).
NOT_IN_DEMO = {
    "workflow.Revocation",
    "workflow.CreditRecord",
    "scoring.ConflictOfInterest",
    "workflow.Consultation",  # the demo asks no department (第十六条)
    "workflow.AwardDocument",  # nor records the sponsor's document
}


@pytest.fixture
def root_client(demo):
    """A superuser on top of the demo world; created in the test's own transaction, so it goes with the test."""
    client = Client()
    client.force_login(User.objects.create_superuser("root", "root@example.cn", "root-pass-2026"))
    return client


pytestmark = pytest.mark.django_db


def _url(model, view: str, *args) -> str:
    return reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_{view}", args=args)


def test_every_model_of_our_apps_is_registered_in_the_admin():
    missing = [
        m._meta.label
        for m in apps.get_models()
        if m._meta.app_label in OUR_APPS
        and not m.__name__.startswith("Historical")
        and m not in admin.site._registry
    ]
    assert missing == []


def test_the_admin_index_opens(root_client):
    assert root_client.get(reverse("admin:index")).status_code == 200


@pytest.mark.parametrize(("model", "model_admin"), REGISTERED, ids=[m._meta.label for m, _ in REGISTERED])
def test_changelist_opens(root_client, model, model_admin):
    response = root_client.get(_url(model, "changelist"))
    assert response.status_code == 200


@pytest.mark.parametrize(("model", "model_admin"), REGISTERED, ids=[m._meta.label for m, _ in REGISTERED])
def test_add_page_opens_unless_adding_is_disabled(root_client, model, model_admin):
    request = RequestFactory().get("/")
    request.user = User.objects.get(username="root")
    expected = 200 if model_admin.has_add_permission(request) else 403
    assert root_client.get(_url(model, "add")).status_code == expected


@pytest.mark.parametrize(
    ("model", "model_admin"), HISTORY_MODELS, ids=[m._meta.label for m, _ in HISTORY_MODELS]
)
def test_history_page_of_an_object_opens(root_client, model, model_admin):
    obj = model._default_manager.order_by("pk").first()
    if model._meta.label in NOT_IN_DEMO:
        assert obj is None, f"{model._meta.label} now has demo rows: remove it from NOT_IN_DEMO"
        return
    assert obj is not None, f"the demo has no {model._meta.label}"
    response = root_client.get(_url(model, "history", obj.pk))
    assert response.status_code == 200
    assert response.context["object"].pk == obj.pk
