"""The ``"oxigraph"`` backend: pyoxigraph's Rust store, in memory or on disk.

The rdflib view (:attr:`OxigraphBackend.graph`) sits on :class:`~.oxigraph_store.OxStore`;
the hot paths bypass rdflib and talk to pyoxigraph directly:

* loading Turtle, N-Triples and RDF/XML uses Oxigraph's parsers (other formats are parsed
  by rdflib and then copied in);
* :meth:`OxigraphBackend.select` hands the SPARQL *text* to Oxigraph's engine (the safety
  checks of :mod:`spasmgraph.sparql` run first, as for every store);
* the scans the index builder needs are bulk pattern scans in Oxigraph.

Time limits: Oxigraph cannot be interrupted; a query or update with a time limit runs in
a worker process that is killed at the deadline: forked, on a store in memory (see
:mod:`~spasmgraph.backends.oxigraph_query`), or spawned, on a store on disk (see
:mod:`~spasmgraph.backends.oxigraph_disk`). On a store in memory an update is tried in the
forked worker with half the time limit and then replayed here, so that both runs fit in
the limit.
"""

from __future__ import annotations

import functools
import os
import re
from collections.abc import Hashable, Iterator, Mapping, Sequence
from pathlib import Path
from typing import IO, Any

import pyoxigraph as ox
from rdflib import Graph
from rdflib.graph import DATASET_DEFAULT_GRAPH_ID
from rdflib.term import Node

from ..errors import OntologyLoadError, QueryTimeoutError, StoreError
from ..vocab import PREFIXES
from . import worker as _worker
from .base import AXIOM_STRUCTURE, Capabilities, NativeResult, SourceItem
from .fastparse import base_iri, syntax_error
from .manifest import MANIFEST, Manifest
from .oxigraph_disk import reader_for, update_on_disk
from .oxigraph_query import evaluate, handle, in_thread, run_update
from .oxigraph_store import OxStore, select_rows
from .oxigraph_terms import DEFAULT, to_ox
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
        self._worker: _worker.Worker | None = None
        folder = None
        if path is None:
            inner = ox.Store()
        else:
            root = Path(path)
            inner = _open_folder(root)
            folder = str(root / "oxigraph")
            self._manifest = Manifest.read(root)
        self._store = OxStore(inner, folder)
        self._graph = Graph(store=self._store, identifier=DATASET_DEFAULT_GRAPH_ID)
        for prefix, ns in PREFIXES.items():
            self._graph.bind(prefix, ns, override=True)
        if self._manifest is not None:  # what the sources loaded earlier bound
            for prefix, ns in self._manifest.prefixes.items():
                self._graph.bind(prefix, ns)

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
        backend._worker = None
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
        if self._worker is not None:
            self._worker.close()
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
            try:
                self.copy(scratch)
            except (ValueError, TypeError, StoreError) as exc:
                # A term rdflib accepts and Oxigraph does not (an IRI with a space, ...).
                raise OntologyLoadError(
                    item.label, f"Oxigraph refuses a term: {exc}"[:300]
                ) from None
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
        self._store.changing()
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
        if self._store.folder is not None:
            # Write what was loaded to the store's files now: otherwise the next open
            # replays it from the write-ahead log (1.4 s instead of 0.1 s at 10⁵ triples).
            inner.flush()

    def copy(self, source: Graph) -> None:
        """Add every triple of an rdflib graph."""
        batch = [ox.Quad(to_ox(s), to_ox(p), to_ox(o), DEFAULT) for s, p, o in source]
        self._store.add_quads(batch)
        if self._store.folder is not None:
            self.inner.flush()  # as after a native load

    # -- scans -----------------------------------------------------------------------------
    def _pairs(self, predicate: str) -> Iterator[tuple[Any, Any]]:
        named = ox.NamedNode(predicate)
        for quad in self.inner.quads_for_pattern(None, named, None, DEFAULT):
            yield quad.subject, quad.object

    def iri_pairs(self, predicate: str) -> Iterator[tuple[str, str]]:
        named = ox.NamedNode
        for quad in self.inner.quads_for_pattern(None, named(predicate), None, DEFAULT):
            s, o = quad.subject, quad.object
            if type(s) is named and type(o) is named:
                yield s.value, o.value

    def literal_pairs(self, predicate: str) -> Iterator[tuple[str, str, str]]:
        named, literal = ox.NamedNode, ox.Literal
        for quad in self.inner.quads_for_pattern(None, named(predicate), None, DEFAULT):
            s, o = quad.subject, quad.object
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
            for quad in self.inner.quads_for_pattern(None, ox.NamedNode(pred), None, DEFAULT):
                subject = quad.subject
                if subject in axioms:
                    yield subject, pred, term(quad.object)

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
        substitutions = {k: v for k, v in bindings.items() if k in shown}
        written = {k: v for k, v in bindings.items() if k not in shown}
        if written:
            from .binding import bind_text

            text = bind_text(text, written)
        prefixes = dict(prefixes)
        worker = self._worker_for(timeout)
        if worker is not None:
            request = ("select", text, prefixes, substitutions)
            found = worker.call(request, timeout=timeout, revision=worker.revision)
            assert isinstance(found, NativeResult)
            return found
        work = functools.partial(evaluate, self.inner, text, prefixes, substitutions)
        return in_thread(lambda cancel: work(cancel=cancel), timeout)  # type: ignore[no-any-return]

    def update(self, text: str, *, prefixes: Mapping[str, str], timeout: float | None) -> None:
        """Run an update; with a time limit, in a worker process (see the module)."""
        prefixes = dict(prefixes)
        self._store.changing()
        try:
            if timeout is not None and self._store.folder is not None and _worker.usable():
                if self._worker is not None:
                    self._worker.close()  # it reads a revision that is about to end
                update_on_disk(self._store, text, prefixes, timeout)
                return
            worker = self._worker_for(timeout)
            if worker is not None:
                assert timeout is not None
                # The trial in the worker gets half the time limit: the replay here, which
                # cannot be interrupted, does the same work, so both fit in the limit.
                try:
                    worker.call(
                        ("update", text, prefixes), timeout=timeout / 2, revision=worker.revision
                    )
                except QueryTimeoutError:
                    raise QueryTimeoutError(
                        f"update time limit exceeded: on the in-memory Oxigraph store an "
                        f"update is tried in a worker with half its limit ({timeout / 2:g} s), "
                        "then applied; raise timeout= or narrow the update"
                    ) from None
                finally:
                    worker.close()  # its copy has changed, or it was killed
                run_update(self.inner, text, prefixes)
            else:
                in_thread(lambda cancel: run_update(self.inner, text, prefixes), timeout, "update")
        finally:
            self._store.forget_size()

    def _worker_for(self, timeout: float | None) -> _worker.Worker | None:
        """The worker process for the current revision, if a query should use one."""
        if timeout is None or not _worker.usable():
            return None
        revision = self.revision()
        found = self._worker
        if found is None or not found.alive or found.revision != revision:
            if found is not None:
                found.close()
            if self._store.folder is not None:
                found = reader_for(self._store, revision)
            else:
                found = _worker.Worker(functools.partial(handle, self.inner), revision=revision)
            self._worker = found
        return found


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
