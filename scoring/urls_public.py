from django.urls import path

from scoring import views_public

app_name = "public_input"

urlpatterns = [
    path("campaigns/vote/", views_public.index, name="index"),
    path("campaigns/<int:pk>/candidates/", views_public.candidates, name="candidates"),
    path("campaigns/<int:pk>/candidates/<int:app_pk>/", views_public.candidate, name="candidate"),
    path("campaigns/<int:pk>/vote/verify/", views_public.verify, name="verify"),
    path("campaigns/<int:pk>/vote/", views_public.ballot, name="ballot"),
    path("campaigns/<int:pk>/vote/done/", views_public.done, name="done"),
    path("unit/campaigns/<int:pk>/opinions/", views_public.unit_ballot, name="unit"),
    path("office/campaigns/<int:pk>/public-input/", views_public.office, name="office"),
]
