"""The text caps' CHECK constraints are validated in Python, not by a query per constraint (awards/text_limits.py
`LengthCheck`, docs/decisions.md 425): the same verdict as Django's CheckConstraint, which asks the database."""

import pytest
from django.core.exceptions import ValidationError
from django.db import connection, models
from django.test.utils import CaptureQueriesContext

from awards.models import Application
from awards.text_limits import LengthCheck
from scoring.models import ScoreEntry
from tests.awards.applicant_support import autosave, open_campaign
from tests.factories import ApplicationFactory
from workflow.models import Objection

pytestmark = pytest.mark.django_db

CHECKED = [Application, ScoreEntry, Objection]


def _length_checks(model):
    return [c for c in model._meta.constraints if isinstance(c, LengthCheck)]


def _verdict(constraint, model, instance) -> str | None:
    try:
        constraint.validate(model, instance)
    except ValidationError as e:
        return f"{e.code}: {e.messages}"
    return None


def _check_queries(queries) -> list[str]:
    return [q["sql"] for q in queries if '"_check"' in q["sql"]]


@pytest.mark.parametrize("model", CHECKED, ids=lambda m: m.__name__)
def test_every_text_cap_gives_the_verdict_of_djangos_check_in_the_database(model):
    checks = _length_checks(model)
    assert checks, f"{model.__name__} has no length caps"
    for check in checks:
        plain = models.CheckConstraint(condition=check.condition, name=check.name)
        limit = check.limit
        for value in ["", "a" * limit, "字" * limit, "a" * (limit + 1), "字" * (limit + 1), "\r\n" * limit]:
            instance = model(**{check.field_name: value})
            ours, django = _verdict(check, model, instance), _verdict(plain, model, instance)
            assert ours == django, (check.name, len(value), ours, django)
        assert _verdict(check, model, model(**{check.field_name: "字" * (limit + 1)})) is not None


@pytest.mark.parametrize("model", CHECKED, ids=lambda m: m.__name__)
def test_validating_the_text_caps_asks_the_database_nothing(model):
    check = _length_checks(model)[0]
    instance = model(**{check.field_name: "字" * (check.limit + 1)})
    with CaptureQueriesContext(connection) as queries:
        with pytest.raises(ValidationError) as refused:
            check.validate(model, instance)
    assert queries.captured_queries == []
    assert check.name in str(refused.value)


def test_an_excluded_field_is_not_checked():
    check = next(c for c in _length_checks(Application) if c.field_name == "section_basic")
    instance = Application(section_basic="字" * (check.limit + 1))
    check.validate(Application, instance, exclude={"section_basic"})
    with pytest.raises(ValidationError):
        check.validate(Application, instance, exclude={"name"})


def test_a_condition_that_is_not_a_length_cap_is_refused_at_once():
    with pytest.raises(ValueError, match="LengthCheck needs"):
        LengthCheck(condition=models.Q(name__length__gte=1), name="not_a_cap")
    with pytest.raises(ValueError, match="LengthCheck needs"):
        LengthCheck(condition=~models.Q(name__length__lte=1), name="negated")


def test_migrations_see_djangos_check_constraint():
    check = _length_checks(Application)[0]
    path, _args, kwargs = check.deconstruct()
    assert path == "django.db.models.CheckConstraint"
    assert kwargs["condition"] == check.condition and kwargs["name"] == check.name
    assert check.clone() == models.CheckConstraint(condition=check.condition, name=check.name)


def test_an_autosave_runs_no_check_query_and_still_refuses_an_over_long_text(client):
    application = ApplicationFactory(campaign=open_campaign())
    client.force_login(application.applicant)
    saved, queries = autosave(client, application, position="总工程师")
    assert saved.status_code == 200 and saved.json()["problems"] == []
    assert _check_queries(queries) == []
    application.refresh_from_db()
    assert application.position == "总工程师"
    stored = application.punishments
    refused, _queries = autosave(client, application, punishments="字" * 2001)
    assert refused.status_code == 200 and refused.json()["problems"]
    application.refresh_from_db()
    assert application.punishments == stored
