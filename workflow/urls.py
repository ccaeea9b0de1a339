from django.urls import path

from config.pagecache import public_page
from workflow.views import (
    committee,
    office_applications,
    office_associations,
    office_campaigns,
    office_data_requests,
    office_eligibility,
    office_exports,
    office_honors,
    office_panels,
    office_publicity,
    office_records,
    office_stages,
    public,
)

app_name = "workflow"

# Mounted at the site root (config/urls.py): each address starts with the role that uses it — /office/,
# /committee/, /unit/ — and public pages sit under /campaigns/<id>/.
urlpatterns = [
    # 组委会办公室
    path("office/", office_campaigns.office_home, name="office_home"),
    path("office/campaigns/new/", office_campaigns.campaign_create, name="campaign_create"),
    path("office/associations/", office_associations.associations, name="associations"),
    path("office/associations/<int:pk>/", office_associations.association, name="association"),
    path(
        "office/associations/<int:pk>/invite/",
        office_associations.association_invite,
        name="association_invite",
    ),
    path(
        "office/associations/<int:pk>/members/",
        office_associations.association_member,
        name="association_member",
    ),
    # a person's correction and deletion requests (PIPL 第四十六–五十条); the security officer reads them too
    path("office/data-requests/", office_data_requests.office_data_requests, name="office_data_requests"),
    path(
        "office/data-requests/<int:pk>/", office_data_requests.office_data_request, name="office_data_request"
    ),
    path("office/campaigns/<int:pk>/", office_campaigns.campaign_dashboard, name="campaign_dashboard"),
    path("office/campaigns/<int:pk>/edit/", office_campaigns.campaign_edit, name="campaign_edit"),
    path("office/campaigns/<int:pk>/phase/", office_campaigns.campaign_phase, name="campaign_phase"),
    path("office/campaigns/<int:pk>/clock/", office_campaigns.campaign_clock, name="campaign_clock"),
    path("office/campaigns/<int:pk>/eligibility/", office_eligibility.queue, name="eligibility_queue"),
    path("office/campaigns/<int:pk>/eligibility/bulk/", office_eligibility.bulk, name="eligibility_bulk"),
    path("office/applications/<int:pk>/", office_applications.application, name="office_application"),
    path("office/applications/<int:pk>/eligibility/", office_eligibility.review, name="eligibility_review"),
    path(
        "office/applications/<int:pk>/attachments/<int:attachment_pk>/",
        office_eligibility.attachment,
        name="office_attachment",
    ),
    path(
        "office/organizations/<int:pk>/confirm/", office_eligibility.employer_confirm, name="employer_confirm"
    ),
    path("office/campaigns/<int:pk>/panels/", office_panels.panels, name="panels"),
    path("office/campaigns/<int:pk>/panels/create/", office_panels.panel_create, name="panel_create"),
    path(
        "office/campaigns/<int:pk>/panels/members/add/",
        office_panels.panel_member_add,
        name="panel_member_add",
    ),
    path(
        "office/campaigns/<int:pk>/panels/members/invite/",
        office_panels.panel_expert_invite,
        name="panel_expert_invite",
    ),
    path("office/campaigns/<int:pk>/panels/members/chair/", office_panels.panel_chair, name="panel_chair"),
    path(
        "office/campaigns/<int:pk>/panels/members/remove/",
        office_panels.panel_member_remove,
        name="panel_member_remove",
    ),
    path("office/campaigns/<int:pk>/panels/assign/", office_panels.assignments_auto, name="assignments_auto"),
    path(
        "office/campaigns/<int:pk>/panels/override/",
        office_panels.assignment_override,
        name="assignment_override",
    ),
    path(
        "office/campaigns/<int:pk>/panels/conflicts/", office_panels.conflict_record, name="conflict_record"
    ),
    path("office/campaigns/<int:pk>/stages/<str:stage>/", office_stages.stage, name="stage"),
    path(
        "office/campaigns/<int:pk>/stages/<str:stage>/remind/",
        office_stages.stage_remind,
        name="stage_remind",
    ),
    path(
        "office/campaigns/<int:pk>/stages/<str:stage>/compute/",
        office_stages.stage_compute,
        name="stage_compute",
    ),
    path(
        "office/campaigns/<int:pk>/stages/<str:stage>/shortlist/",
        office_stages.stage_shortlist,
        name="stage_shortlist",
    ),
    path(
        "office/campaigns/<int:pk>/stages/<str:stage>/schedule/",
        office_stages.stage_schedule_save,
        name="stage_schedule_save",
    ),
    path(
        "office/campaigns/<int:pk>/stages/<str:stage>/schedule/send/",
        office_stages.stage_schedule_send,
        name="stage_schedule_send",
    ),
    path("office/campaigns/<int:pk>/ranking/", office_stages.ranking, name="ranking"),
    path("office/campaigns/<int:pk>/ranking/compute/", office_stages.ranking_compute, name="ranking_compute"),
    path("office/campaigns/<int:pk>/ranking/apply/", office_stages.ranking_apply, name="ranking_apply"),
    path("office/campaigns/<int:pk>/decisions/", committee.office_decisions, name="office_decisions"),
    path("office/campaigns/<int:pk>/decisions/open/", committee.office_decision_open, name="decision_open"),
    path("office/decisions/<int:pk>/close/", committee.office_decision_close, name="decision_close"),
    path("office/campaigns/<int:pk>/publicity/", office_publicity.publicity, name="publicity"),
    path(
        "office/campaigns/<int:pk>/publicity/close/",
        office_publicity.publicity_close_view,
        name="publicity_close",
    ),
    path(
        "office/campaigns/<int:pk>/publicity/notice.pdf",
        office_publicity.publicity_notice_pdf,
        name="publicity_notice_pdf",
    ),
    path(
        "office/campaigns/<int:pk>/publicity/notice.docx",
        office_publicity.publicity_notice_docx,
        name="publicity_notice_docx",
    ),
    path("office/unit-notices/<int:pk>/notice.pdf", office_publicity.unit_notice_pdf, name="unit_notice_pdf"),
    path(
        "office/unit-notices/<int:pk>/record/", office_publicity.unit_notice_record, name="unit_notice_record"
    ),
    path("office/objections/<int:pk>/", office_publicity.objection, name="objection"),
    path("office/objections/<int:pk>/contact/", office_publicity.objection_contact, name="objection_contact"),
    path(
        "office/objections/<int:pk>/investigate/",
        office_publicity.objection_investigate_view,
        name="objection_investigate",
    ),
    path(
        "office/objections/<int:pk>/decide/", office_publicity.objection_decide_view, name="objection_decide"
    ),
    path(
        "office/objections/<int:pk>/evidence/", office_publicity.objection_evidence, name="objection_evidence"
    ),
    path("office/campaigns/<int:pk>/honors/", office_honors.honors, name="honors"),
    path(
        "office/campaigns/<int:pk>/honors/award-document/",
        office_records.award_document,
        name="award_document",
    ),
    path(
        "office/campaigns/<int:pk>/honors/award-document/file/",
        office_records.award_document_file,
        name="award_document_file",
    ),
    path("office/campaigns/<int:pk>/consultations/", office_records.consultations, name="consultations"),
    path(
        "office/consultations/<int:pk>/reply/",
        office_records.consultation_reply_view,
        name="consultation_reply",
    ),
    path(
        "office/consultations/<int:pk>/reply/file/",
        office_records.consultation_reply_file,
        name="consultation_reply_file",
    ),
    path(
        "office/campaigns/<int:pk>/honors/list.docx", office_honors.honors_list_docx, name="honors_list_docx"
    ),
    path("office/honors/<int:pk>/certificate.pdf", office_honors.certificate_pdf, name="certificate_pdf"),
    path("office/honors/<int:pk>/revoke/", office_honors.revocation_new, name="revocation_new"),
    path("office/revocations/<int:pk>/consent/", office_honors.revocation_consent, name="revocation_consent"),
    path(
        "office/revocations/<int:pk>/next/",
        office_honors.revocation_next_committee,
        name="revocation_next_committee",
    ),
    path("office/honors/<int:pk>/may-day/", office_honors.may_day_check, name="honor_may_day_check"),
    path(
        "office/campaigns/<int:pk>/credit-records.csv",
        office_honors.credit_records_export,
        name="credit_records_csv",
    ),
    path(
        "office/campaigns/<int:pk>/credit-records/submit/",
        office_honors.credit_records_submit,
        name="credit_records_submit",
    ),
    path("office/campaigns/<int:pk>/exports/", office_exports.exports, name="exports"),
    path("office/campaigns/<int:pk>/exports/<str:kind>/", office_exports.export_start, name="export_start"),
    path("office/campaigns/<int:pk>/imports/<str:kind>/", office_exports.import_upload, name="import_upload"),
    path("office/jobs/<str:job_id>/", office_exports.job, name="job"),
    path("office/jobs/<str:job_id>/download/", office_exports.job_download, name="job_download"),
    # 组委会
    path("committee/", committee.committee_home, name="committee_home"),
    path("committee/decisions/<int:pk>/", committee.decision_detail, name="decision"),
    path("committee/decisions/<int:pk>/vote/", committee.decision_vote_view, name="decision_vote"),
    path("committee/campaigns/<int:pk>/standing-rules/", committee.standing_rules, name="standing_rules"),
    path(
        "committee/campaigns/<int:pk>/standing-rules/propose/",
        committee.standing_rules_propose,
        name="standing_rules_propose",
    ),
    # 公开页面 / public pages, beside the campaign page (/campaigns/<id>/)
    # cached whole for anonymous visitors (config/pagecache.py)
    path("campaigns/<int:pk>/call/", public_page(office_campaigns.call_page), name="call"),
    path("campaigns/<int:pk>/publicity/", public_page(public.publicity_page), name="public_publicity"),
    path(
        "campaigns/<int:pk>/publicity/objection/",
        public_page(public.objection_page),
        name="public_objection",
    ),
    path(
        "campaigns/<int:pk>/publicity/objection-received/",
        public.objection_received,
        name="objection_received",
    ),
    path("campaigns/<int:pk>/results/", public_page(public.results_page), name="public_results"),
    # 推荐机构: 单位内部公示
    path("unit/notices/", public.unit_notices, name="unit_notices"),
    path("unit/notices/<int:pk>/notice.pdf", public.unit_notice_pdf, name="unit_notice_pdf_for_unit"),
]
