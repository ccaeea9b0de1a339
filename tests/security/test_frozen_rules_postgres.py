"""PostgreSQL: the trigger of migration awards/0013 refuses, in the database itself, an UPDATE of every field
registered in `awards.frozen.FROZEN_FIELDS` outside the sanctioned path (decisions 121)."""

import datetime
import json

import pytest
from django.db import DatabaseError, connection, transaction
from django.utils import timezone

from awards import frozen
from awards.models import Campaign
from tests.factories import approve_rules
from tests.workflow.office.builders import campaign_in

pytestmark = pytest.mark.django_db


def _campaign() -> Campaign:
    now = timezone.now()
    campaign = campaign_in(
        Campaign.Phase.OPEN,
        opens_at=now - datetime.timedelta(days=3),
        closes_at=now + datetime.timedelta(days=20),
        public_input_opens_at=now - datetime.timedelta(days=1),
        public_input_closes_at=now + datetime.timedelta(days=30),
    )
    return approve_rules(campaign)


def _new_value(campaign, name):
    value = getattr(campaign, name)
    if isinstance(value, dict):
        return json.dumps({**value, "quota": 99})
    if isinstance(value, list):
        return json.dumps([*value, "material"])
    if isinstance(value, str):
        return "neutral" if value != "neutral" else "redistribute"
    if isinstance(value, bool):
        return not value
    if isinstance(value, datetime.datetime):
        return value + datetime.timedelta(hours=1)
    return value + 1


def _cast(name: str) -> str:
    return "::jsonb" if name in ("rules_approved", "tiebreak_order") else ""


def _stored_value(campaign, name):
    value = getattr(campaign, name)
    return json.dumps(value) if isinstance(value, dict | list) else value


@pytest.mark.parametrize("name", [f.name for f in frozen.FROZEN_FIELDS])
def test_the_database_refuses_a_frozen_field_changed_outside_the_path(name):
    campaign = _campaign()
    column = Campaign._meta.get_field(name).column
    value = _new_value(campaign, name)
    with pytest.raises(DatabaseError, match="frozen campaign field"), transaction.atomic():
        with connection.cursor() as cursor:
            cursor.execute(
                f'UPDATE awards_campaign SET "{column}" = %s{_cast(name)} WHERE id = %s', [value, campaign.pk]
            )
    with frozen.sanctioned_change(frozen.field_path(name), "test: the sanctioned path"):
        with connection.cursor() as cursor:
            cursor.execute(
                f'UPDATE awards_campaign SET "{column}" = %s{_cast(name)} WHERE id = %s', [value, campaign.pk]
            )
    with pytest.raises(DatabaseError), transaction.atomic():  # the flag is off again after the path
        with connection.cursor() as cursor:
            cursor.execute(
                f'UPDATE awards_campaign SET "{column}" = %s{_cast(name)} WHERE id = %s',
                [_stored_value(campaign, name), campaign.pk],
            )


def test_an_unfrozen_field_and_an_unapproved_campaign_change_freely():
    campaign = campaign_in(Campaign.Phase.DRAFT)
    with connection.cursor() as cursor:
        cursor.execute("UPDATE awards_campaign SET quota = 3, title = 'x' WHERE id = %s", [campaign.pk])
    approved = _campaign()
    with connection.cursor() as cursor:
        cursor.execute("UPDATE awards_campaign SET title = 'y' WHERE id = %s", [approved.pk])
