"""English is a full translation: every catalog entry is translated, placeholders survive, the compiled catalog
matches the source, and the main pages switched to English show English labels and English data names."""

import ast
import gettext
import io
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
from django.conf import settings
from django.urls import reverse

from tests.awards.applicant_support import open_campaign
from tests.factories import ApplicationFactory, user_with_role
from tests.scoring.builders import scoring_world

CATALOG = Path(settings.BASE_DIR) / "locale" / "en" / "LC_MESSAGES"
PLACEHOLDER = re.compile(r"%\([^)]+\)[sd]|%%|%[sd]|\{\{\s*\w+\s*\}\}|\{\w+\}|</?\w+[^>]*>")
# CJK ideographs and full-width punctuation (the ideographic space U+3000 is whitespace and allowed).
CJK = re.compile(r"[\u3001-\u303f\u4e00-\u9fff\uff00-\uffef]+")


def catalog_entries() -> list[dict]:
    """The .po file as a list of {"flags", "msgid", "msgid_plural", "msgstr" or "msgstr[n]"} (header left out)."""
    entries = []
    for block in re.split(r"\n\s*\n", (CATALOG / "django.po").read_text(encoding="utf-8").strip()):
        entry: dict = {"flags": ""}
        key = None
        for line in block.splitlines():
            if line.startswith("#,"):
                entry["flags"] += line
            elif line.startswith("#"):
                continue
            elif line.startswith('"'):
                entry[key] += ast.literal_eval(line)
            else:
                key, _, value = line.partition(" ")
                entry[key] = ast.literal_eval(value)
        if entry.get("msgid"):
            entries.append(entry)
    return entries


def translations(entry: dict) -> list[str]:
    return [value for key, value in entry.items() if key.startswith("msgstr")]


def ui_text(html: str) -> list[str]:
    """Visible text and the accessible-name attributes of a page (scripts and styles left out)."""

    class Collector(HTMLParser):
        def __init__(self):
            super().__init__()
            self.parts, self.hidden = [], 0

        def handle_starttag(self, tag, attrs):
            self.hidden += tag in ("script", "style")
            self.parts += [v for k, v in attrs if k in ("aria-label", "title", "alt", "placeholder") and v]

        def handle_endtag(self, tag):
            self.hidden -= tag in ("script", "style")

        def handle_data(self, data):
            if not self.hidden and data.strip():
                self.parts.append(data.strip())

    collector = Collector()
    collector.feed(html)
    return collector.parts


def chinese_left(html: str, *user_data: str) -> list[str]:
    """The CJK runs a page still shows once the given user data (names, titles) and the 中文 switch are removed."""
    text = "\n".join(ui_text(html))
    for value in sorted(user_data, key=len, reverse=True):
        text = text.replace(value, "")
    text = text.replace("中文", "")
    return CJK.findall(text)


def header(html: str) -> str:
    return html[html.index("<header") : html.index("</header>")]


def in_english(client):
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    return client


# --- the catalog --------------------------------------------------------------------------------------------------


def test_the_english_catalog_has_over_a_thousand_messages():
    assert len(catalog_entries()) > 1000


def test_every_message_in_the_english_catalog_has_a_translation():
    untranslated = [e["msgid"] for e in catalog_entries() if not all(t.strip() for t in translations(e))]
    assert untranslated == []


def test_no_english_translation_is_marked_fuzzy():
    assert [e["msgid"] for e in catalog_entries() if "fuzzy" in e["flags"]] == []


def test_every_translation_keeps_the_placeholders_and_tags_of_its_message():
    mismatched = [
        (e["msgid"], t)
        for e in catalog_entries()
        for t in translations(e)
        if sorted(PLACEHOLDER.findall(t)) != sorted(PLACEHOLDER.findall(e["msgid"]))
    ]
    assert mismatched == []


def test_plural_messages_have_a_singular_and_a_plural_english_form():
    plurals = [e for e in catalog_entries() if "msgid_plural" in e]
    assert plurals
    assert all(e["msgstr[0]"] != e["msgstr[1]"] for e in plurals)


def test_english_translations_contain_no_chinese_except_quoted_import_values():
    # The expert-roster import asks for the literal cell values 是/否, which stay Chinese in the English message.
    left = {
        e["msgid"]: CJK.findall(t.replace("\u201c是\u201d", "").replace("\u201c否\u201d", ""))
        for e in catalog_entries()
        for t in translations(e)
    }
    assert {k: v for k, v in left.items() if v} == {}


def test_the_compiled_catalog_matches_the_source_catalog():
    with open(CATALOG / "django.mo", "rb") as fh:
        compiled = gettext.GNUTranslations(fh)
    stale = [
        e["msgid"]
        for e in catalog_entries()
        if "msgid_plural" not in e
        and (compiled.pgettext(e["msgctxt"], e["msgid"]) if "msgctxt" in e else compiled.gettext(e["msgid"]))
        != e["msgstr"]
    ]
    assert stale == []


# --- pages --------------------------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_home_page_in_english_has_english_navigation(client):
    page = in_english(client).get("/").content.decode()
    nav = header(page)
    assert "Campaigns" in nav and "Log in" in nav
    assert "评选活动" not in nav and "登录" not in nav
    assert "Shanghai Smart City Construction" in page


@pytest.mark.django_db
def test_home_page_in_english_shows_no_chinese_but_the_language_switch_and_campaign_titles(client):
    campaign = open_campaign()
    page = in_english(client).get("/").content.decode()
    assert chinese_left(page, campaign.title) == []


@pytest.mark.django_db
def test_login_page_in_english(client):
    page = in_english(client).get(reverse("login")).content.decode()
    assert "<h1>Log in</h1>" in page
    assert "Forgot your password?" in page
    assert chinese_left(page) == []


@pytest.mark.django_db
def test_campaign_list_in_english_names_the_honor_in_english(client):
    campaign = open_campaign("pioneer")
    page = in_english(client).get(reverse("awards:campaign_list")).content.decode()
    assert "<h1>Campaigns</h1>" in page
    assert "Leading Pioneer" in page and 'phase-open">Applications<' in page
    assert "领军先锋" not in page.replace(campaign.title, "")
    assert chinese_left(page, campaign.title) == []


@pytest.mark.django_db
def test_logged_in_header_in_english_says_log_out(client):
    client.force_login(user_with_role("office"))
    nav = header(in_english(client).get("/").content.decode())
    assert "Log out" in nav
    assert "退出" not in nav


@pytest.mark.django_db
def test_application_form_in_english_has_english_headings_and_buttons(client):
    app = ApplicationFactory(campaign=open_campaign())
    client.force_login(app.applicant)
    page = in_english(client).get(reverse("awards:application_edit", args=[app.pk])).content.decode()
    assert "\u201cSmart Craftsman\u201d application form" in page
    assert "Save draft" in page and "Your entries are saved automatically." in page
    assert "保存草稿" not in page and "填写进度" not in page
    assert chinese_left(header(page)) == []


@pytest.mark.django_db
def test_expert_score_sheet_in_english_shows_english_rubric_criteria_and_field(client):
    world = scoring_world()
    app = world.apps[0]
    client.force_login(world.experts[0])
    page = in_english(client).get(reverse("scoring:sheet", args=[app.pk, "material"])).content.decode()
    from django.utils import translation

    from awards.documents.annex import sheet_title

    # the annex's sheet title (附件3), not the rubric's name (issue 13 item 11)
    with translation.override("en"):
        title = sheet_title(app.campaign.award_type)
    assert "Score Sheet" in title and title in page
    assert app.tech_domain.name_en in page and app.tech_domain.name not in page
    assert "Innovation" in page and "Submit and sign" in page
    assert "评分表" not in page and "显著" not in page
    assert '"separator": "; "' in page  # between the refusals the sheet's script shows (decision 466)
    expert = world.experts[0]
    user_data = (app.name, app.number, expert.get_full_name(), expert.username)
    assert chinese_left(page, *user_data) == []


@pytest.mark.django_db
def test_office_dashboard_in_english(client):
    world = scoring_world()
    client.force_login(user_with_role("office"))
    page = (
        in_english(client)
        .get(reverse("workflow:campaign_dashboard", args=[world.campaign.pk]))
        .content.decode()
    )
    assert "Current phase" in page and "Material review" in page and "Next phase" in page
    assert "当前阶段" not in page and "下一阶段" not in page
    assert chinese_left(header(page)) == []
    assert "IoT sensing" in page and "物联感知建设" not in page
    assert "Art. 18" in page and "第十八条" not in page


@pytest.mark.django_db
def test_office_home_in_english_names_the_honor_in_english(client):
    world = scoring_world(code="pioneer")
    client.force_login(user_with_role("office"))
    page = in_english(client).get(reverse("workflow:office_home")).content.decode()
    assert "Committee Office dashboard" in page and "Leading Pioneer" in page
    assert chinese_left(page, world.campaign.title) == []


@pytest.mark.django_db
def test_chinese_remains_the_default_for_the_same_pages(client):
    page = client.get(reverse("awards:campaign_list")).content.decode()
    assert "<h1>评选活动</h1>" in page and "Campaigns" not in page


@pytest.mark.django_db
def test_application_form_in_english_names_domains_industries_and_sections_in_english(client):
    app = ApplicationFactory(campaign=open_campaign())
    client.force_login(app.applicant)
    page = in_english(client).get(reverse("awards:application_edit", args=[app.pk])).content.decode()
    assert "IoT sensing" in page and "物联感知建设" not in page
    assert "Smart economy — Smart manufacturing" in page
    assert "(2) Craftsman spirit" in page and "（二）精神特质" not in page


@pytest.mark.django_db
def test_the_application_pdf_in_english_has_an_english_title_domains_and_part_titles():
    from pypdf import PdfReader

    from awards.documents.pdf import application_pdf
    from tests.factories import complete_application

    app = complete_application(campaign=open_campaign())
    pdf = application_pdf(app, for_office=False, language="en")
    text = " ".join(" ".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf)).pages).split())
    assert "Smart Craftsman" in text and "Application Form" in text
    assert "IoT sensing" in text
    # the honor's titles of the three parts of 主要成绩 (section_labels), as the form shows them
    assert "(2) Craftsman spirit" in text and "How your daily work shows the craftsman spirit" in text
    assert "精神特质" not in text and "工匠精神" not in text


@pytest.mark.django_db
def test_the_experts_reading_page_in_english_titles_the_three_parts_in_english(client):
    """The honor's titles of the three parts of 主要成绩 (`section_labels`) follow the reader's language on the
    expert's page as on the form: the Chinese showed on the English page."""
    world = scoring_world()
    app = world.apps[0]
    expert = world.experts[0]
    client.force_login(expert)
    url = reverse("scoring:application_read", args=[app.pk])
    page = in_english(client).get(url).content.decode()
    assert "(1) Overview" in page and "(2) Craftsman spirit" in page and "(3) Technical skill" in page
    assert "精神特质" not in page
    user_data = (app.name, app.number, app.employer.name, expert.get_full_name(), app.campaign.title)
    chinese = chinese_left(page, *user_data, app.section_basic, app.section_second, app.section_third)
    assert not [run for run in chinese if run in ("基本情况", "精神特质", "技术", "技能水平")], chinese


@pytest.mark.django_db
def test_the_experts_reading_page_in_chinese_keeps_the_chinese_titles(client):
    world = scoring_world()
    client.force_login(world.experts[0])
    page = client.get(reverse("scoring:application_read", args=[world.apps[0].pk])).content.decode()
    assert "<h3>（二）精神特质</h3>" in page and "Craftsman spirit" not in page


def test_section_labels_follow_the_language_and_fall_back_to_the_chinese():
    from types import SimpleNamespace

    from awards.wording import section_labels

    honor = SimpleNamespace(
        section_labels=[
            {"zh": "（一）甲", "en": "(1) A", "hint": "说明甲", "hint_en": "About A"},
            {"zh": "（二）乙", "hint": "说明乙"},
        ]
    )
    assert section_labels(honor, "en") == [("(1) A", "About A"), ("（二）乙", "说明乙"), ("", "")]
    assert section_labels(honor, "zh-hans") == [("（一）甲", "说明甲"), ("（二）乙", "说明乙"), ("", "")]
    assert section_labels(SimpleNamespace(section_labels=None), "en") == [("", "")] * 3


# --- a name the office keeps in both languages, inside a message (the honor, a rubric's criterion) ---------------
@pytest.mark.django_db
def test_the_public_rating_rules_in_english_name_the_honor_in_english(client):
    from tests.scoring.public_input.builders import public_campaign

    campaign, _apps = public_campaign(1)
    page = in_english(client).get(reverse("public_input:rules", args=[campaign.pk])).content.decode()
    assert "you rate the finalists of \u201cSmart Craftsman\u201d" in page
    assert chinese_left(page.replace(campaign.title, "")) == []


@pytest.mark.django_db
def test_a_scoring_refusal_in_english_names_the_criterion_in_english():
    from django.core.exceptions import ValidationError
    from django.utils import translation

    from scoring.models import Criterion
    from scoring.rubrics import allowed_band, criterion_codes

    code = criterion_codes("pioneer-150")[0]
    criterion = Criterion.objects.get(code=code)
    with translation.override("en"), pytest.raises(ValidationError) as refused:
        allowed_band(code, 3, True)
    assert criterion.name_en and f"\u201c{criterion.name_en}\u201d" in refused.value.messages[0]
    assert criterion.name not in refused.value.messages[0]


# --- an article an honor cites, and a taxonomy row shown as itself -------------------------------------------------
@pytest.mark.django_db
@pytest.mark.parametrize("code", ["craftsman", "pioneer"])
def test_the_quota_rule_cites_its_article_in_the_readers_language(code):
    from django.utils import translation

    from awards.quota import quota_in_words

    campaign = open_campaign(code)
    with translation.override("en"):
        english = quota_in_words(campaign)
    assert "Art. 3" in english and "第三条" not in english and not CJK.findall(english)
    assert "第三条" in quota_in_words(campaign)


@pytest.mark.django_db
def test_the_eligibility_queues_domain_filter_lists_the_domains_in_english():
    from django.utils import translation

    from workflow.forms import EligibilityFilterForm

    campaign = open_campaign()

    def labels():
        return [
            str(label) for _value, label in EligibilityFilterForm(campaign=campaign).fields["domain"].choices
        ]

    with translation.override("en"):
        english = labels()
    assert "IoT sensing" in english and not [label for label in english if CJK.findall(label)]
    chinese = labels()
    assert "物联感知建设" in chinese


@pytest.mark.django_db
def test_the_campaign_forms_honor_list_names_the_honors_in_english():
    from django.utils import translation

    from workflow.forms import CampaignForm

    def labels():
        return [str(label) for value, label in CampaignForm().fields["award_type"].choices if value]

    with translation.override("en"):
        english = labels()
    assert "Smart Craftsman" in english and "Leading Pioneer" in english
    assert not [label for label in english if CJK.findall(label)]
    assert "智慧工匠" in labels()


# --- messages put together from parts (decision 466) ---------------------------------------------------------------
@pytest.mark.django_db
@pytest.mark.parametrize(("language", "joined", "other"), [("en", "; ", "；"), ("zh-hans", "；", "; ")])
def test_an_incomplete_submission_lists_its_problems_punctuated_as_the_page(client, language, joined, other):
    app = ApplicationFactory(campaign=open_campaign(), name="", unit_postcode="12")
    client.force_login(app.applicant)
    if language == "en":
        in_english(client)
    html = client.post(reverse("awards:application_review", args=[app.pk])).content.decode()
    refusal = re.search(r"(?:cannot be submitted: |不能提交：)([^<]*)", html)
    assert refusal, html[:2000]
    assert joined in refusal.group(1) and other not in refusal.group(1)


@pytest.mark.django_db
def test_a_row_error_of_the_form_names_table_row_and_field_in_english(client):
    from tests.awards.applicant_support import filled_application, form_data

    application = filled_application(client)
    data = form_data(
        application,
        **{
            "edu-TOTAL_FORMS": "1",
            "edu-0-start": "not a date",
            "edu-0-end": "2003-07-01",
            "edu-0-school": "S",
        },
    )
    page = in_english(client).post(reverse("awards:application_edit", args=[application.pk]), data)
    html = page.content.decode()
    assert page.status_code == 200, page
    assert "Education entry, row 1, Start: Enter a valid date." in html, re.findall(r"row 1[^<]*", html)
    assert "第1行" not in html


@pytest.mark.django_db
def test_a_page_for_two_roles_is_refused_naming_them_as_an_english_list(rf):
    """The refusal's words (logged with the 403; the page itself says only 无权访问)."""
    from django.core.exceptions import PermissionDenied
    from django.utils import translation

    from awards.permissions import Role, role_required

    request = rf.get("/")
    request.user = user_with_role("applicant")
    view = role_required(Role.COMMITTEE, Role.OFFICE)(lambda request: None)
    with translation.override("en"), pytest.raises(PermissionDenied) as refused:
        view(request)
    assert str(refused.value) == "This page is only for Committee member, Committee Office."


@pytest.mark.django_db
def test_the_resend_buttons_countdown_is_english_on_an_english_page(client):
    from tests.scoring.public_input.builders import public_campaign

    campaign, _apps = public_campaign()
    url = reverse("public_input:verify", args=[campaign.pk])
    page = in_english(client).post(url, {"step": "request", "contact": "citizen@example.cn"}, follow=True)
    html = page.content.decode()
    assert 'data-waiting="Send again in {n} s"' in html and "秒后可重新发送" not in html


@pytest.mark.django_db
def test_criteria_shown_as_themselves_read_in_english():
    from django.utils import translation

    from scoring.models import Criterion

    criterion = Criterion.objects.exclude(name_en="").first()
    with translation.override("en"):
        assert str(criterion) == f"{criterion.name_en} ({criterion.max_points})"
    with translation.override("zh-hans"):
        assert str(criterion) == f"{criterion.name}（{criterion.max_points}）"


#: Comments, translations and `_("…")` arguments, blanked out before looking for Chinese left in a template.
TEMPLATE_TRANSLATED = (
    (re.compile(r"\{%\s*blocktranslate.*?endblocktranslate\s*%\}", re.S)),
    (re.compile(r"\{%\s*comment\s*%\}.*?\{%\s*endcomment\s*%\}", re.S)),
    (re.compile(r"\{#.*?#\}", re.S)),
    (re.compile(r"/\*.*?\*/", re.S)),
    (re.compile(r"\{%\s*translate\s+([\"']).*?\1.*?%\}", re.S)),
    (re.compile(r"_\(([\"']).*?\1\)")),
)


def test_no_template_writes_chinese_outside_a_translation_but_the_language_switch():
    """A mark between two values (甲：乙, （注）, 、) is written {% translate "：" %} so that English reads "a: b"
    (decision 466); the language switch names Chinese in Chinese on purpose."""
    left = {}
    templates = Path(settings.BASE_DIR) / "templates"
    for path in sorted([*templates.rglob("*.html"), *templates.rglob("*.txt")]):
        text = path.read_text(encoding="utf-8")
        for pattern in TEMPLATE_TRANSLATED:
            text = pattern.sub(" ", text)
        found = [run for run in CJK.findall(text) if run != "中文"]
        if found:
            left[path.name] = found
    assert left == {}


def test_no_script_writes_chinese_of_its_own():
    """The pages' scripts take every word and mark from the page (translated there, decision 466): a Chinese word
    or mark in a script's code would be shown on English pages too. Comments may explain in Chinese."""
    left = {}
    for path in sorted((Path(settings.BASE_DIR) / "static" / "js").glob("*.js")):
        text = re.sub(r"/\*.*?\*/", " ", path.read_text(encoding="utf-8"), flags=re.S)
        code = "\n".join(re.sub(r"(^|\s)//.*$", " ", line) for line in text.splitlines())
        if found := CJK.findall(code):
            left[path.name] = found
    assert left == {}


@pytest.mark.django_db
def test_the_word_form_in_english_has_no_chinese_but_the_applications_own_words():
    """The blank date of the unit's opinion, the hints in parentheses and the cover's labels (decision 466)."""
    from docx import Document

    from awards.documents.docx import application_docx
    from tests.factories import complete_application

    app = complete_application(campaign=open_campaign("pioneer"))
    app.unit_opinion_date = None  # not yet dated: the printed form leaves the date to be written by hand
    app.save(update_fields=["unit_opinion_date"])
    doc = Document(io.BytesIO(application_docx(app, for_office=False, language="en")))
    parts = [p.text for p in doc.paragraphs]
    parts += [cell.text for table in doc.tables for row in table.rows for cell in row.cells]
    text = "\n".join(parts)
    own = [str(getattr(app, f.attname)) for f in app._meta.concrete_fields]
    own += [
        str(v)
        for rows in (app.education_entries, app.work_entries)
        for row in rows.values_list()
        for v in row
    ]
    own += [o.name for o in (app.recommender, app.employer) if o]
    assert [run for run in CJK.findall(text) if run.strip() and not any(run in o for o in own)] == []
    assert "____ (year) __ (month) __ (day)" in text


@pytest.mark.django_db
def test_the_experts_scoring_refusals_name_the_criterion_in_english():
    """What an expert reads after a score out of its band, a missing score or a score that is not a number (the
    sheet's own checks, the rubric's total and the sheet form's parsing) names the criterion as the sheet does."""
    from django.core.exceptions import ValidationError
    from django.utils import translation

    from scoring.rubrics import _criteria, total
    from scoring.services.sheets import EntryInput, validate_entries

    criteria = _criteria("craftsman-100")
    first = criteria[0]
    assert first.name_en
    with translation.override("en"):
        errors = validate_entries(
            criteria, "levels", {first.code: EntryInput(level=1, points=999)}, complete=True
        )
        with pytest.raises(ValidationError) as missing:
            total("craftsman-100", {})
        with pytest.raises(ValidationError) as not_integer:
            total("craftsman-100", {c.code: "x" for c in criteria})
    said = " ".join(
        [*(m for ms in errors.values() for m in ms), *missing.value.messages, *not_integer.value.messages]
    )
    assert f"\u201c{first.name_en}\u201d" in said and first.name not in said
