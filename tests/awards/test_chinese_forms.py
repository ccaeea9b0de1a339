"""Issue 13 item 7: every form of the site, rendered in zh-hans, has no ASCII-only label, placeholder or choice text
(Django's “- Select an option -”, “Award type”, English placeholders) and no pre-selected empty radio."""

import datetime
import re
from html.parser import HTMLParser

import pytest
from django.urls import reverse
from django.utils import timezone

from awards.models import Application, Campaign
from scoring.models import PanelAssignment
from tests.awards.applicant_support import open_campaign
from tests.factories import ApplicationFactory, OrganizationFactory, complete_application, user_with_role
from tests.workflow.office.builders import campaign_in, candidate, panel_for
from workflow.models import Honor, Publicity

pytestmark = pytest.mark.django_db
S = Application.State
P = Campaign.Phase

#: Words of the regulation's own forms that are written in Latin letters there (申报表: “E-mail”).
ANNEX_WORDS = {"E-mail"}
LATIN = re.compile(r"[A-Za-z]")
CJK = re.compile(r"[\u3400-\u9fff]")


class FormTexts(HTMLParser):
    """Collects, inside <form> elements: label texts, placeholders, option texts and the radio inputs checked."""

    def __init__(self):
        super().__init__()
        self.depth = 0  # inside how many <form>
        self.capture: str | None = None  # "label" / "option"
        self.buffer = ""
        self.texts: list[tuple[str, str]] = []
        self.checked_empty_radios: list[str] = []

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "form":
            self.depth += 1
        if not self.depth:
            return
        if tag in ("label", "option", "legend"):
            self.capture, self.buffer = tag, ""
        if a.get("placeholder"):
            self.texts.append(("placeholder", a["placeholder"]))
        if tag == "input" and a.get("type") == "radio" and "checked" in a and not a.get("value"):
            self.checked_empty_radios.append(a.get("name", ""))

    def handle_endtag(self, tag):
        if tag == "form":
            self.depth -= 1
        if self.capture == tag:
            self.texts.append((tag, " ".join(self.buffer.split())))
            self.capture = None

    def handle_data(self, data):
        if self.capture:
            self.buffer += data


def problems(html: str) -> list[str]:
    parser = FormTexts()
    parser.feed(html)
    found = [
        f"{kind}: {text!r}"
        for kind, text in parser.texts
        if text and LATIN.search(text) and not CJK.search(text) and text not in ANNEX_WORDS
    ]
    found += [f"empty radio pre-selected: {name}" for name in parser.checked_empty_radios]
    return found


@pytest.fixture
def world():
    """One of everything a form page needs."""
    unit = OrganizationFactory(name="上海市大数据中心")
    office = user_with_role("office")
    recommender = user_with_role("recommender")
    unit.staff.add(recommender)
    craftsman = open_campaign("craftsman")
    pioneer = open_campaign("pioneer")
    draft = ApplicationFactory(campaign=craftsman, name="", gender="")
    pioneer_app = complete_application(campaign=pioneer, route="unit", recommender=unit, employer=unit)
    submitted = complete_application(campaign=craftsman, employer=unit)
    Application.objects.filter(pk=submitted.pk).update(state=S.SUBMITTED)
    review = campaign_in(P.MATERIAL_REVIEW)
    panel = panel_for(review, experts=1)
    expert = panel.members.get().expert
    scored = candidate(review, state=S.ELIGIBLE, number="ZHGJ-2026-001")
    PanelAssignment.objects.create(panel=panel, application=scored)
    publicity = campaign_in(P.PUBLICITY)
    listed = candidate(publicity, state=S.RECOMMENDED, number="ZHGJ-2026-002")
    Publicity.objects.create(
        campaign=publicity,
        starts_on=timezone.localdate(),
        ends_on=timezone.localdate() + datetime.timedelta(days=7),
    )
    awarded = campaign_in(P.AWARDED)
    winner = candidate(awarded, state=S.AWARDED, number="ZHGJ-2026-003")
    honor = Honor.objects.create(
        application=winner, kind="title", certificate_number="ZHGJ-2026-003", awarded_on=timezone.localdate()
    )
    from django.contrib.auth import get_user_model

    get_user_model().objects.filter(groups__name="expert").update(first_name="评审专家")  # people have names
    return {
        "office": office,
        "recommender": recommender,
        "expert": expert,
        "pages": [
            (None, reverse("awards:register")),
            (None, reverse("login")),
            (None, reverse("password_reset")),
            (None, reverse("workflow:public_publicity", args=[publicity.pk])),
            (draft.applicant, reverse("awards:application_edit", args=[draft.pk])),
            (pioneer_app.applicant, reverse("awards:application_edit", args=[pioneer_app.pk])),
            (draft.applicant, reverse("awards:application_review", args=[draft.pk])),
            (recommender, reverse("awards:recommender_home")),
            (recommender, reverse("awards:unit_opinion", args=[pioneer_app.pk])),
            (office, reverse("workflow:campaign_create")),
            (office, reverse("workflow:campaign_edit", args=[craftsman.pk])),
            (office, reverse("workflow:campaign_dashboard", args=[craftsman.pk])),
            (office, reverse("workflow:eligibility_queue", args=[craftsman.pk])),
            (office, reverse("workflow:eligibility_review", args=[submitted.pk])),
            (office, reverse("workflow:panels", args=[review.pk])),
            (office, reverse("workflow:stage", args=[review.pk, "material"])),
            (office, reverse("workflow:stage", args=[review.pk, "onsite"])),
            (office, reverse("workflow:publicity", args=[publicity.pk])),
            (office, reverse("workflow:honors", args=[awarded.pk])),
            (office, reverse("workflow:revocation_new", args=[honor.pk])),
            (office, reverse("workflow:consultations", args=[submitted.campaign_id])),
            (office, reverse("workflow:associations")),
            (expert, reverse("scoring:sheet", args=[scored.pk, "material"])),
        ],
        "listed": listed,
    }


def test_every_form_is_chinese_in_zh_hans(client, world):
    report = {}
    for user, url in world["pages"]:
        client.logout()
        if user is not None:
            client.force_login(user)
        response = client.get(url, HTTP_ACCEPT_LANGUAGE="zh-hans")
        assert response.status_code == 200, url
        found = problems(response.content.decode())
        if found:
            report[url] = found
    assert not report, "\n".join(f"{url}: {found}" for url, found in report.items())


def test_the_scanner_catches_what_the_issue_names():
    html = (
        '<form><label for="g">性别</label><input type="radio" name="gender" value="" checked>'
        '<label>- Select an option -</label><label for="a">Award type</label>'
        '<input placeholder="Your name"><select><option>Alpha</option></select>'
        "<label>E-mail</label><option>2026</option></form>"
    )
    found = problems(html)
    assert "label: '- Select an option -'" in found and "label: 'Award type'" in found
    assert "placeholder: 'Your name'" in found and "option: 'Alpha'" in found
    assert "empty radio pre-selected: gender" in found
    assert not any("E-mail" in f or "2026" in f for f in found)


def test_a_password_like_the_email_is_refused_in_plain_chinese(client):
    response = client.post(
        reverse("awards:register"),
        {
            "username": "wangfang",
            "email": "wangfang2026@example.cn",
            "phone": "",
            "password1": "wangfang2026",
            "password2": "wangfang2026",
        },
    )
    page = response.content.decode()
    assert "密码与您的用户名或电子邮箱太相似" in page
    assert "电子邮件地址 太相似" not in page


def test_the_eligibility_unit_filter_lists_the_units_the_applications_name(client):
    campaign = open_campaign()
    app = complete_application(campaign=campaign, unit_name="上海某某信息技术有限公司", employer=None)
    Application.objects.filter(pk=app.pk).update(state=S.SUBMITTED)
    other = complete_application(campaign=campaign, unit_name="上海另一家单位")
    Application.objects.filter(pk=other.pk).update(state=S.SUBMITTED)
    client.force_login(user_with_role("office"))
    url = reverse("workflow:eligibility_queue", args=[campaign.pk])
    page = client.get(url).content.decode()
    assert '<option value="上海某某信息技术有限公司">' in page
    filtered = client.get(url, {"unit": "上海某某信息技术有限公司"}).content.decode()
    assert app.name in filtered and "上海另一家单位" not in filtered.split("<tbody")[-1]
