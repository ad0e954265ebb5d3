"""Query deadlines shared by the backends: a context variable and a checked iterator.

A backend that evaluates SPARQL by walking triples (rdflib's engine) checks the deadline
on every lookup; see :func:`checked`.
"""

from __future__ import annotations

import contextlib
import contextvars
import time
from collections.abc import Iterable, Iterator
from typing import TypeVar

from ..errors import QueryTimeoutError

__all__ = ["DEFAULT_TIMEOUT", "TIMEOUT_MESSAGE", "checked", "current", "deadline"]

DEFAULT_TIMEOUT = 30.0
"""Seconds a SPARQL query may run before :class:`~spasmgraph.errors.QueryTimeoutError`."""

TIMEOUT_MESSAGE = "query time limit exceeded; raise timeout= or narrow the query"

_DEADLINE: contextvars.ContextVar[float | None] = contextvars.ContextVar(
    "spasmgraph_deadline", default=None
)
_T = TypeVar("_T")


@contextlib.contextmanager
def deadline(seconds: float | None) -> Iterator[None]:
    """Abort store lookups made inside the block once *seconds* have passed.

    >>> with deadline(0):
    ...     list(checked(range(3), current()))
    Traceback (most recent call last):
    ...
    spasmgraph.errors.QueryTimeoutError: query time limit exceeded; ...
    """
    token = _DEADLINE.set(None if seconds is None else time.monotonic() + seconds)
    try:
        yield
    finally:
        _DEADLINE.reset(token)


def current() -> float | None:
    """The monotonic time at which the running query must stop, or ``None``."""
    return _DEADLINE.get()


def checked(items: Iterable[_T], limit: float | None) -> Iterator[_T]:
    """*items*, raising :class:`QueryTimeoutError` once the monotonic clock passes *limit*."""
    if limit is None:
        yield from items
        return
    if time.monotonic() > limit:
        raise QueryTimeoutError(TIMEOUT_MESSAGE)
    for n, item in enumerate(items):
        if not n & 1023 and time.monotonic() > limit:
            raise QueryTimeoutError(TIMEOUT_MESSAGE)
        yield item
