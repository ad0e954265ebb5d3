"""The settings of a spasmgraph SPARQL endpoint: bind address, limits and CORS allow-list.

>>> ServeConfig().host, ServeConfig().timeout
('127.0.0.1', 10.0)
>>> ServeConfig(max_rows=0)
Traceback (most recent call last):
...
spasmgraph.errors.ServeConfigError: max_rows must be a positive integer, not 0
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, field

from ..errors import ServeConfigError

__all__ = ["LOOPBACK", "ServeConfig", "ServeConfigError", "default_workers"]

LOOPBACK = ("127.0.0.1", "::1", "localhost")
"""Host names that only this machine can reach."""

_ORIGIN = re.compile(
    r"https?://[A-Za-z0-9.-]+(:[0-9]{1,5})?|https?://\[[0-9A-Fa-f:.]+\](:[0-9]{1,5})?"
)


def default_workers() -> int:
    """Worker processes by default: twice the CPUs, at least 2 and at most 8.

    More workers than CPUs let a cheap query share the CPU with an expensive one instead
    of waiting for it to time out.
    """
    return min(8, max(2, 2 * (os.cpu_count() or 1)))


@dataclass(frozen=True, slots=True)
class ServeConfig:
    """How a :func:`spasmgraph.serve.create_app` endpoint binds and what it allows.

    Attributes
    ----------
    host, port : str, int
        Where :func:`spasmgraph.serve.serve` listens (loopback by default).
    timeout : float
        Seconds a query may run. A query still running then is stopped: its worker
        process is killed and replaced, whatever the query was doing.
    max_rows : int
        Most SELECT rows (or CONSTRUCT triples) in a response; a longer result is cut and
        flagged (``X-SPASMGRAPH-Truncated: true``, ``X-SPARQL-MaxRows``, and in SPARQL
        JSON a top-level ``"spasmgraph": {"truncated": true, "max_rows": N}``).
    max_concurrent : int
        Queries admitted at once (running in a worker or waiting for one); the next one
        gets ``503 Service Unavailable`` with ``Retry-After``.
    max_request_bytes : int
        Largest request body (a POSTed query or form); larger gets ``413``.
    workers : int
        Worker processes that run SPARQL text (see :func:`default_workers`); the named
        queries have half as many (at least one) of their own.
    body_timeout : float
        Seconds a client may take to send its request body; slower gets ``408``.
    cors_origins : tuple of str
        Origins (``https://app.example``) allowed to read responses from a browser. Empty
        by default: no CORS header is sent. Credentials are never allowed.
    cache_size : int
        Responses kept and served again while the server runs (the graph never changes
        under a running server); 0 turns this off.
    retry_after : int
        Seconds a ``503`` asks the client to wait.
    """

    host: str = "127.0.0.1"
    port: int = 8000
    timeout: float = 10.0
    max_rows: int = 100_000
    max_concurrent: int = 64
    max_request_bytes: int = 1 << 20
    workers: int = field(default_factory=default_workers)
    body_timeout: float = 10.0
    cors_origins: tuple[str, ...] = ()
    cache_size: int = 256
    retry_after: int = 1

    def __post_init__(self) -> None:
        if not isinstance(self.host, str) or not self.host.strip():
            raise ServeConfigError(f"host must be a host name or address, not {self.host!r}")
        _check_int("port", self.port, low=0, high=65535)
        for name in ("max_rows", "max_concurrent", "max_request_bytes", "workers", "retry_after"):
            _check_int(name, getattr(self, name), low=1)
        _check_int("cache_size", self.cache_size, low=0)
        for name in ("timeout", "body_timeout"):
            value = getattr(self, name)
            if isinstance(value, bool) or not isinstance(value, (int, float)) or not value > 0:
                raise ServeConfigError(
                    f"{name} must be a positive number of seconds, not {value!r}"
                )
        origins = self.cors_origins
        if isinstance(origins, str) or not all(isinstance(o, str) for o in origins):
            raise ServeConfigError(
                "cors_origins must be a sequence of origins such as 'https://app.example'"
            )
        object.__setattr__(self, "cors_origins", tuple(origins))
        for origin in self.cors_origins:
            if origin != "*" and not _ORIGIN.fullmatch(origin):
                raise ServeConfigError(
                    f"CORS origin {origin!r} is not an origin; write scheme://host[:port], "
                    "e.g. https://app.example (no path, no trailing slash)"
                )

    @property
    def loopback(self) -> bool:
        """Whether :attr:`host` can be reached from this machine only."""
        return self.host in LOOPBACK or self.host.startswith("127.")


def _check_int(name: str, value: object, *, low: int, high: int | None = None) -> None:
    if (
        isinstance(value, bool)
        or not isinstance(value, int)
        or value < low
        or (high is not None and value > high)
    ):
        kind = "a positive integer" if low == 1 else f"an integer from {low}"
        kind += f" to {high}" if high is not None else ""
        raise ServeConfigError(f"{name} must be {kind}, not {value!r}")
