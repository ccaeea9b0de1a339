"""Issue 23.8: 404/403/400/500 answer in the site's language and layout, with a way back to the home page."""

import pytest
from django.core.exceptions import PermissionDenied
from django.views import defaults

pytestmark = pytest.mark.django_db


def test_a_missing_page_is_chinese_in_the_layout_with_a_way_back(client):
    response = client.get("/no-such-page/")
    html = response.content.decode()
    assert response.status_code == 404
    assert "页面不存在" in html and "返回首页" in html and 'class="site-header"' in html
    assert "Not Found" not in html


def test_a_missing_page_in_english_when_the_visitor_chose_english(client, settings):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    html = client.get("/no-such-page/").content.decode()
    assert "Page not found" in html and "Back to the home page" in html


@pytest.mark.parametrize(
    ("view", "args", "words"),
    [
        (defaults.server_error, (), "服务器错误"),
        (defaults.permission_denied, (PermissionDenied(),), "无权访问"),
        (defaults.bad_request, (Exception(),), "请求无效"),
    ],
)
def test_the_other_error_pages_are_in_the_layout(rf, view, args, words):
    response = view(rf.get("/"), *args)
    html = response.content.decode()
    assert words in html and "返回首页" in html and 'class="site-header"' in html
