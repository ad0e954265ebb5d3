"""Storage backends and loading of RDF sources.

A *store* is where the triples live. ``"memory"`` keeps them in an rdflib in-memory graph
(the default). The name is a seam: further backends plug in through :func:`open_store`
without changing the :class:`~spasmgraph.KnowledgeGraph` API.

The bundled ontology is split into *layers* (see :data:`LAYERS`), read from the installed
``spasmgraph.ontology`` package with :mod:`importlib.resources`.
"""

from __future__ import annotations

import contextlib
import contextvars
import os
import re
import time
from collections.abc import Iterable, Iterator, Sequence
from importlib import resources
from pathlib import Path
from typing import Any, Union

from rdflib import Graph
from rdflib.plugins.stores.memory import Memory
from rdflib.util import guess_format

from .errors import NetworkAccessError, OntologyLoadError, StoreError
from .vocab import PREFIXES

__all__ = ["LAYERS", "STORES", "Source", "bundled_text", "load_sources", "open_store"]

LAYERS: tuple[str, ...] = ("schema", "article", "evidence", "mappings")
"""The layers of the bundled ontology, in load order.

``schema`` is the TBox, ``article`` what the lay article claims, ``evidence`` the graded
evidence and safety layer, ``mappings`` the links to standard vocabularies.
"""

STORES: tuple[str, ...] = ("memory",)
"""Names accepted by ``load(store=...)``."""

Source = Union[str, "os.PathLike[str]", Graph]
"""Something :func:`spasmgraph.load` can read: a path, a URL, or an rdflib graph."""

_DEADLINE: contextvars.ContextVar[float | None] = contextvars.ContextVar(
    "spasmgraph_deadline", default=None
)
_URL = re.compile(r"^[a-zA-Z][a-zA-Z0-9+.-]*://")


class _DeadlineMemory(Memory):
    """rdflib's memory store, made to honour a query deadline.

    Every SPARQL pattern lookup goes through :meth:`triples`; when a deadline is set (see
    :func:`deadline`) and has passed, the lookup raises, which aborts the query.
    """

    def triples(self, triple_pattern: Any, context: Any = None) -> Any:
        limit = _DEADLINE.get()
        base = super().triples(triple_pattern, context)
        if limit is None:
            return base
        return _checked(base, limit)


def _checked(it: Iterator[Any], limit: float) -> Iterator[Any]:
    from .errors import QueryTimeoutError

    if time.monotonic() > limit:
        raise QueryTimeoutError("query time limit exceeded; raise timeout= or narrow the query")
    for n, item in enumerate(it):
        if not n & 1023 and time.monotonic() > limit:
            raise QueryTimeoutError("query time limit exceeded; raise timeout= or narrow the query")
        yield item


@contextlib.contextmanager
def deadline(seconds: float | None) -> Iterator[None]:
    """Abort memory-store lookups made inside the block once *seconds* have passed."""
    token = _DEADLINE.set(None if seconds is None else time.monotonic() + seconds)
    try:
        yield
    finally:
        _DEADLINE.reset(token)


def open_store(store: str = "memory", *, path: str | os.PathLike[str] | None = None) -> Graph:
    """Create an empty rdflib :class:`~rdflib.Graph` on the named backend.

    Parameters
    ----------
    store : str
        A name from :data:`STORES`.
    path : path-like, optional
        Directory of a persistent store; only for backends that persist.

    Raises
    ------
    StoreError
        If the backend is unknown or cannot take *path*.

    Examples
    --------
    >>> len(open_store("memory"))
    0
    """
    if store == "memory":
        if path is not None:
            raise StoreError(
                "the 'memory' store does not persist; drop path= or pick another store"
            )
        graph = Graph(store=_DeadlineMemory())
    else:
        raise StoreError(f"unknown store {store!r}; choose one of: {', '.join(STORES)}")
    for prefix, ns in PREFIXES.items():
        graph.bind(prefix, ns, override=True)
    return graph


def bundled_text(name: str) -> bytes:
    """Read one file of the bundled ontology package, e.g. ``"schema.ttl"``."""
    try:
        return resources.files("spasmgraph.ontology").joinpath(name).read_bytes()
    except FileNotFoundError:
        raise OntologyLoadError(
            f"spasmgraph.ontology/{name}", "file missing from the installed package"
        ) from None


def _layer_names(layers: Sequence[str] | None) -> tuple[str, ...]:
    if layers is None:
        return LAYERS
    if isinstance(layers, str):
        layers = [layers]
    unknown = [layer for layer in layers if layer not in LAYERS]
    if unknown:
        raise OntologyLoadError(
            "layers=",
            f"unknown layer(s) {', '.join(map(repr, unknown))}; choose from {', '.join(LAYERS)}",
        )
    return tuple(layer for layer in LAYERS if layer in layers)


_LINE = re.compile(r"line (\d+)", re.IGNORECASE)


def _parse(graph: Graph, data: bytes | None, location: str | None, fmt: str, label: str) -> None:
    try:
        if data is not None:
            graph.parse(data=data, format=fmt)
        else:
            graph.parse(location, format=fmt)
    except (
        OSError,
        ValueError,
        SyntaxError,
        AssertionError,
        TypeError,
        KeyError,
        IndexError,
    ) as exc:
        raise _load_error(label, exc, fmt) from None
    except Exception as exc:  # rdflib's BadSyntax and friends share no base class
        raise _load_error(label, exc, fmt) from None


def _load_error(label: str, exc: BaseException, fmt: str) -> OntologyLoadError:
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


def load_sources(
    graph: Graph,
    sources: Iterable[Source],
    *,
    layers: Sequence[str] | None = None,
    bundled: bool = True,
    format: str | None = None,
) -> None:
    """Parse the bundled layers and then each extra source into *graph*.

    A URL is fetched only because the caller passed it here explicitly.
    """
    if bundled:
        for layer in _layer_names(layers):
            _parse(
                graph,
                bundled_text(f"{layer}.ttl"),
                None,
                "turtle",
                f"spasmgraph.ontology/{layer}.ttl",
            )
    for source in sources:
        if isinstance(source, Graph):
            for triple in source:
                graph.add(triple)
            for prefix, ns in source.namespaces():
                graph.bind(prefix, ns, override=False)
            continue
        if not isinstance(source, (str, os.PathLike)):
            raise OntologyLoadError(repr(source), "expected a path, a URL or an rdflib.Graph")
        text = os.fspath(source)
        if _URL.match(text):
            scheme = text.split(":", 1)[0].lower()
            if scheme not in ("http", "https", "file"):
                raise NetworkAccessError(
                    f"cannot load {text!r}: only http(s) and file URLs are supported"
                )
            _parse(graph, None, text, format or guess_format(text) or "turtle", text)
            continue
        path = Path(text)
        if not path.is_file():
            raise OntologyLoadError(text, "no such file; check the path", line=None)
        fmt = format or guess_format(path.name) or "turtle"
        _parse(graph, path.read_bytes(), None, fmt, text)
