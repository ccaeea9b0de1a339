import pytest


@pytest.fixture
def office(db):
    from tests.factories import user_with_role

    return user_with_role("office", username="office-d")


@pytest.fixture
def world(db):
    from tests.scoring.builders import scoring_world

    return scoring_world()


@pytest.fixture
def pioneer_world(db):
    from tests.scoring.builders import scoring_world

    return scoring_world(code="pioneer")
