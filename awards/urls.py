from django.urls import path

from awards.views import accounts, applicant, documents, privacy, public, recommender
from config.pagecache import public_page

app_name = "awards"

urlpatterns = [
    # public pages: cached whole for anonymous visitors (config/pagecache.py)
    path("", public_page(public.home, campaign_kwarg=None), name="home"),
    path("campaigns/", public_page(public.campaign_list, campaign_kwarg=None), name="campaign_list"),
    path("campaigns/<int:pk>/", public_page(public.campaign_detail), name="campaign_detail"),
    # accounts
    path("accounts/register/", accounts.register, name="register"),
    path("accounts/confirm/resend/", accounts.resend_confirmation, name="resend_confirmation"),
    path("accounts/confirm/<str:token>/", accounts.confirm_email, name="confirm_email"),
    # applicant (申报人): /me/
    path("me/", applicant.my_applications, name="my_applications"),
    path("me/invitations/<int:pk>/", applicant.invitation, name="invitation"),
    path("me/invitations/<int:pk>/accept/", applicant.invitation_accept, name="invitation_accept"),
    path("me/invitations/<int:pk>/decline/", applicant.invitation_decline, name="invitation_decline"),
    path("campaigns/<int:pk>/apply/", applicant.application_start, name="application_start"),
    path("me/applications/<int:pk>/", applicant.application_detail, name="application_detail"),
    path("me/applications/<int:pk>/edit/", applicant.application_edit, name="application_edit"),
    path("me/applications/<int:pk>/autosave/", applicant.application_autosave, name="application_autosave"),
    path("me/applications/<int:pk>/review/", applicant.application_review, name="application_review"),
    path("me/applications/<int:pk>/retract/", applicant.application_retract, name="application_retract"),
    path("me/notifications/<int:pk>/read/", applicant.notification_read, name="notification_read"),
    # 个人信息 (PIPL): the notice, the person's own data, consents and requests; the security officer's log
    path("privacy/", privacy.privacy_notice, name="privacy_notice"),
    path("me/privacy/", privacy.my_privacy, name="my_privacy"),
    path("me/privacy/data.<str:fmt>", privacy.my_data, name="my_data"),
    path("me/privacy/consents/<str:purpose>/<str:action>/", privacy.consent, name="consent"),
    path("me/privacy/requests/<str:kind>/", privacy.data_request, name="data_request"),
    path("office/access-log/", privacy.access_log, name="access_log"),
    # documents: one address per application, whoever may read it (awards.permissions.may_view_application)
    path("applications/<int:pk>/pdf/", documents.application_pdf, name="application_pdf"),
    path("applications/<int:pk>/pdf/full/", documents.application_pdf_full, name="application_pdf_full"),
    path("applications/<int:pk>/docx/", documents.application_docx, name="application_docx"),
    path("applications/<int:pk>/photo/", documents.application_photo, name="application_photo"),
    # recommender (推荐机构): /unit/ — its notices are in workflow/urls.py
    path("unit/", recommender.recommender_home, name="recommender_home"),
    path("unit/start/", recommender.recommender_start, name="recommender_start"),
    path("unit/applications/<int:pk>/confirm/", recommender.recommender_confirm, name="recommender_confirm"),
    path("unit/applications/<int:pk>/opinion/", recommender.unit_opinion, name="unit_opinion"),
]
