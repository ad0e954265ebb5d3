"""ASGI middleware of the endpoint: an access log in Combined Log Format, safe headers.

Plain ASGI (no web framework needed):

* :class:`AccessLog` writes one line per request to the ``spasmgraph.serve.access``
  logger, in the Combined Log Format of Apache and nginx (``499`` when the client went
  away before the answer);
* :class:`SecurityHeaders` adds ``X-Content-Type-Options: nosniff``,
  ``Referrer-Policy: no-referrer`` and, unless the response set its own, a
  Content-Security-Policy that allows nothing (:data:`~spasmgraph.serve.page.API_CSP`).
"""

from __future__ import annotations

import logging
import time
from collections.abc import Awaitable, Callable, MutableMapping
from typing import Any

from .page import API_CSP

__all__ = ["AccessLog", "SecurityHeaders", "combined_line"]

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
App = Callable[[Scope, Receive, Send], Awaitable[None]]

access_log = logging.getLogger("spasmgraph.serve.access")


def _clean(text: str) -> str:
    """*text* safe inside a quoted log field: quotes, backslashes, controls escaped.

    >>> _clean('a"b\\n')
    'a\\\\"b\\\\x0a'
    """
    out = []
    for ch in text:
        if ch in '"\\':
            out.append("\\" + ch)
        elif ord(ch) < 0x20 or ord(ch) == 0x7F:
            out.append(f"\\x{ord(ch):02x}")
        else:
            out.append(ch)
    return "".join(out)


def combined_line(scope: Scope, status: int, size: int, when: float) -> str:
    """One Combined Log Format line for a request.

    >>> scope = {"client": ("127.0.0.1", 5), "method": "GET", "raw_path": b"/sparql",
    ...          "query_string": b"query=ASK", "http_version": "1.1",
    ...          "headers": [(b"user-agent", b"curl")]}
    >>> combined_line(scope, 200, 12, 0.0)
    '127.0.0.1 - - [01/Jan/1970:00:00:00 +0000] "GET /sparql?query=ASK HTTP/1.1" 200 12 "-" "curl"'
    """
    client = scope.get("client") or ("-", 0)
    path = scope.get("raw_path") or scope.get("path", "").encode("utf-8")
    query = scope.get("query_string", b"")
    target = path.decode("latin-1") + ("?" + query.decode("latin-1") if query else "")
    headers = {
        k.decode("latin-1").lower(): v.decode("latin-1") for k, v in scope.get("headers", [])
    }
    stamp = time.strftime("%d/%b/%Y:%H:%M:%S +0000", time.gmtime(when))
    request = f"{scope.get('method', '-')} {target} HTTP/{scope.get('http_version', '1.1')}"
    return (
        f'{client[0]} - - [{stamp}] "{_clean(request)}" {status} {size or "-"} '
        f'"{_clean(headers.get("referer", "-"))}" "{_clean(headers.get("user-agent", "-"))}"'
    )


class AccessLog:
    """Log every HTTP request once it is answered (or abandoned)."""

    def __init__(self, app: App) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        when = time.time()
        seen = {"status": 0, "size": 0}

        async def sending(message: Message) -> None:
            if message["type"] == "http.response.start":
                seen["status"] = message["status"]
            elif message["type"] == "http.response.body":
                seen["size"] += len(message.get("body", b""))
            await send(message)

        try:
            await self.app(scope, receive, sending)
        finally:
            status = seen["status"] or 500
            access_log.info(combined_line(scope, status, seen["size"], when))


class SecurityHeaders:
    """Add headers that keep browsers from sniffing, leaking referrers or running content."""

    def __init__(self, app: App) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def sending(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = list(message.get("headers", []))
                names = {k.lower() for k, _ in headers}
                headers.append((b"x-content-type-options", b"nosniff"))
                headers.append((b"referrer-policy", b"no-referrer"))
                if b"content-security-policy" not in names:
                    headers.append((b"content-security-policy", API_CSP.encode()))
                message["headers"] = headers
            await send(message)

        await self.app(scope, receive, sending)
