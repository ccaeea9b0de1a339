from django.urls import path

from awards import views, views_accounts, views_applicant, views_documents, views_recommender
from config.pagecache import public_page

app_name = "awards"

urlpatterns = [
    # public pages: cached whole for anonymous visitors (config/pagecache.py)
    path("", public_page(views.home, campaign_kwarg=None), name="home"),
    path("campaigns/", public_page(views.campaign_list, campaign_kwarg=None), name="campaign_list"),
    path("campaigns/<int:pk>/", public_page(views.campaign_detail), name="campaign_detail"),
    # accounts
    path("accounts/register/", views_accounts.register, name="register"),
    path("accounts/confirm/resend/", views_accounts.resend_confirmation, name="resend_confirmation"),
    path("accounts/confirm/<str:token>/", views_accounts.confirm_email, name="confirm_email"),
    # applicant (申报人): /me/
    path("me/", views_applicant.my_applications, name="my_applications"),
    path("me/invitations/<int:pk>/", views_applicant.invitation, name="invitation"),
    path("campaigns/<int:pk>/apply/", views_applicant.application_start, name="application_start"),
    path("me/applications/<int:pk>/", views_applicant.application_detail, name="application_detail"),
    path("me/applications/<int:pk>/edit/", views_applicant.application_edit, name="application_edit"),
    path(
        "me/applications/<int:pk>/autosave/",
        views_applicant.application_autosave,
        name="application_autosave",
    ),
    path("me/applications/<int:pk>/review/", views_applicant.application_review, name="application_review"),
    path(
        "me/applications/<int:pk>/retract/", views_applicant.application_retract, name="application_retract"
    ),
    path("me/notifications/<int:pk>/read/", views_applicant.notification_read, name="notification_read"),
    # documents: one address per application, whoever may read it (applicant, unit, office, expert)
    path("applications/<int:pk>/pdf/", views_documents.application_pdf, name="application_pdf"),
    path("applications/<int:pk>/docx/", views_documents.application_docx, name="application_docx"),
    path("applications/<int:pk>/photo/", views_documents.application_photo, name="application_photo"),
    # recommender (推荐机构): /unit/ — its notices are in workflow/urls.py
    path("unit/", views_recommender.recommender_home, name="recommender_home"),
    path("unit/start/", views_recommender.recommender_start, name="recommender_start"),
    path(
        "unit/applications/<int:pk>/confirm/",
        views_recommender.recommender_confirm,
        name="recommender_confirm",
    ),
    path("unit/applications/<int:pk>/opinion/", views_recommender.unit_opinion, name="unit_opinion"),
]
