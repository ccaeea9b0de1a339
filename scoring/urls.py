from django.urls import path

from scoring.views import expert, panel

app_name = "scoring"

# Mounted at the site root (config/urls.py): each address starts with the role that uses it — /expert/ (experts,
# and panel chairs for their panel; the office may open these too), /office/ for the office's actions.
APP = "expert/applications/<int:pk>/"
PANEL = "expert/panels/<int:panel_pk>/"

urlpatterns = [
    path("expert/", expert.expert_home, name="expert_home"),
    path(APP, expert.application_read, name="application_read"),
    path(APP + "attachments/<int:attachment_pk>/", expert.attachment_file, name="attachment"),
    path(APP + "conflict/", expert.conflict_declare, name="conflict_declare"),
    path(APP + "<str:stage>/sheet/", expert.sheet, name="sheet"),
    path("expert/sheets/<int:sheet_pk>/pdf/", expert.sheet_document, name="sheet_pdf"),
    path("office/sheets/<int:sheet_pk>/reopen/", expert.sheet_reopen, name="sheet_reopen"),
    path(PANEL + "<str:stage>/", panel.panel_results, name="panel_results"),
    path(PANEL + "shortlist/confirm/", panel.panel_shortlist_confirm, name="panel_shortlist_confirm"),
    path(PANEL + "<str:stage>/opinion/", panel.panel_opinion, name="panel_opinion"),
    path(PANEL + "<str:stage>/analytics/", panel.panel_analytics_page, name="panel_analytics"),
    path(PANEL + "<str:stage>/matrix.xlsx", panel.panel_matrix, name="panel_matrix"),
    path(
        "office/campaigns/<int:campaign_pk>/<str:stage>/results/compute/",
        panel.panel_results_compute,
        name="panel_results_compute",
    ),
]
