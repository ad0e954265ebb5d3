"""Parsing with rdflib's parsers, and turning their many exception types into one.

Used by the memory backend for every format, and by the Oxigraph backend for the formats
Oxigraph does not read the way rdflib does (JSON-LD, TriG, N-Quads, N3). Every source's
bytes pass the checks of :mod:`spasmgraph.backends.guard` first; Turtle, N-Triples and
RDF/XML are parsed by Oxigraph's linear parsers when pyoxigraph is installed
(:mod:`spasmgraph.backends.fastparse`).
"""

from __future__ import annotations

import re
from typing import IO

from rdflib import Graph

from ..errors import NetworkAccessError, OntologyLoadError
from . import fastparse, guard
from .base import SourceItem

__all__ = ["checked_bytes", "load_error", "parse_item"]

_FETCH_LIMIT = 1 << 30
"""Most bytes read from a URL whose content spasmgraph checks itself (1 GiB)."""

_LINE = re.compile(r"line (\d+)", re.IGNORECASE)


def parse_item(graph: Graph, item: SourceItem, reader: IO[bytes] | None = None) -> None:
    """Parse *item* into *graph* with rdflib (an rdflib graph item is copied).

    Raises
    ------
    OntologyLoadError
        The source is missing or malformed; the message names it and, where the parser
        says, the line.
    """
    if item.graph is not None:
        for triple in item.graph:
            graph.add(triple)
        for prefix, ns in item.graph.namespaces():
            graph.bind(prefix, ns, override=False)
        return
    native = fastparse.NATIVE_NAMES.get(item.fmt) is not None and fastparse.available()
    data = checked_bytes(item, tokens=not native)
    if native and fastparse.parse_into(graph, item, reader):
        return
    try:
        if reader is not None:
            graph.parse(source=reader, format=item.fmt, publicID=fastparse.base_iri(item))
        elif data is not None:
            graph.parse(data=data, format=item.fmt, publicID=item.url or fastparse.base_iri(item))
        elif item.url is not None:
            graph.parse(item.url, format=item.fmt)
        else:
            assert item.path is not None
            graph.parse(
                data=item.path.read_bytes(), format=item.fmt, publicID=fastparse.base_iri(item)
            )
    except Exception as exc:  # rdflib's parsers share no base exception class
        raise load_error(item.label, exc, item.fmt) from None


def checked_bytes(item: SourceItem, *, tokens: bool = True) -> bytes | None:
    """The bytes of *item*, checked by :func:`spasmgraph.backends.guard.check`.

    Only formats with a check are read here (``None`` for the others, which the parser
    reads itself). A URL holding JSON-LD or XML is fetched here, so that its contexts and
    entities are checked like a file's.

    Raises
    ------
    NetworkAccessError
        A JSON-LD context that would be fetched or read.
    OntologyLoadError
        The source is missing, or fails a check.
    """
    fmt = item.fmt.lower()
    needed = fmt in guard.JSONLD_FORMATS or fmt in guard.XML_FORMATS
    if not (needed or (tokens and fmt in guard.TOKEN_FORMATS)):
        return item.data
    if item.url is not None and not needed:
        return None  # rdflib streams it; a remote token check would need the whole body
    data = item.data
    try:
        if data is None and item.path is not None:
            data = item.path.read_bytes()
        elif data is None and item.url is not None:
            data = _fetch(item.url)
    except OSError as exc:
        raise load_error(item.label, exc, item.fmt) from None
    if data is None:
        return None
    guard.check(data, fmt, item.label, tokens=tokens)
    return data


def _fetch(url: str) -> bytes:
    from urllib.request import Request, urlopen

    if not url.lower().startswith(("http://", "https://", "file:")):
        raise NetworkAccessError(f"cannot load {url!r}: only http(s) and file URLs are supported")
    request = Request(url, headers={"Accept": "application/ld+json, application/rdf+xml"})
    with urlopen(request, timeout=60) as response:
        data: bytes = response.read(_FETCH_LIMIT + 1)
    if len(data) > _FETCH_LIMIT:
        raise OSError(f"more than {_FETCH_LIMIT:,} bytes")
    return data


def load_error(label: str, exc: BaseException, fmt: str) -> OntologyLoadError:
    """An :class:`OntologyLoadError` for *exc*, with the line where the parser gives one."""
    text = " ".join(str(exc).split())
    data, at = getattr(exc, "_str", None), getattr(exc, "_i", None)
    line: int | None = None
    if isinstance(data, (bytes, str)) and isinstance(at, int):
        # rdflib's own line count is off at end of input; count up to the last token.
        head = data[:at].rstrip()
        line = (head.count(b"\n") if isinstance(head, bytes) else head.count("\n")) + 1
    else:
        found = _LINE.search(text)
        line = int(found.group(1)) if found else None
    why = getattr(exc, "_why", None)
    if isinstance(why, str) and line is not None:
        text = f"{why} (read as {fmt}; fix the syntax there, or pass format= for another format)"
    if isinstance(exc, FileNotFoundError):
        text = "no such file; check the path"
    elif len(text) > 300:
        text = text[:300] + "..."
    return OntologyLoadError(label, text, line=line)
