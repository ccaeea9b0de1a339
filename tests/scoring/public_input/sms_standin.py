"""A local stand-in for the SMS providers' APIs (Alibaba Cloud `SendSms`, Tencent Cloud `SendSms`, a generic
gateway): a real HTTP server on 127.0.0.1 that the real SDKs are pointed at (`SMS_ENDPOINT`). It records what
arrived and answers as the provider does — success, or the provider's refusal when `fail` is set."""

import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs


class StandIn:
    def __init__(self):
        self.received: list[dict] = []
        self.fail = False
        stand_in = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):  # noqa: N802
                body = self.rfile.read(int(self.headers.get("Content-Length") or 0)).decode()
                kind = self.headers.get("Content-Type", "")
                data = json.loads(body) if "json" in kind else {k: v[0] for k, v in parse_qs(body).items()}
                query = {k: v[0] for k, v in parse_qs(self.path.partition("?")[2]).items()}
                stand_in.received.append({"headers": dict(self.headers), "data": {**query, **data}})
                status, answer = stand_in.answer(self.headers, {**query, **data})
                payload = json.dumps(answer).encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(payload)))
                self.end_headers()
                self.wfile.write(payload)

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    @property
    def host(self) -> str:
        return f"127.0.0.1:{self.server.server_port}"

    def answer(self, headers, data):
        if headers.get("X-TC-Action") == "SendSms":  # Tencent Cloud API 3.0
            if self.fail:
                return 200, {
                    "Response": {
                        "SendStatusSet": [
                            {"Code": "LimitExceeded.PhoneNumberDailyLimit", "Message": "limit"}
                        ],
                        "RequestId": "r-1",
                    }
                }
            return 200, {
                "Response": {
                    "SendStatusSet": [
                        {
                            "SerialNo": "s-1",
                            "PhoneNumber": data["PhoneNumberSet"][0],
                            "Fee": 1,
                            "Code": "Ok",
                            "Message": "send success",
                            "SessionContext": "",
                            "IsoCode": "CN",
                        }
                    ],
                    "RequestId": "r-1",
                }
            }
        if (
            headers.get("x-acs-action") == "SendSms"
        ):  # Alibaba Cloud (ACS3-HMAC-SHA256 signed, query parameters)
            if self.fail:
                return 200, {
                    "Code": "isv.BUSINESS_LIMIT_CONTROL",
                    "Message": "触发分钟级流控",
                    "RequestId": "r-2",
                }
            return 200, {"Code": "OK", "Message": "OK", "BizId": "b-1", "RequestId": "r-2"}
        return (500, {"error": "down"}) if self.fail else (200, {"ok": True})  # the generic gateway

    def start(self):
        self.thread.start()
        return self

    def stop(self):
        self.server.shutdown()
        self.server.server_close()

    def code(self) -> str:
        """The one-time code in the last message, whichever provider carried it."""
        data = self.received[-1]["data"]
        if "TemplateParamSet" in data:
            return data["TemplateParamSet"][0]
        if "TemplateParam" in data:
            return json.loads(data["TemplateParam"])["code"]
        return data["text"].split("验证码为 ")[1][:6]
