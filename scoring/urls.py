from django.urls import path

from scoring import views, views_panel

app_name = "scoring"

# Mounted at the site root (config/urls.py): each address starts with the role that uses it — /expert/ (experts,
# and panel chairs for their panel; the office may open these too), /office/ for the office's actions.
urlpatterns = [
    path("expert/", views.expert_home, name="expert_home"),
    path("expert/applications/<int:pk>/", views.application_read, name="application_read"),
    path(
        "expert/applications/<int:pk>/attachments/<int:attachment_pk>/",
        views.attachment_file,
        name="attachment",
    ),
    path("expert/applications/<int:pk>/conflict/", views.conflict_declare, name="conflict_declare"),
    path("expert/applications/<int:pk>/<str:stage>/sheet/", views.sheet, name="sheet"),
    path("expert/sheets/<int:sheet_pk>/pdf/", views.sheet_document, name="sheet_pdf"),
    path("office/sheets/<int:sheet_pk>/reopen/", views.sheet_reopen, name="sheet_reopen"),
    path("expert/panels/<int:panel_pk>/<str:stage>/", views_panel.panel_results, name="panel_results"),
    path(
        "expert/panels/<int:panel_pk>/shortlist/confirm/",
        views_panel.panel_shortlist_confirm,
        name="panel_shortlist_confirm",
    ),
    path(
        "expert/panels/<int:panel_pk>/<str:stage>/opinion/", views_panel.panel_opinion, name="panel_opinion"
    ),
    path(
        "expert/panels/<int:panel_pk>/<str:stage>/analytics/",
        views_panel.panel_analytics_page,
        name="panel_analytics",
    ),
    path(
        "expert/panels/<int:panel_pk>/<str:stage>/matrix.xlsx", views_panel.panel_matrix, name="panel_matrix"
    ),
    path(
        "office/campaigns/<int:campaign_pk>/<str:stage>/results/compute/",
        views_panel.panel_results_compute,
        name="panel_results_compute",
    ),
]
