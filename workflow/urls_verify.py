"""Public verification of certificates (docs/decisions.md 220–222): /verify/ (enter the code) and
/verify/<code>/ (the result). Its own namespace: the page belongs to no campaign and no role."""

from django.urls import path

from workflow.views import verify

app_name = "verify"

urlpatterns = [
    path("verify/", verify.verify_form, name="form"),
    path("verify/<str:code>/", verify.verify_certificate, name="certificate"),
]
