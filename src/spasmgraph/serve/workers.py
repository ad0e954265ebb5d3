"""Worker processes that can be killed: a fork server that holds the graph, and its workers.

A query that ignores cooperative deadlines (a regular expression that backtracks, a cross
join inside a native engine) can only be stopped by stopping the process that runs it.
So queries run in worker processes, and a worker past its time limit is killed and
replaced.

Replacements must not be forked from the serving process: by then it holds client
connections, which a child would keep open. So at start-up, before serving, the endpoint
forks one **zygote**: a quiet copy of the process that holds the loaded graph and only
ever forks workers. Each worker is a fresh copy of the zygote (copy-on-write, so cheap),
connected to the endpoint by its own socket pair, which the zygote hands over with
``SCM_RIGHTS``. Workers are reaped only by the zygote, after the endpoint asks it to kill
them, so a worker's PID can never be reused while the endpoint still knows it.

Nothing outlives the endpoint: on Linux each zygote, worker, and any helper process the
library forks inside a worker, asks the kernel (``PR_SET_PDEATHSIG``) to be killed when
its parent dies, so even a server killed with SIGKILL leaves no query running.

This needs ``os.fork`` (Linux, macOS and other POSIX systems).
"""

from __future__ import annotations

import asyncio
import contextlib
import ctypes
import gc
import os
import signal
import socket
import stat
from collections.abc import Callable
from dataclasses import dataclass
from multiprocessing import Pipe
from multiprocessing.connection import Connection
from multiprocessing.reduction import recv_handle, send_handle
from pathlib import Path
from typing import Any

from ..errors import SpasmGraphError

__all__ = ["Worker", "WorkerError", "Zygote", "readable"]

_PR_SET_PDEATHSIG = 1
Target = Callable[[Any], Any]
"""What a worker does with each job it receives; it must not raise."""


class WorkerError(SpasmGraphError):
    """A worker process could not be started, or died."""


@dataclass(frozen=True, slots=True)
class Worker:
    """A running worker: its PID and the endpoint's end of its socket pair."""

    pid: int
    conn: Connection


async def readable(conn: Connection) -> None:
    """Wait, without blocking the event loop, until *conn* has data (or was closed)."""
    loop = asyncio.get_running_loop()
    ready = loop.create_future()
    fd = conn.fileno()

    def wake() -> None:
        if not ready.done():
            ready.set_result(None)

    loop.add_reader(fd, wake)
    try:
        await ready
    finally:
        loop.remove_reader(fd)


class Zygote:
    """The fork server. Start it with :meth:`start` before the endpoint accepts clients."""

    def __init__(self, pid: int, conn: Connection) -> None:
        self.pid = pid
        self._conn = conn
        self._lock = asyncio.Lock()

    @classmethod
    def start(cls, target: Target) -> Zygote:
        """Fork the zygote; its workers will call ``target(job)`` for every job."""
        if not hasattr(os, "fork"):
            raise WorkerError("the SPARQL endpoint needs os.fork (a POSIX system)")
        ours, theirs = Pipe(duplex=True)
        parent = os.getpid()
        pid = os.fork()
        if pid == 0:  # pragma: no cover - the child never returns
            try:
                _die_with(parent)
                ours.close()
                _zygote_main(theirs, target)
            finally:
                os._exit(0)
        theirs.close()
        return cls(pid, ours)

    async def spawn(self, nice: int = 0) -> Worker:
        """Fork a new worker from the zygote, running at niceness *nice* (0: as the server)."""
        async with self._lock:
            try:
                self._conn.send(("spawn", nice))
                await readable(self._conn)
                fd = recv_handle(self._conn)
                await readable(self._conn)
                pid = self._conn.recv()
            except (OSError, EOFError) as exc:
                raise WorkerError(
                    f"the worker fork server is gone ({type(exc).__name__})"
                ) from None
        return Worker(pid, Connection(fd))

    async def kill(self, worker: Worker) -> None:
        """Kill *worker* (whatever it is doing) and have the zygote reap it."""
        worker.conn.close()
        async with self._lock:
            with contextlib.suppress(OSError, EOFError):
                self._conn.send(("kill", worker.pid))
                await readable(self._conn)
                self._conn.recv()

    async def close(self, grace: float = 2.0) -> None:
        """Stop the zygote and every worker it forked."""
        self._conn.close()  # the zygote sees EOF, kills its workers and exits
        for _ in range(int(grace / 0.05)):
            done, _ = os.waitpid(self.pid, os.WNOHANG)
            if done:
                return
            await asyncio.sleep(0.05)
        with contextlib.suppress(OSError):
            os.kill(self.pid, signal.SIGKILL)
            os.waitpid(self.pid, 0)


def _quiet_child(keep: set[int]) -> None:
    """Drop what the serving process left behind: signal handlers, wake-up fd, sockets."""
    signal.set_wakeup_fd(-1)
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # the endpoint shuts its workers down
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    signal.signal(signal.SIGCHLD, signal.SIG_DFL)
    listing = Path("/proc/self/fd")
    for entry in list((listing if listing.is_dir() else Path("/dev/fd")).iterdir()):
        fd = int(entry.name)
        if fd > 2 and fd not in keep:
            with contextlib.suppress(OSError):
                if stat.S_ISSOCK(os.fstat(fd).st_mode):
                    os.close(fd)


def _die_with(parent: int) -> None:
    """Have the kernel kill this process when *parent* exits (Linux), and check it is alive.

    Without it, a worker busy with a query that never ends would outlive a server that was
    killed (SIGKILL gives no chance to clean up).
    """
    with contextlib.suppress(OSError, AttributeError):
        ctypes.CDLL(None, use_errno=True).prctl(_PR_SET_PDEATHSIG, signal.SIGKILL)
    if os.getppid() != parent:
        os._exit(0)


def _zygote_main(conn: Connection, target: Target) -> None:  # pragma: no cover - a child
    _quiet_child({conn.fileno()})
    gc.freeze()  # keep the graph's objects out of collections: fewer copied pages
    children: set[int] = set()
    try:
        while True:
            command = conn.recv()
            if command[0] == "spawn":
                children.add(_fork_worker(conn, target, command[1], children))
            elif command[0] == "kill" and command[1] in children:
                children.discard(command[1])
                _kill(command[1])
                conn.send(True)
            else:
                conn.send(False)
    except (EOFError, OSError):
        pass  # the server closed the connection (or went away): stop every worker
    finally:
        for pid in children:
            _kill(pid)


def _fork_worker(
    conn: Connection, target: Target, nice: int, children: set[int]
) -> int:  # pragma: no cover - a child
    ours, theirs = socket.socketpair()
    zygote = os.getpid()
    pid = os.fork()
    if pid == 0:
        try:
            _die_with(zygote)
            # The library may fork helpers of its own (spasmgraph.backends.worker): have
            # them die with this worker, even if it is killed in the middle of a query.
            me = os.getpid()
            os.register_at_fork(after_in_child=lambda: _die_with(me))
            if nice:
                os.nice(nice)
            conn.close()
            ours.close()
            _worker_main(Connection(theirs.detach()), target)
        finally:
            os._exit(0)
    children.add(pid)  # killed on the way out even if the hand-over below fails
    theirs.close()
    send_handle(conn, ours.fileno(), os.getppid())
    ours.close()
    conn.send(pid)
    return pid


def _kill(pid: int) -> None:  # pragma: no cover - runs in the zygote
    with contextlib.suppress(OSError):
        os.kill(pid, signal.SIGKILL)
    with contextlib.suppress(OSError):
        os.waitpid(pid, 0)


def _worker_main(conn: Connection, target: Target) -> None:  # pragma: no cover - a child
    while True:
        try:
            job = conn.recv()
        except (EOFError, OSError):
            return
        reply = target(job)
        try:
            conn.send(reply)
        except OSError:
            return
