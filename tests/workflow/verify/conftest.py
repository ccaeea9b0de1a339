import pytest


@pytest.fixture
def office(db):
    from tests.factories import user_with_role

    return user_with_role("office", username="office-v")


@pytest.fixture
def committee(db):
    from tests.factories import user_with_role

    return [user_with_role("committee", username=f"committee-v{i}") for i in range(1, 6)]
