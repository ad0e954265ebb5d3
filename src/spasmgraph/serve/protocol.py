"""The SPARQL 1.1 Protocol on the wire: requests, content negotiation, replies, errors.

Pure functions over bytes and strings (no web framework), so that the endpoint's rules
can be read and tested on their own:

>>> parse_urlencoded(b"query=ASK%20%7B%7D&x=a+b")
[('query', 'ASK {}'), ('x', 'a b')]
>>> parse_urlencoded(b"query=%zz")
Traceback (most recent call last):
...
spasmgraph.serve.protocol.HttpError: 400 malformed percent-encoding near '%zz'...
>>> negotiate("text/csv;q=0.5, application/sparql-results+json", RESULT_TYPES)
'application/sparql-results+json'
>>> negotiate("image/png", RESULT_TYPES) is None
True
"""

from __future__ import annotations

import asyncio
import re
import time
from collections.abc import Awaitable, Callable, Mapping, Sequence
from dataclasses import dataclass
from http import HTTPStatus
from typing import Any
from urllib.parse import unquote_to_bytes

from ..errors import SpasmGraphError

__all__ = [
    "GRAPH_TYPES",
    "PAGE_TYPES",
    "RESULT_TYPES",
    "HttpError",
    "QueryRequest",
    "Reply",
    "error_reply",
    "media_type",
    "negotiate",
    "parse_urlencoded",
    "query_request",
    "read_body",
]

RESULT_TYPES: Mapping[str, str] = {
    "application/sparql-results+json": "json",
    "application/sparql-results+xml": "xml",
    "text/csv": "csv",
    "text/tab-separated-values": "tsv",
    "application/json": "json",
    "application/xml": "xml",
    "text/xml": "xml",
}
"""Media type → results format of SELECT and ASK answers, in the server's order of preference."""

GRAPH_TYPES: Mapping[str, str] = {
    "text/turtle": "turtle",
    "application/n-triples": "nt",
    "application/ld+json": "json-ld",
    "application/rdf+xml": "xml",
}
"""Media type → rdflib format of CONSTRUCT and DESCRIBE answers (and the service description)."""

PAGE_TYPES: Mapping[str, str] = {"text/turtle": "turtle", "text/html": "html"} | {
    k: v for k, v in GRAPH_TYPES.items() if k != "text/turtle"
}
"""What the endpoint root offers without a query: the service description or the query page."""

_BAD_ESCAPE = re.compile(rb"%(?![0-9A-Fa-f]{2})")
ReceiveFn = Callable[[], Awaitable[Mapping[str, Any]]]


class HttpError(SpasmGraphError):
    """A request the endpoint answers with an HTTP error status and a one-line message."""

    def __init__(
        self,
        status: int,
        message: str,
        *,
        kind: str = "",
        headers: Sequence[tuple[str, str]] = (),
    ) -> None:
        self.status = status
        self.message = message
        self.kind = kind
        self.headers = tuple(headers)
        super().__init__(f"{status} {message}")


@dataclass(frozen=True, slots=True)
class Reply:
    """An HTTP response as plain data: what a worker process sends back, and what is cached."""

    status: int
    body: bytes
    content_type: str
    headers: tuple[tuple[str, str], ...] = ()
    log: str | None = None
    """Detail for the server log only (e.g. a traceback); never sent to the client."""


def error_reply(
    status: int, message: str, *, kind: str = "", headers: Sequence[tuple[str, str]] = ()
) -> Reply:
    """A SPARQL-style plain-text error: ``"<status> <reason>: [<kind>: ]<message>"``.

    >>> error_reply(403, "updates are refused", kind="ReadOnly").body
    b'403 Forbidden: ReadOnly: updates are refused\\n'
    """
    reason = HTTPStatus(status).phrase if status in HTTPStatus._value2member_map_ else "Error"
    text = " ".join((f"{kind}: {message}" if kind else message).split())
    body = f"{status} {reason}: {text}\n".encode()
    extra = (("X-SPASMGRAPH-Error", kind),) if kind else ()
    return Reply(status, body, "text/plain; charset=utf-8", (*extra, *headers))


def parse_urlencoded(raw: bytes) -> list[tuple[str, str]]:
    """The (name, value) pairs of ``application/x-www-form-urlencoded`` data, strictly.

    ``+`` is a space; a ``%`` not followed by two hex digits, or bytes that are not
    UTF-8 once decoded, raise :class:`HttpError` 400 (a lax parser would guess).
    """
    bad = _BAD_ESCAPE.search(raw)
    if bad:
        near = raw[bad.start() : bad.start() + 3].decode("ascii", "replace")
        raise HttpError(
            400,
            f"malformed percent-encoding near {near!r}: '%' must be followed by two hex "
            "digits (encode a literal '%' as %25)",
        )
    pairs = []
    for part in raw.split(b"&"):
        if part:
            name, _, value = part.partition(b"=")
            pairs.append((_decode(name), _decode(value)))
    return pairs


def _decode(raw: bytes) -> str:
    try:
        return unquote_to_bytes(raw.replace(b"+", b" ")).decode("utf-8")
    except UnicodeDecodeError:
        raise HttpError(400, "the request is not valid UTF-8 once percent-decoded") from None


def media_type(header: str | None) -> str:
    """The bare, lower-case media type of a ``Content-Type`` header (``""`` if none).

    >>> media_type("Application/SPARQL-Query; charset=UTF-8")
    'application/sparql-query'
    """
    return (header or "").split(";", 1)[0].strip().lower()


def _accept_ranges(header: str) -> list[tuple[str, float]]:
    ranges = []
    for item in header.split(","):
        kind, *params = (p.strip() for p in item.split(";"))
        if not kind:
            continue
        q = 1.0
        for param in params:
            key, _, value = param.partition("=")
            if key.strip().lower() == "q":
                try:
                    q = min(1.0, max(0.0, float(value)))
                except ValueError:
                    q = 0.0
        ranges.append((kind.lower(), q))
    return ranges


def _quality(offer: str, ranges: Sequence[tuple[str, float]]) -> float:
    """The q of the most specific range that matches *offer* (0 if none)."""
    kind = offer.split("/", 1)[0]
    best: tuple[int, float] = (-1, 0.0)
    for pattern, q in ranges:
        if pattern == offer:
            rank = 2
        elif pattern == f"{kind}/*":
            rank = 1
        elif pattern == "*/*":
            rank = 0
        else:
            continue
        if rank > best[0]:
            best = (rank, q)
    return best[1]


def negotiate(accept: str | None, offers: Sequence[str] | Mapping[str, str]) -> str | None:
    """The offered media type the ``Accept`` header prefers, or ``None`` (406).

    Without an ``Accept`` header the first offer is chosen; ties go to the earlier offer.

    >>> negotiate(None, GRAPH_TYPES), negotiate("*/*;q=0.1, application/ld+json", GRAPH_TYPES)
    ('text/turtle', 'application/ld+json')
    """
    if accept is None or not accept.strip():
        return next(iter(offers), None)
    ranges = _accept_ranges(accept)
    chosen, best = None, 0.0
    for offer in offers:
        q = _quality(offer, ranges)
        if q > best:
            chosen, best = offer, q
    return chosen


@dataclass(frozen=True, slots=True)
class QueryRequest:
    """A protocol request: the query text, or ``None`` when none was given."""

    query: str | None
    update: bool = False


def query_request(
    method: str, content_type: str | None, url_query: bytes, body: bytes
) -> QueryRequest:
    """Read a SPARQL 1.1 Protocol request (GET, POST form or POST ``sparql-query``).

    Raises
    ------
    HttpError
        400 for malformed or repeated parameters and for ``default-graph-uri`` /
        ``named-graph-uri`` (this endpoint serves one graph and fetches none); 415 for an
        unknown request body type.

    Examples
    --------
    >>> query_request("GET", None, b"query=ASK%7B%7D", b"").query
    'ASK{}'
    >>> query_request("POST", "application/sparql-update", b"", b"CLEAR ALL").update
    True
    """
    pairs = parse_urlencoded(url_query)
    kind = media_type(content_type)
    if method == "POST":
        if kind == "application/x-www-form-urlencoded":
            pairs += parse_urlencoded(body)
        elif kind == "application/sparql-update":
            return QueryRequest(None, update=True)
        elif kind == "application/sparql-query":
            if any(name == "query" for name, _ in pairs):
                raise HttpError(400, "give the query either in the body or as ?query=, not both")
            pairs.append(("query", _body_text(body)))
        else:
            raise HttpError(
                415,
                f"unsupported request body type {kind or 'none'!r}; POST "
                "application/sparql-query or application/x-www-form-urlencoded",
            )
    names = [name for name, _ in pairs]
    for graph in ("default-graph-uri", "named-graph-uri"):
        if graph in names:
            raise HttpError(
                400,
                f"{graph} is not supported: this endpoint serves one graph and never fetches "
                "others; leave it out",
            )
    if "update" in names:
        return QueryRequest(None, update=True)
    if names.count("query") > 1:
        raise HttpError(400, "the query parameter is given more than once")
    query = dict(pairs).get("query")
    return QueryRequest(query)


def _body_text(body: bytes) -> str:
    try:
        return body.decode("utf-8")
    except UnicodeDecodeError:
        raise HttpError(400, "the query is not valid UTF-8") from None


async def read_body(
    headers: Mapping[str, str], receive: ReceiveFn, *, limit: int, timeout: float
) -> bytes:
    """The request body, at most *limit* bytes, received within *timeout* seconds.

    Raises
    ------
    HttpError
        413 when ``Content-Length`` or the bytes received pass *limit*; 408 when the
        client is slower than *timeout* (a slow-body attack); 400 for a bad length;
        499 when the client went away.
    """
    declared = headers.get("content-length")
    if declared is not None:
        if not declared.isdigit():
            raise HttpError(400, "Content-Length must be a number of bytes")
        if int(declared) > limit:
            raise _too_large(limit)
    chunks: list[bytes] = []
    size = 0
    deadline = time.monotonic() + timeout
    while True:
        remaining = deadline - time.monotonic()
        try:
            if remaining <= 0:
                raise asyncio.TimeoutError
            message = await asyncio.wait_for(receive(), remaining)
        except asyncio.TimeoutError:
            raise HttpError(
                408,
                f"the request body did not arrive within {timeout:g} s",
                headers=(("Connection", "close"),),
            ) from None
        if message["type"] == "http.disconnect":
            raise HttpError(499, "the client closed the connection")
        chunk = message.get("body", b"")
        size += len(chunk)
        if size > limit:
            raise _too_large(limit)
        chunks.append(chunk)
        if not message.get("more_body", False):
            return b"".join(chunks)


def _too_large(limit: int) -> HttpError:
    return HttpError(
        413,
        f"the request is larger than this endpoint's limit of {limit} bytes",
        headers=(("Connection", "close"),),
    )
