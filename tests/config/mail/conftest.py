"""Real local SMTP servers (aiosmtpd) on free ports: one that accepts and keeps every message, one that refuses
every message with 550. `smtp_mailer` points the project's mailer at one through the documented environment
variables (config/mailers.py)."""

import socket
from email import message_from_bytes, policy

import pytest
from aiosmtpd.controller import Controller

from config.mailers import mailer_from_environ


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class Keeping:
    def __init__(self):
        self.messages = []

    async def handle_DATA(self, server, session, envelope):  # noqa: N802 (aiosmtpd's hook name)
        message = message_from_bytes(envelope.content, policy=policy.default)
        self.messages.append((list(envelope.rcpt_tos), message))
        return "250 Message accepted for delivery"


class Refusing:
    def __init__(self):
        self.messages = []

    async def handle_DATA(self, server, session, envelope):  # noqa: N802
        return "550 5.7.1 Message refused by policy"


def _serve(handler):
    controller = Controller(handler, hostname="127.0.0.1", port=free_port())
    controller.start()
    return controller


@pytest.fixture
def smtp_server():
    handler = Keeping()
    controller = _serve(handler)
    handler.port = controller.port
    yield handler
    controller.stop()


@pytest.fixture
def refusing_smtp_server():
    handler = Refusing()
    controller = _serve(handler)
    handler.port = controller.port
    yield handler
    controller.stop()


def smtp_environ(port: int) -> dict:
    """The variables docs/deployment.md tells an operator to set, for a server on `port` of this machine."""
    return {
        "EMAIL_BACKEND": "django.core.mail.backends.smtp.EmailBackend",
        "EMAIL_HOST": "127.0.0.1",
        "EMAIL_PORT": str(port),
        "EMAIL_TIMEOUT": "5",
    }


def use_server(settings, server) -> None:
    settings.MAILERS = {"default": mailer_from_environ(smtp_environ(server.port), default_backend="unused")}


@pytest.fixture
def smtp_mailer(settings, smtp_server):
    use_server(settings, smtp_server)
    return smtp_server


@pytest.fixture
def refusing_mailer(settings, refusing_smtp_server):
    use_server(settings, refusing_smtp_server)
    return refusing_smtp_server
