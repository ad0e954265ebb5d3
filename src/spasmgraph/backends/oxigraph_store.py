"""An rdflib store on pyoxigraph, so that ``KnowledgeGraph.graph`` stays an rdflib graph.

It plays the part of oxrdflib's store without importing oxrdflib (which imports rdflib's
SPARQL machinery and so adds about 70 ms to every start), and adds what spasmgraph needs:
a constant-time ``len``, triple iteration that makes no per-triple graph objects, plain
rdflib literals for ``xsd:string`` and query deadlines. spasmgraph's own hot paths talk to
pyoxigraph directly (:mod:`spasmgraph.backends.oxigraph`).
"""

from __future__ import annotations

import sys
import time
from collections.abc import Generator, Iterable, Iterator, Mapping
from pathlib import Path
from typing import Any

import pyoxigraph as ox
from rdflib import Graph, URIRef
from rdflib.graph import DATASET_DEFAULT_GRAPH_ID
from rdflib.store import Store
from rdflib.term import Node

from ..errors import QueryTimeoutError, StoreError
from .deadline import TIMEOUT_MESSAGE, current
from .manifest import drop_index
from .oxigraph_terms import DEFAULT, Terms, graph_name, pattern_term, to_ox

__all__ = ["OxStore", "count_default", "select_rows"]


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

    def __init__(self, inner: ox.Store, folder: str | None = None) -> None:
        super().__init__()
        self._store: ox.Store | None = inner
        self.folder = folder
        """The folder of a store on disk (``None`` for one in memory)."""
        self._released = False
        self.terms = Terms()
        self._size: int | None = None
        self.revision = 0
        """Counts changes, so that caches over the graph know when they are stale."""
        self._namespaces: dict[str, URIRef] = {}
        self._prefixes: dict[URIRef, str] = {}

    @property
    def inner(self) -> ox.Store:
        """The pyoxigraph :class:`~pyoxigraph.Store` (a released one is opened again)."""
        if self._store is None:
            if not self._released or self.folder is None:
                raise StoreError("this oxigraph store has been closed")
            try:
                self._store = ox.Store(self.folder)
            except OSError as exc:
                text = " ".join(str(exc).split())
                raise StoreError(f"cannot open the oxigraph store again: {text}") from None
            self._released = False
        return self._store

    def close(self, commit_pending_transaction: bool = False) -> None:
        """Release the Oxigraph store (and, for a persistent one, its directory lock)."""
        self._store = None
        self._released = False

    def release(self) -> None:
        """Let go of a store on disk, and of its folder's lock, until its next use.

        Another process can then open the folder for writing (see
        :mod:`~spasmgraph.backends.oxigraph_disk`). Refused while anything else holds the
        pyoxigraph store, which would keep the lock.
        """
        inner = self.inner
        if self.folder is None:
            raise StoreError("internal: only an oxigraph store on disk can be released")
        if sys.getrefcount(inner) > 3:  # self._store, inner, and getrefcount's argument
            raise StoreError(
                "this oxigraph store is in use elsewhere (a pyoxigraph object refers to it), "
                "so an update cannot be stopped at its time limit; pass timeout=None"
            )
        del inner
        self._store = None
        self._released = True

    def commit(self) -> None:
        """Nothing to do: every change is applied at once."""

    def rollback(self) -> None:
        """Not supported: changes are applied at once."""

    def gc(self) -> None:
        """Nothing to do."""

    # size
    def __len__(self, context: Any = None) -> int:
        inner = self.inner
        name = graph_name(context)
        if name is not None and name != DEFAULT:
            return sum(1 for _ in inner.quads_for_pattern(None, None, None, name))
        if self._size is None:
            self._size = count_default(inner)
        return self._size

    def changing(self) -> None:
        """Called before every write: a store on disk drops the index kept next to it."""
        if self.folder is not None:
            drop_index(Path(self.folder).parent)

    def forget_size(self) -> None:
        """Recount on the next ``len`` (after changes made behind rdflib's back)."""
        self._size = None
        self.revision += 1

    # changes
    def add(self, triple: Any, context: Any, quoted: bool = False) -> None:
        if quoted:
            raise StoreError("the oxigraph store does not hold quoted (N3 formula) triples")
        s, p, o = triple
        graph = graph_name(context) or DEFAULT
        self.changing()
        quad = ox.Quad(to_ox(s), to_ox(p), to_ox(o), graph)
        if self._size is not None and graph == DEFAULT and quad not in self.inner:
            self._size += 1
        self.inner.add(quad)
        self.revision += 1
        super().add(triple, context, quoted)

    def addN(self, quads: Iterable[Any]) -> None:  # noqa: N802 - rdflib's name
        batch = []
        for s, p, o, g in quads:
            batch.append(ox.Quad(to_ox(s), to_ox(p), to_ox(o), graph_name(g) or DEFAULT))
        self.add_quads(batch)

    def add_quads(self, batch: list[Any]) -> None:
        """Add Oxigraph quads, keeping the size count right."""
        self.changing()
        if self._size is not None:
            inner = self.inner
            self._size += len({q for q in batch if q.graph_name == DEFAULT and q not in inner})
        self.inner.extend(batch)
        self.revision += 1

    def remove(self, triple: Any, context: Any = None) -> None:
        s, p, o = triple
        try:
            pattern = (pattern_term(s), pattern_term(p), pattern_term(o), graph_name(context))
            quads = list(self.inner.quads_for_pattern(*pattern))
        except (StoreError, TypeError, ValueError):  # a pattern nothing can match
            return
        if quads:
            self.changing()
        for quad in quads:
            self.inner.remove(quad)
            if self._size is not None and quad.graph_name == DEFAULT:
                self._size -= 1
        self.revision += 1
        super().remove(triple, context)

    def add_graph(self, graph: Graph) -> None:
        name = graph_name(graph)
        if name is not None and name != DEFAULT:
            self.inner.add_graph(name)

    def remove_graph(self, graph: Graph) -> None:
        name = graph_name(graph)
        self.changing()
        if name == DEFAULT:
            self.inner.clear_graph(name)
            self._size = 0
        elif name is not None:
            self.inner.remove_graph(name)
        self.revision += 1

    # reads
    def triples(self, triple_pattern: Any, context: Any = None) -> Any:
        s, p, o = triple_pattern
        try:
            pattern = (pattern_term(s), pattern_term(p), pattern_term(o), graph_name(context))
            quads = self.inner.quads_for_pattern(*pattern)
        except (StoreError, TypeError, ValueError):  # e.g. a literal as subject
            return iter(())
        return self._triples(quads, context, current())

    def _triples(self, quads: Any, context: Any, limit: float | None) -> Iterator[Any]:
        term = self.terms.term
        contexts: tuple[Any, ...] = () if context is None else (context,)
        for n, quad in enumerate(quads):
            if limit is not None and not n & 1023 and time.monotonic() > limit:
                raise QueryTimeoutError(TIMEOUT_MESSAGE)
            yield (
                (term(quad.subject), term(quad.predicate), term(quad.object)),
                iter(contexts),
            )

    def contexts(self, triple: Any = None) -> Generator[Graph, None, None]:
        names: Iterable[Any]
        if triple is None:
            names = [DEFAULT, *self.inner.named_graphs()]
        else:
            s, p, o = triple
            pattern = (pattern_term(s), pattern_term(p), pattern_term(o), None)
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
    """Triples in the default graph, counted by Oxigraph.

    Without named graphs that is every quad, which Oxigraph counts three times faster
    than it answers ``COUNT(*)``.
    """
    if next(iter(inner.named_graphs()), None) is None:
        return len(inner)
    solution = next(iter(select_rows(inner, "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }")))
    return int(solution[0].value)


def select_rows(inner: ox.Store, text: str) -> ox.QuerySolutions:
    """Run a SELECT that spasmgraph wrote itself (no user input) on *inner*."""
    result = inner.query(text)
    assert isinstance(result, ox.QuerySolutions)
    return result
