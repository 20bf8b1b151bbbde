"""Safe by default, for every answer: security headers, the Host check (DNS rebinding), the body
limit on the declared length before any body is read (a body sent without
one is counted as it is read, by the analyze endpoint), and NUL bytes refused. A pure ASGI middleware, so it also covers
404s, errors and static files."""

from __future__ import annotations

import json
from collections.abc import Awaitable, Callable
from typing import Any

from quelle.api.settings import ServeSettings

# No inline script anywhere; styles from our own files only (Swagger UI at /docs sets inline styles).
CSP = ("default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; "
       "font-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'")
CSP_DOCS = CSP.replace("style-src 'self'", "style-src 'self' 'unsafe-inline'")
HEADERS = {
    "x-content-type-options": "nosniff",
    "x-frame-options": "DENY",
    "referrer-policy": "no-referrer",
    "cross-origin-opener-policy": "same-origin",
    "cross-origin-resource-policy": "same-origin",
    "permissions-policy": "camera=(), microphone=(), geolocation=()",
}

Scope = dict[str, Any]
Receive = Callable[[], Awaitable[dict[str, Any]]]
Send = Callable[[dict[str, Any]], Awaitable[None]]


def _host_name(value: str) -> str:
    value = value.strip().lower()
    if value.startswith("["):  # [::1]:8000
        return value[1:value.find("]")] if "]" in value else value
    return value.rsplit(":", 1)[0] if value.count(":") == 1 else value


class SecurityMiddleware:
    def __init__(self, app, settings: ServeSettings) -> None:
        self.app = app
        self.settings = settings

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        path = scope.get("path", "")
        csp = CSP_DOCS if path.startswith("/docs") else CSP

        async def send_with_headers(message: dict[str, Any]) -> None:
            if message["type"] == "http.response.start":
                headers = [(k, v) for k, v in message.get("headers", [])
                           if k.lower() not in (b"content-security-policy", *(h.encode() for h in HEADERS))]
                headers.append((b"content-security-policy", csp.encode()))
                headers.extend((k.encode(), v.encode()) for k, v in HEADERS.items())
                message = {**message, "headers": headers}
            await send(message)

        problem = self._refuse(scope)
        if problem is not None:
            status, kind, text, close = problem
            await _answer(send_with_headers, status, kind, text, close)
            return
        await self.app(scope, receive, send_with_headers)

    def _refuse(self, scope: Scope) -> tuple[int, str, str, bool] | None:
        headers = {k.lower(): v for k, v in scope.get("headers", [])}
        host = _host_name(headers.get(b"host", b"").decode("latin-1"))
        if host not in self.settings.allowed_hosts:
            return 400, "bad_host", "this server does not answer for that Host header (see --allowed-hosts)", False
        raw = scope.get("raw_path") or scope.get("path", "").encode()
        if b"%00" in raw.lower() or b"\x00" in raw or b"%00" in scope.get("query_string", b"") \
                or "\x00" in scope.get("path", ""):
            return 400, "bad_input", "the request holds a NUL character (%00)", False
        length = headers.get(b"content-length")
        if length is not None:
            try:
                size = int(length)
            except ValueError:
                return 400, "bad_input", "the Content-Length header is not a number", True
            if size > self.settings.max_body:
                return 413, "too_large", too_large(self.settings.max_body), True
        return None


def too_large(limit: int) -> str:
    return f"the request body is larger than the limit of {limit} bytes"


async def _answer(send: Send, status: int, kind: str, message: str, close: bool) -> None:
    body = json.dumps({"error": kind, "message": message}).encode()
    headers = [(b"content-type", b"application/json"), (b"content-length", str(len(body)).encode())]
    if close:  # the body was not read: the connection cannot carry another request
        headers.append((b"connection", b"close"))
    await send({"type": "http.response.start", "status": status, "headers": headers})
    await send({"type": "http.response.body", "body": body})
