"""A minimal HTTP client for tests against real servers (no redirects followed, cookies kept by hand), so a test
decides exactly which server each request goes to and which cookie it carries."""

import http.client
import re
import urllib.parse
from dataclasses import dataclass, field
from http.cookies import SimpleCookie


@dataclass
class Response:
    status: int
    headers: dict
    body: bytes
    cookies: dict

    @property
    def text(self) -> str:
        return self.body.decode("utf-8", errors="replace")

    def header(self, name: str) -> str:
        return self.headers.get(name.lower(), "")


@dataclass
class Visitor:
    """One browser: its cookies go with every request, to whichever server it is sent. `source`: the local
    address its connections come from (any 127.x.y.z on loopback), so tests can be several clients."""

    cookies: dict = field(default_factory=dict)
    source: str | None = None

    def request(
        self, base_url: str, method: str, path: str, data: dict | None = None, headers=None
    ) -> Response:
        parts = urllib.parse.urlsplit(base_url)
        conn = http.client.HTTPConnection(
            parts.hostname, parts.port, timeout=30, source_address=(self.source, 0) if self.source else None
        )
        sent = {"Host": f"{parts.hostname}:{parts.port}", **(headers or {})}
        if self.cookies:
            sent["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        body = None
        if data is not None:
            body = urllib.parse.urlencode(data).encode()
            sent["Content-Type"] = "application/x-www-form-urlencoded"
            sent["Referer"] = f"{base_url}{path}"
            # as every browser does on a form POST: Django's CSRF check compares it with the Host nginx passes on
            sent["Origin"] = f"{parts.scheme}://{parts.netloc}"
        try:
            conn.request(method, path, body=body, headers=sent)
            raw = conn.getresponse()
            payload = raw.read()
            received = {}
            for header in raw.headers.get_all("Set-Cookie") or ():
                for name, morsel in SimpleCookie(header).items():
                    received[name] = morsel.value
                    if morsel["max-age"] == "0" or morsel.value == "":
                        self.cookies.pop(name, None)
                    else:
                        self.cookies[name] = morsel.value
            headers_out = {k.lower(): v for k, v in raw.headers.items()}
            return Response(raw.status, headers_out, payload, received)
        finally:
            conn.close()

    def get(self, base_url: str, path: str, **kw) -> Response:
        return self.request(base_url, "GET", path, **kw)

    def post(self, base_url: str, path: str, data: dict, **kw) -> Response:
        return self.request(base_url, "POST", path, data=data, **kw)

    def csrf_token(self, base_url: str, path: str) -> str:
        page = self.get(base_url, path)
        assert page.status == 200, (path, page.status, page.text[:500])
        match = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.text)
        assert match, f"no CSRF token on {path}"
        return match.group(1)

    def login(self, base_url: str, username: str, password: str) -> Response:
        token = self.csrf_token(base_url, "/accounts/login/")
        return self.post(
            base_url,
            "/accounts/login/",
            {"csrfmiddlewaretoken": token, "username": username, "password": password},
        )
