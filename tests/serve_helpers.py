"""Helpers for the endpoint tests: a real ``spasmgraph serve`` in a subprocess, a canary.

:func:`running_server` starts ``python -m spasmgraph serve`` on a free loopback port in
its own session, waits (bounded) until it answers, and stops it by PID: SIGTERM, then
SIGKILL to its process group after :data:`STOP_GRACE` seconds. :class:`Canary` is a
tiny ``http.server`` on loopback that counts every request it receives.

When the environment variable ``CI`` is set, a missing Starlette or uvicorn fails the
tests; otherwise they are skipped.
"""

from __future__ import annotations

import contextlib
import http.server
import importlib.util
import os
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import httpx
import pytest

__all__ = ["Canary", "Server", "descendants", "need_serve_extra", "running_server"]

READY_TIMEOUT = 60.0
STOP_GRACE = 10.0


def need_serve_extra() -> None:
    """Skip (or, with ``CI`` set, fail) unless Starlette and uvicorn are installed."""
    missing = [m for m in ("starlette", "uvicorn") if importlib.util.find_spec(m) is None]
    if missing:
        reason = f"spasmgraph[serve] is not installed (missing {', '.join(missing)})"
        if os.environ.get("CI"):
            pytest.fail(reason, pytrace=False)
        pytest.skip(reason)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@dataclass
class Server:
    """A running endpoint: its base URL, process and log file."""

    url: str
    process: subprocess.Popen[bytes]
    log: Path

    @property
    def sparql(self) -> str:
        return f"{self.url}/sparql"

    def log_text(self) -> str:
        return self.log.read_text(encoding="utf-8", errors="replace")


def _wait_ready(server: Server) -> None:
    deadline = time.monotonic() + READY_TIMEOUT
    while time.monotonic() < deadline:
        if server.process.poll() is not None:
            raise RuntimeError(f"spasmgraph serve exited early:\n{server.log_text()[-3000:]}")
        with contextlib.suppress(httpx.HTTPError):
            if httpx.get(server.sparql, params={"query": "ASK {}"}, timeout=2).status_code == 200:
                return
        time.sleep(0.2)
    raise RuntimeError(f"spasmgraph serve did not answer within {READY_TIMEOUT:g} s")


def stop(process: subprocess.Popen[bytes]) -> None:
    """Stop the server by PID: SIGTERM, then SIGKILL to its process group."""
    if process.poll() is None:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(STOP_GRACE)
        except subprocess.TimeoutExpired:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(process.pid, signal.SIGKILL)
            process.wait(STOP_GRACE)
    with contextlib.suppress(ProcessLookupError, PermissionError):
        os.killpg(process.pid, signal.SIGKILL)  # any worker left behind


@contextlib.contextmanager
def running_server(*options: str) -> Iterator[Server]:
    """``spasmgraph serve`` with *options*, on a free loopback port, stopped afterwards."""
    need_serve_extra()
    with tempfile.TemporaryDirectory(prefix="spasmgraph-serve-") as tmp:
        log = Path(tmp) / "server.log"
        port = free_port()
        with log.open("wb") as sink:
            process = subprocess.Popen(
                [sys.executable, "-m", "spasmgraph", "serve", "--port", str(port), *options],
                stdout=sink,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )
        server = Server(f"http://127.0.0.1:{port}", process, log)
        try:
            _wait_ready(server)
            yield server
        finally:
            stop(process)


def descendants(pid: int) -> set[int]:
    """The PIDs of every process below *pid* (Linux ``/proc``)."""
    parents: dict[int, int] = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            with contextlib.suppress(OSError, IndexError, ValueError):
                stat = (entry / "stat").read_text()
                parents[int(entry.name)] = int(stat.rsplit(")", 1)[1].split()[1])
    found, frontier = set(), {pid}
    while frontier:
        frontier = {child for child, parent in parents.items() if parent in frontier}
        found |= frontier
    return found


class Canary:
    """A loopback HTTP server that answers 200 to anything and counts the requests."""

    def __init__(self) -> None:
        self.requests: list[str] = []
        canary = self

        class Handler(http.server.BaseHTTPRequestHandler):
            def _any(self) -> None:
                canary.requests.append(f"{self.command} {self.path}")
                body = b"<http://example.org/s> <http://example.org/p> <http://example.org/o> .\n"
                self.send_response(200)
                self.send_header("Content-Type", "application/n-triples")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            do_GET = do_POST = do_HEAD = do_PUT = _any  # noqa: N815

            def log_message(self, *args: object) -> None:
                pass

        self.server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def __enter__(self) -> Canary:
        self.thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.server.shutdown()
        self.server.server_close()
