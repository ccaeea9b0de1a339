"""The layout's parts kept in each process's memory per language (templates/base.html, docs/decisions.md 394): each
language has its own, whichever was shown first, and what belongs to the user or the request is never in them."""

import pytest
from django.test import Client

from tests.factories import user_with_role

pytestmark = pytest.mark.django_db


def _page(client, language):
    client.post("/i18n/setlang/", {"language": language, "next": "/"})
    return client.get("/campaigns/").content.decode()


def test_each_language_has_its_own_header_and_footer_whichever_came_first():
    for first, second in (("zh-hans", "en"), ("en", "zh-hans")):
        client = Client()
        pages = {first: _page(client, first), second: _page(client, second)}
        assert (
            ">智慧城市荣誉评选</a>" in pages["zh-hans"]
            and ">个人信息处理规则</a></footer>" in pages["zh-hans"]
        )
        assert ">Smart City Honors</a>" in pages["en"] and ">Privacy notice</a></footer>" in pages["en"]
        assert ">Campaigns</a>" in pages["en"] and "Smart City Honors" not in pages["zh-hans"]


def test_the_signed_in_part_of_the_header_is_each_user_s_own():
    for username, name in (("lf-1", "甲"), ("lf-2", "乙")):
        user = user_with_role("applicant", username=username, first_name=name, last_name="")
        client = Client()
        client.force_login(user)
        page = client.get("/accounts/password_change/").content.decode()
        assert f'<span class="who">{user.get_full_name() or username}</span>' in page
