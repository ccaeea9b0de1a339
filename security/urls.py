from django.urls import path

from security import views

app_name = "security"

urlpatterns = [
    path("accounts/2fa/setup/", views.otp_setup, name="otp_setup"),
    path("accounts/2fa/setup/qr.svg", views.otp_qr, name="otp_qr"),
    path("accounts/2fa/verify/", views.otp_verify, name="otp_verify"),
    path("accounts/2fa/backup-codes/", views.backup_codes, name="backup_codes"),
    path("me/security/", views.account_security, name="account"),
    path("me/security/ping/", views.ping, name="ping"),
    path("me/security/sessions/end/", views.sessions_end, name="sessions_end"),
    path("me/security/2fa/disable/", views.otp_disable, name="otp_disable"),
    path("office/security/two-factor/", views.office_members, name="office_members"),
    path("office/security/two-factor/<int:pk>/reset/", views.office_reset, name="office_reset"),
]
