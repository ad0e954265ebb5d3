"""The endpoint's request handlers, independent of the web framework that carries them.

Each handler takes the parts of a request it needs and returns a
:class:`~spasmgraph.serve.protocol.Reply`; :mod:`spasmgraph.serve.app` plugs them into
Starlette. Queries are never evaluated here: they go to the worker pool of
:mod:`spasmgraph.serve.limits`, which runs the library in a process it can kill.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
from collections.abc import Awaitable, Mapping
from typing import TYPE_CHECKING, Any

from ..sparql.named import list_queries, query_names
from .config import ServeConfig
from .execute import INTERNAL_MESSAGE, TIMEOUT_MESSAGE, Executor, Job
from .limits import BusyError, Lane, OvertimeError, ResponseCache, WorkerPool
from .page import query_page
from .protocol import (
    GRAPH_TYPES,
    PAGE_TYPES,
    RESULT_TYPES,
    HttpError,
    ReceiveFn,
    Reply,
    error_reply,
    negotiate,
    parse_urlencoded,
    query_request,
    read_body,
)
from .service_description import service_description
from .workers import WorkerError

if TYPE_CHECKING:
    from ..graph import KnowledgeGraph

__all__ = ["ANY_ANSWER", "SPARQL_NICE", "Endpoint", "lanes"]

ANY_ANSWER = {**RESULT_TYPES, **GRAPH_TYPES}
"""Every media type some query form can be answered in."""

SPARQL_NICE = 10
"""Niceness of the workers that run SPARQL text: below the server and the named queries."""

log = logging.getLogger("spasmgraph.serve")


def lanes(config: ServeConfig) -> tuple[Lane, Lane]:
    """The worker lanes: SPARQL text, and the named queries, which text cannot starve.

    Arbitrary SPARQL may be hostile, so it runs in ``config.workers`` workers at
    niceness :data:`SPARQL_NICE`; the curated named queries have ``workers // 2`` (at
    least one) of their own at the server's priority.

    >>> [(lane.name, lane.size, lane.nice) for lane in lanes(ServeConfig(workers=4))]
    [('sparql', 4, 10), ('named', 2, 0)]
    """
    return (
        Lane("sparql", config.workers, SPARQL_NICE),
        Lane("named", max(1, config.workers // 2)),
    )


class Endpoint:
    """The SPARQL endpoint over one graph: protocol, named queries, page, description."""

    def __init__(self, kg: KnowledgeGraph, config: ServeConfig) -> None:
        self.kg = kg
        self.config = config
        self.pool = WorkerPool(
            Executor(kg),
            lanes=lanes(config),
            max_concurrent=config.max_concurrent,
            queue_timeout=max(30.0, config.timeout),
        )
        self.cache = ResponseCache(config.cache_size)
        self.triples = len(kg)

    async def start(self) -> None:
        """Build what every worker shares (the index), then fork the workers."""
        _ = self.kg.index
        list_queries()
        await self.pool.start()

    async def close(self) -> None:
        """Stop the workers."""
        await self.pool.close()

    # -- handlers ------------------------------------------------------------------------
    async def sparql(
        self,
        method: str,
        headers: Mapping[str, str],
        url_query: bytes,
        receive: ReceiveFn,
        url: str,
    ) -> Reply:
        """``GET``/``POST`` at the endpoint: a query, or without one the page or description."""
        config = self.config
        try:
            body = b""
            if method == "POST":
                body = await read_body(
                    headers, receive, limit=config.max_request_bytes, timeout=config.body_timeout
                )
            request = query_request(method, headers.get("content-type"), url_query, body)
            if request.update:
                raise HttpError(
                    403,
                    "this endpoint is read-only: SPARQL updates are refused",
                    kind="ReadOnly",
                )
            accept = headers.get("accept")
            if request.query is None:
                return self.root(accept, url)
            _acceptable(accept, ANY_ANSWER)
            job = Job("sparql", request.query, (), accept, config.timeout, config.max_rows)
            return await self._run(job, receive)
        except HttpError as exc:
            return error_reply(exc.status, exc.message, kind=exc.kind, headers=exc.headers)

    async def named(
        self, name: str, headers: Mapping[str, str], url_query: bytes, receive: ReceiveFn
    ) -> Reply:
        """``GET /queries/{name}?param=value``: a named query with its parameters."""
        try:
            if name not in query_names():
                known = ", ".join(sorted(query_names()))
                raise HttpError(
                    404, f"no named query {name!r}; available: {known}", kind="QueryNotFoundError"
                )
            pairs = parse_urlencoded(url_query)
            names = [n for n, _ in pairs]
            twice = sorted({n for n in names if names.count(n) > 1})
            if twice:
                raise HttpError(
                    400,
                    f"parameter(s) given more than once: {', '.join(twice)}",
                    kind="QueryParameterError",
                )
            accept = headers.get("accept")
            _acceptable(accept, ANY_ANSWER)
            config = self.config
            job = Job("named", name, tuple(sorted(pairs)), accept, config.timeout, config.max_rows)
            return await self._run(job, receive)
        except HttpError as exc:
            return error_reply(exc.status, exc.message, kind=exc.kind, headers=exc.headers)

    def list_named(self) -> Reply:
        """``GET /queries``: the named queries, their parameters and SPARQL text, as JSON."""
        items = [
            {
                "name": q.name,
                "summary": q.summary,
                "parameters": [
                    {
                        "name": p.name,
                        "type": p.type,
                        "required": p.required,
                        "description": p.description,
                    }
                    for p in q.parameters
                ],
                "url": f"queries/{q.name}",
                "sparql": q.text,
            }
            for q in list_queries()
        ]
        body = json.dumps(items, indent=2, ensure_ascii=False).encode("utf-8") + b"\n"
        return Reply(200, body, "application/json")

    def root(self, accept: str | None, url: str) -> Reply:
        """The endpoint without a query: the service description, or the page for a browser."""
        offer = _acceptable(accept, PAGE_TYPES)
        if offer == "text/html":
            page = query_page()
            return Reply(
                200, page.body, "text/html; charset=utf-8", (("Content-Security-Policy", page.csp),)
            )
        description = service_description(
            url, triples=self.triples, timeout=self.config.timeout, max_rows=self.config.max_rows
        )
        body = description.serialize(format=PAGE_TYPES[offer]).encode("utf-8")
        kind = f"{offer}; charset=utf-8" if offer.startswith("text/") else offer
        return Reply(200, body, kind)

    # -- running -------------------------------------------------------------------------
    async def _run(self, job: Job, receive: ReceiveFn) -> Reply:
        key = (job.kind, job.text, job.params, job.accept)
        kept = self.cache.get(key)
        if kept is not None:
            return kept
        try:
            running = self.pool.run(job, lane=job.kind, timeout=job.timeout)
            reply: Reply = await _unless_gone(running, receive)
        except BusyError:
            return error_reply(
                503,
                "too many queries at once; retry shortly",
                kind="BusyError",
                headers=(("Retry-After", str(self.config.retry_after)),),
            )
        except OvertimeError:
            return error_reply(
                500, TIMEOUT_MESSAGE.format(timeout=job.timeout), kind="QueryTimeoutError"
            )
        except WorkerError as exc:
            log.error("query worker failed: %s", exc)
            return error_reply(500, INTERNAL_MESSAGE)
        if reply.log:
            log.error("internal error running a query:\n%s", reply.log)
            reply = Reply(reply.status, reply.body, reply.content_type, reply.headers)
        self.cache.put(key, reply)
        return reply


def _acceptable(accept: str | None, offers: Mapping[str, str]) -> str:
    offer = negotiate(accept, offers)
    if offer is None:
        raise HttpError(406, f"cannot answer in {accept!r}; ask for one of: {', '.join(offers)}")
    return offer


async def _gone(receive: ReceiveFn) -> None:
    """Return once the client has disconnected (the request body is read by then)."""
    while (await receive())["type"] != "http.disconnect":
        pass


async def _unless_gone(work: Awaitable[Any], receive: ReceiveFn) -> Any:
    """The result of *work*, or cancel it (killing its worker) if the client goes away."""
    task = asyncio.ensure_future(work)
    watch = asyncio.ensure_future(_gone(receive))
    try:
        await asyncio.wait({task, watch}, return_when=asyncio.FIRST_COMPLETED)
        if task.done():
            return task.result()
        task.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await task
        raise HttpError(499, "the client closed the connection before the answer was ready")
    finally:
        watch.cancel()
        if not task.done():
            task.cancel()
