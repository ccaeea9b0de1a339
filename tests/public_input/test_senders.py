"""The SMS gateway sender is one setting away: it posts the message to the configured HTTP endpoint."""

import json
import threading
from http.server import BaseHTTPRequestHandler, HTTPServer

import pytest
from django.core.exceptions import ValidationError

from scoring.models import VerificationCode
from scoring.services import ballots as services
from tests.public_input.builders import public_campaign

pytestmark = pytest.mark.django_db


@pytest.fixture
def gateway():
    received = []

    class Handler(BaseHTTPRequestHandler):
        status = 200

        def do_POST(self):  # noqa: N802
            body = self.rfile.read(int(self.headers["Content-Length"]))
            received.append((self.headers["Authorization"], json.loads(body)))
            self.send_response(Handler.status)
            self.end_headers()

        def log_message(self, *args):
            pass

    server = HTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield server, received, Handler
    server.shutdown()


def test_a_code_to_a_mobile_number_goes_through_the_configured_sms_gateway(settings, gateway):
    server, received, _handler = gateway
    settings.PUBLIC_VOTE_SMS_SENDER = "scoring.services.code_senders.HttpSmsSender"
    settings.PUBLIC_VOTE_SMS_URL = f"http://127.0.0.1:{server.server_port}/send"
    settings.PUBLIC_VOTE_SMS_TOKEN = "t0ken"
    campaign, _apps = public_campaign()
    voter = services.code_request(campaign=campaign, contact="+86 139-1234-5678", ip="10.0.0.1")
    ((auth, body),) = received
    assert auth == "Bearer t0ken"
    assert body["phone"] == "13912345678"
    code = body["text"].split("验证码为 ")[1][:6]
    services.code_verify(campaign=campaign, voter=voter, code=code)


def test_a_gateway_failure_is_reported_and_no_code_is_kept(settings, gateway):
    server, _received, handler = gateway
    handler.status = 500
    settings.PUBLIC_VOTE_SMS_SENDER = "scoring.services.code_senders.HttpSmsSender"
    settings.PUBLIC_VOTE_SMS_URL = f"http://127.0.0.1:{server.server_port}/send"
    campaign, _apps = public_campaign()
    with pytest.raises(ValidationError, match="短信发送失败"):
        services.code_request(campaign=campaign, contact="13912345678", ip="10.0.0.1")
    assert not VerificationCode.objects.exists()
