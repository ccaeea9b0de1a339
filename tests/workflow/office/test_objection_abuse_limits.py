"""Abuse limits of the public objection form (issue 10, defect 8) and its receipt page (issue 13, item 9)."""

import threading

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.urls import reverse

from awards.models import Campaign
from tests.workflow.office.test_publicity_pages import _open, confirmed_campaign, office, unit  # noqa: F401
from workflow.models import Objection
from workflow.services.objections import objection_file

pytestmark = pytest.mark.django_db


@pytest.fixture
def publicity(client, office, confirmed_campaign):  # noqa: F811
    _open(client, office, confirmed_campaign)
    client.logout()
    return confirmed_campaign


def post(client, campaign, REMOTE_ADDR="127.0.0.1", HTTP_X_FORWARDED_FOR="", **overrides):
    data = {
        "application": campaign.applications.get().pk,
        "objector_name": "李四",
        "objector_id_or_contact": "13900001111",
        "content": "其代表性成果并非本人完成。",
    } | overrides
    return client.post(
        reverse("workflow:public_publicity", args=[campaign.pk]),
        data,
        REMOTE_ADDR=REMOTE_ADDR,
        HTTP_X_FORWARDED_FOR=HTTP_X_FORWARDED_FOR,
    )


def test_success_redirects_to_a_receipt_without_the_form(client, publicity):
    response = post(client, publicity)
    assert response.status_code == 302
    assert response.url == reverse("workflow:objection_received", args=[publicity.pk])
    page = client.get(response.url).content.decode()
    objection = Objection.objects.get()
    assert "异议已提交" in page and f"-{objection.pk:05d}" in page
    assert 'id="objection-form"' not in page and 'name="content"' not in page
    assert reverse("workflow:public_publicity", args=[publicity.pk]) in page


def test_the_receipt_page_without_a_filing_goes_back_to_the_list(client, publicity):
    response = client.get(reverse("workflow:objection_received", args=[publicity.pk]))
    assert response.url == reverse("workflow:public_publicity", args=[publicity.pk])


def test_the_same_objection_twice_is_filed_once_with_a_clear_message(client, publicity):
    post(client, publicity)
    page = post(
        client, publicity, content="  其代表性成果并非本人完成。 ", objector_id_or_contact="139 0000 1111"
    )
    assert page.status_code == 200
    assert "您已对该人员提交过内容相同的异议" in page.content.decode()
    assert Objection.objects.count() == 1


@pytest.mark.parametrize(
    ("content", "contact"),
    [
        ("其代表性成果\u200b并非本人完成（ABC 项目）。", "13900001111"),  # zero-width space
        ("其代表性成果并非\u2060本人\ufeff完成（ABC 项目）。", "13900001111"),  # word joiner, byte-order mark
        ("其代表性成果\u200d并非本人完成\u200c（ABC 项目）。", "139\u200b0000\u200b1111"),  # joiners
        (
            "其代表性成果并非本人完成（ＡＢＣ 项目）。",
            "１３９００００１１１１",
        ),  # full-width letters and digits
        ("其代表性成果并非本人完成（A\u00adBC 项目）。", "13900001111"),  # soft hyphen
    ],
    ids=["zwsp", "word-joiner-bom", "joiners-in-contact", "fullwidth", "soft-hyphen"],
)
def test_invisible_characters_do_not_make_a_new_objection(client, publicity, content, contact):
    """Issue 21 (low): the duplicate check compares text as a reader sees it (Unicode normalised)."""
    assert post(client, publicity, content="其代表性成果并非本人完成（ABC 项目）。").status_code == 302
    page = post(client, publicity, content=content, objector_id_or_contact=contact)
    assert page.status_code == 200
    assert "您已对该人员提交过内容相同的异议" in page.content.decode()
    assert Objection.objects.count() == 1


def test_a_different_text_from_the_same_contact_is_a_new_objection(client, publicity):
    post(client, publicity)
    post(client, publicity, content="其工作年限不足。")
    assert Objection.objects.count() == 2


def test_filings_are_throttled_per_contact(client, publicity, settings):
    settings.OBJECTION_LIMIT_PER_CONTACT = 2
    for i in range(2):
        assert post(client, publicity, content=f"第{i}条").status_code == 302
    page = post(client, publicity, content="第三条").content.decode()
    assert "同一联系方式每 60 分钟最多提交 2 条异议" in page
    assert Objection.objects.count() == 2


def test_filings_are_throttled_per_ip(client, publicity, settings):
    settings.OBJECTION_LIMIT_PER_IP = 2
    for i in range(2):
        post(client, publicity, content=f"第{i}条", objector_id_or_contact=f"1390000000{i}")
    page = post(client, publicity, content="第三条", objector_id_or_contact="13900000009").content.decode()
    assert "同一网络地址每 60 分钟最多提交 2 条异议" in page
    assert Objection.objects.count() == 2


def test_the_service_refuses_a_duplicate_even_without_the_page(publicity):
    app = publicity.applications.get()
    data = dict(application=app, objector_name="李四", objector_id_or_contact="x@example.cn", content="不实")
    objection_file(**data)
    with pytest.raises(ValidationError) as e:
        objection_file(**data)
    assert "内容相同的异议" in e.value.messages[0]


@pytest.mark.django_db(transaction=True)
def test_five_concurrent_identical_objections_give_one_row(reference_data):
    from django.utils import timezone

    from awards.models import Application
    from tests.workflow.office.builders import campaign_in, candidate
    from workflow.models import Publicity

    campaign = campaign_in(Campaign.Phase.PUBLICITY)
    app = candidate(campaign, name="王芳")
    Application.objects.filter(pk=app.pk).update(state=Application.State.RECOMMENDED)
    Publicity.objects.create(campaign=campaign, starts_on=timezone.localdate(), ends_on=timezone.localdate())
    outcomes = []

    def file_one():
        try:
            objection_file(
                application=app, objector_name="李四", objector_id_or_contact="139", content="不实"
            )
            outcomes.append("ok")
        except ValidationError as e:
            outcomes.append(e.messages[0])
        except Exception as e:  # noqa: BLE001 — e.g. "database is locked" on SQLite is a separate defect
            outcomes.append(type(e).__name__)
        finally:
            connection.close()

    threads = [threading.Thread(target=file_one) for _ in range(5)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert Objection.objects.count() == 1 and outcomes.count("ok") == 1


def test_behind_the_proxy_one_client_exhausting_the_ip_limit_does_not_block_another(
    client, publicity, settings
):
    """Issue 21 item 2: behind nginx every request comes from the proxy; the limit must count the client nginx
    names in X-Forwarded-For (config/client_ip.py), or one person blocks every citizen's objections."""
    settings.TRUSTED_PROXIES = ["127.0.0.1"]
    settings.OBJECTION_LIMIT_PER_IP = 2
    first = {"REMOTE_ADDR": "127.0.0.1", "HTTP_X_FORWARDED_FOR": "198.51.100.20"}
    for i in range(2):
        assert (
            post(
                client, publicity, content=f"第{i}条", objector_id_or_contact=f"1390000000{i}", **first
            ).status_code
            == 302
        )
    refused = post(client, publicity, content="第三条", objector_id_or_contact="13900000009", **first)
    assert "同一网络地址每 60 分钟最多提交 2 条异议" in refused.content.decode()
    # Another citizen behind the same proxy still files; a spoofed left-most hop does not help the first one.
    other = {"REMOTE_ADDR": "127.0.0.1", "HTTP_X_FORWARDED_FOR": "198.51.100.20, 198.51.100.21"}
    assert (
        post(client, publicity, content="另一人", objector_id_or_contact="13900000008", **other).status_code
        == 302
    )
    spoofed = {"REMOTE_ADDR": "127.0.0.1", "HTTP_X_FORWARDED_FOR": "203.0.113.99, 198.51.100.20"}
    again = post(client, publicity, content="换个头", objector_id_or_contact="13900000007", **spoofed)
    assert "同一网络地址每 60 分钟最多提交 2 条异议" in again.content.decode()
    assert Objection.objects.count() == 3


def test_an_ipv6_client_changing_address_inside_its_64_is_one_client(client, publicity, settings):
    settings.OBJECTION_LIMIT_PER_IP = 2
    for i in range(2):
        post(
            client,
            publicity,
            content=f"第{i}条",
            objector_id_or_contact=f"1390000000{i}",
            REMOTE_ADDR=f"2001:db8:1:2::{i + 1}",
        )
    page = post(
        client,
        publicity,
        content="第三条",
        objector_id_or_contact="13900000009",
        REMOTE_ADDR="2001:db8:1:2:ffff::9",
    )
    assert "同一网络地址每 60 分钟最多提交 2 条异议" in page.content.decode()
    # The next /64 is someone else.
    assert (
        post(
            client,
            publicity,
            content="邻居",
            objector_id_or_contact="13900000008",
            REMOTE_ADDR="2001:db8:1:3::1",
        ).status_code
        == 302
    )
    assert Objection.objects.count() == 3


def test_the_migration_gives_stored_objections_the_normalised_fingerprint(client, publicity):
    """An objection filed before the normalisation is found as the duplicate of the same text sent again."""
    import hashlib
    import importlib

    from django.apps import apps

    assert post(client, publicity, content="其成果，并非本人完成。").status_code == 302
    objection = Objection.objects.get()
    old = hashlib.sha256(
        f"{objection.application_id}\x1f13900001111\x1f其成果，并非本人完成。".encode()
    ).hexdigest()
    Objection.objects.filter(pk=objection.pk).update(fingerprint=old)  # as the previous code stored it
    migration = importlib.import_module("workflow.migrations.0008_h_pdf_objection_fingerprints")
    migration.refingerprint(apps, None)
    page = post(client, publicity, content="其成果，\u200b并非本人完成。")
    assert "您已对该人员提交过内容相同的异议" in page.content.decode()
    assert Objection.objects.count() == 1
