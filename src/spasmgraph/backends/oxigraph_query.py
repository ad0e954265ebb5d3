"""Running SPARQL on an Oxigraph store within a time limit.

Oxigraph's engine cannot be interrupted, so a query or update that carries a time limit
runs where it can be stopped:

* on a store held **in memory**, in a :class:`~spasmgraph.backends.worker.Worker` process
  forked from the caller, killed at the deadline. A query's rows come back over a pipe.
  An update is first run in the worker (a dry run on its copy of the store); only when
  it finishes in time is it applied to the real store, so an update that is stopped
  changes nothing, and one that fits takes about twice its evaluation time;
* on a store **on disk** (RocksDB cannot be forked safely), in a spawned worker process
  that opens the folder itself; see :mod:`~spasmgraph.backends.oxigraph_disk`;
* where no worker process can be started (Windows), in a thread: at the deadline
  :class:`~spasmgraph.errors.QueryTimeoutError` is raised and the thread stops at its
  next result row, but a step that produces no rows until it is done (aggregates,
  ``ORDER BY``, a join that filters everything out) keeps it busy until it ends, and an
  update goes on and is applied when it ends.

An update made only of ``INSERT DATA`` and ``DELETE DATA`` does no search and is run in
place (:func:`spasmgraph.sparql.run.run` passes no time limit for it).
Queries without a time limit run directly in the caller's thread. (pyoxigraph is imported
inside the functions, as for every module but the Oxigraph backend's own.)
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Mapping
from typing import Any

from rdflib.term import Node

from ..errors import QuerySyntaxError, QueryTimeoutError, StoreError
from .base import NativeResult, UnsupportedQueryError
from .deadline import TIMEOUT_MESSAGE

__all__ = ["evaluate", "handle", "in_thread", "run_update"]


def evaluate(
    inner: Any,
    text: str,
    prefixes: dict[str, str],
    substitutions: Mapping[str, Node],
    cancel: threading.Event | None = None,
) -> NativeResult:
    """Run a query in this thread; stop reading rows once *cancel* is set."""
    import pyoxigraph as ox

    from .oxigraph_terms import Terms, to_ox

    terms = Terms(limit=50_000)
    subst = {ox.Variable(k): to_ox(v) for k, v in substitutions.items()}
    try:
        result = inner.query(text, prefixes=prefixes, substitutions=subst)
        if isinstance(result, ox.QueryBoolean):
            return NativeResult("ASK", boolean=bool(result))
        term = terms.term
        if isinstance(result, ox.QuerySolutions):
            names = tuple(v.value for v in result.variables)
            rows: list[tuple[Node | None, ...]] = []
            for solution in result:
                if cancel is not None and cancel.is_set():
                    break
                rows.append(tuple(None if v is None else term(v) for v in solution))
            return NativeResult("SELECT", vars=names, rows=rows)
        triples = []
        for triple in result:
            if cancel is not None and cancel.is_set():
                break
            triples.append((term(triple.subject), term(triple.predicate), term(triple.object)))
        return NativeResult("CONSTRUCT", triples=triples)
    except (SyntaxError, RuntimeError, ValueError, TypeError) as exc:
        # The text passed spasmgraph's (rdflib's) parser, so this is a binding written
        # where SPARQL wants a variable, or a construct Oxigraph reads differently.
        raise UnsupportedQueryError(str(exc)) from None
    except OSError as exc:
        raise StoreError(f"the oxigraph store failed: {exc}") from None


def run_update(inner: Any, text: str, prefixes: dict[str, str]) -> None:
    """Run an update in this thread (Oxigraph applies it all or nothing)."""
    try:
        inner.update(text, prefixes=prefixes)
    except SyntaxError as exc:
        raise QuerySyntaxError(f"invalid SPARQL update for the oxigraph store: {exc}") from None
    except (OSError, RuntimeError, ValueError) as exc:
        raise StoreError(f"the oxigraph store cannot run this update: {exc}") from None


def handle(inner: Any, request: tuple[Any, ...]) -> NativeResult | None:
    """What a worker process does with one request (see :mod:`.worker`)."""
    if request[0] == "select":
        _, text, prefixes, substitutions = request
        return evaluate(inner, text, prefixes, substitutions)
    _, text, prefixes = request
    run_update(inner, text, prefixes)
    return None


def in_thread(
    work: Callable[[threading.Event], Any], timeout: float | None, what: str = "query"
) -> Any:
    """``work(cancel)`` in a daemon thread, :class:`QueryTimeoutError` after *timeout*."""
    cancel = threading.Event()
    if timeout is None:
        return work(cancel)
    outcome: list[Any] = []

    def target() -> None:
        try:
            outcome.append(work(cancel))
        except BaseException as exc:  # handed to the caller's thread
            outcome.append(exc)

    worker = threading.Thread(target=target, name="spasmgraph-sparql", daemon=True)
    worker.start()
    worker.join(max(timeout, 0.0))
    if worker.is_alive() or not outcome:
        cancel.set()
        later = "is still applied when it ends" if what == "update" else "may keep running"
        raise QueryTimeoutError(
            f"{TIMEOUT_MESSAGE} (on this oxigraph store the {what} {later} in the background)"
        )
    found = outcome[0]
    if isinstance(found, BaseException):
        raise found
    return found
