"""The ``"memory"`` backend: rdflib's in-memory store, pure Python, always available.

:class:`RdflibBackend` serves any rdflib graph (for example one a user passes to
:func:`spasmgraph.load`); :class:`MemoryBackend` adds a change counter and query
deadlines, on a store of its own.
"""

from __future__ import annotations

import contextlib
from collections.abc import Hashable, Iterator, Mapping, Sequence
from typing import IO, TYPE_CHECKING, Any

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.plugins.stores.memory import Memory
from rdflib.term import IdentifiedNode, Node

from ..errors import StoreError
from ..vocab import OWL, PREFIXES, RDF
from .base import AXIOM_STRUCTURE, Capabilities, NativeResult, SourceItem
from .deadline import checked, current
from .rdflib_parse import parse_item

if TYPE_CHECKING:
    from .manifest import Manifest

__all__ = ["AXIOM_STRUCTURE", "Change", "DeadlineMemory", "MemoryBackend", "RdflibBackend"]


Change = tuple[bool, tuple[Node, Node, Node], IdentifiedNode | None]
"""One change a store made: (added, triple, identifier of its graph or ``None``)."""


class DeadlineMemory(Memory):
    """rdflib's memory store, made to count its changes and honour a query deadline.

    Every SPARQL pattern lookup goes through :meth:`triples`; when a deadline is set (see
    :func:`spasmgraph.backends.deadline.deadline`) and has passed, the lookup raises,
    which aborts the query. Inside :meth:`atomic` the store records each change it makes,
    so a SPARQL update that fails midway is undone, and a change made elsewhere (in a
    worker process) can be replayed with :meth:`apply`.

    >>> from rdflib import Graph, URIRef
    >>> g = Graph(store=DeadlineMemory())
    >>> _ = g.add((URIRef("urn:a"), URIRef("urn:p"), URIRef("urn:b")))
    >>> try:
    ...     with g.store.atomic() as changes:
    ...         _ = g.remove((URIRef("urn:a"), None, None))
    ...         _ = g.add((URIRef("urn:c"), URIRef("urn:p"), URIRef("urn:d")))
    ...         raise KeyError("midway")
    ... except KeyError:
    ...     pass
    >>> sorted(str(s) for s in g.subjects()), len(changes)
    (['urn:a'], 2)
    """

    revision = 0
    """Counts changes, so that caches over the graph know when they are stale."""
    journal: list[Change] | None = None
    """The changes made since :meth:`atomic` began, while it runs."""

    def add(self, triple: Any, context: Any, quoted: bool = False) -> None:
        self.revision += 1
        if self.journal is not None and not quoted and not self._holds(triple, context):
            self.journal.append((True, triple, _name(context)))
        super().add(triple, context, quoted)

    def remove(self, triple_pattern: Any, context: Any = None) -> None:
        self.revision += 1
        if self.journal is not None:
            for triple, contexts in list(Memory.triples(self, triple_pattern, context)):
                places = [context] if context is not None else list(contexts)
                self.journal.extend((False, triple, _name(c)) for c in places)
        super().remove(triple_pattern, context)

    def triples(self, triple_pattern: Any, context: Any = None) -> Any:
        limit = current()
        base = super().triples(triple_pattern, context)
        return base if limit is None else checked(base, limit)

    def _holds(self, triple: Any, context: Any) -> bool:
        return any(True for _ in Memory.triples(self, triple, context))

    @contextlib.contextmanager
    def atomic(self) -> Iterator[list[Change]]:
        """Record the changes made inside the block, and undo them all if it raises."""
        if self.journal is not None:
            raise StoreError("internal: atomic() blocks on one store do not nest")
        changes: list[Change] = []
        self.journal = changes
        try:
            yield changes
        except BaseException:
            self.journal = None
            self.undo(changes)
            raise
        finally:
            self.journal = None

    def undo(self, changes: Sequence[Change]) -> None:
        """Reverse *changes*, last first."""
        for added, triple, name in reversed(changes):
            context = self._context(name)
            if added:
                self.remove(triple, context)
            else:
                self.add(triple, context)

    def apply(self, changes: Sequence[Change]) -> None:
        """Make *changes* (recorded by :meth:`atomic` on a copy of this store), all or none."""
        with self.atomic():
            for added, triple, name in changes:
                if added:
                    self.add(triple, self._context(name))
                else:
                    self.remove(triple, self._context(name))

    def _context(self, name: IdentifiedNode | None) -> Graph | None:
        return None if name is None else Graph(store=self, identifier=name)


def _name(context: Any) -> IdentifiedNode | None:
    """The identifier of a graph rdflib passes as a store context."""
    return None if context is None else getattr(context, "identifier", context)


class RdflibBackend:
    """A backend over any rdflib graph; scans use rdflib's ``triples()``.

    >>> from rdflib import Graph, URIRef
    >>> g = Graph()
    >>> _ = g.add((URIRef("urn:a"), URIRef("urn:p"), URIRef("urn:b")))
    >>> list(RdflibBackend(g).iri_pairs("urn:p"))
    [('urn:a', 'urn:b')]
    """

    name = "rdflib"
    capabilities = Capabilities()

    def __init__(self, graph: Graph) -> None:
        self._graph = graph

    @property
    def graph(self) -> Graph:
        return self._graph

    @property
    def manifest(self) -> Manifest | None:
        return None

    def namespaces(self) -> Iterator[tuple[str, str]]:
        return ((prefix, str(ns)) for prefix, ns in self._graph.namespaces())

    def revision(self) -> int | None:
        return None

    def size(self) -> int:
        return len(self._graph)

    def load(self, item: SourceItem, reader: IO[bytes] | None = None) -> None:
        parse_item(self._graph, item, reader)

    # -- scans ----------------------------------------------------------------------------
    def iri_pairs(self, predicate: str) -> Iterator[tuple[str, str]]:
        for s, o in self._graph.subject_objects(URIRef(predicate)):
            if type(s) is URIRef and type(o) is URIRef:
                yield str(s), str(o)

    def literal_pairs(self, predicate: str) -> Iterator[tuple[str, str, str]]:
        for s, o in self._graph.subject_objects(URIRef(predicate)):
            if type(s) is URIRef and isinstance(o, Literal):
                yield str(s), str(o), o.language or ""

    def typed_values(self, predicate: str) -> Iterator[tuple[str, Node]]:
        for s, o in self._graph.subject_objects(URIRef(predicate)):
            if type(s) is URIRef:
                yield str(s), o

    def edge_rows(self, predicates: Sequence[str]) -> Iterator[tuple[str, str, str]]:
        for prop in predicates:
            for s, o in self.iri_pairs(prop):
                yield s, prop, o

    def axiom_rows(self) -> Iterator[tuple[Hashable, str, str, str]]:
        graph = self._graph
        for axiom in graph.subjects(RDF.type, OWL.Axiom):
            s = graph.value(axiom, OWL.annotatedSource)
            p = graph.value(axiom, OWL.annotatedProperty)
            o = graph.value(axiom, OWL.annotatedTarget)
            if type(s) is URIRef and type(p) is URIRef and type(o) is URIRef:
                yield axiom, str(s), str(p), str(o)

    def axiom_annotations(
        self, axioms: Mapping[Hashable, Any]
    ) -> Iterator[tuple[Hashable, str, Node]]:
        graph = self._graph
        for axiom in axioms:
            assert isinstance(axiom, (URIRef, BNode))
            for pred, value in graph.predicate_objects(axiom):
                key = str(pred)
                if isinstance(pred, URIRef) and key not in AXIOM_STRUCTURE:
                    yield axiom, key, value

    # -- SPARQL: rdflib's evaluator walks the graph, so nothing is native ------------------
    def select(
        self,
        text: str,
        *,
        bindings: Mapping[str, Node],
        prefixes: Mapping[str, str],
        timeout: float | None,
        projected: Sequence[str] = (),
    ) -> NativeResult:
        raise StoreError(f"the {self.name!r} store has no native SPARQL engine")

    def update(self, text: str, *, prefixes: Mapping[str, str], timeout: float | None) -> None:
        raise StoreError(f"the {self.name!r} store has no native SPARQL engine")

    def close(self) -> None:
        self._graph.close()


class MemoryBackend(RdflibBackend):
    """rdflib's in-memory store with a change counter and query deadlines.

    >>> backend = MemoryBackend()
    >>> before = backend.revision()
    >>> _ = backend.graph.add((URIRef("urn:a"), URIRef("urn:p"), Literal("x")))
    >>> backend.revision() > before, backend.size()
    (True, 1)
    """

    name = "memory"
    capabilities = Capabilities(change_counter=True, deadlines=True)

    def __init__(self, graph: Graph | None = None) -> None:
        if graph is None:
            graph = Graph(store=DeadlineMemory())
            for prefix, ns in PREFIXES.items():
                graph.bind(prefix, ns, override=True)
        elif not isinstance(graph.store, DeadlineMemory):
            raise StoreError("MemoryBackend needs a graph on spasmgraph's DeadlineMemory store")
        super().__init__(graph)

    @classmethod
    def owns(cls, graph: Graph) -> bool:
        """True if *graph* lives in this backend's kind of store."""
        return isinstance(graph.store, DeadlineMemory)

    def revision(self) -> int | None:
        store = self.graph.store
        assert isinstance(store, DeadlineMemory)
        return store.revision

    def close(self) -> None:
        """Nothing to release."""
