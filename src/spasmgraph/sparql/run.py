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
import itertools
import re
import weakref
from collections.abc import Iterator, Mapping
from typing import Any

from rdflib import Graph
from rdflib.plugins.sparql.sparql import Query, Update
from rdflib.term import Node

from ..backends import Backend, NativeResult
from ..backends import worker as _worker
from ..backends.base import UnsupportedQueryError
from ..backends.deadline import DEFAULT_TIMEOUT, deadline
from ..backends.memory import Change, DeadlineMemory
from ..backends.watchdog import interrupting
from ..errors import QueryParameterError, QuerySyntaxError, StoreError
from ..index import Curies
from ..vocab import PREFIXES
from .named import NamedQuery, ResultCache, cache_key
from .prepare import prepare, update_kind
from .results import SparqlResult

__all__ = ["run", "run_named"]

_REGEX = re.compile(r"\b(?:REGEX|REPLACE)\s*\(", re.IGNORECASE)
"""Functions that run Python's regular-expression matcher, which no thread can interrupt."""

_WORKERS: weakref.WeakKeyDictionary[Any, _worker.Worker] = weakref.WeakKeyDictionary()

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
    max_rows: int | None = None,
) -> Answer:
    """Run *query* on *backend*.

    Returns a :class:`SparqlResult` for SELECT, a ``bool`` for ASK, a new
    :class:`rdflib.Graph` for CONSTRUCT and DESCRIBE, and ``None`` for updates.

    The checks of :func:`~spasmgraph.sparql.prepare.prepare` always run first (their
    outcome for a given text is remembered). An update is refused unless *allow_update*
    is true. A backend with its own engine (``capabilities.native_sparql``) then
    evaluates the query text; see :mod:`spasmgraph.backends.oxigraph_query` for how its
    time limit stops it.

    With rdflib's engine (the memory store), the time limit is kept three ways: every
    triple lookup checks it (:mod:`~spasmgraph.backends.deadline`), a watchdog interrupts
    Python work that makes no lookup (:mod:`~spasmgraph.backends.watchdog`), and a query
    that uses ``REGEX`` or ``REPLACE`` runs in a worker process that is killed at the
    deadline (:mod:`~spasmgraph.backends.worker`). An update is all or nothing; see
    :func:`_update`.

    *max_rows* caps a SELECT result: at most that many rows are returned, and the
    result's ``truncated`` is True when more existed (it is never silently short).

    Raises
    ------
    QueryParameterError
        *max_rows* is not a non-negative integer.
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
    cap = _row_cap(max_rows)
    init: dict[str, Any] = dict(bindings or {})
    curies = functools.partial(_curies, backend)
    if isinstance(query, str) and backend.capabilities.native_sparql:
        done, answer = _run_native(backend, query, prepared, init, timeout, curies)
        if done:
            return _capped(answer, cap)
    if isinstance(prepared, Update):
        _update(backend, prepared, query, init, allow_network, timeout)
        return None
    if isinstance(query, str) and timeout is not None and _REGEX.search(query) and _worker.usable():
        found = _in_process(backend, ("query", query, init, allow_network, cap), timeout)
        if isinstance(found, list):
            return _graph(found)
        return found  # type: ignore[no-any-return]
    with deadline(timeout), interrupting(timeout), _engine_errors(backend):
        return _evaluate(backend, prepared, init, curies, cap)


def _evaluate(
    backend: Backend, prepared: Query, init: dict[str, Any], curies: Any, cap: int | None
) -> Answer:
    """Run *prepared* with rdflib's engine over the backend's graph."""
    result = backend.graph.query(values_before_optional(prepared), initBindings=init)
    if result.type == "ASK":
        return bool(result.askAnswer)
    if result.type in ("CONSTRUCT", "DESCRIBE"):
        assert result.graph is not None
        return _graph(result.graph)
    names = [str(v) for v in (result.vars or [])]
    rows = list(result if cap is None else itertools.islice(result, cap + 1))
    return _capped(SparqlResult.from_terms(names, rows, curies=curies), cap)  # type: ignore[arg-type]


def _row_cap(max_rows: Any) -> int | None:
    if max_rows is None:
        return None
    if isinstance(max_rows, bool) or not isinstance(max_rows, int) or max_rows < 0:
        raise QueryParameterError(f"max_rows must be a whole number >= 0 or None, not {max_rows!r}")
    return max_rows


def _capped(answer: Answer, cap: int | None) -> Answer:
    """*answer*, cut to *cap* rows with ``truncated`` set when it had more."""
    if cap is None or not isinstance(answer, SparqlResult) or len(answer) <= cap:
        return answer
    short = SparqlResult(answer.vars, answer[:cap], curies=answer._curies)
    short.truncated = True
    return short


def _update(
    backend: Backend,
    prepared: Update,
    query: Any,
    init: dict[str, Any],
    allow_network: bool,
    timeout: float | None,
) -> None:
    """Run an update with rdflib's engine, all or nothing on spasmgraph's memory store.

    The store records every change and undoes them if the update fails midway. With a
    time limit the update runs in a worker process on its copy of the graph, which sends
    back the changes it made; they are applied here in one step, so an update stopped at
    its deadline (a ``REGEX`` no thread can interrupt included) changes nothing. An update
    made only of ``INSERT DATA`` and ``DELETE DATA`` does no search (its work is linear in
    its text) and runs in place. Without a worker process (Windows) the time limit is kept
    as for queries, and the changes are undone.
    """
    store = backend.graph.store
    if not isinstance(store, DeadlineMemory):  # a plain rdflib graph: no change journal
        with deadline(timeout), interrupting(timeout), _engine_errors(backend):
            backend.graph.update(prepared, initBindings=init)
        return
    searches = _searches(prepared)
    revision = backend.revision()
    if isinstance(query, str) and timeout is not None and searches and _worker.usable():
        request = ("update", query, init, allow_network)
        changes = _in_process(backend, request, timeout, retire=True)
        if backend.revision() != revision:
            raise StoreError("the graph changed while the update ran; nothing was applied")
        store.apply(changes)
        return
    _update_here(backend, store, prepared, init, timeout if searches else None)


def _searches(update: Update) -> bool:
    """Whether *update* has an operation other than ``INSERT DATA`` and ``DELETE DATA``."""
    return any(op.name not in ("InsertData", "DeleteData") for op in update.algebra)


def _update_here(
    backend: Backend,
    store: DeadlineMemory,
    prepared: Update,
    init: dict[str, Any],
    timeout: float | None,
) -> list[Change]:
    """Run an update in this process; undo its changes if it fails or runs out of time."""
    # Nested in this order: the watchdog is disarmed before the changes are undone.
    with (
        _engine_errors(backend),
        store.atomic() as changes,
        deadline(timeout),
        interrupting(timeout),
    ):
        backend.graph.update(prepared, initBindings=init)
    return changes


def _in_process(
    backend: Backend, request: tuple[Any, ...], timeout: float, *, retire: bool = False
) -> Any:
    """Run a rdflib-engine request in a worker process, killed at *timeout* (see ``run``).

    With *retire* (an update, which changes the worker's copy) the worker is closed after.
    """
    revision = backend.revision()
    found = _WORKERS.get(backend)
    if found is None or not found.alive or found.revision != revision or revision is None:
        if found is not None:
            found.close()
        found = _worker.Worker(functools.partial(_child_query, backend), revision=revision)
        _WORKERS[backend] = found
    try:
        return found.call(request, timeout=timeout, revision=revision)
    finally:
        if retire or revision is None:
            found.close()  # its copy has changed, or no change counter: never re-used


def _child_query(backend: Backend, request: tuple[Any, ...]) -> Any:
    """In the worker process: run the request; a graph travels back as a list of triples,
    an update as the changes it made."""
    kind, text, init, allow_network, *rest = request
    if kind == "update":
        store = backend.graph.store
        assert isinstance(store, DeadlineMemory)
        prepared = _prepared(text, allow_network)
        assert isinstance(prepared, Update)
        return _update_here(backend, store, prepared, init, None)
    answer = run(backend, text, init, allow_network=allow_network, timeout=None, max_rows=rest[0])
    return list(answer) if isinstance(answer, Graph) else answer


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
        # Only INSERT DATA and DELETE DATA: no search, its work is linear in its text.
        limit = timeout if _searches(prepared) else None
        backend.update(text, prefixes=PREFIXES, timeout=limit)
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
