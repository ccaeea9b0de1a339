from django.urls import path

from workflow.views import committee, office_campaigns, office_eligibility, office_panels, office_stages

app_name = "workflow"

urlpatterns = [
    # 组委会办公室
    path("office/", office_campaigns.office_home, name="office_home"),
    path("office/campaigns/new/", office_campaigns.campaign_create, name="campaign_create"),
    path("office/campaigns/<int:pk>/", office_campaigns.campaign_dashboard, name="campaign_dashboard"),
    path("office/campaigns/<int:pk>/edit/", office_campaigns.campaign_edit, name="campaign_edit"),
    path("office/campaigns/<int:pk>/phase/", office_campaigns.campaign_phase, name="campaign_phase"),
    path("office/campaigns/<int:pk>/eligibility/", office_eligibility.queue, name="eligibility_queue"),
    path("office/campaigns/<int:pk>/eligibility/bulk/", office_eligibility.bulk, name="eligibility_bulk"),
    path("office/applications/<int:pk>/eligibility/", office_eligibility.review, name="eligibility_review"),
    path("office/campaigns/<int:pk>/panels/", office_panels.panels, name="panels"),
    path("office/campaigns/<int:pk>/panels/action/", office_panels.panel_action, name="panel_action"),
    path("office/campaigns/<int:pk>/stages/<str:stage>/", office_stages.stage, name="stage"),
    path(
        "office/campaigns/<int:pk>/stages/<str:stage>/action/",
        office_stages.stage_action,
        name="stage_action",
    ),
    path("office/campaigns/<int:pk>/ranking/", office_stages.ranking, name="ranking"),
    path("office/campaigns/<int:pk>/ranking/action/", office_stages.ranking_action, name="ranking_action"),
    path("office/campaigns/<int:pk>/decisions/", committee.office_decisions, name="office_decisions"),
    path("office/campaigns/<int:pk>/decisions/open/", committee.office_decision_open, name="decision_open"),
    path("office/decisions/<int:pk>/close/", committee.office_decision_close, name="decision_close"),
    # 组委会
    path("committee/", committee.committee_home, name="committee_home"),
    path("committee/decisions/<int:pk>/", committee.decision_detail, name="decision"),
    path("committee/decisions/<int:pk>/vote/", committee.decision_vote_view, name="decision_vote"),
    # public
    path("calls/<int:pk>/", office_campaigns.call_page, name="call"),
]
