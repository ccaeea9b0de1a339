"""Which answers nginx's micro-cache may keep (config/middleware.py MicroCacheMiddleware, issue 26 item 2): only an
anonymous GET that is the same for every visitor. tests/deploy/test_microcache.py runs it behind the real nginx."""

import datetime

import pytest
from django.test import Client, override_settings
from django.urls import reverse
from django.utils import timezone

from awards.models import Application, Campaign
from tests.factories import user_with_role
from tests.workflow.builders import campaign_in
from tests.workflow.office.builders import candidate
from workflow.models import Publicity

pytestmark = pytest.mark.django_db
P = Campaign.Phase


@pytest.fixture
def open_campaign():
    return campaign_in(P.OPEN, closes_at=timezone.now() + datetime.timedelta(days=5))


def test_an_anonymous_page_without_a_form_may_be_kept_for_the_set_seconds(open_campaign):
    url = reverse("awards:campaign_detail", args=[open_campaign.pk])
    assert Client().get(url)["X-Accel-Expires"] == "5"
    with override_settings(MICROCACHE_SECONDS=0):
        assert not Client().get(url).has_header("X-Accel-Expires")


def test_never_for_a_signed_in_user_a_post_a_form_token_or_a_session(open_campaign):
    url = reverse("awards:campaign_detail", args=[open_campaign.pk])
    office = Client()
    office.force_login(user_with_role("office"))
    assert not office.get(url).has_header("X-Accel-Expires")
    assert not Client().post(url).has_header("X-Accel-Expires")
    # the 公示's objection form: its CSRF token belongs to one visitor (the list itself has none, decisions 361)
    campaign = campaign_in(P.PUBLICITY)
    candidate(campaign, name="王芳", state=Application.State.RECOMMENDED)
    Publicity.objects.create(campaign=campaign, starts_on=timezone.localdate(), ends_on=timezone.localdate())
    objection = Client().get(reverse("workflow:public_objection", args=[campaign.pk]))
    assert "csrfmiddlewaretoken" in objection.content.decode()
    assert not objection.has_header("X-Accel-Expires")
    listed = Client().get(reverse("workflow:public_publicity", args=[campaign.pk]))
    assert "csrfmiddlewaretoken" not in listed.content.decode() and not listed.cookies
    assert listed["X-Accel-Expires"] == "5"
    assert reverse("workflow:public_objection", args=[campaign.pk]) in listed.content.decode()
    # a visitor with something in the session (a verified public rater, a pending message)
    visitor = Client()
    session = visitor.session
    session["pv_verified"] = {str(open_campaign.pk): "voter"}
    session.save()
    assert not visitor.get(url).has_header("X-Accel-Expires")
    assert not Client().get("/no-such-page/").has_header("X-Accel-Expires")
