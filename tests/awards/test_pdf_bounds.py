"""The application PDF is bounded and rendered once per version (issue 21 item 7): a line cap per text field at
save and at submission, every field cut at its line cap when printed, the PDF kept per application, copy and
language until the form changes."""

import datetime
import io
import threading

import pytest
from django.urls import reverse
from pypdf import PdfReader

import config.pdf
from awards.documents.pdf_cache import cached_render
from awards.models import Application, EducationEntry
from awards.text_limits import TEXT_MAX_LINES
from tests.awards.applicant_support import form_data, open_campaign
from tests.factories import (
    ApplicationFactory,
    OrganizationFactory,
    add_rows_and_files,
    complete_application,
    user_with_role,
)

pytestmark = pytest.mark.django_db

ONE_CHAR_LINES = "\n".join(["字"] * 200)  # 399 characters: far under every character cap


def pages(pdf: bytes) -> tuple[int, str]:
    reader = PdfReader(io.BytesIO(pdf))
    return len(reader.pages), "".join(p.extract_text() for p in reader.pages).replace("\n", "")


@pytest.fixture
def application(client):
    app = add_rows_and_files(ApplicationFactory(campaign=open_campaign()))
    client.force_login(app.applicant)
    return app


@pytest.fixture
def renders(monkeypatch):
    """How many times WeasyPrint really renders a document (the real renderer, counted)."""
    calls = []
    original = config.pdf.html_to_pdf

    def counting(html, **kwargs):
        calls.append(len(html))
        return original(html, **kwargs)

    monkeypatch.setattr(config.pdf, "html_to_pdf", counting)
    return calls


# --- the line cap at save and at submission ----------------------------------------------------------------


@pytest.mark.parametrize("view", ["awards:application_edit", "awards:application_autosave"])
def test_a_field_of_one_character_lines_is_refused_with_a_line_message(client, application, view):
    before = application.awards_received
    response = client.post(
        reverse(view, args=[application.pk]),
        form_data(application, awards_received=ONE_CHAR_LINES, position="总工程师"),
    )
    body = response.content.decode("unicode_escape" if "autosave" in view else "utf-8")
    assert f"“何时何地受过何种奖励”每项内容不超过 {TEXT_MAX_LINES} 行，现为 200 行，本栏未保存" in body
    application.refresh_from_db()
    assert application.awards_received == before and application.position == "总工程师"


def test_line_breaks_other_than_newline_count_too(client, application):
    text = "\u2028".join(["字"] * 100)  # LINE SEPARATOR: printed as a new line as well
    response = client.post(
        reverse("awards:application_autosave", args=[application.pk]),
        form_data(application, punishments=text),
    )
    assert any("现为 100 行" in p["message"] for p in response.json()["problems"])


def test_sixty_lines_are_saved(client, application):
    text = "\n".join(["2019年 上海市五一劳动奖章"] * TEXT_MAX_LINES)
    client.post(
        reverse("awards:application_autosave", args=[application.pk]),
        form_data(application, awards_received=text),
    )
    application.refresh_from_db()
    assert application.awards_received == text


def test_a_draft_stored_over_the_line_cap_is_not_submitted(client):
    app = complete_application(campaign=open_campaign())
    Application.objects.filter(pk=app.pk).update(section_second=ONE_CHAR_LINES)  # stored before the cap
    client.force_login(app.applicant)
    response = client.post(reverse("awards:application_review", args=[app.pk]))
    app.refresh_from_db()
    assert app.state == Application.State.DRAFT
    assert (
        f"每项内容不超过 {TEXT_MAX_LINES} 行，现为 200 行。请将短行合并成段落后再提交"
        in response.content.decode()
    )


def test_the_unit_opinion_has_the_line_cap_too(client):
    org = OrganizationFactory(name="上海城市数据有限公司")
    staff = user_with_role("recommender")
    org.staff.add(staff)
    app = complete_application(campaign=open_campaign("pioneer"), employer=org)
    Application.objects.filter(pk=app.pk).update(unit_opinion="")
    client.force_login(staff)
    response = client.post(
        reverse("awards:unit_opinion", args=[app.pk]),
        {
            "unit_contact": "李老师 021-64001234",
            "unit_opinion": ONE_CHAR_LINES,
            "unit_responsible": "王总",
            "unit_opinion_date": "2026-03-01",
        },
    )
    assert f"每项内容不超过 {TEXT_MAX_LINES} 行，现为 200 行" in response.content.decode()
    app.refresh_from_db()
    assert app.unit_opinion == ""


# --- what is printed is bounded --------------------------------------------------------------------------------


def test_one_character_per_line_stored_before_the_cap_prints_within_twenty_pages_with_a_notice():
    """The issue's 196-page form: every text field of one character per line, under its character cap."""
    long_lines = {
        name: "\n".join(["字"] * (cap // 2))
        for name, cap in {
            "social_posts": 2000,
            "awards_received": 4000,
            "punishments": 2000,
            "representative_achievements": 4000,
            "unit_opinion": 2000,
        }.items()
    } | {name: "\n".join(["字"] * 733) for name in ("section_basic", "section_second", "section_third")}
    app = add_rows_and_files(ApplicationFactory(campaign=open_campaign("pioneer")))
    Application.objects.filter(pk=app.pk).update(**long_lines)  # as an old row or another client holds it
    app.refresh_from_db()
    from awards.documents.pdf import application_pdf

    n, text = pages(application_pdf(app, for_office=True))
    assert n <= 20, n  # bounded by what is printed, not by a timer
    assert "以下 1940 行超出本栏 60 行上限，未打印" in text  # awards_received: 2000 lines


def test_line_breaks_inside_a_row_of_the_education_table_print_as_spaces():
    app = add_rows_and_files(ApplicationFactory(campaign=open_campaign()))
    EducationEntry.objects.create(
        application=app, start=datetime.date(2000, 9, 1), school="\n".join(["学"] * 100)
    )
    from awards.documents.content import form_content

    content = form_content(app, for_office=False)
    assert all("\n" not in line for line in content.education)
    assert any(" ".join(["学"] * 100) in line for line in content.education)


# --- rendered once per version ---------------------------------------------------------------------------------


def test_the_pdf_is_rendered_once_and_served_again_until_the_application_changes(
    client, application, renders
):
    url = reverse("awards:application_pdf", args=[application.pk])
    first = client.get(url)
    second = client.get(url)
    assert first.status_code == second.status_code == 200
    assert len(renders) == 1
    assert first.content == second.content
    application.position = "首席工程师"
    application.save()
    client.get(url)
    assert len(renders) == 2


def test_a_change_that_does_not_save_the_application_renders_anew(client, application, renders):
    """A new row of 教育经历 changes the form without a save of the application: the form's digest differs."""
    url = reverse("awards:application_pdf", args=[application.pk])
    client.get(url)
    EducationEntry.objects.create(application=application, start=datetime.date(1998, 9, 1), school="复旦附中")
    response = client.get(url)
    assert len(renders) == 2
    assert "复旦附中" in pages(response.content)[1]


def test_each_copy_and_language_is_its_own_entry(application, renders):
    from awards.documents.pdf import application_pdf

    copies = [(False, "zh-hans"), (True, "zh-hans"), (False, "en"), (True, "en")]
    documents = [application_pdf(application, for_office=o, language=lang) for o, lang in copies]
    assert len(renders) == 4
    again = [application_pdf(application, for_office=o, language=lang) for o, lang in copies]
    assert len(renders) == 4 and again == documents


def test_the_cache_can_be_turned_off(client, application, renders, settings):
    settings.APPLICATION_PDF_CACHE_SECONDS = 0
    url = reverse("awards:application_pdf", args=[application.pk])
    client.get(url)
    client.get(url)
    assert len(renders) == 2


def test_concurrent_requests_for_the_same_form_render_it_once():
    """Three requests at once (the issue: 72–75 s each) share one rendering."""
    started = threading.Event()
    calls = []

    def slow_render(html):
        calls.append(html)
        started.set()
        threading.Event().wait(0.5)
        return b"%PDF-" + html.encode()

    results = []

    def request():
        results.append(cached_render("application-pdf:test:office:zh-hans", "<p>表</p>", slow_render))

    first = threading.Thread(target=request)
    first.start()
    started.wait(5)
    others = [threading.Thread(target=request) for _ in range(2)]
    for t in others:
        t.start()
    for t in [first, *others]:
        t.join(10)
    assert len(calls) == 1 and len(results) == 3 and len(set(results)) == 1


# --- a large form is rendered by the task worker -------------------------------------------------------------


@pytest.fixture
def queued_tasks(settings):
    """A task backend that keeps what is enqueued (the worker is run by the test)."""
    settings.TASKS = {
        "default": {"BACKEND": "django.tasks.backends.dummy.DummyBackend", "QUEUES": ["default"]}
    }
    from django.tasks import task_backends

    return task_backends["default"]


def test_a_large_form_is_rendered_in_the_task_worker_while_the_page_shows_progress(
    client, application, renders, queued_tasks, settings
):
    from awards.tasks import render_application_pdf

    settings.APPLICATION_PDF_BACKGROUND_PAGES = 1  # every form counts as large here
    url = reverse("awards:application_pdf", args=[application.pk])
    first = client.get(url)
    assert first.status_code == 202 and renders == []
    page = first.content.decode()
    assert '<meta http-equiv="refresh" content="3">' in page and "排队中" in page and "由后台生成" in page
    assert client.get(url).status_code == 202
    assert len(queued_tasks.results) == 1  # asked twice, queued once
    queued = queued_tasks.results[0]
    render_application_pdf.call(*queued.args)  # what `manage.py db_worker` does
    done = client.get(url)
    assert done.status_code == 200 and done["Content-Type"] == "application/pdf"
    assert len(renders) == 1 and pages(done.content)[0] >= 1


def test_a_failed_background_rendering_is_said_and_the_next_request_tries_again(
    client, application, queued_tasks, settings
):
    from awards.documents import pdf_cache
    from awards.documents.form_html import application_html

    settings.APPLICATION_PDF_BACKGROUND_PAGES = 1
    url = reverse("awards:application_pdf", args=[application.pk])
    client.get(url)
    key = pdf_cache.cache_key(application.pk, for_office=False, language="zh-hans")
    html = application_html(application, for_office=False)
    pdf_cache.job_move(key, html, "failed", "out of memory")  # as the worker records a failure
    failed = client.get(url)
    assert failed.status_code == 503 and "生成失败，请稍后刷新本页重试" in failed.content.decode()
    assert "http-equiv" not in failed.content.decode()
    assert client.get(url).status_code == 202 and len(queued_tasks.results) == 2


def test_a_worker_that_runs_tasks_at_once_hands_the_pdf_over_in_the_same_request(
    client, application, settings
):
    settings.APPLICATION_PDF_BACKGROUND_PAGES = 1  # the test settings' ImmediateBackend runs the task at once
    response = client.get(reverse("awards:application_pdf", args=[application.pk]))
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"


def test_a_form_of_normal_length_is_not_sent_to_the_worker(client, application, queued_tasks, settings):
    settings.APPLICATION_PDF_BACKGROUND_PAGES = 40  # the default with the shared cache
    response = client.get(reverse("awards:application_pdf", args=[application.pk]))
    assert response.status_code == 200 and queued_tasks.results == []


def test_every_save_of_the_application_drops_its_cached_copies(application):
    """So the retention purge (第三十一条), which saves the application, leaves no personal data in the cache."""
    from django.core.cache import cache

    from awards.documents.pdf import application_pdf
    from awards.documents.pdf_cache import cache_key

    application_pdf(application, for_office=True)
    application_pdf(application, for_office=False, language="en")
    keys = [
        cache_key(application.pk, for_office=True, language="zh-hans"),
        cache_key(application.pk, for_office=False, language="en"),
    ]
    assert all(cache.get(k) is not None for k in keys)
    application.save()
    assert all(cache.get(k) is None for k in keys)
