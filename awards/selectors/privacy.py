"""Reads of the office's page of personal-information requests (issue 25 item 3)."""

from awards.models import Application, DataRequest


def requests_for_office(*, kind: str = "", state: str = ""):
    """Every request, open ones first and then newest first, with the person and who handled it; filtered by
    kind and state (unknown values are ignored)."""
    rows = DataRequest.objects.select_related("user", "handled_by")
    if kind in DataRequest.Kind.values:
        rows = rows.filter(kind=kind)
    if state in DataRequest.State.values:
        rows = rows.filter(state=state)
    return rows


def open_request_count() -> int:
    """The requests not closed yet (open or waiting), counted on the office home."""
    return DataRequest.objects.exclude(state__in=DataRequest.CLOSED).count()


def applications_of(user):
    """The person's applications, for the office to find what to correct (its own page of each one)."""
    return (
        Application.objects.filter(applicant=user)
        .select_related("campaign")
        .order_by("-campaign__year", "pk")
    )
