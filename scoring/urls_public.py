from django.urls import path

from config.pagecache import public_page
from scoring import views_public


def _verified_voter(request, pk, **kwargs):
    """A verified voter's candidate list links to their ballot: never the shared page."""
    return bool(views_public._session_voter(request, views_public.VERIFIED, pk))


# The candidate pages are cached whole for anonymous visitors (config/pagecache.py); the device cookie is still set.
candidates_page = public_page(
    views_public.candidates, bypass=_verified_voter, after=views_public._with_device
)
candidate_page = public_page(views_public.candidate, after=views_public._with_device)

app_name = "public_input"

urlpatterns = [
    path("campaigns/vote/", views_public.index, name="index"),
    path("campaigns/<int:pk>/candidates/", candidates_page, name="candidates"),
    path("campaigns/<int:pk>/candidates/<int:app_pk>/", candidate_page, name="candidate"),
    path("campaigns/<int:pk>/vote/verify/", views_public.verify, name="verify"),
    path("campaigns/<int:pk>/vote/", views_public.ballot, name="ballot"),
    path("campaigns/<int:pk>/vote/done/", views_public.done, name="done"),
    path("unit/campaigns/<int:pk>/opinions/", views_public.unit_ballot, name="unit"),
    path("office/campaigns/<int:pk>/public-input/", views_public.office, name="office"),
]
