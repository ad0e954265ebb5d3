"""Parsing with rdflib's parsers, and turning their many exception types into one.

Used by the memory backend for every format, and by the Oxigraph backend for the formats
Oxigraph does not read the way rdflib does (JSON-LD, TriG, N-Quads, N3).
"""

from __future__ import annotations

import re
from typing import IO

from rdflib import Graph

from ..errors import OntologyLoadError
from .base import SourceItem

__all__ = ["load_error", "parse_item"]

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
    try:
        if reader is not None:
            graph.parse(source=reader, format=item.fmt)
        elif item.url is not None:
            graph.parse(item.url, format=item.fmt)
        else:
            data = item.data
            if data is None:
                assert item.path is not None
                data = item.path.read_bytes()
            graph.parse(data=data, format=item.fmt)
    except Exception as exc:  # rdflib's parsers share no base exception class
        raise load_error(item.label, exc, item.fmt) from None


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
