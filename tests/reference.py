"""Reference data the data migrations load (rubrics, taxonomy, honor types, role groups).

Transactional tests (browser tests, PostgreSQL concurrency tests) flush every table when they end, so the tests
that follow them would find no rubric; `tests/conftest.py` loads this data again for each transactional test."""


def load_reference_data() -> None:
    from django.contrib.auth.models import Group

    from awards.fixture_loader import ensure_other_subcategories, load_award_types, load_taxonomy
    from awards.permissions import SECURITY_OFFICER_GROUP, Role
    from scoring.services.rubric_loader import load_rubrics

    load_rubrics()
    load_taxonomy()
    ensure_other_subcategories()
    load_award_types()
    for role in Role.values:
        Group.objects.get_or_create(name=role)
    Group.objects.get_or_create(name=SECURITY_OFFICER_GROUP)  # awards 0016_h_pipl_privacy
