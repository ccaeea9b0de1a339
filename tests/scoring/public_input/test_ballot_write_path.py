"""The ballot POST at city scale (issue 15; docs/decisions.md "The ballot write path"): the form validates the rated
candidates only, against the ids of the shortlisted candidates cached under the campaign's public-page version
(a change of the candidates is seen at once); the ballot limits are counted in one round trip, in order, stopping at
the first over; an invalid POST still shows the whole page with its error."""

import os
import uuid

import pytest
from django.core.cache import cache
from django.db import connection
from django.test import override_settings
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from awards.models import Application
from config.ratelimit import count_many
from scoring.models import Ballot, PublicVote
from scoring.services import ballots as services
from tests.scoring.public_input.builders import ballot_data, public_campaign, verified_client
from tests.workflow.office.builders import candidate

pytestmark = pytest.mark.django_db


def _post_queries(client, n):
    campaign, apps = public_campaign(n=n)
    verified_client(client, campaign, contact=f"c{n}@example.cn")
    with CaptureQueriesContext(connection) as ctx:
        response = client.post(
            reverse("public_input:ballot", args=[campaign.pk]), ballot_data({apps[0]: 5, apps[1]: 4})
        )
    assert response.status_code == 302
    return len(ctx.captured_queries)


def test_a_post_costs_the_same_queries_with_3_or_12_candidates(client):
    few = _post_queries(client, 3)
    many = _post_queries(client, 12)
    assert few == many
    assert Ballot.objects.count() == 2 and PublicVote.objects.count() == 4


def test_a_name_of_no_candidate_is_ignored_and_the_rated_ones_are_stored(client):
    campaign, apps = public_campaign(n=3)
    withdrawn = candidate(campaign, state=Application.State.WITHDRAWN, number="ZHGJ-X-999")
    verified_client(client, campaign)
    data = ballot_data({apps[0]: 5}) | {f"rating_{withdrawn.pk}": "5", "rating_abc": "5", "rating_": "3"}
    response = client.post(reverse("public_input:ballot", args=[campaign.pk]), data)
    assert response.status_code == 302
    assert list(PublicVote.objects.values_list("application_id", "rating")) == [(apps[0].pk, 5)]


def test_a_post_without_a_group_shows_every_candidate_and_the_message(client):
    campaign, apps = public_campaign(n=4)
    verified_client(client, campaign)
    data = ballot_data({apps[0]: 5})
    del data["group"]
    response = client.post(reverse("public_input:ballot", args=[campaign.pk]), data)
    page = response.content.decode()
    assert response.status_code == 400
    assert "请选择您是智慧城市领域从业人员还是社会公众。" in page
    assert all(a.name in page for a in apps)
    assert not Ballot.objects.exists()


def test_a_refusal_of_the_service_shows_every_candidate_with_its_message_and_the_ratings_entered(client):
    campaign, apps = public_campaign(n=4)
    verified_client(client, campaign)
    data = ballot_data({apps[0]: 5}, comments={apps[1]: "没有评分的意见"})
    response = client.post(reverse("public_input:ballot", args=[campaign.pk]), data)
    page = response.content.decode()
    assert response.status_code == 400
    assert "请先为要留言的候选人评分。" in page
    assert all(a.name in page for a in apps)
    assert f'name="rating_{apps[0].pk}" value="5"' in page and "checked" in page
    assert not Ballot.objects.exists()


def test_the_candidate_ids_follow_a_change_of_the_candidates_at_once():
    campaign, apps = public_campaign(n=2)
    assert services.candidate_ids(campaign) == {apps[0].pk, apps[1].pk}
    later = candidate(campaign, state=Application.State.SUBMITTED, number="ZHGJ-X-100")
    later.state = Application.State.SHORTLISTED
    later.save()
    assert services.candidate_ids(campaign) == {apps[0].pk, apps[1].pk, later.pk}
    apps[0].state = Application.State.WITHDRAWN
    apps[0].save()
    assert services.candidate_ids(campaign) == {apps[1].pk, later.pk}


def test_a_candidate_withdrawn_after_the_ids_were_cached_is_refused(client):
    campaign, apps = public_campaign(n=2)
    verified_client(client, campaign)
    url = reverse("public_input:ballot", args=[campaign.pk])
    client.get(url)
    services.candidate_ids(campaign)
    apps[0].state = Application.State.WITHDRAWN
    apps[0].save()
    response = client.post(url, ballot_data({apps[0]: 5}))
    assert response.status_code == 400
    assert "请至少为一位候选人评分。" in response.content.decode()
    assert not Ballot.objects.exists()


# The Redis every machine of this project runs (CI included), on the DB number the deploy tests use.
REDIS = os.environ.get("LOCALSTACK_REDIS_URL", "redis://127.0.0.1:6379/7")


def test_the_limits_are_counted_in_order_and_stop_at_the_first_over():
    key = uuid.uuid4().hex
    assert count_many([(f"{key}:a", 1), (f"{key}:b", 5)], 60) is None
    assert count_many([(f"{key}:a", 1), (f"{key}:b", 5)], 60) == 0  # a is over: b is not counted
    assert cache.get(f"{key}:a") == 2 and cache.get(f"{key}:b") == 1
    assert count_many([(f"{key}:c", 5), (f"{key}:a", 1), (f"{key}:b", 5)], 60) == 1


def test_on_redis_the_limits_are_one_script_with_the_same_counts_and_expiry():
    prefix = uuid.uuid4().hex
    redis_cache = {
        "default": {
            "BACKEND": "django_redis.cache.RedisCache",
            "LOCATION": REDIS,
            "KEY_PREFIX": prefix,
        }
    }
    with override_settings(CACHES=redis_cache):
        from django.core.cache import cache as redis

        assert count_many([("a", 1), ("b", 5)], 60) is None
        assert count_many([("a", 1), ("b", 5)], 60) == 0
        assert redis.get("a") == 2 and redis.get("b") == 1  # the counters the rest of the code reads
        assert 0 < redis.ttl("a") <= 60
        redis.delete_many(["a", "b"])
