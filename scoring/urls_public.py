from django.urls import path

from scoring import views_public

app_name = "public_input"

urlpatterns = [
    path("", views_public.index, name="index"),
    path("<int:pk>/", views_public.candidates, name="candidates"),
    path("<int:pk>/candidates/<int:app_pk>/", views_public.candidate, name="candidate"),
    path("<int:pk>/verify/", views_public.verify, name="verify"),
    path("<int:pk>/ballot/", views_public.ballot, name="ballot"),
    path("<int:pk>/ballot/done/", views_public.done, name="done"),
    path("<int:pk>/unit/", views_public.unit_ballot, name="unit"),
    path("<int:pk>/office/", views_public.office, name="office"),
]
