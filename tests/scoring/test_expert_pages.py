"""Expert pages: only assigned applications, no personal data, the sheet refuses what the rubric forbids."""

import pytest
from django.urls import reverse

from awards.models import Campaign
from notices.models import Notification
from scoring.models import ConflictOfInterest, ScoreSheet
from tests.factories import user_with_role
from tests.scoring.builders import craftsman_entries, expert, scoring_world, to_post

pytestmark = pytest.mark.django_db
PASSWORD = "demo-pass-2026"


def expert_urls(app):
    attachment = app.attachments.first()
    return [
        reverse("scoring:application_read", args=[app.pk]),
        reverse("scoring:attachment", args=[app.pk, attachment.pk]),
        reverse("scoring:sheet", args=[app.pk, "material"]),
        reverse("scoring:sheet", args=[app.pk, "onsite"]),
    ]


def test_assigned_expert_opens_every_page_and_file(client, world):
    client.force_login(world.experts[1])
    statuses = [client.get(url).status_code for url in expert_urls(world.apps[0])[:3]]
    assert statuses == [200, 200, 200]


@pytest.mark.parametrize("index", range(4))
def test_expert_outside_the_panel_gets_404_on_every_page_and_file(client, world, index):
    client.force_login(expert("外组专家", username="other-panel"))
    assert client.get(expert_urls(world.apps[0])[index]).status_code == 404


@pytest.mark.parametrize("index", range(4))
def test_expert_with_a_conflict_gets_404_on_every_page_and_file(client, world, index):
    ConflictOfInterest.objects.create(
        expert=world.experts[1], application=world.apps[0], source="auto", reason="同单位"
    )
    client.force_login(world.experts[1])
    assert client.get(expert_urls(world.apps[0])[index]).status_code == 404


def test_posting_a_sheet_for_an_unassigned_application_gets_404(client, world):
    client.force_login(expert("外组专家", username="other-post"))
    url = reverse("scoring:sheet", args=[world.apps[0].pk, "material"])
    assert client.post(url, to_post(craftsman_entries(), action="save")).status_code == 404
    assert not ScoreSheet.objects.exists()


def test_applicant_cannot_open_the_expert_pages(client, world):
    client.force_login(world.apps[0].applicant)
    assert client.get(expert_urls(world.apps[0])[0]).status_code == 404


def test_attachment_is_served_as_a_download_with_its_content_type(client, world):
    client.force_login(world.experts[0])
    evidence = world.apps[0].attachments.get(kind="evidence")
    response = client.get(reverse("scoring:attachment", args=[world.apps[0].pk, evidence.pk]))
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith("attachment;")
    assert (response["X-Content-Type-Options"], response["Cache-Control"]) == ("nosniff", "private, no-store")
    assert b"".join(response.streaming_content).startswith(b"%PDF")


def test_reading_page_links_every_attachment_as_a_download_and_frames_none(client, world):
    """Files are served as attachments that no page may frame (X-Frame-Options DENY, frame-ancestors 'none'):
    an embedded PDF would stay blank, so the page offers each file as a download."""
    app = world.apps[0]
    client.force_login(world.experts[0])
    html = client.get(reverse("scoring:application_read", args=[app.pk])).content.decode()
    assert "<iframe" not in html and 'target="_blank"' not in html
    for attachment in app.attachments.all():
        url = reverse("scoring:attachment", args=[app.pk, attachment.pk])
        assert f'<a href="{url}" download class="attachment-link">' in html
    response = client.get(reverse("scoring:attachment", args=[app.pk, app.attachments.first().pk]))
    assert response["X-Frame-Options"] == "DENY"


def test_reading_page_hides_personal_data(client, world):
    app = world.apps[0]
    client.force_login(world.experts[0])
    html = client.get(reverse("scoring:application_read", args=[app.pk])).content.decode()
    assert app.section_third in html
    for private in (app.resident_id, app.phone, app.email, app.unit_address):
        assert private not in html
    assert "政治面貌" not in html


def test_expert_home_lists_assigned_applications_with_their_state(client, world):
    ConflictOfInterest.objects.create(
        expert=world.experts[0], application=world.apps[1], source="auto", reason="同单位"
    )
    client.force_login(world.experts[0])
    client.post(
        reverse("scoring:sheet", args=[world.apps[0].pk, "material"]),
        to_post(dict(list(craftsman_entries().items())[:1]), action="save"),
    )
    html = client.get(reverse("scoring:expert_home")).content.decode()
    assert world.apps[0].name in html and "草稿" in html
    assert world.apps[1].name not in html


def test_declaring_a_conflict_removes_the_application_and_tells_the_office(client, world, office):
    client.force_login(world.experts[1])
    response = client.post(
        reverse("scoring:conflict_declare", args=[world.apps[0].pk]), {"reason": "申报人是我的学生"}
    )
    assert response.status_code == 302
    conflict = ConflictOfInterest.objects.get(expert=world.experts[1], application=world.apps[0])
    assert conflict.source == ConflictOfInterest.Source.DECLARED
    assert "申报人是我的学生" in Notification.objects.get(user=office).body
    assert client.get(reverse("scoring:application_read", args=[world.apps[0].pk])).status_code == 404


def test_out_of_band_score_sent_directly_is_refused_with_a_message(client, world):
    client.force_login(world.experts[0])
    entries = craftsman_entries()
    code = next(iter(entries))
    entries[code].points = 10  # 2 aspects + 显著 allows 6~8
    response = client.post(
        reverse("scoring:sheet", args=[world.apps[0].pk, "material"]),
        to_post(entries, action="submit", password=PASSWORD, signature_name="专家1"),
    )
    assert response.status_code == 400
    assert "不在允许的分数段 6~8 内" in response.content.decode()
    assert not ScoreSheet.objects.filter(state="submitted").exists()


def test_autosave_answers_json_with_the_running_total(client, world):
    client.force_login(world.experts[0])
    entries = dict(list(craftsman_entries().items())[:2])
    response = client.post(
        reverse("scoring:sheet", args=[world.apps[0].pk, "material"]),
        to_post(entries, action="save"),
        headers={"Accept": "application/json"},
    )
    assert response.json()["total"] == 14


def test_submitting_through_the_page_locks_the_sheet(client, world):
    client.force_login(world.experts[0])
    url = reverse("scoring:sheet", args=[world.apps[0].pk, "material"])
    client.post(url, to_post(craftsman_entries(), action="submit", password=PASSWORD, signature_name="专家1"))
    sheet = ScoreSheet.objects.get()
    assert (sheet.state, sheet.total) == ("submitted", 75)
    response = client.post(url, to_post(craftsman_entries(), action="save"))
    assert "不能再修改" in response.content.decode()


def test_non_integer_score_is_refused(client, world):
    client.force_login(world.experts[0])
    code = next(iter(craftsman_entries()))
    response = client.post(
        reverse("scoring:sheet", args=[world.apps[0].pk, "material"]),
        {f"{code}-points": "7.5", "action": "save"},
    )
    assert "必须是整数" in response.content.decode()


def test_score_page_query_count_does_not_grow_with_criteria_or_applications(
    client, django_assert_max_num_queries, db
):
    small = scoring_world(apps=1)
    client.force_login(small.experts[0])
    with django_assert_max_num_queries(9):
        assert client.get(reverse("scoring:sheet", args=[small.apps[0].pk, "material"])).status_code == 200
    big = scoring_world(code="pioneer", apps=6)
    client.force_login(big.experts[0])
    with django_assert_max_num_queries(9):
        assert client.get(reverse("scoring:sheet", args=[big.apps[5].pk, "material"])).status_code == 200


@pytest.mark.parametrize("apps", [1, 8])
def test_expert_home_query_count_is_constant(client, django_assert_max_num_queries, db, apps):
    w = scoring_world(apps=apps)
    client.force_login(w.experts[0])
    with django_assert_max_num_queries(6):
        assert client.get(reverse("scoring:expert_home")).status_code == 200


def test_only_the_expert_and_the_office_download_the_signed_pdf(client, world, office):
    client.force_login(world.experts[0])
    client.post(
        reverse("scoring:sheet", args=[world.apps[0].pk, "material"]),
        to_post(craftsman_entries(), action="submit", password=PASSWORD, signature_name="专家1"),
    )
    url = reverse("scoring:sheet_pdf", args=[ScoreSheet.objects.get().pk])
    assert client.get(url).status_code == 200
    client.force_login(world.experts[1])
    assert client.get(url).status_code == 404
    client.force_login(office)
    assert client.get(url)["Content-Type"] == "application/pdf"


def test_office_reopens_a_sheet_from_the_results_page(client, world, office):
    client.force_login(world.experts[0])
    client.post(
        reverse("scoring:sheet", args=[world.apps[0].pk, "material"]),
        to_post(craftsman_entries(), action="submit", password=PASSWORD, signature_name="专家1"),
    )
    sheet = ScoreSheet.objects.get()
    client.force_login(office)
    client.post(reverse("scoring:sheet_reopen", args=[sheet.pk]), {"reason": "总分核对有误"})
    sheet.refresh_from_db()
    assert sheet.state == "draft"


def test_unknown_stage_is_404(client, world):
    client.force_login(world.experts[0])
    assert client.get(reverse("scoring:sheet", args=[world.apps[0].pk, "final"])).status_code == 404


def test_office_user_without_expert_role_gets_404_on_the_sheet(client, world):
    client.force_login(user_with_role("office", username="office-only"))
    assert client.get(reverse("scoring:sheet", args=[world.apps[0].pk, "material"])).status_code == 404


def test_expert_home_shows_the_stage_deadline(client, world):
    import datetime

    world.panel.material_due_on = datetime.date(2026, 6, 30)
    world.panel.save()
    client.force_login(world.experts[0])
    assert "提交截止日期：2026-06-30" in client.get(reverse("scoring:expert_home")).content.decode()


def test_expert_home_puts_open_scoring_first_and_folds_finished_campaigns(client):
    from scoring.models import PanelMember

    open_world = scoring_world(phase=Campaign.Phase.MATERIAL_REVIEW)
    person = open_world.experts[0]
    for phase in (Campaign.Phase.OPEN, Campaign.Phase.ARCHIVED):
        other = scoring_world(phase=phase, experts=1)
        PanelMember.objects.create(panel=other.panel, expert=person)
    client.force_login(person)
    page = client.get(reverse("scoring:expert_home")).content.decode()
    folded = page[page.index('<details class="card" id="finished-campaigns">') :]
    current = page[: page.index('<details class="card" id="finished-campaigns">')]
    assert current.index(open_world.campaign.title) < current.index("活动阶段：申报")
    assert "活动阶段：归档" in folded and "活动阶段：归档" not in current


def _work_world(count: int):
    """One expert on a panel with `count` applications in 材料评议; every third sheet submitted, every fifth a
    draft."""
    w = scoring_world(apps=count)
    person = w.experts[0]
    for i, app in enumerate(w.apps):
        if i % 3 == 0:
            ScoreSheet.objects.create(
                application=app, expert=person, panel=w.panel, stage="material", state="submitted"
            )
        elif i % 5 == 0:
            ScoreSheet.objects.create(
                application=app, expert=person, panel=w.panel, stage="material", state="draft"
            )
    return w, person


def _listed(page: str) -> list[str]:
    import re

    return re.findall(r'<tr data-application="(\d+)" data-stage="material">', page)


def test_the_work_list_is_paginated_by_50_with_the_filters_and_the_page_in_the_url(
    client, django_assert_max_num_queries
):
    w, person = _work_world(120)
    submitted = {str(a.pk) for i, a in enumerate(w.apps) if i % 3 == 0}
    client.force_login(person)
    url = reverse("scoring:expert_home")
    seen: dict[str, list[str]] = {}
    for show, expected in (("todo", 80), ("done", 40), ("all", 120)):
        seen[show] = []
        for number in (1, 2, 3):
            with django_assert_max_num_queries(6):
                page = client.get(url, {"show": show, "page": number}).content.decode()
            rows = _listed(page)
            assert len(rows) <= 50
            seen[show] += [r for r in rows if r not in seen[show]]
            if number == 1 and expected > 50:
                assert f'href="?show={show}&amp;page=2" rel="next"' in page
                assert f'aria-current="page" data-filter="{show}"' in page
        assert len(seen[show]) == expected, show
    assert set(seen["done"]) == submitted and not set(seen["todo"]) & submitted
    assert set(seen["todo"]) | set(seen["done"]) == set(seen["all"])
    first = client.get(url).content.decode()  # 待评 by default
    assert _listed(first) == seen["todo"][:50]
    assert "待评（80）" in first and "已评（40）" in first and "全部（120）" in first
    assert "分配 120 份，已提交 40 份，待评 80 份" in first
    # an unknown filter is 待评, a page past the end is the last page
    assert _listed(client.get(url, {"show": "x"}).content.decode()) == seen["todo"][:50]
    last = client.get(url, {"show": "all", "page": 99}).content.decode()
    assert _listed(last) == seen["all"][100:] and "第 3 / 3 页" in last


def test_the_work_list_orders_by_number_within_a_panel(client):
    w, person = _work_world(3)
    client.force_login(person)
    page = client.get(reverse("scoring:expert_home"), {"show": "all"}).content.decode()
    assert _listed(page) == [str(a.pk) for a in sorted(w.apps, key=lambda a: a.number)]
    assert page.count("<table") == 1 and f'<h3 data-panel="{w.panel.pk}" data-stage="material">' in page


def test_nothing_to_score_says_so_and_offers_the_other_filters(client):
    w = scoring_world(apps=1, phase=Campaign.Phase.MATERIAL_REVIEW)
    person = w.experts[0]
    ScoreSheet.objects.create(
        application=w.apps[0], expert=person, panel=w.panel, stage="material", state="submitted"
    )
    client.force_login(person)
    page = client.get(reverse("scoring:expert_home")).content.decode()
    assert _listed(page) == [] and "没有待评的申报。" in page and 'data-filter="done"' in page
    assert 'class="pagination"' not in page


def test_the_work_list_in_english(client):
    w, person = _work_world(2)
    client.force_login(person)
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    page = client.get(reverse("scoring:expert_home")).content.decode()
    assert "To score (1)" in page and "Scored (1)" in page and "All (2)" in page


def test_a_page_of_the_work_list_shows_each_rows_own_application_and_schedule_across_panels_and_stages(
    monkeypatch,
):
    """The work list is ordered and counted on its keys and reads what it shows for the page's rows only
    (docs/decisions.md 418): a page that spans two stages of one panel and a second panel shows each row with
    its own application, domain and 现场展示 slot, in the list's order."""
    import datetime

    from awards.models import Application
    from scoring.models import PanelMember
    from scoring.selectors import panels as selectors

    onsite = scoring_world(phase=Campaign.Phase.ONSITE, apps=2, state=Application.State.SHORTLISTED)
    onsite.panel.name = "A组"
    onsite.panel.save()
    person = onsite.experts[0]
    material = scoring_world(phase=Campaign.Phase.MATERIAL_REVIEW, apps=1, experts=1)
    material.panel.name = "B组"
    material.panel.save()
    material.campaign.year = onsite.campaign.year - 1  # the older campaign's panel comes second
    material.campaign.save()
    PanelMember.objects.create(panel=material.panel, expert=person)
    first, second = onsite.apps  # second is presented first on site
    for app, order, room in ((first, 2, "201"), (second, 1, "101")):
        app.name = f"申报人{room}"
        app.save()
        onsite.panel.assignments.filter(application=app).update(
            onsite_order=order, onsite_room=room, onsite_date=datetime.date(2026, 9, 1)
        )
    ScoreSheet.objects.create(
        application=second, expert=person, panel=onsite.panel, stage="onsite", state="submitted"
    )
    monkeypatch.setattr(selectors, "WORK_PAGE_SIZE", 3)
    pages = [selectors.expert_work(person, show="all", page=n).page for n in (1, 2)]
    shown = [
        (
            row.group.panel.name,
            row.stage,
            row.application.pk,
            row.application.name,
            row.assignment.onsite_room,
        )
        for page in pages
        for row in page.object_list
    ]
    assert shown == [
        ("A组", "material", second.pk, "申报人101", "101"),
        ("A组", "material", first.pk, "申报人201", "201"),
        ("A组", "onsite", second.pk, "申报人101", "101"),
        ("A组", "onsite", first.pk, "申报人201", "201"),
        ("B组", "material", material.apps[0].pk, material.apps[0].name, ""),
    ]
    statuses = [(row.status, row.to_score) for page in pages for row in page.object_list]
    # 材料评议 is over for A组 (not open), its 现场展示 is open: one sheet submitted there, one to score
    assert statuses == [
        ("not_started", False),
        ("not_started", False),
        ("submitted", False),
        ("not_started", True),
        ("not_started", True),
    ]
    assert [row.application.tech_domain for row in pages[0].object_list] == [
        second.tech_domain,
        first.tech_domain,
        second.tech_domain,
    ]
    assert pages[0].paginator.count == 5 and pages[1].number == 2
