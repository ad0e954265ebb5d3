"""A killable worker process: how a query the engine cannot interrupt still stops on time.

Oxigraph's engine cannot be cancelled, and neither can Python's regular-expression
matcher that rdflib's ``REGEX``/``REPLACE`` call. A thread that runs such a query past its
deadline keeps its CPU and memory until it is done. So spasmgraph runs these queries in a
child process, forked from the caller, which shares the store copy-on-write and is killed
(``SIGKILL``) at the deadline.

A :class:`Worker` is forked once per store *revision* and then serves queries over a pipe,
so a query pays a round trip (about 0.2 ms plus pickling its rows), not a fork (about
20 ms on the bundled graph). Any change to the store, a timeout, or an error in the child
retires the worker; the next query forks a new one.

Processes are forked where :func:`os.fork` exists (Linux, macOS), for a store held in
memory; :func:`usable` says whether a worker may be used, otherwise callers fall back to
the cooperative deadline checks of :mod:`spasmgraph.backends.deadline`. Other threads
(Jupyter's, a progress bar's) do not prevent a fork: the child only evaluates a query,
and whatever happens to it, even a lock it inherited held, it is killed at the deadline,
so the caller's time limit always holds.

A store that cannot be forked (an Oxigraph store on disk: RocksDB's files and threads)
gets a *spawned* worker instead: a fresh interpreter, given the name of a function that
builds its handler (``"module:function"``) and that function's argument, which opens the
store itself. Starting one takes an interpreter start-up (about 0.3 s), so it too serves
every query of one revision. Its start-up counts against the first query's time limit,
but a worker that is still starting when that limit passes is not killed (it runs no
query yet), so a time limit shorter than the start-up does not fail every query.
"""

from __future__ import annotations

import contextlib
import importlib
import os
import pickle
import select
import signal
import struct
import subprocess
import sys
import time
import warnings
import weakref
from collections.abc import Callable
from typing import Any

from ..errors import QueryTimeoutError, SpasmGraphError, StoreError
from .deadline import TIMEOUT_MESSAGE

__all__ = ["Worker", "usable"]

_HEADER = struct.Struct("!Q")


def usable() -> bool:
    """True if a worker process can be forked here (a POSIX platform with ``os.fork``)."""
    return hasattr(os, "fork") and sys.platform != "win32"


class Worker:
    """A child process that answers ``handler(request)`` for one revision of a store.

    *handler* is a callable (the child is forked and calls it), or the name of a function,
    ``"module:function"``, that a spawned child calls with *argument* to build its handler.

    >>> if usable():
    ...     worker = Worker(lambda n: n * 2, revision=0)
    ...     print(worker.call(21, timeout=5.0, revision=0))
    ...     worker.close()
    ...     spawned = Worker("operator:itemgetter", revision=0, argument=1)
    ...     print(spawned.call("42", timeout=30.0, revision=0))
    ...     spawned.close()
    ... else:
    ...     print(42)
    ...     print(2)
    42
    2
    """

    def __init__(
        self, handler: Callable[[Any], Any] | str, *, revision: int | None, argument: Any = None
    ) -> None:
        self.revision = revision
        to_child, from_parent = os.pipe()
        to_parent, from_child = os.pipe()
        self._starting = isinstance(handler, str)
        child: int | subprocess.Popen[bytes]
        if isinstance(handler, str):
            child = _spawn(to_child, from_child)
            _write(from_parent, pickle.dumps((handler, argument)))
        else:
            with warnings.catch_warnings():  # Python 3.12+ warns about forking with threads
                warnings.simplefilter("ignore", DeprecationWarning)
                child = os.fork()
            if child == 0:  # the child: never returns
                os.close(from_parent)
                os.close(to_parent)
                _serve(handler, to_child, from_child)
        os.close(to_child)
        os.close(from_child)
        self.pid = child if isinstance(child, int) else child.pid
        self._send, self._receive = from_parent, to_parent
        self._finalizer = weakref.finalize(self, _reap, child, from_parent, to_parent)

    @property
    def alive(self) -> bool:
        return self._finalizer.alive

    def call(self, request: Any, *, timeout: float | None, revision: int | None) -> Any:
        """``handler(request)`` in the child, or :class:`QueryTimeoutError` after *timeout*.

        The child's exception is raised here when it is a spasmgraph error; any other is
        turned into :class:`StoreError`. After a timeout or a lost child the worker is
        closed.
        """
        if revision != self.revision or not self.alive:
            raise StoreError("internal: this worker serves another revision of the store")
        limit = None if timeout is None else time.monotonic() + max(timeout, 0.0)
        if self._starting:
            self._started(limit)
        try:
            _write(self._send, pickle.dumps(request, protocol=pickle.HIGHEST_PROTOCOL))
            status, value = pickle.loads(_read(self._receive, limit))
        except QueryTimeoutError:
            self.close()
            raise
        except (OSError, EOFError, pickle.PickleError) as exc:
            self.close()
            raise StoreError(f"the query worker process failed: {exc}") from None
        if status == "ok":
            return value
        self.close()
        if isinstance(value, BaseException):
            raise value
        raise StoreError(str(value))

    def _started(self, limit: float | None) -> None:
        """Wait for a spawned child to say it is ready; past *limit*, leave it starting."""
        try:
            pickle.loads(_read(self._receive, limit))
        except QueryTimeoutError:
            raise  # not closed: it runs no query yet, and the next call may find it ready
        except (OSError, EOFError, pickle.PickleError) as exc:
            self.close()
            raise StoreError(f"the query worker process failed to start: {exc}") from None
        self._starting = False

    def close(self) -> None:
        """Kill the child and release the pipes."""
        self._finalizer()


def _spawn(requests: int, replies: int) -> subprocess.Popen[bytes]:
    """Start a fresh interpreter that runs :func:`_spawned` on the two pipe ends."""
    code = (
        f"import sys; sys.path[:0] = {[p for p in sys.path if isinstance(p, str)]!r}; "
        "from spasmgraph.backends.worker import _spawned; "
        f"_spawned({requests}, {replies})"
    )
    try:
        return subprocess.Popen(
            [sys.executable, "-c", code],
            pass_fds=(requests, replies),
            stdin=subprocess.DEVNULL,
            start_new_session=True,  # Ctrl-C in a terminal reaches the caller only
        )
    except OSError as exc:
        for fd in (requests, replies):
            os.close(fd)
        raise StoreError(f"cannot start a query worker process: {exc}") from None


def _spawned(requests: int, replies: int) -> None:
    """A spawned child: build the handler it is sent the name of, say so, then serve."""
    try:
        factory, argument = pickle.loads(_read(requests, None))
        module, _, name = factory.partition(":")
        handler = getattr(importlib.import_module(module), name)(argument)
    except BaseException as exc:  # reported for every request, never raised here
        failure = exc if isinstance(exc, SpasmGraphError) else StoreError(f"{exc!r}")

        def handler(request: Any) -> Any:
            raise failure

    _write(replies, pickle.dumps("ready"))
    _serve(handler, requests, replies)


def _reap(child: int | subprocess.Popen[bytes], send: int, receive: int) -> None:
    if isinstance(child, int):
        with contextlib.suppress(OSError):
            os.kill(child, signal.SIGKILL)
        with contextlib.suppress(OSError):
            os.waitpid(child, 0)
    else:
        with contextlib.suppress(OSError):
            child.kill()
        child.wait()
    for fd in (send, receive):
        with contextlib.suppress(OSError):
            os.close(fd)


def _serve(handler: Callable[[Any], Any], requests: int, replies: int) -> None:
    """The child's loop: answer requests until the parent closes the pipe, then exit."""
    code = 0
    try:
        signal.signal(signal.SIGINT, signal.SIG_DFL)
        while True:
            try:
                request = pickle.loads(_read(requests, None))
            except EOFError:
                break
            try:
                reply: tuple[str, Any] = ("ok", handler(request))
            except SpasmGraphError as exc:
                reply = ("error", exc)
            except BaseException as exc:  # reported to the parent, never raised here
                reply = ("error", f"{type(exc).__name__}: {exc}")
            try:
                data = pickle.dumps(reply, protocol=pickle.HIGHEST_PROTOCOL)
            except Exception as exc:  # an unpicklable error or value
                data = pickle.dumps(("error", f"cannot send the answer back: {exc}"))
            _write(replies, data)
    except BaseException:
        code = 1
    finally:
        os._exit(code)


def _write(fd: int, data: bytes) -> None:
    view = memoryview(_HEADER.pack(len(data)) + data)
    while view:
        view = view[os.write(fd, view) :]


def _read(fd: int, limit: float | None) -> bytes:
    header = _read_exactly(fd, _HEADER.size, limit)
    (size,) = _HEADER.unpack(header)
    return _read_exactly(fd, size, limit)


def _read_exactly(fd: int, size: int, limit: float | None) -> bytes:
    chunks: list[bytes] = []
    left = size
    while left:
        if limit is not None:
            wait = limit - time.monotonic()
            if wait <= 0 or not select.select([fd], [], [], wait)[0]:
                raise QueryTimeoutError(TIMEOUT_MESSAGE)
        chunk = os.read(fd, min(left, 1 << 20))
        if not chunk:
            raise EOFError("the worker process ended")
        chunks.append(chunk)
        left -= len(chunk)
    return b"".join(chunks)
