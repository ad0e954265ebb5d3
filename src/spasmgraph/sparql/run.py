"""Run SPARQL on a :class:`~spasmgraph.backends.Backend`: the engine behind ``kg.sparql``.

>>> from rdflib import Graph
>>> from spasmgraph.backends import backend_for
>>> backend = backend_for(Graph().parse(data='''
...     @prefix sg: <https://w3id.org/spasmgraph/> .
...     @prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
...     sg:heat a sg:HomeRemedy ; rdfs:label "heat" .
... ''', format="turtle"))
>>> query = "SELECT ?t ?label WHERE { ?t a sg:HomeRemedy ; rdfs:label ?label }"
>>> for t, label in run(backend, query):
...     print(t, label)
https://w3id.org/spasmgraph/heat heat
>>> run(backend, "DELETE WHERE { ?s ?p ?o }")
Traceback (most recent call last):
...
spasmgraph.errors.QuerySyntaxError: this is a SPARQL update (DELETE WHERE), which changes ...
"""

from __future__ import annotations

import contextlib
import functools
from collections.abc import Iterator, Mapping
from typing import Any

from rdflib import Graph
from rdflib.plugins.sparql.sparql import Query, Update
from rdflib.term import Node

from ..backends import Backend, NativeResult
from ..backends.base import UnsupportedQueryError
from ..backends.deadline import DEFAULT_TIMEOUT, deadline
from ..errors import QuerySyntaxError, StoreError
from ..index import Curies
from ..vocab import PREFIXES
from .named import NamedQuery, ResultCache, cache_key
from .prepare import prepare, update_kind
from .results import SparqlResult

__all__ = ["run", "run_named"]

Answer = SparqlResult | bool | Graph | None
"""What a query gives: rows (SELECT), a bool (ASK), a graph (CONSTRUCT, DESCRIBE), or
``None`` (an update)."""


def run(
    backend: Backend,
    query: str | Query | Update,
    bindings: Mapping[str, Node] | None = None,
    *,
    allow_network: bool = False,
    allow_update: bool = False,
    timeout: float | None = DEFAULT_TIMEOUT,
) -> Answer:
    """Run *query* on *backend*.

    Returns a :class:`SparqlResult` for SELECT, a ``bool`` for ASK, a new
    :class:`rdflib.Graph` for CONSTRUCT and DESCRIBE, and ``None`` for updates.

    The checks of :func:`~spasmgraph.sparql.prepare.prepare` always run first (their
    outcome for a given text is remembered). An update is refused unless *allow_update*
    is true. A backend with its own engine (``capabilities.native_sparql``) then
    evaluates the query text; see :mod:`spasmgraph.backends.oxigraph` for what its time
    limit can interrupt.

    Raises
    ------
    QuerySyntaxError
        Not SPARQL 1.1, or an update without ``allow_update=True``.
    NetworkAccessError
        The query would read outside the loaded graph; see :mod:`spasmgraph.sparql.prepare`.
    QueryTimeoutError
        The query ran past *timeout* seconds.
    """
    if isinstance(query, str):
        prepared = _prepared(query, allow_network)
    elif isinstance(query, (Query, Update)):
        prepared = query
    else:
        prepared = prepare(query)  # raises: a query must be a string
    if isinstance(prepared, Update) and not allow_update:
        raise QuerySyntaxError(
            f"this is a SPARQL update ({update_kind(prepared)}), which changes the graph; "
            "kg.sparql() runs updates only when asked: pass allow_update=True"
        )
    init: dict[str, Any] = dict(bindings or {})
    curies = functools.partial(_curies, backend)
    if isinstance(query, str) and backend.capabilities.native_sparql:
        done, answer = _run_native(backend, query, prepared, init, timeout, curies)
        if done:
            return answer
    with deadline(timeout), _engine_errors(backend):
        if isinstance(prepared, Update):
            backend.graph.update(prepared, initBindings=init)
            return None
        result = backend.graph.query(values_before_optional(prepared), initBindings=init)
        if result.type == "ASK":
            return bool(result.askAnswer)
        if result.type in ("CONSTRUCT", "DESCRIBE"):
            assert result.graph is not None
            return _graph(result.graph)
        names = [str(v) for v in (result.vars or [])]
        return SparqlResult.from_terms(names, list(result), curies=curies)  # type: ignore[arg-type]


def run_named(
    backend: Backend,
    query: NamedQuery,
    terms: Mapping[str, Node],
    *,
    timeout: float | None = DEFAULT_TIMEOUT,
    cache: ResultCache | None = None,
) -> Answer:
    """Run a named query with bound *terms*, keeping SELECT results in *cache*.

    A result is kept only when the backend counts its changes and none happened while
    the query ran; it is handed back while the graph's revision is unchanged. Results
    are immutable, so sharing them is safe. Named queries never run updates.
    """
    key = cache_key(query, terms)
    before = backend.revision()
    if cache is not None:
        kept = cache.get(key, before)
        if kept is not None:
            return kept  # type: ignore[no-any-return]
    result = run(backend, query.text, terms, timeout=timeout)
    if cache is not None and before == backend.revision() and isinstance(result, SparqlResult):
        cache.put(key, before, result)
    return result


def _run_native(
    backend: Backend,
    text: str,
    prepared: Query | Update,
    init: dict[str, Any],
    timeout: float | None,
    curies: Any,
) -> tuple[bool, Answer]:
    """(True, answer) from the backend's own engine, or (False, None) to use rdflib's."""
    if isinstance(prepared, Update):
        if init:
            return False, None
        backend.update(text, prefixes=PREFIXES, timeout=timeout)
        return True, None
    projected = [str(v) for v in prepared.algebra.get("PV") or ()]
    try:
        native = backend.select(
            text, bindings=init, prefixes=PREFIXES, timeout=timeout, projected=projected
        )
    except UnsupportedQueryError:
        return False, None  # rdflib's engine runs it, over the same store
    return True, _from_native(native, projected, curies)


@contextlib.contextmanager
def _engine_errors(backend: Backend) -> Iterator[None]:
    """Turn the bare ``Exception`` rdflib's engine raises for what it cannot do into a
    :class:`StoreError` (e.g. named graphs on a store that holds one graph)."""
    try:
        yield
    except Exception as exc:
        if type(exc) is not Exception:
            raise
        raise StoreError(f"the {backend.name} store cannot run this query: {exc}") from None


@functools.lru_cache(maxsize=256)
def _prepared(text: str, allow_network: bool) -> Query | Update:
    """:func:`prepare`, remembered: the checks depend on nothing but these arguments."""
    return prepare(text, allow_network=allow_network)


def _curies(backend: Backend) -> Curies:
    """The prefix map of the index: spasmgraph's prefixes, then the graph's own bindings."""
    return Curies([*PREFIXES.items(), *((p, str(n)) for p, n in backend.graph.namespaces())])


def _graph(triples: Any) -> Graph:
    out = Graph()
    for prefix, ns in PREFIXES.items():
        out.bind(prefix, ns)
    for triple in triples:
        out.add(triple)
    return out


def _from_native(native: NativeResult, projected: list[str], curies: Any) -> Answer:
    if native.kind == "ASK":
        return bool(native.boolean)
    if native.kind == "CONSTRUCT":
        return _graph(native.triples or ())
    # Report the variables in rdflib's order (it differs for SELECT *).
    found = list(native.vars)
    names = [v for v in projected if v in found] + [v for v in found if v not in projected]
    pick = [found.index(n) for n in names]
    rows = [tuple(row[i] for i in pick) for row in native.rows or ()]
    return SparqlResult.from_terms(names, rows, curies=curies)


def values_before_optional(query: Query) -> Query:
    """*query* with every ``VALUES … OPTIONAL`` shape rewritten so rdflib answers it right.

    rdflib's engine drops or loses rows when a ``VALUES`` block is the left side of an
    ``OPTIONAL`` (`rdflib issue 2332 <https://github.com/RDFLib/rdflib/issues/2332>`_):
    ``VALUES ?e { :a :b } OPTIONAL { ?e :p ?x }`` gives no row for a value the optional
    part does not match. Joining the values with the empty pattern first (which changes
    nothing in SPARQL's semantics) routes around it. The query is changed in place.

    >>> q = prepare("SELECT ?e ?x { VALUES ?e { sg:Mixed } OPTIONAL { ?e sg:actsOn ?x } }")
    >>> values_before_optional(q).algebra["p"]["p"]["p1"].name
    'Join'
    """
    from rdflib.plugins.sparql.algebra import BGP, Join
    from rdflib.plugins.sparql.parserutils import CompValue

    def walk(node: object) -> None:
        if isinstance(node, CompValue):
            if node.name == "LeftJoin" and getattr(node.get("p1"), "name", "") == "ToMultiSet":
                node["p1"] = Join(node["p1"], BGP([]))
            for value in node.values():
                walk(value)
        elif isinstance(node, (list, tuple)):
            for value in node:
                walk(value)

    walk(query.algebra)
    return query
