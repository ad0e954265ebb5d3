"""Real SPARQL servers for the tests: Oxigraph server and Virtuoso Open Source 7.

Two session-scoped fixtures, registered in ``tests/conftest.py``:

``oxigraph_server``
    ``oxigraph serve`` (the PyPI package ``oxigraph``, installed in the venv by the dev
    dependency group), with its own temporary data folder.
``virtuoso_server``
    Debian's ``virtuoso-t`` (``apt-get install virtuoso-opensource``; ``bash dev.sh test``
    installs it), with a private ``virtuoso.ini``, database folder and ``ResultSetMaxRows``.

Each binds free loopback ports only, is started once per session in its own process group,
is polled for readiness a bounded number of times (≤ :data:`READY_TIMEOUT` seconds), and is
stopped by PID (SIGTERM to its process group, SIGKILL after :data:`STOP_GRACE` seconds)
with its folder removed, also if the session is interrupted.

When the environment variable ``CI`` is set, a missing server binary or a failed start
fails the tests that need it; otherwise they are skipped with the reason.

The servers start empty. :func:`load_bundled` loads the bundled graph (every layer, blank
nodes exactly as given) once into each server's *data graph*: the default graph on
Oxigraph, the named graph :data:`DATA_GRAPH` on Virtuoso, whose default graph is the union
of all its graphs (system graphs included), so :func:`select` names it with the protocol's
``default-graph-uri`` parameter.
"""

from __future__ import annotations

import atexit
import contextlib
import os
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path

import httpx
import pytest

from spasmgraph._files import bundled_bytes
from spasmgraph.loading import LAYERS
from spasmgraph.vocab import PREFIXES

__all__ = [
    "DATA_GRAPH",
    "MAX_ROWS",
    "Server",
    "load_bundled",
    "load_file",
    "oxigraph_server",
    "prefixed",
    "select",
    "start_oxigraph",
    "start_virtuoso",
    "stop",
    "unavailable",
    "virtuoso_server",
]

READY_TIMEOUT = 30.0
"""Seconds a server may take to answer its first query."""
STOP_GRACE = 10.0
"""Seconds between SIGTERM and SIGKILL."""
MAX_ROWS = 10_000
"""Virtuoso's ``ResultSetMaxRows``: longer SELECT results are cut and flagged."""
DATA_GRAPH = "urn:spasmgraph:test:data"
"""The named graph that holds the bundled data on Virtuoso."""
HTTP_TIMEOUT = 30.0

JSON_RESULTS = "application/sparql-results+json"


@dataclass
class Server:
    """A running SPARQL server started by this module.

    Attributes
    ----------
    name : str
        ``"oxigraph"`` or ``"virtuoso"``.
    query_url, update_url, store_url : str
        SPARQL query endpoint, update endpoint and Graph Store Protocol endpoint.
    pid : int
        The server process, leader of its own process group.
    folder : Path
        Its private data folder (removed by :func:`stop`).
    auth : tuple of str, optional
        User and password for the update and store endpoints (HTTP Digest), if needed.
    max_rows : int, optional
        The server's cap on SELECT rows, if it has one.
    graph : str, optional
        The named graph holding the data (``None``: the default graph).
    """

    name: str
    query_url: str
    update_url: str
    store_url: str
    pid: int
    folder: Path
    process: subprocess.Popen[bytes] = field(repr=False)
    auth: tuple[str, str] | None = None
    max_rows: int | None = None
    graph: str | None = None
    sql_port: int | None = None
    dba_password: str | None = field(default=None, repr=False)
    loaded: bool = False
    stopped: bool = False

    @property
    def http_auth(self) -> httpx.DigestAuth | None:
        """Digest credentials for writes, as httpx wants them."""
        return None if self.auth is None else httpx.DigestAuth(*self.auth)

    @property
    def query_params(self) -> dict[str, str]:
        """Protocol parameters that restrict queries to the data graph."""
        return {} if self.graph is None else {"default-graph-uri": self.graph}


class ServerStartError(Exception):
    """A server binary is missing or the server did not come up."""


def unavailable(reason: str) -> None:
    """Fail (with ``CI`` set) or skip the requesting test, naming *reason*."""
    if os.environ.get("CI"):
        pytest.fail(f"SPARQL server unavailable in CI: {reason}", pytrace=False)
    pytest.skip(reason)


def free_port() -> int:
    """A TCP port that is free on 127.0.0.1 right now."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _binary(name: str) -> str:
    beside = Path(sys.executable).parent / name
    if beside.is_file() and os.access(beside, os.X_OK):
        return str(beside)
    found = shutil.which(name)
    if found is None:
        raise ServerStartError(f"{name!r} is not installed (not in {beside.parent} or on PATH)")
    return found


def _log_tail(folder: Path, name: str = "server.log", lines: int = 15) -> str:
    try:
        text = (folder / name).read_text(errors="replace")
    except OSError:
        return "(no log)"
    return "\n".join(text.splitlines()[-lines:])


def _spawn(argv: list[str], folder: Path) -> subprocess.Popen[bytes]:
    log = (folder / "server.log").open("wb")
    try:
        return subprocess.Popen(
            argv,
            cwd=folder,
            stdin=subprocess.DEVNULL,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    finally:
        log.close()


def wait_ready(server: Server, timeout: float = READY_TIMEOUT) -> None:
    """Poll *server*'s query endpoint with ``ASK {}`` until it answers 200 or time is up."""
    deadline = time.monotonic() + timeout
    last = "no answer"
    while time.monotonic() < deadline:
        if server.process.poll() is not None:
            raise ServerStartError(
                f"{server.name} exited with code {server.process.returncode}:\n"
                + _log_tail(server.folder)
            )
        try:
            reply = httpx.get(server.query_url, params={"query": "ASK {}"}, timeout=2.0)
            if reply.status_code == 200:
                return
            last = f"HTTP {reply.status_code}"
        except httpx.TransportError as exc:
            last = type(exc).__name__
        time.sleep(0.2)
    raise ServerStartError(
        f"{server.name} did not answer within {timeout:.0f} s ({last}):\n"
        + _log_tail(server.folder)
    )


def _exited(pid: int, timeout: float) -> bool:
    """Wait up to *timeout* s for *pid* to exit, leaving it unreaped (its PID stays ours)."""
    deadline = time.monotonic() + timeout
    while True:
        try:
            if os.waitid(os.P_PID, pid, os.WEXITED | os.WNOWAIT | os.WNOHANG) is not None:
                return True
        except ChildProcessError:
            return True
        if time.monotonic() >= deadline:
            return False
        time.sleep(0.05)


def stop(server: Server) -> None:
    """Stop *server* by PID (its whole process group) and remove its folder; idempotent.

    SIGTERM goes to the server's process group, SIGKILL follows after :data:`STOP_GRACE`
    seconds; the leader is reaped only after its group got SIGKILL, so the signals can
    reach nothing but processes this module started.
    """
    if server.stopped:
        return
    server.stopped = True
    if server.process.returncode is None:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(server.pid, signal.SIGTERM)
        _exited(server.pid, STOP_GRACE)
        with contextlib.suppress(ProcessLookupError):
            os.killpg(server.pid, signal.SIGKILL)  # the leader if stuck, and any leftovers
        server.process.wait(timeout=STOP_GRACE)
    shutil.rmtree(server.folder, ignore_errors=True)


def _started(server: Server) -> Server:
    atexit.register(stop, server)
    try:
        wait_ready(server)
    except BaseException:
        stop(server)
        raise
    return server


def start_oxigraph() -> Server:
    """Start ``oxigraph serve`` on a free loopback port with a new data folder."""
    binary = _binary("oxigraph")
    folder = Path(tempfile.mkdtemp(prefix="spasmgraph-oxigraph-"))
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    argv = [binary, "serve", "--location", str(folder / "db"), "--bind", f"127.0.0.1:{port}"]
    process = _spawn(argv, folder)
    server = Server(
        name="oxigraph",
        query_url=f"{base}/query",
        update_url=f"{base}/update",
        store_url=f"{base}/store",
        pid=process.pid,
        folder=folder,
        process=process,
    )
    return _started(server)


_VIRTUOSO_INI = """\
[Database]
DatabaseFile = {folder}/virtuoso.db
ErrorLogFile = {folder}/virtuoso.log
LockFile = {folder}/virtuoso.lck
TransactionFile = {folder}/virtuoso.trx
xa_persistent_file = {folder}/virtuoso.pxa
ErrorLogLevel = 7
FileExtend = 200
MaxCheckpointRemap = 2000
Striping = 0
TempStorage = TempDatabase

[TempDatabase]
DatabaseFile = {folder}/virtuoso-temp.db
TransactionFile = {folder}/virtuoso-temp.trx
MaxCheckpointRemap = 2000
Striping = 0

[Parameters]
ServerPort = 127.0.0.1:{sql_port}
DisableUnixSocket = 1
DisableTcpSocket = 0
MaxClientConnections = 10
CheckpointInterval = 60
O_DIRECT = 0
CaseMode = 2
MaxStaticCursorRows = 5000
AllowOSCalls = 0
DirsAllowed = {folder}
NumberOfBuffers = 10000
MaxDirtyBuffers = 6000
ThreadsPerQuery = 2
MaxQueryMem = 256M

[HTTPServer]
ServerPort = 127.0.0.1:{http_port}
ServerRoot = {folder}/www
MaxClientConnections = 10
ServerThreads = 10
EnabledDavVSP = 0
HTTPProxyEnabled = 0
Charset = UTF-8

[Client]
SQL_PREFETCH_ROWS = 100
SQL_PREFETCH_BYTES = 16000
SQL_QUERY_TIMEOUT = 0
SQL_TXN_TIMEOUT = 0

[SPARQL]
ResultSetMaxRows = {max_rows}
MaxQueryCostEstimationTime = 400
MaxQueryExecutionTime = 60
"""


def isql(server: Server, sql: str, *, timeout: float = 30.0) -> str:
    """Run *sql* as ``dba`` through Virtuoso's ``isql`` on the server's loopback SQL port."""
    binary = _binary("isql-vt") if shutil.which("isql-vt") else _binary("isql")
    assert server.sql_port is not None and server.dba_password is not None
    done = subprocess.run(
        [binary, f"127.0.0.1:{server.sql_port}", "dba", server.dba_password, f"exec={sql}"],
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )
    if done.returncode != 0 or "*** Error" in done.stdout + done.stderr:
        raise ServerStartError(f"isql failed ({done.returncode}): {done.stdout}{done.stderr}")
    return done.stdout


def start_virtuoso(max_rows: int = MAX_ROWS) -> Server:
    """Start ``virtuoso-t`` on a new private database and create a SPARQL writer.

    The writer (``Server.auth``) is a user with the ``SPARQL_UPDATE`` role and a random
    password; writes go to ``/sparql-auth`` and ``/sparql-graph-crud-auth`` with HTTP
    Digest auth. The ``dba`` password is changed to a random one too.
    """
    binary = _binary("virtuoso-t")
    folder = Path(tempfile.mkdtemp(prefix="spasmgraph-virtuoso-"))
    (folder / "www").mkdir()
    sql_port, http_port = free_port(), free_port()
    ini = _VIRTUOSO_INI.format(
        folder=folder, sql_port=sql_port, http_port=http_port, max_rows=max_rows
    )
    (folder / "virtuoso.ini").write_text(ini)
    process = _spawn([binary, "-f", "-c", str(folder / "virtuoso.ini")], folder)
    base = f"http://127.0.0.1:{http_port}"
    server = Server(
        name="virtuoso",
        query_url=f"{base}/sparql",
        update_url=f"{base}/sparql-auth",
        store_url=f"{base}/sparql-graph-crud-auth",
        pid=process.pid,
        folder=folder,
        process=process,
        auth=("spasmgraph", secrets.token_hex(8)),
        max_rows=max_rows,
        graph=DATA_GRAPH,
        sql_port=sql_port,
        dba_password="dba",
    )
    _started(server)
    user, password = server.auth or ("", "")
    dba_password = secrets.token_hex(8)
    try:
        isql(
            server,
            f"DB.DBA.USER_CREATE('{user}', '{password}'); "
            f'GRANT SPARQL_UPDATE TO "{user}"; '
            f"USER_SET_PASSWORD('dba', '{dba_password}');",
        )
    except BaseException:
        stop(server)
        raise
    server.dba_password = dba_password
    return server


def _serve(start: Callable[[], Server]) -> Iterator[Server]:
    try:
        server = start()
    except ServerStartError as exc:
        unavailable(str(exc))
        raise AssertionError("unreachable") from exc  # unavailable() always raises
    try:
        yield server
    finally:
        stop(server)


@pytest.fixture(scope="session")
def oxigraph_server() -> Iterator[Server]:
    """A running, empty ``oxigraph serve``; see :func:`start_oxigraph`."""
    yield from _serve(start_oxigraph)


@pytest.fixture(scope="session")
def virtuoso_server() -> Iterator[Server]:
    """A running Virtuoso 7 on a private database; see :func:`start_virtuoso`."""
    yield from _serve(start_virtuoso)


def load_file(
    server: Server, source: str | os.PathLike[str] | bytes, *, graph: str | None = None
) -> None:
    """Add a Turtle file (path or bytes) to *server* through the Graph Store Protocol.

    *graph* is the target named graph; by default the server's data graph (Oxigraph's
    default graph, Virtuoso's :data:`DATA_GRAPH`). Blank nodes are loaded as given: each
    call is one document, so blank nodes of different calls never merge.
    """
    data = source if isinstance(source, bytes) else Path(source).read_bytes()
    target = graph if graph is not None else server.graph
    params: dict[str, str]
    if target is None:
        params = {"default": ""}
    elif server.name == "virtuoso":
        params = {"graph-uri": target}
    else:
        params = {"graph": target}
    reply = httpx.post(
        server.store_url,
        params=params,
        content=data,
        headers={"Content-Type": "text/turtle"},
        auth=server.http_auth,
        timeout=HTTP_TIMEOUT * 4,
    )
    if reply.status_code not in (200, 201, 204):
        raise AssertionError(
            f"loading into {server.name} failed: HTTP {reply.status_code} {reply.text[:500]}"
        )


def load_bundled(server: Server) -> None:
    """Load every bundled layer into *server*'s data graph, once per server."""
    if server.loaded:
        return
    for layer in LAYERS:
        load_file(server, bundled_bytes(f"{layer}.ttl"))
    server.loaded = True


def prefixed(query: str, prefixes: Mapping[str, str] | None = None) -> str:
    """*query* with ``PREFIX`` lines for spasmgraph's predeclared prefixes in front."""
    if prefixes is None:
        prefixes = PREFIXES
    head = "".join(f"PREFIX {p}: <{ns}>\n" for p, ns in prefixes.items())
    return head + query


def select(server: Server, query: str, *, prefix: bool = True) -> httpx.Response:
    """POST a SELECT or ASK *query* (form-encoded) and return the raw JSON response.

    The query runs over the server's data graph, with spasmgraph's prefixes predeclared
    unless *prefix* is False. The response is returned whatever its status.
    """
    data = {"query": prefixed(query) if prefix else query, **server.query_params}
    return httpx.post(
        server.query_url,
        data=data,
        headers={"Accept": JSON_RESULTS},
        timeout=HTTP_TIMEOUT,
    )


def update(server: Server, text: str) -> httpx.Response:
    """POST a SPARQL update to *server*'s update endpoint, with its credentials."""
    return httpx.post(
        server.update_url,
        data={"update": text},
        auth=server.http_auth,
        timeout=HTTP_TIMEOUT,
    )
