"""The workspace's front door: every request is checked here before any route sees it.

The checks, in order (each refusal is a JSON ``{"error": ...}`` with a 4xx status):

1. **Host** (DNS rebinding): the ``Host`` header must be an address the workspace serves
   (``127.0.0.1:PORT``, ``localhost:PORT``, or the host it was started on), else 403.
2. **Method**: ``GET``, ``HEAD`` and ``POST`` only, else 405.
3. **Token**: the access token, compared in constant time (:func:`hmac.compare_digest`),
   from an ``Authorization: Bearer`` header, the workspace's cookie, or (on the page's own
   address ``/`` only, at first visit) the ``token`` query parameter, which then sets the
   cookie (``HttpOnly``, ``SameSite=Strict``). Else 401.
4. **Cross-origin changes**: a ``POST`` whose ``Origin`` is another site, or whose
   ``Sec-Fetch-Site`` says it came from another site, is refused (403); a ``POST`` that
   relies on the cookie (no Bearer header) must carry the workspace's own ``Origin``.
5. **Bodies**: a ``POST`` body must be ``application/json`` (415) of at most
   :data:`MAX_BODY` bytes (413), read in full here before the route sees it.

Every response carries a Content-Security-Policy that allows nothing but the workspace's
own scripts, styles and API (no inline script), ``nosniff``, no referrer, no framing and
no caching.
"""

from __future__ import annotations

import hmac
import json
from collections.abc import Iterable
from http.cookies import SimpleCookie
from typing import Final
from urllib.parse import parse_qs, urlsplit

from starlette.types import ASGIApp, Message, Receive, Scope, Send

__all__ = ["MAX_BODY", "SECURITY_HEADERS", "Guard"]

MAX_BODY: Final = 64 * 1024
"""The largest request body read, in bytes."""

SECURITY_HEADERS: Final = (
    (
        b"content-security-policy",
        b"default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; "
        b"connect-src 'self'; form-action 'none'; frame-ancestors 'none'; base-uri 'none'",
    ),
    (b"x-content-type-options", b"nosniff"),
    (b"referrer-policy", b"no-referrer"),
    (b"x-frame-options", b"DENY"),
    (b"cross-origin-resource-policy", b"same-origin"),
    (b"cross-origin-opener-policy", b"same-origin"),
    (b"cache-control", b"no-store"),
)


class Guard:
    """ASGI middleware applying the checks of the module's docstring around ``app``.

    ``hosts`` are the ``Host`` header values accepted (``"127.0.0.1:8765"``); ``origins``
    the ``Origin`` values a change may come from; ``cookie`` the name of the token's
    cookie (it names the port: cookies are shared between ports of one host).
    """

    def __init__(
        self,
        app: ASGIApp,
        *,
        token: str,
        hosts: Iterable[str],
        origins: Iterable[str],
        cookie: str,
        secure: bool = False,
    ) -> None:
        if len(token) < 16:
            raise ValueError("the access token is too short")
        self.app = app
        self._token = token.encode("ascii")
        self.hosts = frozenset(h.lower() for h in hosts)
        self.origins = frozenset(o.lower() for o in origins)
        self.cookie = cookie
        self.secure = secure

    def _valid(self, given: str | None) -> bool:
        if not given:
            return False
        try:
            candidate = given.encode("ascii")
        except UnicodeEncodeError:
            return False
        return hmac.compare_digest(candidate, self._token)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        """Check the request, then pass it on (with its body, if read) or refuse it."""
        if scope["type"] == "lifespan":
            await self.app(scope, receive, send)
            return
        if scope["type"] != "http":  # websockets: the workspace has none
            await send({"type": "websocket.close", "code": 1008})
            return
        headers = _headers(scope)
        host = headers.get("host", "").lower()
        if host not in self.hosts:
            await _refuse(send, 403, "host: this workspace does not answer to that address")
            return
        method = scope["method"]
        if method not in ("GET", "HEAD", "POST"):
            await _refuse(send, 405, "method: the workspace takes GET and POST only")
            return
        bearer = _bearer(headers.get("authorization", ""))
        cookie = _cookie(headers.get("cookie", ""), self.cookie)
        query = parse_qs(scope.get("query_string", b"").decode("latin-1"))
        first_visit = (
            scope["path"] == "/" and method == "GET" and self._valid(query.get("token", [""])[0])
        )
        if not (self._valid(bearer) or self._valid(cookie) or first_visit):
            await _refuse(
                send,
                401,
                "token: open the address the workspace printed (with its token), or send "
                "Authorization: Bearer TOKEN",
            )
            return
        if method == "POST":
            problem = self._cross_origin(headers, bearer_used=self._valid(bearer))
            if problem:
                await _refuse(send, 403, problem)
                return
            body = await self._body(headers, receive, send)
            if body is None:
                return
            receive = _replay(body)
        await self.app(scope, receive, self._sending(send, set_cookie=first_visit))

    def _cross_origin(self, headers: dict[str, str], *, bearer_used: bool) -> str | None:
        origin = headers.get("origin")
        site = headers.get("sec-fetch-site")
        if site is not None and site not in ("same-origin", "none"):
            return "origin: a change must come from the workspace's own page"
        if origin is not None and origin.lower() not in self.origins:
            return "origin: a change must come from the workspace's own page"
        if origin is None and not bearer_used:
            return "origin: a change sent with the cookie alone must carry the page's Origin"
        return None

    async def _body(self, headers: dict[str, str], receive: Receive, send: Send) -> bytes | None:
        kind = headers.get("content-type", "").split(";")[0].strip().lower()
        if kind != "application/json":
            await _refuse(send, 415, "content-type: send the body as application/json")
            return None
        length = headers.get("content-length")
        if length is not None and (not length.isdigit() or int(length) > MAX_BODY):
            await _refuse(send, 413, f"body: at most {MAX_BODY:,} bytes are read")
            return None
        chunks = []
        size = 0
        while True:
            message = await receive()
            if message["type"] == "http.disconnect":
                return None
            chunk = message.get("body", b"")
            size += len(chunk)
            if size > MAX_BODY:
                await _refuse(send, 413, f"body: at most {MAX_BODY:,} bytes are read")
                return None
            chunks.append(chunk)
            if not message.get("more_body", False):
                return b"".join(chunks)

    def _sending(self, send: Send, *, set_cookie: bool) -> Send:
        async def sending(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = [
                    (k, v)
                    for k, v in message.get("headers", [])
                    if k.lower() not in {name for name, _ in SECURITY_HEADERS}
                ]
                headers += SECURITY_HEADERS
                if set_cookie:
                    value = (
                        f"{self.cookie}={self._token.decode('ascii')}; Path=/; HttpOnly; "
                        f"SameSite=Strict{'; Secure' if self.secure else ''}"
                    )
                    headers.append((b"set-cookie", value.encode("ascii")))
                message = {**message, "headers": headers}
            await send(message)

        return sending


def _headers(scope: Scope) -> dict[str, str]:
    """The request's headers by lower-case name (a repeated header: its last value)."""
    return {k.decode("latin-1").lower(): v.decode("latin-1") for k, v in scope["headers"]}


def _bearer(value: str) -> str | None:
    scheme, _, credentials = value.partition(" ")
    return credentials.strip() if scheme.lower() == "bearer" else None


def _cookie(header: str, name: str) -> str | None:
    try:
        jar: SimpleCookie = SimpleCookie(header)
    except Exception:  # a malformed Cookie header is no token
        return None
    morsel = jar.get(name)
    return None if morsel is None else morsel.value


def origin_of(url: str) -> str:
    """The ``scheme://host:port`` origin of ``url``."""
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}".lower()


def _replay(body: bytes) -> Receive:
    sent = False

    async def receive() -> Message:
        nonlocal sent
        if sent:
            return {"type": "http.disconnect"}
        sent = True
        return {"type": "http.request", "body": body, "more_body": False}

    return receive


async def _refuse(send: Send, status: int, message: str) -> None:
    body = json.dumps({"error": message}).encode("utf-8")
    headers = [
        (b"content-type", b"application/json"),
        (b"content-length", str(len(body)).encode("ascii")),
        *SECURITY_HEADERS,
    ]
    await send({"type": "http.response.start", "status": status, "headers": headers})
    await send({"type": "http.response.body", "body": body})
