"""The ``"oxigraph"`` backend: pyoxigraph's Rust store, in memory or on disk.

The rdflib view (:attr:`OxigraphBackend.graph`) sits on :class:`~.oxigraph_store.OxStore`;
the hot paths bypass rdflib and talk to pyoxigraph directly:

* loading Turtle, N-Triples and RDF/XML uses Oxigraph's parsers (other formats are parsed
  by rdflib and then copied in);
* :meth:`OxigraphBackend.select` hands the SPARQL *text* to Oxigraph's engine (the safety
  checks of :mod:`spasmgraph.sparql` run first, as for every store);
* the scans the index builder needs are bulk pattern scans in Oxigraph.

Time limits: Oxigraph cannot be interrupted. A query runs in a worker thread; at the
deadline :class:`~spasmgraph.errors.QueryTimeoutError` is raised and the worker stops at
its next result row, but a step that produces no rows until it is done (aggregates,
``ORDER BY``, a join that filters everything out) keeps its worker busy until it ends.
"""

from __future__ import annotations

import os
import re
import threading
from collections.abc import Hashable, Iterator, Mapping, Sequence
from pathlib import Path
from typing import IO, Any

import pyoxigraph as ox
from rdflib import Graph
from rdflib.graph import DATASET_DEFAULT_GRAPH_ID
from rdflib.term import Node

from ..errors import OntologyLoadError, QuerySyntaxError, QueryTimeoutError, StoreError
from ..vocab import PREFIXES
from .base import Capabilities, NativeResult, SourceItem, UnsupportedQueryError
from .binding import bind_text
from .deadline import TIMEOUT_MESSAGE
from .fastparse import base_iri, syntax_error
from .manifest import MANIFEST, Manifest
from .memory import AXIOM_STRUCTURE
from .oxigraph_store import OxStore, select_rows
from .oxigraph_terms import DEFAULT, Terms, to_ox
from .rdflib_parse import checked_bytes, parse_item

__all__ = ["NATIVE_FORMATS", "OxigraphBackend"]

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

_PREFIX = re.compile(
    rb"(?im)^[ \t]*(?:@prefix[ \t]+([A-Za-z_][\w.-]*)?[ \t]*:[ \t]*<([^>]*)>[ \t]*\."
    rb"|PREFIX[ \t]+([A-Za-z_][\w.-]*)?[ \t]*:[ \t]*<([^>]*)>)"
)
_AXIOMS = """
SELECT ?a ?s ?p ?o WHERE {
  ?a a <http://www.w3.org/2002/07/owl#Axiom> ;
     <http://www.w3.org/2002/07/owl#annotatedSource> ?s ;
     <http://www.w3.org/2002/07/owl#annotatedProperty> ?p ;
     <http://www.w3.org/2002/07/owl#annotatedTarget> ?o .
}"""
_AXIOM_PREDICATES = (
    "SELECT DISTINCT ?k WHERE { ?a a <http://www.w3.org/2002/07/owl#Axiom> ; ?k ?v }"
)


class OxigraphBackend:
    """pyoxigraph's store behind the :class:`~spasmgraph.backends.base.Backend` protocol.

    Parameters
    ----------
    path : path-like, optional
        Folder of a persistent store, holding the Oxigraph database (``oxigraph/``) and a
        manifest of the sources loaded into it (:class:`~.manifest.Manifest`). Without it
        the store lives in memory.

    Examples
    --------
    >>> from rdflib import URIRef
    >>> backend = OxigraphBackend()
    >>> _ = backend.graph.add((URIRef("urn:a"), URIRef("urn:p"), URIRef("urn:b")))
    >>> list(backend.iri_pairs("urn:p")), backend.size()
    ([('urn:a', 'urn:b')], 1)
    """

    name = "oxigraph"
    capabilities = Capabilities(
        native_sparql=True, bulk_scans=True, change_counter=True, deadlines=True, persistent=True
    )

    def __init__(self, path: str | os.PathLike[str] | None = None) -> None:
        self._manifest: Manifest | None = None
        if path is None:
            inner = ox.Store()
        else:
            root = Path(path)
            inner = _open_folder(root)
            self._manifest = Manifest.read(root)
        self._store = OxStore(inner)
        self._graph = Graph(store=self._store, identifier=DATASET_DEFAULT_GRAPH_ID)
        for prefix, ns in PREFIXES.items():
            self._graph.bind(prefix, ns, override=True)

    @classmethod
    def owns(cls, graph: Graph) -> bool:
        """True if *graph* lives in an Oxigraph store."""
        return isinstance(graph.store, OxStore)

    @classmethod
    def wrap(cls, graph: Graph) -> OxigraphBackend:
        """The backend of an rdflib graph on an :class:`OxStore` (see :meth:`owns`)."""
        backend = cls.__new__(cls)
        assert isinstance(graph.store, OxStore)
        backend._store, backend._graph, backend._manifest = graph.store, graph, None
        return backend

    @property
    def graph(self) -> Graph:
        return self._graph

    @property
    def manifest(self) -> Manifest | None:
        return self._manifest

    @property
    def inner(self) -> ox.Store:
        """The pyoxigraph :class:`~pyoxigraph.Store`."""
        return self._store.inner

    def namespaces(self) -> Iterator[tuple[str, str]]:
        return ((prefix, str(ns)) for prefix, ns in self._store.namespaces())

    def revision(self) -> int | None:
        return self._store.revision

    def size(self) -> int:
        return len(self._store)

    def close(self) -> None:
        self._store.close()

    # -- loading -------------------------------------------------------------------------
    def load(self, item: SourceItem, reader: IO[bytes] | None = None) -> None:
        fmt = NATIVE_FORMATS.get(item.fmt) if item.url is None else None
        if fmt is None or item.graph is not None:
            # Formats Oxigraph does not parse the way rdflib does (JSON-LD contexts, TriG
            # and N-Quads graph names, N3 formulae), URLs and rdflib graphs: rdflib reads.
            scratch = item.graph if item.graph is not None else Graph(bind_namespaces="none")
            if item.graph is None:
                parse_item(scratch, item, reader)
            self.copy(scratch)
            for prefix, ns in scratch.namespaces():
                self._graph.bind(prefix, ns, override=item.graph is None)
            return
        self._load_native(item, fmt, reader)
        if fmt == ox.RdfFormat.TURTLE:
            # rdflib binds the prefixes a Turtle file declares; do the same.
            text = item.data if item.data is not None else (item.path or Path()).read_bytes()
            for match in _PREFIX.finditer(text):
                prefix = (match.group(1) or match.group(3) or b"").decode("utf-8")
                namespace = (match.group(2) or match.group(4) or b"").decode("utf-8")
                self._graph.bind(prefix, namespace)

    def _load_native(self, item: SourceItem, fmt: ox.RdfFormat, reader: IO[bytes] | None) -> None:
        """Parse with Oxigraph in one transaction: on a syntax error nothing is added.

        RDF/XML passes :func:`spasmgraph.backends.guard.check_xml` first (no DTDs that
        reach out or expand without bound); Oxigraph's parsers are linear, so no token cap.
        """
        inner = self.inner
        checked = checked_bytes(item, tokens=False)
        base = base_iri(item)
        try:
            if reader is not None:
                inner.load(input=reader, format=fmt, to_graph=DEFAULT, base_iri=base)
            elif item.data is not None or checked is not None:
                data = item.data if item.data is not None else checked
                inner.load(input=data, format=fmt, to_graph=DEFAULT, base_iri=base)
            else:
                assert item.path is not None
                inner.load(path=str(item.path), format=fmt, to_graph=DEFAULT, base_iri=base)
        except SyntaxError as exc:
            raise syntax_error(exc, item, fmt.name) from None
        except (OSError, ValueError) as exc:
            text = " ".join(str(exc).split())
            if isinstance(exc, FileNotFoundError):
                text = "no such file; check the path"
            raise OntologyLoadError(item.label, text[:300]) from None
        self._store.forget_size()

    def copy(self, source: Graph) -> None:
        """Add every triple of an rdflib graph."""
        batch = [ox.Quad(to_ox(s), to_ox(p), to_ox(o), DEFAULT) for s, p, o in source]
        self._store.add_quads(batch)

    # -- scans -----------------------------------------------------------------------------
    def _pairs(self, predicate: str) -> Iterator[tuple[Any, Any]]:
        named = ox.NamedNode(predicate)
        for quad in self.inner.quads_for_pattern(None, named, None, DEFAULT):
            yield quad.subject, quad.object

    def iri_pairs(self, predicate: str) -> Iterator[tuple[str, str]]:
        named = ox.NamedNode
        for s, o in self._pairs(predicate):
            if type(s) is named and type(o) is named:
                yield s.value, o.value

    def literal_pairs(self, predicate: str) -> Iterator[tuple[str, str, str]]:
        named, literal = ox.NamedNode, ox.Literal
        for s, o in self._pairs(predicate):
            if type(s) is named and type(o) is literal:
                yield s.value, o.value, o.language or ""

    def typed_values(self, predicate: str) -> Iterator[tuple[str, Node]]:
        term = self._store.terms.term
        for s, o in self._pairs(predicate):
            if type(s) is ox.NamedNode:
                yield s.value, term(o)

    def edge_rows(self, predicates: Sequence[str]) -> Iterator[tuple[str, str, str]]:
        for prop in predicates:
            for s, o in self.iri_pairs(prop):
                yield s, prop, o

    def axiom_rows(self) -> Iterator[tuple[Hashable, str, str, str]]:
        named = ox.NamedNode
        for a, s, p, o in select_rows(self.inner, _AXIOMS):
            if type(s) is named and type(p) is named and type(o) is named:
                yield a, s.value, p.value, o.value

    def axiom_annotations(
        self, axioms: Mapping[Hashable, Any]
    ) -> Iterator[tuple[Hashable, str, Node]]:
        # Which predicates annotate axioms: ask Oxigraph rather than scan every triple.
        predicates = sorted(
            row[0].value
            for row in select_rows(self.inner, _AXIOM_PREDICATES)
            if type(row[0]) is ox.NamedNode and row[0].value not in AXIOM_STRUCTURE
        )
        term = self._store.terms.term
        for pred in predicates:
            for subject, value in self._pairs(pred):
                if subject in axioms:
                    yield subject, pred, term(value)

    # -- SPARQL ----------------------------------------------------------------------------
    def select(
        self,
        text: str,
        *,
        bindings: Mapping[str, Node],
        prefixes: Mapping[str, str],
        timeout: float | None,
        projected: Sequence[str] = (),
    ) -> NativeResult:
        """Evaluate a SELECT, ASK, CONSTRUCT or DESCRIBE query with Oxigraph's engine.

        *bindings* hold values for query variables, as rdflib's ``initBindings``: projected
        variables are handed to Oxigraph as substitutions (SEP-0007, so they still appear
        in the results), the others are written into the query text (:func:`bind_text`).

        Raises
        ------
        UnsupportedQueryError
            The bindings cannot be expressed for Oxigraph; run the query with rdflib.
        """
        shown = set(projected)
        substitutions = {ox.Variable(k): to_ox(v) for k, v in bindings.items() if k in shown}
        written = {k: v for k, v in bindings.items() if k not in shown}
        if written:
            text = bind_text(text, written)
        return _in_worker(self.inner, text, dict(prefixes), substitutions, timeout)

    def update(self, text: str, *, prefixes: Mapping[str, str], timeout: float | None) -> None:
        try:
            self.inner.update(text, prefixes=dict(prefixes))
        except SyntaxError as exc:
            raise QuerySyntaxError(f"invalid SPARQL update for the oxigraph store: {exc}") from None
        finally:
            self._store.forget_size()


def _open_folder(root: Path) -> ox.Store:
    if root.exists() and not root.is_dir():
        raise StoreError(f"store path {str(root)!r} is a file; give a directory")
    if root.is_dir() and any(root.iterdir()) and not (root / MANIFEST).is_file():
        raise StoreError(
            f"{str(root)!r} is not empty and is not a spasmgraph store (no {MANIFEST}); "
            "give an empty or new directory"
        )
    try:
        root.mkdir(parents=True, exist_ok=True)
        return ox.Store(str(root / "oxigraph"))
    except OSError as exc:
        text = " ".join(str(exc).split())
        if "lock" in text.lower():
            text = "it is already open, in this process or another; close that first"
        raise StoreError(f"cannot open the oxigraph store at {str(root)!r}: {text}") from None


def _in_worker(
    inner: ox.Store,
    text: str,
    prefixes: dict[str, str],
    substitutions: dict[Any, Any],
    timeout: float | None,
) -> NativeResult:
    terms = Terms(limit=50_000)
    cancel = threading.Event()

    def evaluate() -> NativeResult:
        result = inner.query(text, prefixes=prefixes, substitutions=substitutions)
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
            f"{TIMEOUT_MESSAGE} (on the oxigraph store the query may keep running in the "
            "background)"
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
