"""Mail as it is deployed (issue 21 item 3; the last round's mail 500s showed only there): the two-server set-up of
deploy/localstack.py (gunicorn with DEBUG=0, PostgreSQL, Redis, behind Debian's nginx) with the mailer configured
from the environment exactly as docs/deployment.md says — EMAIL_BACKEND=…smtp.EmailBackend, EMAIL_HOST, EMAIL_PORT —
and a real local SMTP server (aiosmtpd). Registration and password reset mail through it; when the server refuses
the message, the citizen gets the page in the site's layout (503), never a bare 500, and no account is left."""

import pytest

from deploy.localstack import LocalStack
from tests.config.mail.conftest import Keeping, Refusing, _serve
from tests.deploy.http import Visitor

FAILED = "邮件发送失败，请稍后再试。"
SEED = """
from django.contrib.auth.models import Group, User
user = User.objects.create_user("wang", "wang@example.cn", "Deployed-mail-2026!")
user.groups.add(Group.objects.get_or_create(name="applicant")[0])
print("ok")
"""


def _stack(port: int):
    env = {
        "EMAIL_BACKEND": "django.core.mail.backends.smtp.EmailBackend",
        "EMAIL_HOST": "127.0.0.1",
        "EMAIL_PORT": str(port),
        "EMAIL_TIMEOUT": "5",
        "DEFAULT_FROM_EMAIL": "office@example.cn",
    }
    return LocalStack(servers=2, env=env)


class Switched:
    """The module's one SMTP server: it keeps or refuses every message, as the test in progress sets `answer`
    (a `Keeping` or a `Refusing` handler of tests/config/mail), so that one stack serves both tests."""

    def __init__(self):
        self.answer = Keeping()

    async def handle_DATA(self, server, session, envelope):  # noqa: N802 (aiosmtpd's hook name)
        return await self.answer.handle_DATA(server, session, envelope)


@pytest.fixture(scope="module")
def deployed():
    """One stack for the module (starting one is most of each test's time), its mailer pointed at one SMTP
    server whose answer each test sets; the tests register different users from different addresses."""
    handler = Switched()
    controller = _serve(handler)
    try:
        with _stack(controller.port) as stack:
            stack.run_python(SEED)
            yield handler, stack
    finally:
        controller.stop()


def _register(stack, visitor, username: str, email: str):
    token = visitor.csrf_token(stack.nginx_url, "/accounts/register/")
    data = {
        "csrfmiddlewaretoken": token,
        "username": username,
        "email": email,
        "phone": "13912345678",
        "password1": "Zhihui-Gongjiang-2026",
        "password2": "Zhihui-Gongjiang-2026",
    }
    return visitor.post(stack.nginx_url, "/accounts/register/", data)


def test_registration_and_password_reset_mail_through_smtp_behind_nginx(deployed):
    switched, stack = deployed
    handler = switched.answer = Keeping()
    visitor = Visitor(source="127.0.0.2")
    registered = _register(stack, visitor, "liming", "liming@example.cn")
    assert registered.status == 200, registered.text[:800]
    assert "确认邮件已发送至 liming@example.cn" in registered.text
    token = visitor.csrf_token(stack.nginx_url, "/accounts/password_reset/")
    reset = visitor.post(
        stack.nginx_url,
        "/accounts/password_reset/",
        {"csrfmiddlewaretoken": token, "email": "wang@example.cn"},
    )
    assert reset.status == 302, reset.text[:800]
    recipients = [r for rcpts, _m in handler.messages for r in rcpts]
    assert recipients == ["liming@example.cn", "wang@example.cn"]
    assert "/accounts/confirm/" in handler.messages[0][1].get_content()


def test_a_refused_mail_is_a_page_in_the_layout_behind_nginx_and_leaves_no_account(deployed):
    switched, stack = deployed
    switched.answer = Refusing()
    visitor = Visitor(source="127.0.0.3")
    response = _register(stack, visitor, "zhaoliu", "zhaoliu@example.cn")
    assert response.status == 503, response.text[:800]
    assert FAILED in response.text and "智慧城市荣誉评选" in response.text
    left = stack.run_python(
        "from django.contrib.auth.models import User\nprint(User.objects.filter(username='zhaoliu').count())"
    )
    assert left.strip().splitlines()[-1] == "0"
