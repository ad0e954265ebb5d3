"""Linear-time parsing with Oxigraph's parsers, for any store, when pyoxigraph is installed.

rdflib's N-Triples parser takes time quadratic in the length of a literal or IRI, and its
Turtle parser in the length of an escaped or multi-line literal. Oxigraph's parsers are
linear, so the memory store reads Turtle, N-Triples and RDF/XML with
:func:`pyoxigraph.parse` and converts the terms to rdflib's
(:class:`~spasmgraph.backends.oxigraph_terms.Terms`). Without pyoxigraph, rdflib parses
and :func:`spasmgraph.backends.guard.check_tokens` refuses the tokens that would make it
slow. pyoxigraph is imported only inside these functions.

A file's relative IRIs resolve against the file's own ``file:`` URI (no file is read).
"""

from __future__ import annotations

import re
from importlib.util import find_spec
from typing import IO, Any

from rdflib import Graph

from ..errors import OntologyLoadError
from .base import SourceItem

__all__ = ["NATIVE_NAMES", "available", "base_iri", "parse_into", "syntax_error"]

NATIVE_NAMES: dict[str, str] = {
    "turtle": "TURTLE",
    "ttl": "TURTLE",
    "text/turtle": "TURTLE",
    "nt": "N_TRIPLES",
    "nt11": "N_TRIPLES",
    "ntriples": "N_TRIPLES",
    "application/n-triples": "N_TRIPLES",
    "xml": "RDF_XML",
    "application/rdf+xml": "RDF_XML",
}
"""rdflib format names that Oxigraph parses, with the same triples as rdflib, by the name
of the :class:`pyoxigraph.RdfFormat` it uses."""

_EOF = re.compile(r"unexpected end", re.IGNORECASE)


def available() -> bool:
    """True when pyoxigraph is installed."""
    return find_spec("pyoxigraph") is not None


def base_iri(item: SourceItem) -> str | None:
    """The ``file:`` URI a local file's relative IRIs resolve against, else ``None``."""
    return item.path.resolve().as_uri() if item.path is not None else None


def parse_into(graph: Graph, item: SourceItem, reader: IO[bytes] | None = None) -> bool:
    """Parse *item* into the rdflib *graph* with Oxigraph; all or nothing.

    Returns False, having done nothing, when pyoxigraph is missing or Oxigraph does not
    read the item's format the way rdflib does (then rdflib must parse it).

    Raises
    ------
    OntologyLoadError
        The source is missing or malformed (with the line, as rdflib's errors give it).
    """
    name = NATIVE_NAMES.get(item.fmt)
    if name is None or item.url is not None or item.graph is not None or not available():
        return False
    import pyoxigraph as ox

    from .oxigraph_terms import Terms

    fmt = getattr(ox.RdfFormat, name)
    source: dict[str, Any] = {"input": reader if reader is not None else item.data}
    if reader is None and item.data is None:
        assert item.path is not None
        source = {"path": str(item.path)}
    term = Terms().term
    try:
        parser = ox.parse(**source, format=fmt, base_iri=base_iri(item))
        triples = [(term(q.subject), term(q.predicate), term(q.object)) for q in parser]
    except SyntaxError as exc:
        raise syntax_error(exc, item, fmt.name) from None
    except (OSError, ValueError) as exc:
        text = " ".join(str(exc).split())
        if isinstance(exc, FileNotFoundError):
            text = "no such file; check the path"
        raise OntologyLoadError(item.label, text[:300]) from None
    graph.addN((s, p, o, graph) for s, p, o in triples)
    for prefix, namespace in (getattr(parser, "prefixes", None) or {}).items():
        graph.bind(prefix, namespace)
    return True


def syntax_error(exc: SyntaxError, item: SourceItem, fmt: str) -> OntologyLoadError:
    """The :class:`OntologyLoadError` for an Oxigraph parse error on *item* read as *fmt*."""
    message = str(exc.args[0]) if exc.args else str(exc)
    message = re.sub(r"^Parser error (at|between) [^:]*: ", "", message)
    line = exc.lineno
    if _EOF.search(message):
        # Like rdflib, blame the line of the last token, not the end of the file.
        path = item.path
        text = item.data if item.data is not None else (path.read_bytes() if path else b"")
        line = text.rstrip().count(b"\n") + 1
    name = "Turtle" if fmt == "TURTLE" else fmt
    return OntologyLoadError(
        item.label,
        f"{message} (read as {name}; fix the syntax there, or pass format= for another format)",
        line=line,
    )
