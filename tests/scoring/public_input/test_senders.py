"""SMS is a real channel (issue 24 item 2): the Alibaba Cloud and Tencent Cloud SDKs and a generic HTTP gateway,
chosen by `SMS_BACKEND`, each tested end to end against a local stand-in server the SDK is pointed at."""

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.core.management.base import SystemCheckError
from django.urls import reverse

from scoring.models import Ballot, VerificationCode
from scoring.services import ballots as services
from scoring.services.voter_identity import PHONE, voter_key
from tests.scoring.public_input.builders import public_campaign
from tests.scoring.public_input.sms_standin import StandIn

pytestmark = pytest.mark.django_db

PROVIDERS = {
    "alibaba": {"SMS_SIGN_NAME": "上海智慧城市", "SMS_TEMPLATE_CODE": "SMS_100001"},
    "tencent": {
        "SMS_SIGN_NAME": "上海智慧城市",
        "SMS_TEMPLATE_CODE": "100001",
        "SMS_SDK_APP_ID": "1400000001",
    },
    "http": {"SMS_HTTP_TOKEN": "t0ken"},
}


@pytest.fixture
def stand_in():
    server = StandIn().start()
    yield server
    server.stop()


def _configure(settings, backend, server):
    settings.SMS_BACKEND = backend
    settings.SMS_ACCESS_KEY_ID, settings.SMS_ACCESS_KEY_SECRET = "key-id", "key-secret"
    settings.SMS_ENDPOINT = f"http://{server.host}" + ("/send" if backend == "http" else "")
    for name, value in PROVIDERS[backend].items():
        setattr(settings, name, value)


@pytest.mark.parametrize("backend", ["alibaba", "tencent", "http"])
def test_a_code_to_a_mobile_number_goes_through_the_configured_provider(settings, stand_in, backend):
    _configure(settings, backend, stand_in)
    campaign, _apps = public_campaign()
    voter = services.code_request(campaign=campaign, contact="+86 139-1234-5678", ip="10.0.0.1")
    (arrived,) = stand_in.received
    data, headers = arrived["data"], arrived["headers"]
    if backend == "alibaba":
        assert headers["x-acs-action"] == "SendSms" and data["PhoneNumbers"] == "13912345678"
        assert data["SignName"] == "上海智慧城市" and data["TemplateCode"] == "SMS_100001"
        assert headers["Authorization"].startswith("ACS3-HMAC-SHA256 Credential=key-id,")  # signed by the SDK
    elif backend == "tencent":
        assert headers["X-TC-Action"] == "SendSms" and data["PhoneNumberSet"] == ["+8613912345678"]
        assert data["SmsSdkAppId"] == "1400000001" and data["TemplateId"] == "100001"
        assert headers["Authorization"].startswith("TC3-HMAC-SHA256 Credential=key-id/")
    else:
        assert headers["Authorization"] == "Bearer t0ken" and data["phone"] == "13912345678"
    services.code_verify(campaign=campaign, voter=voter, code=stand_in.code())
    assert voter == voter_key(PHONE, "13912345678")
    assert "13912345678" not in str(list(VerificationCode.objects.values()))


@pytest.mark.parametrize("backend", ["alibaba", "tencent", "http"])
def test_a_provider_refusal_is_reported_and_no_code_is_kept(settings, stand_in, backend):
    _configure(settings, backend, stand_in)
    stand_in.fail = True
    campaign, _apps = public_campaign()
    with pytest.raises(ValidationError, match="短信发送失败"):
        services.code_request(campaign=campaign, contact="13912345678", ip="10.0.0.1")
    assert not VerificationCode.objects.exists()


def test_an_unreachable_provider_is_reported_within_the_timeout(settings, stand_in):
    _configure(settings, "alibaba", stand_in)
    settings.SMS_ENDPOINT, settings.SMS_TIMEOUT = "http://127.0.0.1:9", 2
    campaign, _apps = public_campaign()
    with pytest.raises(ValidationError, match="短信发送失败"):
        services.code_request(campaign=campaign, contact="13912345678", ip="10.0.0.1")


def test_the_pages_offer_mobile_numbers_only_when_a_provider_is_configured(client, settings, stand_in):
    campaign, apps = public_campaign()
    url = reverse("public_input:verify", args=[campaign.pk])
    home = client.get(reverse("awards:home")).content.decode()
    assert "电子邮箱验证，一人一票" in home and "手机号码" not in home
    page = client.get(url).content.decode()
    assert "手机号码" not in page and 'inputmode="email"' in page
    _configure(settings, "tencent", stand_in)
    page = client.get(url).content.decode()
    assert "手机号码或电子邮箱" in page and 'inputmode="email"' not in page
    response = client.post(url, {"step": "request", "contact": "13912345678"})
    assert response.status_code == 302
    response = client.post(url, {"step": "code", "code": stand_in.code()})
    assert response.status_code == 302
    client.post(
        reverse("public_input:ballot", args=[campaign.pk]),
        {"group": "public", "version": 0, f"rating_{apps[0].pk}": 5},
    )
    assert Ballot.objects.get().voter_key == voter_key(PHONE, "13912345678")


def test_a_provider_without_its_keys_stops_the_system_check(settings):
    settings.SMS_BACKEND = "alibaba"
    settings.SMS_ACCESS_KEY_ID = settings.SMS_ACCESS_KEY_SECRET = settings.SMS_SIGN_NAME = ""
    with pytest.raises(SystemCheckError, match="SMS_ACCESS_KEY_ID, SMS_ACCESS_KEY_SECRET, SMS_SIGN_NAME"):
        call_command("check")
    settings.SMS_BACKEND = "aliyun"
    with pytest.raises(SystemCheckError, match="not one of alibaba, tencent, http, none"):
        call_command("check")


def test_an_app_server_refuses_to_start_with_a_provider_without_its_keys(settings):
    from django.core.exceptions import ImproperlyConfigured

    from scoring.services.code_senders import refuse_broken_sms

    settings.SMS_BACKEND, settings.SMS_SDK_APP_ID = "tencent", ""
    with pytest.raises(ImproperlyConfigured, match="SMS_SDK_APP_ID"):
        refuse_broken_sms()
