"""Storage backends and loading of RDF sources.

A *store* is where the triples live; pick one with ``spasmgraph.load(store=...)``:

``"memory"``
    rdflib's in-memory store. Pure Python, always available.
``"oxigraph"``
    `pyoxigraph <https://pyoxigraph.readthedocs.io>`_ (``pip install 'spasmgraph[oxigraph]'``),
    in memory or, with ``path=DIR``, persistent on disk. Parsing, SPARQL and index building
    run in Oxigraph's native code; :attr:`KnowledgeGraph.graph` is still an rdflib graph.
    See :mod:`spasmgraph._oxigraph` for the details and limits.
``"auto"`` (the default)
    ``$SPASMGRAPH_STORE`` if set, else ``"oxigraph"`` when pyoxigraph is installed, else
    ``"memory"``.
``"sparql"``
    Reserved for a remote SPARQL endpoint (``endpoint=URL``); not available yet.

Every store gives the same answers: the API tests run on each of them.

The bundled ontology is split into *layers* (see :data:`LAYERS`), read from the installed
``spasmgraph.ontology`` package with :mod:`importlib.resources`.

Loads that take more than about two seconds show a progress bar when ``tqdm`` is installed
(``pip install 'spasmgraph[progress]'``) and standard error is a terminal; turn it off
with ``load(progress=False)`` or the environment variable ``SPASMGRAPH_PROGRESS=0``, or
force it on with ``progress=True``.
"""

from __future__ import annotations

import contextlib
import contextvars
import hashlib
import io
import os
import re
import sys
import time
import warnings
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from importlib import resources
from importlib.util import find_spec
from pathlib import Path
from typing import IO, Any, Union

from rdflib import Graph
from rdflib.plugins.stores.memory import Memory
from rdflib.util import guess_format

from .errors import NetworkAccessError, OntologyLoadError, StoreError
from .vocab import PREFIXES

__all__ = [
    "DEFAULT_STORE",
    "LAYERS",
    "STORES",
    "Source",
    "bundled_text",
    "load_sources",
    "open_store",
    "resolve_store",
    "revision",
]

LAYERS: tuple[str, ...] = ("schema", "article", "evidence", "mappings")
"""The layers of the bundled ontology, in load order.

``schema`` is the TBox, ``article`` what the lay article claims, ``evidence`` the graded
evidence and safety layer, ``mappings`` the links to standard vocabularies.
"""

STORES: tuple[str, ...] = ("auto", "memory", "oxigraph")
"""Names accepted by ``load(store=...)``; ``"sparql"`` is reserved for a later release."""

DEFAULT_STORE = "auto"
"""The store :func:`spasmgraph.load` uses unless told otherwise (see :func:`resolve_store`)."""

Source = Union[str, "os.PathLike[str]", Graph]
"""Something :func:`spasmgraph.load` can read: a path, a URL, or an rdflib graph."""

DEFAULT_TIMEOUT = 30.0
"""Seconds a SPARQL query may run before :class:`~spasmgraph.errors.QueryTimeoutError`."""

_DEADLINE: contextvars.ContextVar[float | None] = contextvars.ContextVar(
    "spasmgraph_deadline", default=None
)
_URL = re.compile(r"^[a-zA-Z][a-zA-Z0-9+.-]*://")


class _DeadlineMemory(Memory):
    """rdflib's memory store, made to honour a query deadline.

    Every SPARQL pattern lookup goes through :meth:`triples`; when a deadline is set (see
    :func:`deadline`) and has passed, the lookup raises, which aborts the query.
    """

    revision = 0
    """Counts changes, so that caches over the graph know when they are stale."""

    def add(self, triple: Any, context: Any, quoted: bool = False) -> None:
        self.revision += 1
        super().add(triple, context, quoted)

    def remove(self, triple_pattern: Any, context: Any = None) -> None:
        self.revision += 1
        super().remove(triple_pattern, context)

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
    """Abort store lookups made inside the block once *seconds* have passed."""
    token = _DEADLINE.set(None if seconds is None else time.monotonic() + seconds)
    try:
        yield
    finally:
        _DEADLINE.reset(token)


def revision(graph: Graph) -> int | None:
    """A number that changes whenever *graph* changes, or ``None`` if its store keeps none.

    spasmgraph's stores count every change (added or removed triples, SPARQL updates, bulk
    loads); a plain rdflib store passed to :func:`spasmgraph.load` does not.

    >>> import spasmgraph as sg
    >>> kg = sg.load(store="memory")
    >>> before = revision(kg.graph)
    >>> _ = kg.sparql("INSERT DATA { sg:x rdfs:label 'x' }")
    >>> revision(kg.graph) > before
    True
    """
    value = getattr(graph.store, "revision", None)
    return value if isinstance(value, int) else None


def oxigraph_available() -> bool:
    """True if pyoxigraph can be imported (checked without importing it)."""
    return find_spec("pyoxigraph") is not None


def resolve_store(store: str) -> str:
    """The concrete backend a store name stands for.

    ``"auto"`` becomes the store named by the environment variable ``SPASMGRAPH_STORE``
    if it is set (handy for the command line), else ``"oxigraph"`` when pyoxigraph is
    installed and ``"memory"`` otherwise; the other names stand for themselves.

    Raises
    ------
    StoreError
        Unknown name, the reserved ``"sparql"``, or ``"oxigraph"`` without pyoxigraph.
    """
    if store == "auto":
        chosen = os.environ.get("SPASMGRAPH_STORE", "").strip().lower()
        if chosen and chosen != "auto":
            return resolve_store(chosen)
        return "oxigraph" if oxigraph_available() else "memory"
    if store == "sparql":
        raise StoreError(
            "the 'sparql' store (a remote endpoint, load(store='sparql', endpoint=URL)) is "
            "not yet available; use store='memory' or store='oxigraph' and load the data"
        )
    if store not in STORES:
        raise StoreError(f"unknown store {store!r}; choose one of: {', '.join(STORES)}")
    if store == "oxigraph" and not oxigraph_available():
        raise StoreError(
            "the 'oxigraph' store needs pyoxigraph: pip install 'spasmgraph[oxigraph]'"
        )
    return store


def open_store(store: str = "memory", *, path: str | os.PathLike[str] | None = None) -> Graph:
    """Create an rdflib :class:`~rdflib.Graph` on the named backend.

    Parameters
    ----------
    store : str
        A name from :data:`STORES`.
    path : path-like, optional
        Directory of a persistent store; only for ``"oxigraph"``. Re-opening it gives the
        triples stored there; see :class:`spasmgraph._oxigraph.Manifest` for how sources
        loaded again are handled.

    Raises
    ------
    StoreError
        If the backend is unknown, not installed, or cannot take *path*.

    Examples
    --------
    >>> len(open_store("memory"))
    0
    """
    name = resolve_store(store)
    if name == "memory":
        if path is not None:
            raise StoreError(
                "the 'memory' store does not persist; drop path= or use store='oxigraph'"
            )
        graph = Graph(store=_DeadlineMemory())
    else:
        from . import _oxigraph

        graph = _oxigraph.open_graph(path)
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


def layer_names(layers: Sequence[str] | None) -> tuple[str, ...]:
    """Validate *layers* and return them in load order (all of them for ``None``)."""
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


_layer_names = layer_names  # the name used before 0.1

_LINE = re.compile(r"line (\d+)", re.IGNORECASE)


def _parse(
    graph: Graph,
    data: bytes | None,
    location: str | None,
    fmt: str,
    label: str,
    reader: IO[bytes] | None = None,
) -> None:
    try:
        if reader is not None:
            graph.parse(source=reader, format=fmt)
        elif data is not None:
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


# -- what to load ---------------------------------------------------------------------------
@dataclass
class _Item:
    """One source to load: a bundled layer, a file, a URL or an rdflib graph."""

    label: str  # for error messages
    key: str  # identity in a persistent store's manifest
    fmt: str
    data: bytes | None = None
    path: Path | None = None
    url: str | None = None
    graph: Graph | None = None

    @property
    def size(self) -> int | None:
        if self.data is not None:
            return len(self.data)
        if self.path is not None:
            return self.path.stat().st_size
        return None

    def digest(self) -> str | None:
        """SHA-256 of the content; ``None`` for URLs, which are never re-fetched."""
        if self.data is not None:
            return hashlib.sha256(self.data).hexdigest()
        if self.path is not None:
            sha = hashlib.sha256()
            with self.path.open("rb") as fh:
                for block in iter(lambda: fh.read(1 << 20), b""):
                    sha.update(block)
            return sha.hexdigest()
        if self.graph is not None:
            lines = sorted(f"{s.n3()} {p.n3()} {o.n3()}" for s, p, o in self.graph)
            return hashlib.sha256("\n".join(lines).encode("utf-8")).hexdigest()
        return None


def _plan(
    sources: Iterable[Source], layers: Sequence[str] | None, bundled: bool, format: str | None
) -> list[_Item]:
    items: list[_Item] = []
    if bundled:
        for layer in layer_names(layers):
            name = f"{layer}.ttl"
            items.append(
                _Item(
                    label=f"spasmgraph.ontology/{name}",
                    key=f"bundled layer {layer!r}",
                    fmt="turtle",
                    data=bundled_text(name),
                )
            )
    for source in sources:
        if isinstance(source, Graph):
            items.append(_Item(label="rdflib.Graph", key="", fmt="graph", graph=source))
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
            fmt = format or guess_format(text) or "turtle"
            items.append(_Item(label=text, key=f"URL {text}", fmt=fmt, url=text))
            continue
        path = Path(text)
        if not path.is_file():
            raise OntologyLoadError(text, "no such file; check the path", line=None)
        fmt = format or guess_format(path.name) or "turtle"
        items.append(_Item(label=text, key=f"file {str(path.resolve())!r}", fmt=fmt, path=path))
    return items


def load_sources(
    graph: Graph,
    sources: Iterable[Source],
    *,
    layers: Sequence[str] | None = None,
    bundled: bool = True,
    format: str | None = None,
    progress: bool | None = None,
) -> None:
    """Parse the bundled layers and then each extra source into *graph*.

    A URL is fetched only because the caller passed it here explicitly. On a persistent
    oxigraph store, sources it already holds are skipped (see
    :class:`spasmgraph._oxigraph.Manifest`).
    """
    items = _plan(sources, layers, bundled, format)
    native = getattr(graph.store, "native_sparql", False)
    manifest = getattr(graph.store, "manifest", None) if native else None
    todo: list[tuple[_Item, str | None]] = []
    for item in items:
        digest = item.digest() if manifest is not None else None
        if manifest is not None:
            if item.graph is not None:
                item.key = f"rdflib graph {digest}"
            if manifest.seen(item.key, digest):
                continue
        todo.append((item, digest))
    total = sum(item.size or 0 for item, _ in todo)
    with _progress_bar(total, progress) as bar:
        for item, digest in todo:
            before = len(graph) if manifest is not None else 0
            if native:
                _load_native(graph, item, bar)
            else:
                _load_rdflib(graph, item, bar)
            if manifest is not None:
                manifest.record(item.key, digest, len(graph) - before)
                manifest.save()


def _load_rdflib(graph: Graph, item: _Item, bar: Any) -> None:
    if item.graph is not None:
        for triple in item.graph:
            graph.add(triple)
        for prefix, ns in item.graph.namespaces():
            graph.bind(prefix, ns, override=False)
        return
    if item.url is not None:
        _parse(graph, None, item.url, item.fmt, item.label)
        return
    data = item.data if item.data is not None else None
    if bar is None:
        if data is None:
            assert item.path is not None
            data = item.path.read_bytes()
        _parse(graph, data, None, item.fmt, item.label)
        return
    with _reader(item, bar) as reader:
        _parse(graph, None, None, item.fmt, item.label, reader=reader)


_PREFIX = re.compile(
    rb"(?im)^[ \t]*(?:@prefix[ \t]+([A-Za-z_][\w.-]*)?[ \t]*:[ \t]*<([^>]*)>[ \t]*\."
    rb"|PREFIX[ \t]+([A-Za-z_][\w.-]*)?[ \t]*:[ \t]*<([^>]*)>)"
)


def _load_native(graph: Graph, item: _Item, bar: Any) -> None:
    from . import _oxigraph

    fmt = _oxigraph.NATIVE_FORMATS.get(item.fmt) if item.url is None else None
    if fmt is None or item.graph is not None:
        # Formats Oxigraph does not parse the way rdflib does (JSON-LD contexts, TriG and
        # N-Quads graph names, N3 formulae), URLs and rdflib graphs: read with rdflib.
        scratch = Graph(bind_namespaces="none")
        if item.graph is not None:
            scratch = item.graph
        else:
            _load_rdflib(scratch, item, bar)
        _oxigraph.copy_graph(graph, scratch)
        for prefix, ns in scratch.namespaces():
            graph.bind(prefix, ns, override=item.graph is None)
        return
    if bar is None:
        _oxigraph.load_data(graph, data=item.data, path=item.path, fmt=fmt, label=item.label)
    else:
        with _reader(item, bar) as reader:
            _oxigraph.load_data(
                graph, data=item.data, path=item.path, fmt=fmt, label=item.label, reader=reader
            )
    if fmt == _oxigraph.NATIVE_FORMATS["turtle"]:
        # rdflib binds the prefixes a Turtle file declares; do the same.
        text = item.data if item.data is not None else (item.path or Path()).read_bytes()
        bindings: dict[str, str] = {}
        for match in _PREFIX.finditer(text):
            prefix = (match.group(1) or match.group(3) or b"").decode("utf-8")
            bindings[prefix] = (match.group(2) or match.group(4) or b"").decode("utf-8")
        for name, namespace in bindings.items():
            graph.bind(name, namespace)


# -- progress ---------------------------------------------------------------------------------
PROGRESS_DELAY = 2.0
"""Seconds a load runs before its progress bar appears."""


def progress_enabled(progress: bool | None) -> bool:
    """Whether to draw a progress bar: *progress* if given, else the environment decides.

    ``SPASMGRAPH_PROGRESS=0`` turns bars off, ``=1`` on; by default they show when standard
    error is a terminal. Bars need tqdm (``pip install 'spasmgraph[progress]'``).
    """
    if progress is None:
        env = os.environ.get("SPASMGRAPH_PROGRESS", "").strip().lower()
        if env in ("0", "false", "no", "off"):
            return False
        wanted = env in ("1", "true", "yes", "on") or sys.stderr.isatty()
    else:
        wanted = bool(progress)
    if not wanted:
        return False
    if find_spec("tqdm") is None:
        if progress:
            warnings.warn(
                "progress bars need tqdm: pip install 'spasmgraph[progress]'",
                RuntimeWarning,
                stacklevel=4,
            )
        return False
    return True


@contextlib.contextmanager
def _progress_bar(total: int, progress: bool | None) -> Iterator[Any]:
    if total <= 0 or not progress_enabled(progress):
        yield None
        return
    from tqdm import tqdm

    bar = tqdm(
        total=total,
        unit="B",
        unit_scale=True,
        unit_divisor=1024,
        desc="spasmgraph: loading",
        delay=PROGRESS_DELAY,
        leave=False,
        file=sys.stderr,
    )
    try:
        yield bar
    finally:
        bar.close()


class _CountingReader(io.RawIOBase):
    """A binary reader that reports how many bytes have been read to a progress bar."""

    def __init__(self, raw: IO[bytes], bar: Any) -> None:
        super().__init__()
        self._raw = raw
        self._bar = bar

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int:
        n = self._raw.readinto(buffer)  # type: ignore[attr-defined]
        if n:
            self._bar.update(n)
        return int(n or 0)


@contextlib.contextmanager
def _reader(item: _Item, bar: Any) -> Iterator[IO[bytes]]:
    if item.data is not None:
        raw: IO[bytes] = io.BytesIO(item.data)
    else:
        assert item.path is not None
        raw = item.path.open("rb")
    try:
        yield io.BufferedReader(_CountingReader(raw, bar), buffer_size=1 << 16)
    finally:
        raw.close()
