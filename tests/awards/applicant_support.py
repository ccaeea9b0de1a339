"""Shared helpers of the applicant-page tests: real JPEG / PDF bytes, open campaigns, logged-in clients."""

import io

from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from PIL import Image
from pypdf import PdfWriter

from awards.models import Campaign
from tests.factories import ApplicationFactory, CampaignFactory, add_rows_and_files, award_type


def jpeg_bytes(width: int = 300, height: int = 400, color=(200, 120, 80)) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (width, height), color).save(out, format="JPEG", quality=85)
    return out.getvalue()


def pdf_bytes(pages: int) -> bytes:
    writer = PdfWriter()
    for _ in range(pages):
        writer.add_blank_page(width=595, height=842)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def upload(name: str, content: bytes, content_type: str = "application/octet-stream") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type=content_type)


def open_campaign(code: str = "craftsman", **kwargs) -> Campaign:
    campaign = CampaignFactory(award_type=award_type(code), **kwargs)
    Campaign.objects.filter(pk=campaign.pk).update(phase=Campaign.Phase.OPEN)  # tests may set phases directly
    campaign.refresh_from_db()
    return campaign


def form_data(application, **overrides) -> dict:
    """The edit page's POST data for an application as it is stored, with overrides."""
    a = application
    data = {
        "tech_domain": a.tech_domain_id or "",
        "industry_subcategory": a.industry_subcategory_id or "",
        "industry_other": a.industry_other,
        "route": a.route,
        "recommender": a.recommender_id or "",
        "name": a.name,
        "resident_id": a.resident_id,
        "gender": a.gender,
        "political_status": a.political_status,
        "title_level": a.title_level,
        "title_name": a.title_name,
        "education": a.education,
        "degree": a.degree,
        "employer_name": a.employer.name if a.employer_id else a.unit_name,
        "employer_credit_code": (a.employer.credit_code or "") if a.employer_id else "",
        "employer_email": "",
        "position": a.position,
        "years_in_industry": a.years_in_industry if a.years_in_industry is not None else "",
        "years_in_post": a.years_in_post if a.years_in_post is not None else "",
        "years_in_management": a.years_in_management if a.years_in_management is not None else "",
        "union_member": "" if a.union_member is None else str(a.union_member),
        "phone": a.phone,
        "email": a.email,
        "unit_address": a.unit_address,
        "unit_postcode": a.unit_postcode,
        "social_posts": a.social_posts,
        "awards_received": a.awards_received,
        "punishments": a.punishments,
        "section_basic": a.section_basic,
        "section_second": a.section_second,
        "section_third": a.section_third,
        "representative_achievements": a.representative_achievements,
        "public_summary": a.public_summary,  # the page always sends its textareas
        "public_achievements": a.public_achievements,
        "edu-TOTAL_FORMS": "0",
        "edu-INITIAL_FORMS": "0",
        "edu-MIN_NUM_FORMS": "0",
        "edu-MAX_NUM_FORMS": "1000",
        "work-TOTAL_FORMS": "0",
        "work-INITIAL_FORMS": "0",
        "work-MIN_NUM_FORMS": "0",
        "work-MAX_NUM_FORMS": "1000",
        "form_end": "1",  # the edit form's last input: a body without it was cut short
    }
    if a.direct_technical_work:
        data["direct_technical_work"] = "on"
    if a.integrity_declared:
        data["integrity_declared"] = "on"
    data.update(overrides)
    return {k: v for k, v in data.items() if v is not None}


def autosave_data(application, **overrides) -> dict:
    """What the form's script posts as an autosave (static/js/application-form.js `autosave`): the edit page's
    fields as stored but the row tables and the two files, with overrides."""
    return {
        name: value
        for name, value in form_data(application, **overrides).items()
        if not name.startswith(("edu-", "work-")) and name not in ("photo", "evidence")
    }


def autosave(client, application, **overrides):
    """An autosave of `application` posted as the page's script posts it, with overrides: the answer and the
    queries it sent."""
    with CaptureQueriesContext(connection) as queries:
        answer = client.post(
            reverse("awards:application_autosave", args=[application.pk]),
            autosave_data(application, **overrides),
        )
    return answer, queries.captured_queries


def filled_application(client):
    """A draft of an open 智慧工匠 campaign with a row in each table and both files, its applicant signed in on
    `client`."""
    application = add_rows_and_files(ApplicationFactory(campaign=open_campaign()))
    client.force_login(application.applicant)
    return application
