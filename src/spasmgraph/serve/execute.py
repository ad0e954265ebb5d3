"""What a worker process does with one query: run it through the library, write the reply.

Everything that can be slow or hostile (parsing, the safety checks of
:mod:`spasmgraph.sparql.prepare`, evaluation, serialisation) happens here, inside a worker
that the endpoint can kill. The endpoint itself never evaluates a query.

>>> import spasmgraph as sg
>>> run = Executor(sg.load())
>>> recycle, reply = run(Job("sparql", "ASK { sg:ibuprofen a sg:Medication }"))
>>> reply.status, reply.content_type, b'"boolean": true' in reply.body
(200, 'application/sparql-results+json', True)
>>> reply = run(Job("sparql", "DELETE WHERE { ?s ?p ?o }"))[1]
>>> reply.status, reply.body.decode()
(403, '403 Forbidden: ReadOnly: this endpoint is read-only: the SPARQL update ...')
"""

from __future__ import annotations

import itertools
import traceback
from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from rdflib import Graph
from rdflib.plugins.sparql.sparql import Update

from ..errors import (
    AmbiguousEntityError,
    InvalidPathSpecError,
    NetworkAccessError,
    QueryNotFoundError,
    QueryParameterError,
    QuerySyntaxError,
    QueryTimeoutError,
    SpasmGraphError,
    StoreError,
    UnknownEntityError,
)
from ..sparql import formats
from ..sparql.named import ResultCache, named_query
from ..sparql.prepare import prepare, update_kind
from ..sparql.results import SparqlResult, serialize_boolean
from ..sparql.run import run_named
from .protocol import GRAPH_TYPES, RESULT_TYPES, HttpError, Reply, error_reply, negotiate

if TYPE_CHECKING:
    from ..graph import KnowledgeGraph

__all__ = ["TIMEOUT_MESSAGE", "TRUNCATED_HEADER", "Executor", "Job", "render", "status_of"]

TRUNCATED_HEADER = "X-SPASMGRAPH-Truncated"
"""``true`` when a result was cut at the row cap, ``false`` when it is whole."""
TIMEOUT_MESSAGE = (
    "the query ran past this endpoint's time limit of {timeout:g} s and was stopped; narrow "
    "it (more specific patterns, LIMIT) and try again"
)
INTERNAL_MESSAGE = "internal error while running the query; the server log has the details"

_STATUS: tuple[tuple[type[SpasmGraphError], int], ...] = (
    (QueryNotFoundError, 404),
    (QuerySyntaxError, 400),
    (NetworkAccessError, 400),
    (QueryParameterError, 400),
    (UnknownEntityError, 400),
    (AmbiguousEntityError, 400),
    (InvalidPathSpecError, 400),
)


@dataclass(frozen=True, slots=True)
class Job:
    """One query for a worker: SPARQL text, or a named query with its parameters."""

    kind: str
    """``"sparql"`` or ``"named"``."""
    text: str
    """The SPARQL text, or the name of a named query."""
    params: tuple[tuple[str, str], ...] = ()
    accept: str | None = None
    timeout: float = 10.0
    max_rows: int = 100_000


def status_of(error: SpasmGraphError) -> int:
    """The HTTP status of a library error: 404 unknown named query, 400 bad input, else 500.

    >>> status_of(QuerySyntaxError("bad")), status_of(QueryTimeoutError("slow"))
    (400, 500)
    """
    for kind, status in _STATUS:
        if isinstance(error, kind):
            return status
    return 500


class Executor:
    """Runs :class:`Job`\\ s on one graph; called in a worker as ``executor(job)``.

    Returns ``(recycle, reply)``: *recycle* asks for the worker to be replaced (after a
    timed-out query, which on some stores keeps running in a background thread).
    """

    def __init__(self, kg: KnowledgeGraph) -> None:
        self.kg = kg
        self.cache = ResultCache()

    def __call__(self, job: Job) -> tuple[bool, Reply]:
        try:
            return False, render(self._answer(job), job.accept, job.max_rows)
        except HttpError as exc:
            return False, error_reply(exc.status, exc.message, kind=exc.kind, headers=exc.headers)
        except QueryTimeoutError:
            message = TIMEOUT_MESSAGE.format(timeout=job.timeout)
            return True, error_reply(500, message, kind="QueryTimeoutError")
        except SpasmGraphError as exc:
            return False, error_reply(status_of(exc), str(exc), kind=type(exc).__name__)
        except Exception:
            reply = error_reply(500, INTERNAL_MESSAGE)
            return True, Reply(reply.status, reply.body, reply.content_type, log=_trace())

    def _answer(self, job: Job) -> Any:
        if job.kind == "named":
            named = named_query(job.text)
            terms = self.kg.bind_parameters(named, dict(job.params))
            return run_named(self.kg.backend, named, terms, timeout=job.timeout, cache=self.cache)
        try:
            return self.kg.sparql(job.text, timeout=job.timeout)
        except QuerySyntaxError:
            _refuse_update(job.text)
            raise


def _refuse_update(text: str) -> None:
    """Raise 403 if *text* is a SPARQL update (checked only once the library refused it)."""
    try:
        parsed = prepare(text)
    except SpasmGraphError:
        return
    if isinstance(parsed, Update):
        raise HttpError(
            403,
            f"this endpoint is read-only: the SPARQL update ({update_kind(parsed)}) is refused",
            kind="ReadOnly",
        )


def render(answer: Any, accept: str | None, max_rows: int) -> Reply:
    """The HTTP reply for a query answer, in the format *accept* prefers, cut at *max_rows*.

    >>> from rdflib import Literal
    >>> rows = SparqlResult.from_terms(["n"], [(Literal(i),) for i in range(3)])
    >>> reply = render(rows, "text/csv", 2)
    >>> reply.body, dict(reply.headers)["X-SPASMGRAPH-Truncated"]
    (b'n\\r\\n0\\r\\n1\\r\\n', 'true')
    """
    if isinstance(answer, Graph):
        return _graph_reply(answer, accept, max_rows)
    offer = negotiate(accept, RESULT_TYPES)
    if offer is None:
        raise _not_acceptable(RESULT_TYPES)
    fmt = RESULT_TYPES[offer]
    if isinstance(answer, bool):
        return Reply(200, serialize_boolean(answer, fmt).encode(), _content_type(offer))
    if not isinstance(answer, SparqlResult):
        raise StoreError(f"unexpected answer {type(answer).__name__}")
    truncated = len(answer) > max_rows
    if truncated:
        answer = SparqlResult(answer.vars, answer[:max_rows])
    if fmt == "json" and truncated:
        document = answer.to_json()
        document["spasmgraph"] = {"truncated": True, "max_rows": max_rows}
        text = formats.json_text(document)
    else:
        text = answer.serialize(fmt)
    return Reply(200, text.encode(), _content_type(offer), _cap_headers(truncated, max_rows))


def _graph_reply(graph: Graph, accept: str | None, max_rows: int) -> Reply:
    offer = negotiate(accept, GRAPH_TYPES)
    if offer is None:
        raise _not_acceptable(GRAPH_TYPES)
    kept = list(itertools.islice(graph, max_rows + 1))
    truncated = len(kept) > max_rows
    if truncated:
        cut = Graph()
        for prefix, namespace in graph.namespaces():
            cut.bind(prefix, namespace)
        for triple in kept[:max_rows]:
            cut.add(triple)
        graph = cut
    body = graph.serialize(format=GRAPH_TYPES[offer]).encode("utf-8")
    return Reply(200, body, _content_type(offer), _cap_headers(truncated, max_rows))


def _cap_headers(truncated: bool, max_rows: int) -> tuple[tuple[str, str], ...]:
    if not truncated:
        return ((TRUNCATED_HEADER, "false"),)
    return ((TRUNCATED_HEADER, "true"), ("X-SPARQL-MaxRows", str(max_rows)))


def _content_type(offer: str) -> str:
    return f"{offer}; charset=utf-8" if offer.startswith("text/") else offer


def _not_acceptable(offers: Mapping[str, str]) -> HttpError:
    return HttpError(
        406, f"no acceptable format for this answer; ask for one of: {', '.join(offers)}"
    )


def _trace() -> str:
    return traceback.format_exc(limit=20)
