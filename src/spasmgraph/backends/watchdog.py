"""Stop Python code that runs past its deadline: the memory store's query time limit.

rdflib's SPARQL engine is Python. Most of its work passes through the store's triple
lookups, which check the deadline (:mod:`spasmgraph.backends.deadline`), but some never
touches the store: joining large ``VALUES`` blocks, cross products of sub-results,
aggregates over them. :func:`interrupting` arms a timer that, at the deadline, raises an
exception inside the thread running the query (CPython's
``PyThreadState_SetAsyncExc``); it takes effect at the next Python instruction, so the
query stops and frees what it built.

Code running inside a single C call (a regular expression that backtracks without end)
cannot be stopped this way; spasmgraph runs queries that use ``REGEX`` or ``REPLACE`` in
a worker process instead (:mod:`spasmgraph.backends.worker`).
"""

from __future__ import annotations

import contextlib
import ctypes
import platform
import threading
from collections.abc import Iterator

from ..errors import QueryTimeoutError
from .deadline import TIMEOUT_MESSAGE

__all__ = ["available", "interrupting"]


class _Expired(BaseException):
    """Raised into the query's thread at its deadline (never seen by callers)."""


def available() -> bool:
    """True where a running thread can be interrupted (CPython)."""
    return platform.python_implementation() == "CPython"


def _raise_in(thread_id: int, exc: type[BaseException] | None) -> None:
    setter = ctypes.pythonapi.PyThreadState_SetAsyncExc
    setter(ctypes.c_ulong(thread_id), ctypes.py_object(exc) if exc is not None else None)


@contextlib.contextmanager
def interrupting(seconds: float | None) -> Iterator[None]:
    """Raise :class:`QueryTimeoutError` in this thread if the block runs past *seconds*.

    >>> import time
    >>> with interrupting(0.05):
    ...     while True:
    ...         pass
    Traceback (most recent call last):
    ...
    spasmgraph.errors.QueryTimeoutError: query time limit exceeded; ...
    """
    if seconds is None or not available():
        yield
        return
    target = threading.get_ident()
    lock = threading.Lock()
    state = {"armed": True, "fired": False}

    def fire() -> None:
        with lock:
            if state["armed"]:
                state["fired"] = True
                _raise_in(target, _Expired)

    timer = threading.Timer(max(seconds, 0.0), fire)
    timer.name = "spasmgraph-watchdog"
    timer.daemon = True
    try:
        try:
            timer.start()
            yield
        finally:
            with lock:
                state["armed"] = False
            if state["fired"]:
                _raise_in(target, None)  # a pending, undelivered interrupt is dropped
            timer.cancel()
            timer.join()
    except _Expired:
        raise QueryTimeoutError(TIMEOUT_MESSAGE) from None
