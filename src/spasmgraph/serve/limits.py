"""The endpoint's bounds: a time limit that kills, a cap on concurrent queries, a cache.

:class:`WorkerPool` runs every query in a worker process (see
:mod:`spasmgraph.serve.workers`):

* **admission**: at most ``max_concurrent`` queries are running or waiting for a worker;
  the next raises :class:`BusyError` (HTTP 503 with ``Retry-After``), as does a query that
  waited ``queue_timeout`` seconds for a worker;
* **time limit**: the worker's own deadline stops a query cooperatively at ``timeout``;
  a query still running a moment later raises :class:`OvertimeError` and its worker is killed
  (SIGKILL) and replaced, so it stops using CPU and memory at once;
* a request that is cancelled (the client went away) kills its worker too;
* **lanes**: workers are grouped in lanes (:class:`Lane`), each with its own workers and
  niceness, so that one kind of query (arbitrary SPARQL text, which may be hostile)
  cannot starve another (the curated named queries), neither of workers nor of CPU.

:class:`ResponseCache` keeps replies of a server whose graph cannot change.
"""

from __future__ import annotations

import asyncio
import logging
from collections import OrderedDict
from collections.abc import Hashable, Sequence
from dataclasses import dataclass
from typing import Any

from ..errors import SpasmGraphError
from .protocol import Reply
from .workers import Target, Worker, WorkerError, Zygote, readable

__all__ = ["GRACE", "BusyError", "Lane", "OvertimeError", "ResponseCache", "WorkerPool"]

GRACE = 0.5
"""Seconds past the time limit before a worker is killed (it may stop by itself first)."""

log = logging.getLogger("spasmgraph.serve")


class BusyError(SpasmGraphError):
    """Too many queries at once: answer 503 and ask the client to retry later."""


class OvertimeError(SpasmGraphError):
    """A query ran past its time limit and its worker was killed."""


@dataclass(frozen=True, slots=True)
class Lane:
    """A group of *size* workers for one kind of query, at niceness *nice* (0 or more)."""

    name: str
    size: int
    nice: int = 0


class WorkerPool:
    """Worker processes in lanes, each running ``target(job) -> (recycle, reply)``."""

    def __init__(
        self,
        target: Target,
        *,
        lanes: Sequence[Lane],
        max_concurrent: int,
        queue_timeout: float,
    ) -> None:
        self.target = target
        self.lanes = {lane.name: lane for lane in lanes}
        self.max_concurrent = max_concurrent
        self.queue_timeout = queue_timeout
        self.admitted = 0
        self._zygote: Zygote | None = None
        self._idle: dict[str, asyncio.Queue[Worker]] = {}
        self._tasks: set[asyncio.Task[None]] = set()

    async def start(self) -> None:
        """Fork the zygote and the workers; call before accepting clients."""
        self._zygote = Zygote.start(self.target)
        for lane in self.lanes.values():
            self._idle[lane.name] = asyncio.Queue()
            for _ in range(lane.size):
                self._idle[lane.name].put_nowait(await self._zygote.spawn(lane.nice))

    async def close(self) -> None:
        """Stop every worker and the zygote."""
        for task in list(self._tasks):
            task.cancel()
        for idle in self._idle.values():
            while not idle.empty():
                idle.get_nowait().conn.close()
        if self._zygote is not None:
            await self._zygote.close()
            self._zygote = None

    async def run(self, job: Any, *, lane: str, timeout: float) -> Any:
        """The reply of a worker of *lane* to *job*, within *timeout* (+ :data:`GRACE`) s.

        Raises
        ------
        BusyError
            ``max_concurrent`` queries are already admitted, or no worker came free in
            time.
        OvertimeError
            The query ran past *timeout*; its worker was killed and is being replaced.
        """
        if self.admitted >= self.max_concurrent:
            raise BusyError(f"{self.admitted} queries are already running or waiting")
        self.admitted += 1
        try:
            try:
                worker = await asyncio.wait_for(self._idle[lane].get(), self.queue_timeout)
            except asyncio.TimeoutError:
                raise BusyError("no worker came free in time") from None
            return await self._ask(worker, lane, job, timeout + GRACE)
        finally:
            self.admitted -= 1

    async def _ask(self, worker: Worker, lane: str, job: Any, limit: float) -> Any:
        keep = False
        try:
            worker.conn.send(job)
            await asyncio.wait_for(readable(worker.conn), limit)
            recycle, reply = worker.conn.recv()
            keep = not recycle
            return reply
        except asyncio.TimeoutError:
            raise OvertimeError(f"the query ran past {limit:g} s; its worker was killed") from None
        except (EOFError, OSError):
            raise WorkerError("the worker running the query died") from None
        finally:
            if keep:
                self._idle[lane].put_nowait(worker)
            else:
                self._replace(worker, lane)

    def _replace(self, worker: Worker, lane: str) -> None:
        task = asyncio.get_running_loop().create_task(self._respawn(worker, lane))
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)

    async def _respawn(self, worker: Worker, lane: str) -> None:
        zygote = self._zygote
        if zygote is None:
            return
        await zygote.kill(worker)
        try:
            self._idle[lane].put_nowait(await zygote.spawn(self.lanes[lane].nice))
        except WorkerError as exc:
            log.error("cannot start a replacement worker: %s", exc)


class ResponseCache:
    """Replies kept by key, least recently used dropped first; large ones are not kept.

    >>> cache = ResponseCache(maxsize=1)
    >>> cache.put("a", Reply(200, b"A", "text/plain")); cache.get("a").body
    b'A'
    >>> cache.put("b", Reply(200, b"B", "text/plain")); cache.get("a") is None
    True
    """

    def __init__(self, maxsize: int, *, max_bytes: int = 1 << 20) -> None:
        self.maxsize = maxsize
        self.max_bytes = max_bytes
        self._items: OrderedDict[Hashable, Reply] = OrderedDict()

    def __len__(self) -> int:
        return len(self._items)

    def get(self, key: Hashable) -> Reply | None:
        """The reply kept for *key*, or ``None``."""
        found = self._items.get(key)
        if found is not None:
            self._items.move_to_end(key)
        return found

    def put(self, key: Hashable, reply: Reply) -> None:
        """Keep a successful *reply* that is not too large."""
        if self.maxsize <= 0 or reply.status != 200 or len(reply.body) > self.max_bytes:
            return
        self._items[key] = reply
        self._items.move_to_end(key)
        while len(self._items) > self.maxsize:
            self._items.popitem(last=False)
