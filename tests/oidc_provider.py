"""A small OpenID Connect provider for the tests, served on 127.0.0.1 in a thread.

Discovery, JWKS, an authorize page (a person types their name and presses the button), and a
token endpoint that checks the client's secret, the redirect address and the PKCE verifier
(S256) before it returns an RS256 ID token signed with a key generated at start. ``tamper``
makes the next ID tokens wrong on purpose: "forged" (signed with another key under the same key
id), "expired", "nonce", "issuer", "audience".
"""

from __future__ import annotations

import base64
import hashlib
import html
import json
import secrets
import threading
import time
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, urlencode, urlsplit

from joserfc import jwt
from joserfc.jwk import KeySet, RSAKey

KEY_ID = "test-key-1"


@dataclass
class Grant:
    client_id: str
    redirect_uri: str
    nonce: str
    code_challenge: str
    code_challenge_method: str
    claims: dict[str, Any]


@dataclass
class Provider:
    client_id: str = "chiso"
    client_secret: str = "test-secret"  # noqa: S105 - a test value
    # login name typed on the authorize page -> claims of that person
    people: dict[str, dict[str, Any]] = field(default_factory=dict)
    tamper: str = ""
    authorize_requests: list[dict[str, str]] = field(default_factory=list)
    token_requests: list[dict[str, str]] = field(default_factory=list)

    def __post_init__(self) -> None:
        self.key = RSAKey.generate_key(2048, parameters={"kid": KEY_ID, "use": "sig"})
        self.other_key = RSAKey.generate_key(2048, parameters={"kid": KEY_ID, "use": "sig"})
        self.grants: dict[str, Grant] = {}
        self.server = ThreadingHTTPServer(("127.0.0.1", 0), _handler(self))
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    @property
    def issuer(self) -> str:
        host, port = self.server.server_address[:2]
        return f"http://{host}:{port}"

    @property
    def discovery_url(self) -> str:
        return f"{self.issuer}/.well-known/openid-configuration"

    def start(self) -> Provider:
        self.thread.start()
        return self

    def stop(self) -> None:
        self.server.shutdown()
        self.server.server_close()
        self.thread.join(timeout=10)

    def metadata(self) -> dict[str, Any]:
        return {
            "issuer": self.issuer,
            "authorization_endpoint": f"{self.issuer}/authorize",
            "token_endpoint": f"{self.issuer}/token",
            "jwks_uri": f"{self.issuer}/jwks",
            "response_types_supported": ["code"],
            "subject_types_supported": ["public"],
            "id_token_signing_alg_values_supported": ["RS256"],
            "code_challenge_methods_supported": ["S256"],
            "token_endpoint_auth_methods_supported": ["client_secret_basic"],
            "scopes_supported": ["openid", "email", "profile"],
        }

    def jwks(self) -> dict[str, Any]:
        return KeySet([self.key]).as_dict(private=False)

    def id_token(self, grant: Grant) -> str:
        now = int(time.time())
        claims = {
            "iss": self.issuer,
            "sub": grant.claims.get("sub", "subject"),
            "aud": grant.client_id,
            "iat": now,
            "exp": now + 300,
            "nonce": grant.nonce,
            **grant.claims,
        }
        key = self.key
        if self.tamper == "forged":
            key = self.other_key
        elif self.tamper == "expired":
            claims["iat"], claims["exp"] = now - 7200, now - 3600
        elif self.tamper == "nonce":
            claims["nonce"] = "not-the-nonce-that-was-sent"
        elif self.tamper == "issuer":
            claims["iss"] = "http://127.0.0.1:1/other"
        elif self.tamper == "audience":
            claims["aud"] = "another-client"
        return jwt.encode({"alg": "RS256", "kid": KEY_ID}, claims, key)

    def authorize(self, params: dict[str, str], login: str) -> str:
        """The redirect address after ``login`` signs in (also what the page's form does)."""
        self.authorize_requests.append(dict(params))
        person = self.people.get(login, {"sub": f"unknown-{login}", "email": f"{login}@example"})
        code = secrets.token_urlsafe(24)
        self.grants[code] = Grant(
            client_id=params.get("client_id", ""),
            redirect_uri=params.get("redirect_uri", ""),
            nonce=params.get("nonce", ""),
            code_challenge=params.get("code_challenge", ""),
            code_challenge_method=params.get("code_challenge_method", ""),
            claims=dict(person),
        )
        query = urlencode({"code": code, "state": params.get("state", "")})
        return f"{params.get('redirect_uri', '')}?{query}"

    def token(self, form: dict[str, str], authorization: str) -> tuple[int, dict[str, Any]]:
        self.token_requests.append(dict(form))
        expected = base64.b64encode(f"{self.client_id}:{self.client_secret}".encode()).decode()
        if authorization != f"Basic {expected}":
            return 401, {"error": "invalid_client"}
        grant = self.grants.pop(form.get("code", ""), None)
        if grant is None or form.get("grant_type") != "authorization_code":
            return 400, {"error": "invalid_grant"}
        if form.get("redirect_uri") != grant.redirect_uri or grant.client_id != self.client_id:
            return 400, {"error": "invalid_grant"}
        verifier = form.get("code_verifier", "")
        digest = hashlib.sha256(verifier.encode()).digest()
        challenge = base64.urlsafe_b64encode(digest).rstrip(b"=").decode()
        if grant.code_challenge_method != "S256" or challenge != grant.code_challenge:
            return 400, {"error": "invalid_grant", "error_description": "PKCE"}
        return 200, {
            "access_token": secrets.token_urlsafe(24),
            "token_type": "Bearer",
            "expires_in": 300,
            "id_token": self.id_token(grant),
        }


_PAGE = """<!doctype html><html lang="vi"><head><meta charset="utf-8">
<title>Hệ thống một cửa (thử)</title></head><body>
<h1>Đăng nhập hệ thống một cửa của tỉnh (thử)</h1>
<form method="post" action="/authorize">{hidden}
<label>Tài khoản <input name="login" id="login"></label>
<button type="submit">Đăng nhập</button></form></body></html>"""


def _handler(provider: Provider) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def log_message(self, format: str, *args: Any) -> None:  # noqa: A002
            pass

        def _send(self, status: int, body: bytes, content_type: str) -> None:
            self.send_response(status)
            self.send_header("Content-Type", content_type)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def _json(self, status: int, data: dict[str, Any]) -> None:
            self._send(status, json.dumps(data).encode(), "application/json")

        def _form(self) -> dict[str, str]:
            length = int(self.headers.get("Content-Length") or 0)
            body = self.rfile.read(length).decode()
            return {k: v[0] for k, v in parse_qs(body).items()}

        def do_GET(self) -> None:  # noqa: N802
            url = urlsplit(self.path)
            if url.path == "/.well-known/openid-configuration":
                self._json(200, provider.metadata())
            elif url.path == "/jwks":
                self._json(200, provider.jwks())
            elif url.path == "/authorize":
                params = {k: v[0] for k, v in parse_qs(url.query).items()}
                hidden = "".join(
                    f'<input type="hidden" name="{html.escape(k)}" value="{html.escape(v)}">'
                    for k, v in params.items()
                )
                self._send(200, _PAGE.format(hidden=hidden).encode(), "text/html; charset=utf-8")
            else:
                self._json(404, {"error": "not_found"})

        def do_POST(self) -> None:  # noqa: N802
            url = urlsplit(self.path)
            form = self._form()
            if url.path == "/authorize":
                login = form.pop("login", "")
                self.send_response(302)
                self.send_header("Location", provider.authorize(form, login))
                self.send_header("Content-Length", "0")
                self.end_headers()
            elif url.path == "/token":
                status, data = provider.token(form, self.headers.get("Authorization", ""))
                self._json(status, data)
            else:
                self._json(404, {"error": "not_found"})

    return Handler
