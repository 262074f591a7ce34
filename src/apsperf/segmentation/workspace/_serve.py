"""Serving the workspace: the listening socket, the addresses it answers, uvicorn.

The socket is bound before anything is printed, so the address printed is the real one
(``--port 0`` picks a free port) and a browser opened at once finds it listening. The
server runs until Ctrl-C (or SIGTERM), then stops cleanly: every change it acknowledged is
already in the store.
"""

from __future__ import annotations

import ipaddress
import socket
from typing import Final

from apsperf.errors import ValidationError, require

__all__ = ["LOOPBACK", "Address", "bind", "is_loopback", "is_wildcard", "serve"]

LOOPBACK: Final = ("127.0.0.1", "localhost", "::1")
"""The hosts the workspace listens on without asking for TLS or saying the token is clear."""


def is_wildcard(host: str) -> bool:
    """Whether ``host`` means every address of this machine (``0.0.0.0``, ``::``)."""
    try:
        return ipaddress.ip_address(host).is_unspecified
    except ValueError:
        return host in ("", "*")


def is_loopback(host: str) -> bool:
    """Whether ``host`` is this machine only (a loopback address or ``localhost``)."""
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


class Address:
    """Where the workspace listens: its URL, and the ``Host`` and ``Origin`` it answers."""

    def __init__(self, host: str, port: int, *, tls: bool) -> None:
        self.host = host
        self.port = port
        self.scheme = "https" if tls else "http"
        shown = f"[{host}]" if ":" in host else host
        names = [shown]
        if is_loopback(host):
            names = list(dict.fromkeys([shown, "127.0.0.1", "localhost"]))
        self.hosts = tuple(f"{name}:{port}" for name in names)
        self.origins = tuple(f"{self.scheme}://{value}" for value in self.hosts)
        self.url = f"{self.scheme}://{shown}:{port}/"


def bind(host: str, port: int) -> socket.socket:
    """A socket listening on ``host``:``port`` (0: a free port), or a one-line error."""
    if not 0 <= port <= 65535:
        raise ValidationError("expected a port from 0 to 65535", path="--port")
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    try:
        found = socket.getaddrinfo(host, port, family, socket.SOCK_STREAM)
    except socket.gaierror as error:
        raise ValidationError(
            f"cannot listen on {host!r}: {error.strerror}", path="--host"
        ) from None
    # Named TCP, so asyncio sets TCP_NODELAY on each connection (a response's head and body
    # are written apart: with Nagle's algorithm the body waits for a delayed ACK, ~40 ms).
    sock = socket.socket(family, socket.SOCK_STREAM, socket.IPPROTO_TCP)
    try:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        sock.bind(found[0][4])
        sock.listen(128)
    except OSError as error:
        sock.close()
        raise ValidationError(
            f"cannot listen on {host}:{port}: {error.strerror or error}", path="--port"
        ) from None
    return sock


def serve(
    app: object,
    sock: socket.socket,
    *,
    certfile: str | None = None,
    keyfile: str | None = None,
) -> None:
    """Serve ``app`` on ``sock`` with uvicorn until interrupted; no access log (no tokens)."""
    uvicorn = require("uvicorn", extra="council", purpose="serving the council workspace")
    config = uvicorn.Config(
        app,
        log_level="warning",
        access_log=False,  # the first request's address carries the token
        lifespan="off",
        ssl_certfile=certfile,
        ssl_keyfile=keyfile,
        server_header=False,
        timeout_graceful_shutdown=5,
    )
    server = uvicorn.Server(config)
    server.run(sockets=[sock])
