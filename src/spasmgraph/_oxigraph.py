"""The ``"oxigraph"`` store: pyoxigraph behind rdflib's Graph API, with native fast paths.

The graph a :class:`~spasmgraph.KnowledgeGraph` exposes stays an :class:`rdflib.Graph`
(on :class:`OxStore`, an rdflib store in the manner of oxrdflib), so everything written
against rdflib keeps working. The hot paths bypass rdflib and talk to pyoxigraph directly:

* loading Turtle, N-Triples and RDF/XML uses Oxigraph's parsers (other formats are parsed by
  rdflib and then copied in);
* :func:`run_query` hands the SPARQL *text* to Oxigraph's engine (spasmgraph's safety checks
  in :func:`spasmgraph.sparql.prepare` run first, as for every store);
* :func:`build_index` fills the lookup tables with a few bulk pattern scans.

Oxigraph writes plain strings as ``xsd:string`` literals; this module returns them as
rdflib's plain literals, which is what rdflib's own parsers produce, so both stores give the
same terms.

Time limits: Oxigraph cannot be interrupted. A query runs in a worker thread; at the
deadline :class:`~spasmgraph.errors.QueryTimeoutError` is raised and the worker stops at
its next result row, but a step that produces no rows until it is done (aggregates,
``ORDER BY``, ``GROUP BY``, a join that filters everything out) keeps its worker busy in
the background until that step ends.

This module imports pyoxigraph; :mod:`spasmgraph.store` imports it only when the oxigraph
store is asked for. It does not use oxrdflib: see :class:`OxStore` for why.
"""

from __future__ import annotations

import json
import os
import re
import threading
import time
from collections import defaultdict
from collections.abc import Generator, Iterable, Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

import pyoxigraph as ox
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.graph import DATASET_DEFAULT_GRAPH_ID
from rdflib.store import Store
from rdflib.term import Node

from ._index import Curies, Index, _closure, _lookup_table, axiom_order, shared
from .errors import OntologyLoadError, QueryTimeoutError, StoreError
from .vocab import OWL, RDF, RDFS, SG, SKOS

__all__ = [
    "MANIFEST",
    "Manifest",
    "OxStore",
    "UnsupportedQueryError",
    "bind_text",
    "build_index",
    "copy_graph",
    "is_oxigraph",
    "load_data",
    "open_graph",
    "run_query",
    "run_update",
]

_XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"
_DEFAULT = ox.DefaultGraph()

NATIVE_FORMATS: dict[str, ox.RdfFormat] = {
    "turtle": ox.RdfFormat.TURTLE,
    "ttl": ox.RdfFormat.TURTLE,
    "text/turtle": ox.RdfFormat.TURTLE,
    "nt": ox.RdfFormat.N_TRIPLES,
    "nt11": ox.RdfFormat.N_TRIPLES,
    "ntriples": ox.RdfFormat.N_TRIPLES,
    "application/n-triples": ox.RdfFormat.N_TRIPLES,
    "xml": ox.RdfFormat.RDF_XML,
    "application/rdf+xml": ox.RdfFormat.RDF_XML,
}
"""rdflib format names that Oxigraph parses itself, with the same result as rdflib."""


# -- terms ---------------------------------------------------------------------------------
class Terms:
    """Converts Oxigraph terms to rdflib terms, re-using the IRIs it has already made.

    rdflib's ``URIRef`` constructor validates its input, which costs more than a dictionary
    lookup; knowledge graphs repeat the same few thousand IRIs (classes, properties, hubs).
    """

    __slots__ = ("_iris", "_limit")

    def __init__(self, limit: int = 200_000) -> None:
        self._iris: dict[str, URIRef] = {}
        self._limit = limit

    def iri(self, value: str) -> URIRef:
        found = self._iris.get(value)
        if found is None:
            found = URIRef(value)
            if len(self._iris) < self._limit:
                self._iris[value] = found
        return found

    def term(self, term: Any) -> Node:
        kind = type(term)
        if kind is ox.NamedNode:
            return self.iri(term.value)
        if kind is ox.Literal:
            language = term.language
            if language:
                return Literal(term.value, lang=language)
            datatype = term.datatype.value
            if datatype == _XSD_STRING:
                return Literal(term.value)
            return Literal(term.value, datatype=self.iri(datatype))
        if kind is ox.BlankNode:
            return BNode(term.value)
        if kind is ox.DefaultGraph:
            return DATASET_DEFAULT_GRAPH_ID
        raise StoreError(f"spasmgraph cannot represent the Oxigraph term {term!r} in rdflib")


def to_ox(term: Node) -> Any:
    """The Oxigraph term of an rdflib term."""
    if isinstance(term, URIRef):
        return ox.NamedNode(str(term))
    if isinstance(term, BNode):
        return ox.BlankNode(str(term))
    if isinstance(term, Literal):
        if term.language:
            return ox.Literal(str(term), language=term.language)
        if term.datatype is not None:
            return ox.Literal(str(term), datatype=ox.NamedNode(str(term.datatype)))
        return ox.Literal(str(term))
    raise StoreError(f"cannot pass {term!r} to Oxigraph")


def _pattern_term(term: Any) -> Any:
    return None if term is None else to_ox(term)


def _graph_name(context: Any) -> Any:
    if context is None:
        return None
    ident = getattr(context, "identifier", context)
    if ident == DATASET_DEFAULT_GRAPH_ID:
        return _DEFAULT
    return to_ox(ident)


# -- the rdflib store -------------------------------------------------------------------------
class OxStore(Store):
    """An rdflib store on a pyoxigraph :class:`~pyoxigraph.Store`.

    It plays the part of oxrdflib's store without importing oxrdflib (which imports
    rdflib's SPARQL machinery and so adds about 70 ms to every start), and adds what
    spasmgraph needs: a constant-time ``len``, triple iteration that makes no per-triple
    graph objects, plain rdflib literals for ``xsd:string`` and query deadlines.

    Only the default graph is used by spasmgraph. ``len`` is counted once (by Oxigraph)
    and then kept up to date by :meth:`add` and :meth:`remove`; SPARQL updates reset it.
    """

    context_aware = True
    formula_aware = False
    transaction_aware = False
    graph_aware = True

    native_sparql = True
    """Tells :func:`spasmgraph.sparql.run` to hand query text to Oxigraph."""

    def __init__(self, inner: ox.Store, *, path: Path | None = None) -> None:
        super().__init__()
        self._store: ox.Store | None = inner
        self.path = path
        self.terms = Terms()
        self.manifest: Manifest | None = None
        self._size: int | None = None
        self.revision = 0
        """Counts changes, so that caches over the graph know when they are stale."""
        self._namespaces: dict[str, URIRef] = {}
        self._prefixes: dict[URIRef, str] = {}

    @property
    def inner(self) -> ox.Store:
        """The pyoxigraph :class:`~pyoxigraph.Store`."""
        if self._store is None:
            raise StoreError("this oxigraph store has been closed")
        return self._store

    def close(self, commit_pending_transaction: bool = False) -> None:
        """Release the Oxigraph store (and, for a persistent one, its directory lock)."""
        self._store = None

    def commit(self) -> None:
        """Nothing to do: every change is applied at once."""

    def rollback(self) -> None:
        """Not supported: changes are applied at once."""

    def gc(self) -> None:
        """Nothing to do."""

    # size
    def __len__(self, context: Any = None) -> int:
        inner = self.inner
        name = _graph_name(context)
        if name is not None and name != _DEFAULT:
            return sum(1 for _ in inner.quads_for_pattern(None, None, None, name))
        if self._size is None:
            self._size = count_default(inner)
        return self._size

    def forget_size(self) -> None:
        """Recount on the next ``len`` (after changes made behind rdflib's back)."""
        self._size = None
        self.revision += 1

    # changes
    def add(self, triple: Any, context: Any, quoted: bool = False) -> None:
        if quoted:
            raise StoreError("the oxigraph store does not hold quoted (N3 formula) triples")
        s, p, o = triple
        graph = _graph_name(context) or _DEFAULT
        quad = ox.Quad(to_ox(s), to_ox(p), to_ox(o), graph)
        if self._size is not None and graph == _DEFAULT and quad not in self.inner:
            self._size += 1
        self.inner.add(quad)
        self.revision += 1
        super().add(triple, context, quoted)

    def addN(self, quads: Iterable[Any]) -> None:  # noqa: N802 - rdflib's name
        batch = []
        for s, p, o, g in quads:
            batch.append(ox.Quad(to_ox(s), to_ox(p), to_ox(o), _graph_name(g) or _DEFAULT))
        self.add_quads(batch)

    def add_quads(self, batch: list[Any]) -> None:
        """Add Oxigraph quads, keeping the size count right."""
        if self._size is not None:
            inner = self.inner
            self._size += len({q for q in batch if q.graph_name == _DEFAULT and q not in inner})
        self.inner.extend(batch)
        self.revision += 1

    def remove(self, triple: Any, context: Any = None) -> None:
        s, p, o = triple
        try:
            pattern = (_pattern_term(s), _pattern_term(p), _pattern_term(o), _graph_name(context))
            quads = list(self.inner.quads_for_pattern(*pattern))
        except (StoreError, TypeError, ValueError):  # a pattern nothing can match
            return
        for quad in quads:
            self.inner.remove(quad)
            if self._size is not None and quad.graph_name == _DEFAULT:
                self._size -= 1
        self.revision += 1
        super().remove(triple, context)

    def add_graph(self, graph: Graph) -> None:
        name = _graph_name(graph)
        if name is not None and name != _DEFAULT:
            self.inner.add_graph(name)

    def remove_graph(self, graph: Graph) -> None:
        name = _graph_name(graph)
        if name == _DEFAULT:
            self.inner.clear_graph(name)
            self._size = 0
        elif name is not None:
            self.inner.remove_graph(name)
        self.revision += 1

    # reads
    def triples(self, triple_pattern: Any, context: Any = None) -> Any:
        s, p, o = triple_pattern
        try:
            pattern = (_pattern_term(s), _pattern_term(p), _pattern_term(o), _graph_name(context))
            quads = self.inner.quads_for_pattern(*pattern)
        except (StoreError, TypeError, ValueError):  # e.g. a literal as subject
            return iter(())
        from .store import _DEADLINE

        return self._triples(quads, context, _DEADLINE.get())

    def _triples(self, quads: Any, context: Any, limit: float | None) -> Iterator[Any]:
        term = self.terms.term
        contexts: tuple[Any, ...] = () if context is None else (context,)
        for n, quad in enumerate(quads):
            if limit is not None and not n & 1023 and time.monotonic() > limit:
                raise QueryTimeoutError(
                    "query time limit exceeded; raise timeout= or narrow the query"
                )
            yield (
                (term(quad.subject), term(quad.predicate), term(quad.object)),
                iter(contexts),
            )

    def contexts(self, triple: Any = None) -> Generator[Graph, None, None]:
        names: Iterable[Any]
        if triple is None:
            names = [_DEFAULT, *self.inner.named_graphs()]
        else:
            s, p, o = triple
            pattern = (_pattern_term(s), _pattern_term(p), _pattern_term(o), None)
            names = {q.graph_name for q in self.inner.quads_for_pattern(*pattern)}
        for name in names:
            yield Graph(store=self, identifier=self.terms.term(name))  # type: ignore[arg-type]

    # SPARQL through rdflib's Graph.query / Graph.update (spasmgraph itself uses run_query)
    def query(
        self,
        query: Any,
        initNs: Mapping[str, Any],
        initBindings: Mapping[str, Node],
        queryGraph: Any,
        **kwargs: Any,
    ) -> Any:
        if not isinstance(query, str) or kwargs or queryGraph != DATASET_DEFAULT_GRAPH_ID:
            raise NotImplementedError  # rdflib's own engine runs it over triples()
        from rdflib.query import Result
        from rdflib.term import Variable

        prefixes = {**{p: str(n) for p, n in self._namespaces.items()}, **_strings(initNs)}
        result = self.inner.query(
            query,
            prefixes=prefixes,
            substitutions={ox.Variable(k): to_ox(v) for k, v in initBindings.items()},
        )
        term = self.terms.term
        if isinstance(result, ox.QueryBoolean):
            out = Result("ASK")
            out.askAnswer = bool(result)
        elif isinstance(result, ox.QuerySolutions):
            out = Result("SELECT")
            out.vars = [Variable(v.value) for v in result.variables]
            names = out.vars
            out.bindings = [
                {n: term(v) for n, v in zip(names, row, strict=True) if v is not None}  # type: ignore[misc]
                for row in result
            ]
        else:
            out = Result("CONSTRUCT")
            out.graph = Graph()
            for t in result:
                out.graph.add((term(t.subject), term(t.predicate), term(t.object)))
        return out

    def update(
        self,
        update: Any,
        initNs: Mapping[str, Any],
        initBindings: Mapping[str, Node],
        queryGraph: Any,
        **kwargs: Any,
    ) -> None:
        if not isinstance(update, str) or initBindings or kwargs:
            raise NotImplementedError  # rdflib's own engine runs it through add/remove
        if queryGraph != DATASET_DEFAULT_GRAPH_ID:
            raise NotImplementedError
        prefixes = {**{p: str(n) for p, n in self._namespaces.items()}, **_strings(initNs)}
        try:
            self.inner.update(update, prefixes=prefixes)
        finally:
            self.forget_size()

    # namespaces
    def bind(self, prefix: str, namespace: URIRef, override: bool = True) -> None:
        namespace = URIRef(str(namespace))
        if not override and (prefix in self._namespaces or namespace in self._prefixes):
            return
        old_namespace = self._namespaces.pop(prefix, None)
        if old_namespace is not None:
            self._prefixes.pop(old_namespace, None)
        old_prefix = self._prefixes.pop(namespace, None)
        if old_prefix is not None:
            self._namespaces.pop(old_prefix, None)
        self._namespaces[prefix] = namespace
        self._prefixes[namespace] = prefix

    def prefix(self, namespace: URIRef) -> str | None:
        return self._prefixes.get(URIRef(str(namespace)))

    def namespace(self, prefix: str) -> URIRef | None:
        return self._namespaces.get(prefix)

    def namespaces(self) -> Iterator[tuple[str, URIRef]]:
        yield from list(self._namespaces.items())


def _strings(mapping: Mapping[str, Any]) -> dict[str, str]:
    return {str(k): str(v) for k, v in mapping.items()}


def count_default(inner: ox.Store) -> int:
    """Triples in the default graph, counted by Oxigraph."""
    solution = next(iter(_select(inner, "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }")))
    return int(solution[0].value)


def _select(inner: ox.Store, text: str) -> ox.QuerySolutions:
    result = inner.query(text)
    assert isinstance(result, ox.QuerySolutions)
    return result


def is_oxigraph(graph: Graph) -> bool:
    """True if *graph* lives in the oxigraph store."""
    return isinstance(graph.store, OxStore)


def open_graph(path: str | os.PathLike[str] | None = None) -> Graph:
    """An rdflib graph on a new in-memory Oxigraph store, or on the persistent one at *path*.

    A persistent store is a directory holding the Oxigraph database (``oxigraph/``) and a
    manifest (:data:`MANIFEST`) of the sources loaded into it; see :class:`Manifest`.
    """
    if path is None:
        return Graph(store=OxStore(ox.Store()), identifier=DATASET_DEFAULT_GRAPH_ID)
    root = Path(path)
    if root.exists() and not root.is_dir():
        raise StoreError(f"store path {str(root)!r} is a file; give a directory")
    if root.is_dir() and any(root.iterdir()) and not (root / MANIFEST).is_file():
        raise StoreError(
            f"{str(root)!r} is not empty and is not a spasmgraph store (no {MANIFEST}); "
            "give an empty or new directory"
        )
    try:
        root.mkdir(parents=True, exist_ok=True)
        inner = ox.Store(str(root / "oxigraph"))
    except OSError as exc:
        text = " ".join(str(exc).split())
        if "lock" in text.lower():
            text = "it is already open, in this process or another; close that first"
        raise StoreError(f"cannot open the oxigraph store at {str(root)!r}: {text}") from None
    store = OxStore(inner, path=root)
    store.manifest = Manifest.read(root)
    return Graph(store=store, identifier=DATASET_DEFAULT_GRAPH_ID)


# -- persistent stores: what has been loaded ------------------------------------------------
MANIFEST = "spasmgraph-store.json"
"""Name of the manifest file in a persistent store directory."""

_MANIFEST_VERSION = 1


@dataclass
class Manifest:
    """The sources a persistent store holds, each by name and SHA-256 of its content.

    Re-opening a store skips every requested source already recorded with the same content
    (no parsing, no duplicate blank nodes), adds sources that are new, keeps sources
    loaded earlier even if not requested now, and refuses a source whose content changed
    since it was loaded (a file edited, or the bundled ontology of another spasmgraph
    version): blank nodes cannot be matched up, so the store must be rebuilt.
    """

    root: Path
    sources: dict[str, dict[str, Any]]

    @classmethod
    def read(cls, root: Path) -> Manifest:
        file = root / MANIFEST
        if not file.is_file():
            return cls(root, {})
        try:
            data = json.loads(file.read_text(encoding="utf-8"))
            sources = data["sources"]
            if data.get("version") != _MANIFEST_VERSION or not isinstance(sources, dict):
                raise ValueError("unknown manifest version")
        except (OSError, ValueError, KeyError, TypeError) as exc:
            raise StoreError(
                f"cannot read {str(file)!r} ({exc}); delete the directory to rebuild the store"
            ) from None
        return cls(root, sources)

    def seen(self, name: str, digest: str | None) -> bool:
        """True if *name* was loaded with this content; raise if its content changed."""
        entry = self.sources.get(name)
        if entry is None:
            return False
        if digest is None or entry.get("sha256") == digest:
            return True
        raise StoreError(
            f"{name} has changed since it was loaded into the store at {str(self.root)!r}; "
            "a store cannot swap one version of a source for another, so delete that "
            "directory (or choose a new path) to rebuild it"
        )

    def record(self, name: str, digest: str | None, triples: int) -> None:
        self.sources[name] = {"sha256": digest, "triples_added": triples}

    def save(self) -> None:
        """Write the manifest atomically."""
        file = self.root / MANIFEST
        tmp = file.with_name(f".{MANIFEST}.{os.getpid()}.tmp")
        from . import __version__

        text = json.dumps(
            {"version": _MANIFEST_VERSION, "spasmgraph": __version__, "sources": self.sources},
            indent=2,
            sort_keys=True,
        )
        tmp.write_text(text + "\n", encoding="utf-8")
        tmp.replace(file)


# -- loading -------------------------------------------------------------------------------
_EOF = re.compile(r"unexpected end", re.IGNORECASE)


def load_data(
    graph: Graph,
    *,
    data: bytes | None = None,
    path: Path | None = None,
    fmt: ox.RdfFormat,
    label: str,
    reader: IO[bytes] | None = None,
) -> None:
    """Parse Turtle, N-Triples or RDF/XML into the default graph with Oxigraph.

    The load is one transaction: on a syntax error nothing is added.
    """
    store = graph.store
    assert isinstance(store, OxStore)
    inner = store.inner
    before = store._size
    try:
        if reader is not None:
            inner.load(input=reader, format=fmt, to_graph=_DEFAULT)
        elif data is not None:
            inner.load(input=data, format=fmt, to_graph=_DEFAULT)
        else:
            assert path is not None
            inner.load(path=str(path), format=fmt, to_graph=_DEFAULT)
    except SyntaxError as exc:
        raise _syntax_error(exc, label, data, path, fmt) from None
    except (OSError, ValueError) as exc:
        text = " ".join(str(exc).split())
        if isinstance(exc, FileNotFoundError):
            text = "no such file; check the path"
        raise OntologyLoadError(label, text[:300]) from None
    if before is not None:
        store.forget_size()
    else:
        store.revision += 1


def _syntax_error(
    exc: SyntaxError, label: str, data: bytes | None, path: Path | None, fmt: ox.RdfFormat
) -> OntologyLoadError:
    message = str(exc.args[0]) if exc.args else str(exc)
    message = re.sub(r"^Parser error (at|between) [^:]*: ", "", message)
    line = exc.lineno
    if _EOF.search(message):
        # Like the memory store, blame the line of the last token, not the end of the file.
        text = data if data is not None else (path.read_bytes() if path is not None else b"")
        line = text.rstrip().count(b"\n") + 1
    name = "Turtle" if fmt == ox.RdfFormat.TURTLE else fmt.name
    return OntologyLoadError(
        label,
        f"{message} (read as {name}; fix the syntax there, or pass format= for another format)",
        line=line,
    )


def copy_graph(graph: Graph, source: Graph) -> None:
    """Add every triple of an rdflib graph (e.g. parsed by rdflib) to *graph*."""
    store = graph.store
    assert isinstance(store, OxStore)
    batch = [ox.Quad(to_ox(s), to_ox(p), to_ox(o), _DEFAULT) for s, p, o in source]
    store.add_quads(batch)


# -- SPARQL ---------------------------------------------------------------------------------
@dataclass
class NativeResult:
    """What :func:`run_query` returns: one of the three SPARQL result kinds."""

    kind: str  # "SELECT", "ASK" or "CONSTRUCT"
    vars: tuple[str, ...] = ()
    rows: list[tuple[Node | None, ...]] | None = None
    boolean: bool | None = None
    triples: list[tuple[Node, Node, Node]] | None = None


class UnsupportedQueryError(Exception):
    """Oxigraph cannot run this query the way rdflib would; let rdflib's engine run it."""


_TOKENS = re.compile(
    r"""(?P<skip>\#[^\n]*"""
    r'''|"""(?:[^"\\]|\\.|"(?!""))*"""'''
    r"""|'''(?:[^'\\]|\\.|'(?!''))*'''"""
    r"""|"(?:[^"\\\n]|\\.)*"|'(?:[^'\\\n]|\\.)*'"""
    r"""|<[^<>"{}|^`\\\x00-\x20]*>)"""
    r"""|(?P<var>[?$][A-Za-z0-9_\u00B7-\uFFFF]+)"""
)


def bind_text(text: str, bindings: Mapping[str, Node]) -> str:
    """*text* with each variable named in *bindings* replaced by its value.

    This evaluates the query as if the variables were bound before evaluation starts, as
    rdflib's ``initBindings`` does. Strings, IRIs and comments are left alone.

    >>> from rdflib import URIRef
    >>> bind_text('SELECT ?m { ?c <p> ?m FILTER(?c != "?c") }', {"c": URIRef("urn:x")})
    'SELECT ?m {  <urn:x>  <p> ?m FILTER( <urn:x>  != "?c") }'
    """
    if not bindings:
        return text
    values: dict[str, str] = {}
    for name, term in bindings.items():
        if isinstance(term, BNode) or not isinstance(term, (URIRef, Literal)):
            raise UnsupportedQueryError(f"cannot bind ?{name} to {term!r} in Oxigraph")
        values[name] = term.n3()

    def replace(match: re.Match[str]) -> str:
        var = match.group("var")
        if var is not None and var[1:] in values:
            return f" {values[var[1:]]} "
        return match.group(0)

    return _TOKENS.sub(replace, text)


def run_query(
    graph: Graph,
    text: str,
    bindings: Mapping[str, Node],
    prefixes: Mapping[str, str],
    timeout: float | None,
    projected: Iterable[str] = (),
) -> NativeResult:
    """Evaluate a SELECT, ASK, CONSTRUCT or DESCRIBE query with Oxigraph's engine.

    *bindings* hold values for query variables, as rdflib's ``initBindings``: projected
    variables are handed to Oxigraph as substitutions (SEP-0007, so they still appear in
    the results), the others are written into the query text (:func:`bind_text`).

    Raises
    ------
    UnsupportedQueryError
        The bindings cannot be expressed for Oxigraph (a blank node, or a variable in a
        position where a constant is not allowed); run the query with rdflib instead.
    """
    store = graph.store
    assert isinstance(store, OxStore)
    shown = set(projected)
    substitutions = {ox.Variable(k): to_ox(v) for k, v in bindings.items() if k in shown}
    written = {k: v for k, v in bindings.items() if k not in shown}
    if written:
        text = bind_text(text, written)
    inner = store.inner
    terms = Terms(limit=50_000)
    cancel = threading.Event()

    def evaluate() -> NativeResult:
        result = inner.query(text, prefixes=dict(prefixes), substitutions=substitutions)
        if isinstance(result, ox.QueryBoolean):
            return NativeResult("ASK", boolean=bool(result))
        term = terms.term
        if isinstance(result, ox.QuerySolutions):
            names = tuple(v.value for v in result.variables)
            rows: list[tuple[Node | None, ...]] = []
            for solution in result:
                if cancel.is_set():
                    break
                rows.append(tuple(None if v is None else term(v) for v in solution))
            return NativeResult("SELECT", vars=names, rows=rows)
        triples = []
        for triple in result:
            if cancel.is_set():
                break
            triples.append((term(triple.subject), term(triple.predicate), term(triple.object)))
        return NativeResult("CONSTRUCT", triples=triples)

    if timeout is None:
        return _evaluate(evaluate)
    outcome: list[Any] = []

    def work() -> None:
        try:
            outcome.append(_evaluate(evaluate))
        except BaseException as exc:  # handed to the caller's thread
            outcome.append(exc)

    worker = threading.Thread(target=work, name="spasmgraph-sparql", daemon=True)
    worker.start()
    worker.join(max(timeout, 0.0))
    if worker.is_alive() or not outcome:
        cancel.set()
        raise QueryTimeoutError(
            "query time limit exceeded; raise timeout= or narrow the query "
            "(on the oxigraph store the query may keep running in the background)"
        )
    found = outcome[0]
    if isinstance(found, BaseException):
        raise found
    assert isinstance(found, NativeResult)
    return found


def _evaluate(evaluate: Any) -> NativeResult:
    try:
        result = evaluate()
    except (SyntaxError, RuntimeError) as exc:
        # The text passed spasmgraph's (rdflib's) parser, so this is a binding written
        # where SPARQL wants a variable, or a construct Oxigraph reads differently.
        raise UnsupportedQueryError(str(exc)) from None
    except OSError as exc:
        raise StoreError(f"the oxigraph store failed: {exc}") from None
    assert isinstance(result, NativeResult)
    return result


def run_update(graph: Graph, text: str, prefixes: Mapping[str, str]) -> None:
    """Run a SPARQL update with Oxigraph's engine."""
    store = graph.store
    assert isinstance(store, OxStore)
    try:
        store.inner.update(text, prefixes=dict(prefixes))
    except SyntaxError as exc:
        from .errors import QuerySyntaxError

        raise QuerySyntaxError(f"invalid SPARQL update for the oxigraph store: {exc}") from None
    finally:
        store.forget_size()


# -- the index, built natively ---------------------------------------------------------------
def build_index(graph: Graph, namespaces: Iterable[tuple[str, str]]) -> Index:
    """The same :class:`~spasmgraph._index.Index` as :func:`spasmgraph._index.build_index`,
    filled from bulk Oxigraph scans instead of rdflib's per-triple API.

    Work is done on the IRI strings Oxigraph returns; rdflib terms are made once per
    distinct IRI (and only for literals the index keeps), because rdflib's term
    constructors, hashing and comparisons are what dominate at a million triples.
    """
    store = graph.store
    assert isinstance(store, OxStore)
    inner = store.inner
    terms = Terms(limit=10_000_000)
    iri, term = terms.iri, terms.term
    index = Index(size=len(graph), curies=Curies(namespaces))
    named, literal = ox.NamedNode, ox.Literal

    def pairs(predicate: URIRef) -> Iterator[tuple[Any, Any]]:
        for quad in inner.quads_for_pattern(None, named(str(predicate)), None, _DEFAULT):
            yield quad.subject, quad.object

    def value_pairs(predicate: URIRef) -> Iterator[tuple[str, str]]:
        """(subject IRI, object IRI) of the triples with *predicate* between two IRIs."""
        for s, o in pairs(predicate):
            if type(s) is named and type(o) is named:
                yield s.value, o.value

    def best_literals(predicate: URIRef) -> dict[URIRef, str]:
        # What _index._best_literal picks: English (or untagged) first, then by text.
        best: dict[str, tuple[int, str]] = {}
        for s, o in pairs(predicate):
            if type(s) is not named or type(o) is not literal:
                continue
            lang = o.language
            rank = 0 if not lang or lang == "en" else 1 if lang.startswith("en") else 2
            candidate = (rank, o.value)
            key = s.value
            current = best.get(key)
            if current is None or candidate < current:
                best[key] = candidate
        return {iri(k): best[k][1] for k in sorted(best)}

    index.labels = best_literals(RDFS.label)
    index.definitions = best_literals(SKOS.definition)
    synonyms: dict[str, set[str]] = defaultdict(set)
    for s, o in pairs(SKOS.altLabel):
        if type(s) is named and type(o) is literal:
            synonyms[s.value].add(o.value)
    index.synonyms = {
        iri(k): tuple(sorted(synonyms[k], key=str.casefold)) for k in sorted(synonyms)
    }

    types: dict[str, set[str]] = defaultdict(set)
    for sv, ov in value_pairs(RDF.type):
        types[sv].add(ov)
    same_types: dict[frozenset[URIRef], frozenset[URIRef]] = {}
    for k in sorted(types):
        kinds = frozenset(map(iri, types[k]))
        index.types[iri(k)] = same_types.setdefault(kinds, kinds)

    class_markers = {str(OWL.Class), str(RDFS.Class)}
    classes = {k for k, t in types.items() if not class_markers.isdisjoint(t)}
    parents: dict[URIRef, set[URIRef]] = defaultdict(set)
    for sv, ov in value_pairs(RDFS.subClassOf):
        parents[iri(sv)].add(iri(ov))
        classes.update((sv, ov))
    class_iris = {iri(c) for c in classes}
    index.classes = frozenset(class_iris)
    index.ancestors = {c: frozenset(_closure(c, parents)) for c in class_iris}

    object_property = str(OWL.ObjectProperty)
    properties = sorted(k for k, t in types.items() if object_property in t)
    index.object_properties = frozenset(map(iri, properties))
    for sv, ov in value_pairs(OWL.inverseOf):
        index.inverse_of[iri(sv)] = iri(ov)
        index.inverse_of[iri(ov)] = iri(sv)

    schema_terms = classes | set(properties)
    out_edges: dict[str, list[tuple[str, str]]] = defaultdict(list)
    in_edges: dict[str, list[tuple[str, str]]] = defaultdict(list)
    for prop in properties:
        for sv, ov in value_pairs(URIRef(prop)):
            if sv not in schema_terms and ov not in schema_terms:
                out_edges[sv].append((prop, ov))
                in_edges[ov].append((prop, sv))
    shorten = index.curies.shorten
    short: dict[str, str] = {}

    def curie(value: str) -> str:
        found = short.get(value)
        if found is None:
            found = short[value] = shorten(value)
        return found

    def edges(table: dict[str, list[tuple[str, str]]]) -> dict[URIRef, tuple[Any, ...]]:
        out: dict[URIRef, tuple[Any, ...]] = {}
        for node in sorted(table):
            ordered = sorted(table[node], key=lambda e: (curie(e[0]), curie(e[1])))
            out[iri(node)] = tuple((iri(p), iri(o)) for p, o in ordered)
        return out

    index.out_edges = edges(out_edges)
    index.in_edges = edges(in_edges)

    index.axioms = _axioms(inner, terms)

    verdict_of: dict[Any, list[str]] = defaultdict(list)
    for s, o in pairs(SG.hasVerdict):
        if type(o) is named:
            verdict_of[s].append(o.value)
    verdicts: dict[str, set[str]] = defaultdict(set)
    for s, o in pairs(SG.assesses):
        if type(o) is named:
            for verdict in verdict_of.get(s, ()):
                verdicts[o.value].add(verdict)
    index.claim_verdicts = shared(
        {iri(c): tuple(sorted(map(iri, verdicts[c]))) for c in sorted(verdicts)}
    )
    for s, o in pairs(SG.rank):
        if type(s) is named and type(o) is literal:
            value = term(o)
            assert isinstance(value, Literal)
            if isinstance(value.toPython(), int):
                index.ranks[iri(s.value)] = int(value.toPython())

    index.lookup = _lookup_table(index, graph)
    return index


_STRUCTURE = (OWL.annotatedSource, OWL.annotatedProperty, OWL.annotatedTarget)


_AXIOMS = """
SELECT ?a ?s ?p ?o WHERE {
  ?a a <http://www.w3.org/2002/07/owl#Axiom> ;
     <http://www.w3.org/2002/07/owl#annotatedSource> ?s ;
     <http://www.w3.org/2002/07/owl#annotatedProperty> ?p ;
     <http://www.w3.org/2002/07/owl#annotatedTarget> ?o .
}"""


def _axioms(
    inner: ox.Store, terms: Terms
) -> dict[tuple[URIRef, URIRef, URIRef], tuple[Mapping[URIRef, tuple[Node, ...]], ...]]:
    """Axiom annotations by annotated triple, built with one dictionary per axiom and no
    intermediate tables, so that the peak memory stays close to the result's."""
    named = ox.NamedNode
    iri, term = terms.iri, terms.term
    # The annotated triple of each axiom whose source, property and target are IRIs.
    triple_of: dict[Any, tuple[URIRef, URIRef, URIRef]] = {}
    for a, s, p, o in _select(inner, _AXIOMS):
        if a not in triple_of and type(s) is named and type(p) is named and type(o) is named:
            triple_of[a] = (iri(s.value), iri(p.value), iri(o.value))
    if not triple_of:
        return {}
    # Which predicates annotate axioms: ask Oxigraph rather than scanning every triple.
    predicates = [
        row[0]
        for row in _select(
            inner, "SELECT DISTINCT ?k WHERE { ?a a <http://www.w3.org/2002/07/owl#Axiom> ; ?k ?v }"
        )
    ]
    skip = {named(str(p)) for p in (*_STRUCTURE, RDF.type)}
    annotations: dict[Any, dict[URIRef, tuple[Node, ...]]] = {}
    for pred in sorted(predicates, key=lambda p: p.value):
        if pred in skip or type(pred) is not named:
            continue
        pred_iri = iri(pred.value)
        for quad in inner.quads_for_pattern(None, pred, None, _DEFAULT):
            axiom = quad.subject
            if axiom in triple_of:
                mapping = annotations.get(axiom)
                if mapping is None:
                    mapping = annotations[axiom] = {}
                old = mapping.get(pred_iri)
                value = term(quad.object)
                mapping[pred_iri] = (value,) if old is None else (*old, value)
    same: dict[tuple[Node, ...], tuple[Node, ...]] = {}  # one tuple per distinct value list
    found: dict[tuple[URIRef, URIRef, URIRef], tuple[Mapping[URIRef, tuple[Node, ...]], ...]] = {}
    for axiom, triple in triple_of.items():
        mapping = annotations.pop(axiom, None) or {}
        for k, v in mapping.items():
            ordered = v if len(v) == 1 else tuple(sorted(v, key=str))
            mapping[k] = same.setdefault(ordered, ordered)
        before = found.get(triple)
        found[triple] = (mapping,) if before is None else (*before, mapping)
    for triple, mappings in found.items():
        if len(mappings) > 1:
            found[triple] = tuple(sorted(mappings, key=axiom_order))
    return found
