from django.urls import path

from config.pagecache import public_page
from scoring.views import public, public_office


def _verified_voter(request, pk, **kwargs):
    """A verified voter's candidate list links to their ballot: never the shared page."""
    return bool(public._session_voter(request, public.VERIFIED, pk))


# The candidate pages are cached whole for anonymous visitors (config/pagecache.py); the device cookie is still set.
candidates_page = public_page(public.candidates, bypass=_verified_voter, after=public._with_device)
candidate_page = public_page(public.candidate, after=public._with_device)

app_name = "public_input"

OFFICE = "office/campaigns/<int:pk>/public-input/"

urlpatterns = [
    path("campaigns/vote/", public.index, name="index"),
    path("campaigns/<int:pk>/candidates/", candidates_page, name="candidates"),
    path("campaigns/<int:pk>/candidates/<int:app_pk>/", candidate_page, name="candidate"),
    path("campaigns/<int:pk>/vote/verify/", public.verify, name="verify"),
    path("campaigns/<int:pk>/vote/", public.ballot, name="ballot"),
    path("campaigns/<int:pk>/vote/done/", public.done, name="done"),
    path("campaigns/<int:pk>/vote/rules/", public.rules, name="rules"),
    path("unit/campaigns/<int:pk>/opinions/", public.unit_ballot, name="unit"),
    # the office's page and one URL per action on it (docs/architecture.md §7)
    path(OFFICE, public_office.office, name="office"),
    path(OFFICE + "ballots/", public_office.ballots, name="office_ballots"),
    path(OFFICE + "void/", public_office.ballots_void, name="office_void"),
    path(OFFICE + "restore/", public_office.ballots_restore, name="office_restore"),
    path(OFFICE + "approve/", public_office.comments_approve, name="office_approve"),
    path(OFFICE + "reject/", public_office.comments_reject, name="office_reject"),
    path(OFFICE + "enter/", public_office.opinion_enter, name="office_enter"),
    path(OFFICE + "import/", public_office.opinions_import, name="office_import"),
]
